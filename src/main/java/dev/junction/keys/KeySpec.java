package dev.junction.keys;

import static java.util.Objects.requireNonNull;

import dev.junction.budget.Budget;
import dev.junction.ratelimit.Priority;
import dev.junction.ratelimit.RateLimits;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The settable part of a {@link VirtualKey}: what create and update take. Immutable. */
public record KeySpec(
    String name,
    @Nullable String teamId,
    Map<String, String> metadata,
    List<String> allowedModels,
    RateLimits limits,
    @Nullable Budget budget,
    Priority defaultPriority) {

  public KeySpec {
    requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    allowedModels = List.copyOf(allowedModels);
    allowedModels.forEach(ModelPattern::new);
    requireNonNull(limits, "limits");
    requireNonNull(defaultPriority, "defaultPriority");
  }

  /** A key with a name only: no team, every model, no limits, no budget, normal priority. */
  public static KeySpec named(String name) {
    return new KeySpec(name, null, Map.of(), List.of(), RateLimits.NONE, null, Priority.NORMAL);
  }

  /** This spec in a team. */
  public KeySpec inTeam(@Nullable String team) {
    return new KeySpec(name, team, metadata, allowedModels, limits, budget, defaultPriority);
  }

  /** This spec with a budget. */
  public KeySpec withBudget(@Nullable Budget b) {
    return new KeySpec(name, teamId, metadata, allowedModels, limits, b, defaultPriority);
  }

  /** This spec with rate limits. */
  public KeySpec withLimits(RateLimits l) {
    return new KeySpec(name, teamId, metadata, allowedModels, l, budget, defaultPriority);
  }

  /** This spec with allowed-model patterns. */
  public KeySpec withAllowedModels(List<String> patterns) {
    return new KeySpec(name, teamId, metadata, patterns, limits, budget, defaultPriority);
  }

  /** This spec with a default priority. */
  public KeySpec withPriority(Priority p) {
    return new KeySpec(name, teamId, metadata, allowedModels, limits, budget, p);
  }

  /** This spec with metadata. */
  public KeySpec withMetadata(Map<String, String> m) {
    return new KeySpec(name, teamId, m, allowedModels, limits, budget, defaultPriority);
  }
}
