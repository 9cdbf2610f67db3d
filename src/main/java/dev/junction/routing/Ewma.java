package dev.junction.routing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average, lock-free (the double's bits in an {@link
 * AtomicLong}, updated by compare-and-set). The first sample is taken as it is; each later one
 * moves the average by {@code alpha} of the difference.
 */
final class Ewma {

  private static final long NONE = Double.doubleToRawLongBits(Double.NaN);

  private final double alpha;
  private final AtomicLong bits = new AtomicLong(NONE);

  Ewma(double alpha) {
    this.alpha = alpha;
  }

  void add(double sample) {
    for (;;) {
      long cur = bits.get();
      double v = Double.longBitsToDouble(cur);
      double next = Double.isNaN(v) ? sample : v + alpha * (sample - v);
      if (bits.compareAndSet(cur, Double.doubleToRawLongBits(next))) {
        return;
      }
    }
  }

  /** The average, or NaN before the first sample. */
  double value() {
    return Double.longBitsToDouble(bits.get());
  }
}
