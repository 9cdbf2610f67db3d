package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger written by a V1 build opens under V2: its rows read back without a prompt hash. */
class SchemaUpgradeTest {

  @TempDir
  Path dir;

  @Test
  void aVersionOneLedgerIsMigratedInPlaceAndKeepsItsRows() throws Exception {
    Path db = dir.resolve("v1.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      OlderSchema.apply(c, Dialect.SQLITE, 1);
      // a row as a V1 build writes it: every column but prompt_hash
      s.execute("INSERT INTO ledger_entry (" + String.join(", ",
          EntryTable.COLUMNS.subList(0, EntryTable.COLUMNS.size() - 1)) + ") VALUES ('old', "
          + "1000, NULL, NULL, NULL, 'openai', 'chat', 'm', NULL, NULL, NULL, 'm', 1, 0, 200, "
          + "NULL, NULL, 1, 0, 0, 0, 2, 0, 0, 'USD', 5, 0, 0, 0, 7, 0, 12, 0, NULL, NULL, 9, -1, "
          + "0)");
    }
    assertThat(EntryTable.COLUMNS.getLast()).isEqualTo("prompt_hash");
    try (LedgerStore store = LedgerStore.sqlite(db)) {
      assertThat(store.schemaVersion())
          .isEqualTo(Migrations.available(Dialect.SQLITE).getLast().version());
      List<LedgerEntry> rows = store.entries(Instant.EPOCH, Instant.ofEpochSecond(10));
      assertThat(rows).hasSize(1);
      assertThat(rows.getFirst().requestId()).isEqualTo("old");
      assertThat(rows.getFirst().promptHash()).isNull();
      assertThat(rows.getFirst().cost().total()).isEqualByComparingTo("0.000000012");
    }
  }
}
