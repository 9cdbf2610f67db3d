package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bucket table's error bound, and merged-histogram percentiles against exact ones. */
class LatencyHistogramTest {

  @Test
  void everyBucketUpToTenMinutesIsWithinFivePercentOfItsRepresentative() {
    assertThat(LatencyHistogram.lower(0)).isZero();
    assertThat(LatencyHistogram.upper(0)).isZero();
    long next = 0;
    for (int k = 0; k < LatencyHistogram.BUCKETS; k++) {
      assertThat(LatencyHistogram.lower(k)).as("bucket %d starts where %d ended", k, k - 1)
          .isEqualTo(next);
      if (k == LatencyHistogram.BUCKETS - 1) {
        assertThat(LatencyHistogram.lower(k)).isGreaterThanOrEqualTo(LatencyHistogram.RANGE_MS);
        assertThat(LatencyHistogram.upper(k)).isEqualTo(Long.MAX_VALUE);
        break;
      }
      long rep = LatencyHistogram.representative(k);
      for (long v = LatencyHistogram.lower(k); v <= LatencyHistogram.upper(k); v++) {
        if (LatencyHistogram.bucketOf(v) != k || Math.abs(rep - v) * 100 > 5 * Math.max(v, 1)) {
          assertThat(v).as("%d ms: bucket %d (expected %d), estimate %d", v,
              LatencyHistogram.bucketOf(v), k, rep).isNegative();
        }
      }
      next = LatencyHistogram.upper(k) + 1;
    }
    assertThat(LatencyHistogram.BUCKETS).isBetween(100, 200);
    assertThat(LatencyHistogram.bucketOf(-3)).isZero();
    assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
  }

  @Test
  void mergedHistogramPercentilesAreWithinFivePercentOfExactNearestRank() {
    SplittableRandom r = new SplittableRandom(42);
    for (int round = 0; round < 200; round++) {
      int n = 1 + r.nextInt(5000);
      long[] values = new long[n];
      // several "days", merged like the report merges stored rows
      LatencyHistogram[] days = {new LatencyHistogram(), new LatencyHistogram(),
          new LatencyHistogram()};
      double spread = 2 + r.nextDouble() * 11;
      for (int i = 0; i < n; i++) {
        values[i] = (long) Math.exp(r.nextDouble() * spread) - 1;
        days[r.nextInt(days.length)].add(values[i], false);
      }
      LatencyHistogram merged = new LatencyHistogram();
      for (LatencyHistogram d : days) {
        for (int k = 0; k < LatencyHistogram.BUCKETS; k++) {
          copyBucket(d, k, merged);
        }
      }
      Arrays.sort(values);
      for (double p : new double[] {0.5, 0.9, 0.95, 0.99}) {
        long exact = values[(int) Math.ceil(p * n) - 1];
        long estimate = merged.rank(p);
        assertThat(Math.abs(estimate - exact) * 100).as("p%s of %d values", p * 100, n)
            .isLessThanOrEqualTo(5 * Math.max(exact, 1));
      }
      assertThat(merged.row("m").maxMillis()).isEqualTo(values[n - 1]);
      assertThat(merged.requests()).isEqualTo(n);
    }
  }

  @Test
  void errorsAreCountedButNotInThePercentiles() {
    LatencyHistogram h = new LatencyHistogram();
    h.add(5000, true);
    h.add(100, false);
    h.add(LatencyHistogram.ERROR_BUCKET, 2, 0, 0);
    assertThat(h.row("m")).isEqualTo(new LatencyRow("m", 4, 3, 100, 100, 100));
    LatencyHistogram onlyErrors = new LatencyHistogram();
    onlyErrors.add(7, true);
    assertThat(onlyErrors.row("m")).isEqualTo(new LatencyRow("m", 1, 1, -1, -1, -1));
  }

  @Test
  void theMigrationsCarryTheSameBucketTable() throws IOException {
    for (Dialect d : Dialect.values()) {
      try (InputStream in = Migrations.class.getResourceAsStream(
          "migrations/" + d.folder + "/V3.sql")) {
        assertThat(in).isNotNull();
        String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sql).as(d.folder).contains("VALUES\n" + LatencyHistogram.sqlValues() + ";\n");
      }
    }
  }

  /** Moves bucket {@code k} of {@code from} into {@code to} through the stored-row form. */
  private static void copyBucket(LatencyHistogram from, int k, LatencyHistogram to) {
    LatencyHistogram.Bucket b = from.bucket(k);
    if (b.count() > 0) {
      to.add(k, b.count(), b.min(), b.max());
    }
  }
}
