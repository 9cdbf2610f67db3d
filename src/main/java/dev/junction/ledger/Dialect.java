package dev.junction.ledger;

import dev.junction.config.Secret;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the two databases: connection properties, where the migrations are, how
 * concurrent migrators are serialized, and which errors mean "this data is refused" rather than
 * "the database is unavailable". The SQL itself is shared.
 */
enum Dialect {
  SQLITE("sqlite"),
  POSTGRES("postgres");

  /** Resource folder of the migrations, under {@code dev/junction/ledger/migrations/}. */
  final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** Connection properties: pragmas for SQLite, credentials and timeouts for PostgreSQL. */
  Properties properties(@Nullable String user, @Nullable Secret password) {
    Properties p = new Properties();
    if (this == SQLITE) {
      p.setProperty("journal_mode", "WAL");
      p.setProperty("synchronous", "NORMAL");
      p.setProperty("busy_timeout", "10000");
      // 32 MiB of page cache per connection (the default 2 MB thrashes on index updates once
      // the file reaches hundreds of MB); temporary b-trees of GROUP BY in memory.
      p.setProperty("cache_size", "-32768");
      p.setProperty("temp_store", "MEMORY");
      // Writers take the lock when they begin, so two writers never deadlock upgrading.
      p.setProperty("transaction_mode", "IMMEDIATE");
    } else {
      if (user != null) {
        p.setProperty("user", user);
      }
      if (password != null) {
        p.setProperty("password", password.reveal());
      }
      p.setProperty("ApplicationName", "junction-ledger");
      p.setProperty("reWriteBatchedInserts", "true");
      p.setProperty("connectTimeout", "10");
      p.setProperty("socketTimeout", "300");
      p.setProperty("tcpKeepAlive", "true");
    }
    return p;
  }

  /** Serializes migrators within the current transaction (SQLite: the write lock does it). */
  void lockForMigration(Connection c) throws SQLException {
    if (this == POSTGRES) {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(7361606122948212)");
      }
    }
  }

  /**
   * Whether the database refused the data itself (a constraint or a value it cannot hold), so
   * that retrying the same rows can never succeed; anything else (locked, connection lost, disk
   * full) is worth retrying.
   */
  boolean refusesData(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (this == POSTGRES && state != null
            && (state.startsWith("22") || state.startsWith("23"))) {
          return true;
        }
        int primary = s.getErrorCode() & 0xff;
        // SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH
        if (this == SQLITE && (primary == 18 || primary == 19 || primary == 20)) {
          return true;
        }
      }
    }
    return false;
  }
}
