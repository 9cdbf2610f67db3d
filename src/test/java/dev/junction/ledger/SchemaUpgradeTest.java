package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger written by a V1 build opens under V2: its rows read back without a prompt hash. */
class SchemaUpgradeTest {

  @TempDir
  Path dir;

  @Test
  void aVersionOneLedgerIsMigratedInPlaceAndKeepsItsRows() throws Exception {
    Path db = dir.resolve("v1.db");
    Migrations.Migration v1 = Migrations.available(Dialect.SQLITE).getFirst();
    assertThat(v1.version()).isEqualTo(1);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT "
          + "NULL, applied_at_ms BIGINT NOT NULL)");
      for (String sql : v1.statements()) {
        s.execute(sql);
      }
      s.execute("INSERT INTO schema_version VALUES (1, 'V1', 0)");
      // a row as a V1 build writes it: every column but prompt_hash
      s.execute("INSERT INTO ledger_entry (" + String.join(", ",
          EntryTable.COLUMNS.subList(0, EntryTable.COLUMNS.size() - 1)) + ") VALUES ('old', "
          + "1000, NULL, NULL, NULL, 'openai', 'chat', 'm', NULL, NULL, NULL, 'm', 1, 0, 200, "
          + "NULL, NULL, 1, 0, 0, 0, 2, 0, 0, 'USD', 5, 0, 0, 0, 7, 0, 12, 0, NULL, NULL, 9, -1, "
          + "0)");
    }
    assertThat(EntryTable.COLUMNS.getLast()).isEqualTo("prompt_hash");
    try (LedgerStore store = LedgerStore.sqlite(db)) {
      assertThat(store.schemaVersion()).isEqualTo(Migrations.available(Dialect.SQLITE).size());
      List<LedgerEntry> rows = store.entries(Instant.EPOCH, Instant.ofEpochSecond(10));
      assertThat(rows).hasSize(1);
      assertThat(rows.getFirst().requestId()).isEqualTo("old");
      assertThat(rows.getFirst().promptHash()).isNull();
      assertThat(rows.getFirst().cost().total()).isEqualByComparingTo("0.000000012");
    }
  }

  /**
   * A V2 ledger gets latency histograms from the raw rows it still has (V3); days the retention
   * already emptied have none, and the report then reads the same from histograms as from rows.
   */
  @Test
  void aVersionTwoLedgerGetsHistogramsFromItsRemainingRawRows() throws Exception {
    Path db = dir.resolve("v2.db");
    List<Migrations.Migration> upToV2 = Migrations.available(Dialect.SQLITE).subList(0, 2);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT "
          + "NULL, applied_at_ms BIGINT NOT NULL)");
      for (Migrations.Migration m : upToV2) {
        for (String sql : m.statements()) {
          s.execute(sql);
        }
        s.execute("INSERT INTO schema_version VALUES (" + m.version() + ", 'V', 0)");
      }
    }
    // what a V2 build wrote: rows over three days, then the retention deleted the first day
    SplittableRandom r = new SplittableRandom(3);
    List<LedgerEntry> data = new ArrayList<>();
    Instant start = Instant.parse("2025-04-01T00:00:00Z");
    for (int i = 0; i < 900; i++) {
      data.add(LedgerSuite.call("v" + i, start.plusSeconds(i * 288L).toString(), "m" + (i % 2),
          "openai", null, null, null, "USD", "0.01", i % 25 == 0 ? 502 : 200,
          (long) Math.exp(r.nextDouble() * 9)));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement(EntryTable.INSERT)) {
      Params p = new Params(ps);
      for (LedgerEntry e : data) {
        EntryTable.bind(p, e);
        ps.addBatch();
      }
      ps.executeBatch();
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM ledger_entry WHERE ts_ms < "
            + start.plus(Duration.ofDays(1)).toEpochMilli());
      }
    }
    try (LedgerStore store = LedgerStore.sqlite(db)) {
      assertThat(store.schemaVersion()).isGreaterThanOrEqualTo(3);
      Instant day2 = start.plus(Duration.ofDays(1));
      Instant end = start.plus(Duration.ofDays(3));
      // two whole days: from the histograms the migration built
      List<LatencyRow> fromHistograms = store.latency(start, end);
      List<LatencyRow> exact = LedgerSuite.exactLatency(data, day2, end);
      assertThat(fromHistograms).extracting(LatencyRow::model, LatencyRow::requests,
          LatencyRow::errors, LatencyRow::maxMillis).containsExactlyElementsOf(exact.stream()
          .map(x -> org.assertj.core.groups.Tuple.tuple(x.model(), x.requests(), x.errors(),
              x.maxMillis())).toList());
      for (int i = 0; i < exact.size(); i++) {
        long want = exact.get(i).p95Millis();
        assertThat(Math.abs(fromHistograms.get(i).p95Millis() - want) * 100)
            .isLessThanOrEqualTo(5 * want);
      }
      // the first day's rows were gone before V3: it has no histogram
      assertThat(store.latency(start, day2)).isEmpty();
      // new writes add to the migrated histograms
      store.write(List.of(LedgerSuite.call("new", day2.plusSeconds(5).toString(), "m0",
          "openai", null, null, null, "USD", "0.01", 200, 7)), true);
      assertThat(store.latency(start, end).getFirst().requests())
          .isEqualTo(exact.getFirst().requests() + 1);
    }
  }
}
