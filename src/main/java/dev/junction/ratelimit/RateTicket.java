package dev.junction.ratelimit;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted request's hold on its rate limits. {@link #complete} replaces the estimated tokens
 * charged at admission by the real count and frees the concurrency slot; only the first call
 * counts, so a request that ends twice (error after hang-up) is never counted twice.
 * Thread-safe.
 */
public final class RateTicket {

  private final RateLimiter limiter;
  private final List<RateScope> scopes;
  private final long chargedTokens;
  private final AtomicBoolean done = new AtomicBoolean();

  RateTicket(RateLimiter limiter, List<RateScope> scopes, long chargedTokens) {
    this.limiter = limiter;
    this.scopes = scopes;
    this.chargedTokens = chargedTokens;
  }

  /** The tokens charged at admission. */
  public long chargedTokens() {
    return chargedTokens;
  }

  /**
   * The request ended having used {@code actualTokens} (0 when it never reached the upstream).
   * Returns false when the ticket was already completed.
   */
  public boolean complete(long actualTokens) {
    if (actualTokens < 0) {
      throw new IllegalArgumentException("actualTokens must be >= 0: " + actualTokens);
    }
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    limiter.finish(scopes, actualTokens - chargedTokens);
    return true;
  }
}
