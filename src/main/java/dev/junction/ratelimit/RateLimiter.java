package dev.junction.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.InstantSource;
import java.util.List;

/**
 * Enforces RPM, TPM and concurrency for the scopes of a request (its key and team) on a {@link
 * LimitStore}, with time from an injected clock.
 *
 * <pre>{@code
 * RateDecision d = limiter.acquire(List.of(keyScope, teamScope), estimatedTokens);
 * if (!d.allowed()) { answer 429, Retry-After = d.retryAfterMillis(), headers d.headers() }
 * ... call ...
 * d.ticket().complete(actualTokens);   // corrects TPM, frees the concurrency slot
 * }</pre>
 *
 * Thread-safe.
 */
public final class RateLimiter {

  private final LimitStore store;
  private final InstantSource clock;

  private RateLimiter(LimitStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A limiter over {@code store}, reading time from {@code clock}. */
  public static RateLimiter of(LimitStore store, InstantSource clock) {
    return new RateLimiter(requireNonNull(store, "store"), requireNonNull(clock, "clock"));
  }

  /** Admits one request of {@code estimatedTokens} against every scope, or none. */
  public RateDecision acquire(List<RateScope> scopes, long estimatedTokens) {
    requireNonNull(scopes, "scopes");
    if (estimatedTokens < 0) {
      throw new IllegalArgumentException("estimatedTokens must be >= 0: " + estimatedTokens);
    }
    List<RateScope> all = List.copyOf(scopes);
    LimitStore.Verdict v = store.acquire(all, estimatedTokens, clock.millis());
    if (v.reason() != null) {
      return new RateDecision(null, v.reason(), v.scopeId(), v.retryAfterMillis(), v.headers());
    }
    return new RateDecision(new RateTicket(this, all, estimatedTokens), null, null, 0,
        v.headers());
  }

  void finish(List<RateScope> scopes, long tokenDelta) {
    if (tokenDelta != 0) {
      store.adjust(scopes, tokenDelta, clock.millis());
    }
    store.release(scopes);
  }
}
