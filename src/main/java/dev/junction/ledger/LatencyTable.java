package dev.junction.ledger;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency histogram table {@code ledger_latency} (V3): one row per UTC day, model and {@link
 * LatencyHistogram} bucket with the number of requests in it and their smallest and largest
 * latency; bucket {@link LatencyHistogram#ERROR_BUCKET} counts errors. A batch is summed in
 * memory first, so a flush upserts each (day, model, bucket) once. Stateless.
 */
final class LatencyTable {

  static final String UPSERT = "INSERT INTO ledger_latency (day, model, bucket, entries, min_ms, "
      + "max_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, model, bucket) DO UPDATE SET "
      + "entries = ledger_latency.entries + excluded.entries, "
      + "min_ms = CASE WHEN excluded.min_ms < ledger_latency.min_ms THEN excluded.min_ms "
      + "ELSE ledger_latency.min_ms END, "
      + "max_ms = CASE WHEN excluded.max_ms > ledger_latency.max_ms THEN excluded.max_ms "
      + "ELSE ledger_latency.max_ms END";

  /** Whole days of histograms, per model and bucket; parameters: first day, end day (excl.). */
  static final String MERGED = "SELECT model, bucket, SUM(entries), MIN(min_ms), MAX(max_ms) "
      + "FROM ledger_latency WHERE day >= ? AND day < ? GROUP BY model, bucket";

  static final long DAY_MS = 86_400_000L;

  private LatencyTable() {}

  /** One row of the table, or the sum of a batch's entries for its key. */
  static final class Cell {
    final int day;
    final String model;
    final int bucket;
    long entries;
    long min;
    long max;

    Cell(int day, String model, int bucket, long latency) {
      this.day = day;
      this.model = model;
      this.bucket = bucket;
      this.min = latency;
      this.max = latency;
    }

    void add(long latency) {
      entries++;
      min = Math.min(min, latency);
      max = Math.max(max, latency);
    }
  }

  private record Key(int day, String model, int bucket) {}

  /** Whether an entry counts as an error in the latency report. */
  static boolean isError(LedgerEntry e) {
    return e.status() >= 400 || e.errorCode() != null;
  }

  /** The UTC day of an entry, as days since 1970-01-01. */
  static int day(LedgerEntry e) {
    return Math.toIntExact(Math.floorDiv(e.time().toEpochMilli(), DAY_MS));
  }

  /** The batch summed per (day, model, bucket). */
  static Iterable<Cell> sum(List<LedgerEntry> entries) {
    Map<Key, Cell> cells = new HashMap<>();
    for (LedgerEntry e : entries) {
      int bucket = isError(e) ? LatencyHistogram.ERROR_BUCKET
          : LatencyHistogram.bucketOf(e.latencyMillis());
      Key k = new Key(day(e), e.model(), bucket);
      Cell c = cells.get(k);
      if (c == null) {
        c = new Cell(k.day(), k.model(), bucket, e.latencyMillis());
        cells.put(k, c);
      }
      c.add(e.latencyMillis());
    }
    return cells.values();
  }

  static void bind(Params p, Cell c) throws SQLException {
    p.reset().integer(c.day).text(c.model).integer(c.bucket).number(c.entries).number(c.min)
        .number(c.max);
  }
}
