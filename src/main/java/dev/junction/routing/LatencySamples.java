package dev.junction.routing;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last {@value #SIZE} latency samples of one deployment, in a lock-free ring, for
 * percentiles (the hedging threshold). A percentile copies and sorts at most {@value #SIZE}
 * longs.
 */
final class LatencySamples {

  static final int SIZE = 128;

  private final AtomicLongArray ring = new AtomicLongArray(SIZE);
  private final AtomicLong count = new AtomicLong();

  void add(long millis) {
    long n = count.getAndIncrement();
    ring.set((int) (n % SIZE), millis);
  }

  /** Samples held (at most {@value #SIZE}). */
  int size() {
    return (int) Math.min(count.get(), SIZE);
  }

  /**
   * The nearest-rank {@code quantile} (0..1) of the held samples in milliseconds, or -1 with
   * fewer than {@code minSamples}.
   */
  long percentile(double quantile, int minSamples) {
    int n = size();
    if (n < Math.max(1, minSamples)) {
      return -1;
    }
    long[] copy = new long[n];
    for (int i = 0; i < n; i++) {
      copy[i] = ring.get(i);
    }
    Arrays.sort(copy);
    int rank = (int) Math.ceil(quantile * n);
    return copy[Math.min(n, Math.max(1, rank)) - 1];
  }
}
