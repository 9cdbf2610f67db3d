package dev.junction.ratelimit;

/**
 * A token bucket of {@code perMinute} units that refills continuously at {@code perMinute} per
 * 60 s, in exact integer arithmetic: the level is kept in units of 1/60000 of a token, so one
 * millisecond of refill adds exactly {@code perMinute} of them. The level may go negative (debt):
 * a request larger than the whole bucket is admitted when the bucket is full and then pays it
 * back, so large requests are never starved yet the average stays within the limit.
 *
 * <p>Not thread-safe: the owning store serialises access.
 */
final class TokenBucket {

  static final long SCALE = 60_000;

  private long perMinute;
  private long level;
  private long lastMillis;

  TokenBucket(long perMinute, long nowMillis) {
    this.perMinute = perMinute;
    this.level = capacity();
    this.lastMillis = nowMillis;
  }

  private long capacity() {
    return perMinute * SCALE;
  }

  /**
   * Refills up to {@code nowMillis} at the old rate, then applies a changed limit keeping what was
   * used: a bucket with 1 of 100 used under a new limit of 1 has none left.
   */
  void refill(long limitPerMinute, long nowMillis) {
    if (nowMillis > lastMillis) {
      long add = saturatedProduct(nowMillis - lastMillis, perMinute);
      level = add >= capacity() - level ? capacity() : level + add;
      lastMillis = nowMillis;
    }
    if (limitPerMinute != perMinute) {
      long used = capacity() - level;
      perMinute = limitPerMinute;
      level = capacity() - used;
    }
  }

  /** Whether {@code units} can be taken now: enough level, or a full bucket (see above). */
  boolean canTake(long units) {
    return level >= units * SCALE || level == capacity();
  }

  void take(long units) {
    level -= units * SCALE;
  }

  /** Gives back {@code units} (a refund), never above capacity. */
  void giveBack(long units) {
    level = Math.min(capacity(), level + units * SCALE);
  }

  /** Whole units available now (0 when in debt). */
  long remaining() {
    return Math.max(0, level / SCALE);
  }

  /** Milliseconds until {@link #canTake} holds for {@code units}. */
  long millisUntil(long units) {
    long need = Math.min(units * SCALE, capacity());
    return need <= level ? 0 : ceilDiv(need - level, perMinute);
  }

  /** Milliseconds until the bucket is full again. */
  long millisUntilFull() {
    return ceilDiv(capacity() - level, perMinute);
  }

  private static long saturatedProduct(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long ceilDiv(long a, long b) {
    return b == 0 ? 0 : -Math.floorDiv(-a, b);
  }
}
