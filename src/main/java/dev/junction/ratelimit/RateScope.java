package dev.junction.ratelimit;

import static java.util.Objects.requireNonNull;

/**
 * A subject of rate limits: {@code id} names it in the store ({@code key:<id>}, {@code
 * team:<id>}, {@code deployment:<id>}), {@code limits} are the ones in force now (a store applies
 * changed limits from the next call on). Immutable.
 */
public record RateScope(String id, RateLimits limits) {

  public RateScope {
    requireNonNull(id, "id");
    requireNonNull(limits, "limits");
  }
}
