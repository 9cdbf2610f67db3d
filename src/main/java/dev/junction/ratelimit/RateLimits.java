package dev.junction.ratelimit;

/**
 * The rate limits of one virtual key, team or deployment. Each is a maximum; {@link #UNLIMITED}
 * (0) switches that limit off.
 *
 * <ul>
 *   <li>{@code requestsPerMinute}: requests admitted per minute (RPM);
 *   <li>{@code tokensPerMinute}: tokens per minute (TPM), charged at admission with the request's
 *       estimate (counted input plus the most output it allows) and corrected when it ends;
 *   <li>{@code maxConcurrent}: requests in flight at once.
 * </ul>
 *
 * Immutable.
 */
public record RateLimits(long requestsPerMinute, long tokensPerMinute, int maxConcurrent) {

  /** The value that switches a limit off. */
  public static final int UNLIMITED = 0;

  /** No limit at all. */
  public static final RateLimits NONE = new RateLimits(0, 0, 0);

  public RateLimits {
    if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxConcurrent < 0) {
      throw new IllegalArgumentException("rate limits must be >= 0 (0 = unlimited): rpm="
          + requestsPerMinute + " tpm=" + tokensPerMinute + " concurrent=" + maxConcurrent);
    }
  }

  /** True when no limit is set. */
  public boolean isNone() {
    return requestsPerMinute == 0 && tokensPerMinute == 0 && maxConcurrent == 0;
  }
}
