package dev.junction.keys;

import static java.util.Objects.requireNonNull;

import dev.junction.budget.Budget;
import dev.junction.ratelimit.RateLimits;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The settable part of a {@link Team}: what create and update take. Immutable. */
public record TeamSpec(
    String name,
    @Nullable String org,
    Map<String, String> metadata,
    List<String> allowedModels,
    RateLimits limits,
    @Nullable Budget budget) {

  public TeamSpec {
    requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    allowedModels = List.copyOf(allowedModels);
    allowedModels.forEach(ModelPattern::new);
    requireNonNull(limits, "limits");
  }

  /** A team with a name only: every model, no limits, no budget. */
  public static TeamSpec named(String name) {
    return new TeamSpec(name, null, Map.of(), List.of(), RateLimits.NONE, null);
  }

  /** This spec with a budget. */
  public TeamSpec withBudget(@Nullable Budget b) {
    return new TeamSpec(name, org, metadata, allowedModels, limits, b);
  }

  /** This spec with rate limits. */
  public TeamSpec withLimits(RateLimits l) {
    return new TeamSpec(name, org, metadata, allowedModels, l, budget);
  }

  /** This spec with allowed-model patterns. */
  public TeamSpec withAllowedModels(List<String> patterns) {
    return new TeamSpec(name, org, metadata, patterns, limits, budget);
  }
}
