package dev.junction.keys;

import static java.util.Objects.requireNonNull;

import dev.junction.budget.Budget;
import dev.junction.ratelimit.RateLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A team: a group of virtual keys that shares a budget and rate limits, optionally in an {@code
 * org} (organisation id, free text, for grouping and reports). {@code allowedModels} (patterns,
 * empty = every model) narrows what each of its keys may call; {@code limits} and {@code budget}
 * apply to the team's keys together, in addition to each key's own. Immutable.
 */
public record Team(
    String id,
    String name,
    @Nullable String org,
    Map<String, String> metadata,
    List<String> allowedModels,
    RateLimits limits,
    @Nullable Budget budget,
    Instant createdAt) {

  public Team {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    allowedModels = List.copyOf(allowedModels);
    requireNonNull(limits, "limits");
    requireNonNull(createdAt, "createdAt");
  }

  /** The scope id of this team's budget and limits: {@code team:<id>}. */
  public String scope() {
    return "team:" + id;
  }

  /** This team with the settings of {@code spec} (identity and creation time kept). */
  public Team with(TeamSpec spec) {
    return new Team(id, spec.name(), spec.org(), spec.metadata(), spec.allowedModels(),
        spec.limits(), spec.budget(), createdAt);
  }
}
