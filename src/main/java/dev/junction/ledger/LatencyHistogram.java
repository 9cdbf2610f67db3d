package dev.junction.ledger;

import java.util.Arrays;

/**
 * Latency histograms with fixed, log-spaced buckets of whole milliseconds, as kept per UTC day
 * and model in {@code ledger_latency} (V3), and the nearest-rank percentiles of merged
 * histograms.
 *
 * <p>Buckets: bucket 0 holds 0 ms; bucket {@code k} holds {@code [LOWER[k], LOWER[k+1] - 1]}. Each
 * bucket's bounds are chosen so that one whole-millisecond representative, {@code
 * floor(1.05 * lower)}, is within 5 % of every value in the bucket (the bucket is at most about
 * 1.105 times as wide as its lower bound; below 20 ms buckets are 1 ms wide). Buckets cover 0 ms
 * to 10 minutes; the last bucket also takes every longer latency, without a bound. The same table
 * is stored in the database as {@code ledger_latency_bucket} so that the V3 migration can fill
 * histograms from raw rows in SQL; a test checks that both agree.
 *
 * <p>Error bound: the counts per bucket are exact, so the nearest-rank value of a merged
 * histogram lies in a known bucket; the estimate is that bucket's representative clamped to the
 * smallest and largest latency actually seen in it, so it is within 5 % of the exact nearest-rank
 * value for latencies up to 10 minutes (and exact when the bucket held one distinct value).
 *
 * <p>An instance is a mutable accumulator (counts, minimum and maximum per bucket, plus errors);
 * not thread-safe. The bucket table is immutable and shared.
 */
final class LatencyHistogram {

  /** Bucket of an error (status >= 400 or a failed stream) in {@code ledger_latency}. */
  static final int ERROR_BUCKET = -1;
  /** Upper end of the bounded buckets: 10 minutes. */
  static final long RANGE_MS = 600_000;
  /** Lower bound (ms, inclusive) of each bucket. */
  private static final long[] LOWER = lowerBounds();
  static final int BUCKETS = LOWER.length;

  private final long[] count = new long[BUCKETS];
  private final long[] min = new long[BUCKETS];
  private final long[] max = new long[BUCKETS];
  private long errors;
  private long successes;

  LatencyHistogram() {
    Arrays.fill(min, Long.MAX_VALUE);
    Arrays.fill(max, Long.MIN_VALUE);
  }

  private static long[] lowerBounds() {
    long[] out = new long[256];
    int n = 0;
    out[n++] = 0;
    long lo = 1;
    while (lo < RANGE_MS) {
      out[n++] = lo;
      lo = upperOf(lo) + 1;
    }
    out[n++] = lo;
    return Arrays.copyOf(out, n);
  }

  /** The largest value of the bucket starting at {@code lo}: 5 % above the representative. */
  private static long upperOf(long lo) {
    return Math.max(lo, representativeOf(lo) * 20 / 19);
  }

  private static long representativeOf(long lo) {
    return lo * 105 / 100;
  }

  /** The bucket of a latency; negative latencies count as 0 ms. */
  static int bucketOf(long latencyMs) {
    if (latencyMs <= 0) {
      return 0;
    }
    int i = Arrays.binarySearch(LOWER, latencyMs);
    return i >= 0 ? i : -i - 2;
  }

  /** Lower bound (inclusive) of bucket {@code k}. */
  static long lower(int k) {
    return LOWER[k];
  }

  /** Upper bound (inclusive) of bucket {@code k}; {@link Long#MAX_VALUE} for the last one. */
  static long upper(int k) {
    return k == BUCKETS - 1 ? Long.MAX_VALUE : LOWER[k + 1] - 1;
  }

  /** The value reported for bucket {@code k} when nothing narrower is known. */
  static long representative(int k) {
    return k == BUCKETS - 1 ? LOWER[k] : representativeOf(LOWER[k]);
  }

  /** Adds one request: an error, or a success with its latency. */
  void add(long latencyMs, boolean error) {
    if (error) {
      errors++;
    } else {
      add(bucketOf(latencyMs), 1, latencyMs, latencyMs);
    }
  }

  /** Adds a stored bucket row ({@link #ERROR_BUCKET} for errors, whose bounds are ignored). */
  void add(int bucket, long n, long minMs, long maxMs) {
    if (bucket == ERROR_BUCKET) {
      errors += n;
      return;
    }
    count[bucket] += n;
    successes += n;
    min[bucket] = Math.min(min[bucket], minMs);
    max[bucket] = Math.max(max[bucket], maxMs);
  }

  /** One bucket's content: count, smallest and largest latency. */
  record Bucket(long count, long min, long max) {}

  Bucket bucket(int k) {
    return new Bucket(count[k], min[k], max[k]);
  }

  long requests() {
    return successes + errors;
  }

  long errors() {
    return errors;
  }

  /** The row of {@code model}: nearest-rank p50 and p95 and the maximum of the successes. */
  LatencyRow row(String model) {
    if (successes == 0) {
      return new LatencyRow(model, requests(), errors, -1, -1, -1);
    }
    long top = -1;
    for (int k = BUCKETS - 1; k >= 0; k--) {
      if (count[k] > 0) {
        top = max[k];
        break;
      }
    }
    return new LatencyRow(model, requests(), errors, rank(0.50), rank(0.95), top);
  }

  /** Nearest rank: the bucket holding the {@code ceil(p * n)}-th success, its estimate. */
  long rank(double p) {
    long r = Math.max(1, (long) Math.ceil(p * successes));
    long seen = 0;
    for (int k = 0; k < BUCKETS; k++) {
      seen += count[k];
      if (seen >= r) {
        return Math.clamp(representative(k), min[k], max[k]);
      }
    }
    throw new IllegalStateException("rank beyond the histogram");
  }

  /** The bucket table as SQL {@code VALUES} rows: {@code (bucket, lower_ms)}. */
  static String sqlValues() {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < BUCKETS; k++) {
      sb.append(k == 0 ? "" : ",\n").append("  (").append(k).append(", ").append(LOWER[k])
          .append(')');
    }
    return sb.toString();
  }
}
