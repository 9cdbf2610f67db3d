package dev.junction.routing;

/**
 * The outcomes of the calls of the last {@code durationMillis}, in {@value #BUCKETS} buckets of
 * a tenth of the window each (so the window slides in tenths). Guarded by its own monitor: the
 * critical sections are a few array writes.
 */
final class TimeWindow implements FailureWindow {

  static final int BUCKETS = 10;

  private final long bucketMillis;
  private final long[] epochs = new long[BUCKETS];
  private final int[] calls = new int[BUCKETS];
  private final int[] failures = new int[BUCKETS];

  TimeWindow(long durationMillis) {
    this.bucketMillis = Math.max(1, durationMillis / BUCKETS);
    java.util.Arrays.fill(epochs, Long.MIN_VALUE);
  }

  @Override
  public synchronized void record(boolean failure, long nowMillis) {
    long epoch = Math.floorDiv(nowMillis, bucketMillis);
    int i = (int) Math.floorMod(epoch, (long) BUCKETS);
    if (epochs[i] != epoch) {
      epochs[i] = epoch;
      calls[i] = 0;
      failures[i] = 0;
    }
    calls[i]++;
    if (failure) {
      failures[i]++;
    }
  }

  @Override
  public synchronized Tally tally(long nowMillis) {
    long epoch = Math.floorDiv(nowMillis, bucketMillis);
    int c = 0;
    int f = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (epochs[i] > epoch - BUCKETS && epochs[i] <= epoch) {
        c += calls[i];
        f += failures[i];
      }
    }
    return new Tally(c, f);
  }
}
