package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} (0 for the first retry)
 * is uniform in {@code [0, min(cap, base × 2^n)]} milliseconds, both ends included. Full jitter
 * spreads the retries of many clients that failed together instead of synchronising them.
 *
 * <p>Thread-safe if the {@link RandomGenerator} is (tests inject a seeded one).
 */
public final class Backoff {

  private final long baseMillis;
  private final long capMillis;
  private final RandomGenerator random;

  private Backoff(long baseMillis, long capMillis, RandomGenerator random) {
    this.baseMillis = baseMillis;
    this.capMillis = capMillis;
    this.random = random;
  }

  /** Full-jitter backoff between 0 and {@code min(cap, base × 2^n)}. */
  public static Backoff fullJitter(Duration base, Duration cap, RandomGenerator random) {
    long b = requireNonNull(base, "base").toMillis();
    long c = requireNonNull(cap, "cap").toMillis();
    if (b <= 0 || c < b) {
      throw new IllegalArgumentException("backoff: base " + base + ", cap " + cap
          + " (expected: 0 < base <= cap)");
    }
    return new Backoff(b, c, requireNonNull(random, "random"));
  }

  /** The upper bound of retry {@code n}'s wait: {@code min(cap, base × 2^n)}, overflow-safe. */
  public Duration ceiling(int retry) {
    if (retry < 0) {
      throw new IllegalArgumentException("retry: " + retry + " (expected: >= 0)");
    }
    long bound = retry >= 62 ? capMillis
        : baseMillis > (capMillis >> retry) ? capMillis : baseMillis << retry;
    return Duration.ofMillis(bound);
  }

  /** A random wait for retry {@code n}, in {@code [0, ceiling(n)]}. */
  public Duration delay(int retry) {
    return Duration.ofMillis(random.nextLong(ceiling(retry).toMillis() + 1));
  }
}
