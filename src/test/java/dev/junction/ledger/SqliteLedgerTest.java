package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger suite on SQLite, one file per test in a temporary folder. */
class SqliteLedgerTest extends LedgerSuite {

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("data").resolve("ledger.db");
  }

  @Override
  Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  LedgerStore newStore() {
    return LedgerStore.sqlite(file());
  }

  @Override
  Connection connect() throws SQLException {
    try {
      java.nio.file.Files.createDirectories(file().getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }

  @Test
  void connectionsUseWalAndSynchronousNormal() throws SQLException {
    store();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file(),
        Dialect.SQLITE.properties(null, null));
        Statement s = c.createStatement()) {
      assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(s, "synchronous")).isEqualTo("1"); // NORMAL
      assertThat(pragma(s, "busy_timeout")).isEqualTo("10000");
      assertThat(pragma(s, "cache_size")).isEqualTo("-32768");
    }
    // WAL is a property of the file: a plain connection sees it too
    try (Connection c = connect(); Statement s = c.createStatement()) {
      assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
    }
  }

  @Test
  void theDefaultFileIsUnderJunctionData() {
    assertThat(LedgerConfig.DEFAULTS.path()).isEqualTo(Path.of("junction-data", "ledger.db"));
  }

  private static String pragma(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
