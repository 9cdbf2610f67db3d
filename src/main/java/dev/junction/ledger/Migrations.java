package dev.junction.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Versioned schema migrations: SQL resources {@code migrations/<dialect>/V1.sql}, {@code V2.sql},
 * … applied in order, each in the transaction that records it in {@code schema_version}, so a
 * migration is applied entirely or not at all, and exactly once. Concurrent starters are
 * serialized ({@link Dialect#lockForMigration}). A database whose version is newer than this
 * build knows is refused rather than written with an old schema. Stateless.
 */
final class Migrations {

  private static final String TABLE = "CREATE TABLE IF NOT EXISTS schema_version ("
      + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)";

  /** One migration: its number, its first comment line, its statements. */
  record Migration(int version, String description, List<String> statements) {}

  private Migrations() {}

  /**
   * Applies the pending migrations on {@code c} in one transaction (autocommit is on again
   * afterwards) and returns the schema version now in force.
   */
  static int apply(Connection c, Dialect dialect, long nowMillis) throws SQLException {
    List<Migration> all = available(dialect);
    c.setAutoCommit(false);
    try {
      dialect.lockForMigration(c);
      try (Statement s = c.createStatement()) {
        s.execute(TABLE);
      }
      Set<Integer> applied = applied(c);
      int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
      int shipped = all.isEmpty() ? 0 : all.getLast().version();
      if (newest > shipped) {
        throw new SQLException("ledger schema version " + newest + " is newer than this build ("
            + shipped + "): upgrade Junction or point it at another database");
      }
      for (Migration m : all) {
        if (applied.contains(m.version())) {
          continue;
        }
        try (Statement s = c.createStatement()) {
          for (String sql : m.statements()) {
            s.execute(sql);
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO schema_version (version, description, applied_at_ms) VALUES (?, ?, ?)")) {
          ps.setInt(1, m.version());
          ps.setString(2, m.description());
          ps.setLong(3, nowMillis);
          ps.executeUpdate();
        }
        newest = Math.max(newest, m.version());
      }
      c.commit();
      c.setAutoCommit(true);
      return newest;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  private static Set<Integer> applied(Connection c) throws SQLException {
    Set<Integer> versions = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  /**
   * How many consecutive missing numbers end the scan: branches developed side by side may ship
   * V4 before V3 is merged, so a gap does not end it (each migration is applied once, by number,
   * and must not depend on a sibling's content).
   */
  static final int MAX_GAP = 4;

  /** The migrations shipped for {@code dialect}: V1, V2, … until {@link #MAX_GAP} missing. */
  static List<Migration> available(Dialect dialect) {
    List<Migration> out = new ArrayList<>();
    int missing = 0;
    for (int v = 1; ; v++) {
      String name = "migrations/" + dialect.folder + "/V" + v + ".sql";
      try (InputStream in = Migrations.class.getResourceAsStream(name)) {
        if (in == null) {
          if (++missing >= MAX_GAP) {
            return out;
          }
          continue;
        }
        missing = 0;
        String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        out.add(new Migration(v, description(sql, v), statements(sql)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name, e);
      }
    }
  }

  private static String description(String sql, int version) {
    String first = sql.lines().findFirst().orElse("").strip();
    return first.startsWith("--") ? first.substring(2).strip() : "V" + version;
  }

  /**
   * The statements of a script: comment lines dropped, split at semicolons that end a line (the
   * migration scripts hold no semicolons inside literals).
   */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (t.endsWith(";")) {
        String stmt = current.toString().strip();
        out.add(stmt.substring(0, stmt.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
