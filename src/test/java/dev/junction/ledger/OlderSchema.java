package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A ledger database as an older build left it: the shipped migrations up to a version. */
final class OlderSchema {

  private OlderSchema() {}

  /** Applies the migrations of {@code dialect} up to {@code version} on {@code c}, by hand. */
  static void apply(Connection c, Dialect dialect, int version) throws SQLException {
    List<Migrations.Migration> older = Migrations.available(dialect).subList(0, version);
    assertThat(older.getLast().version()).isEqualTo(version);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT "
          + "NULL, applied_at_ms BIGINT NOT NULL)");
      for (Migrations.Migration m : older) {
        for (String sql : m.statements()) {
          s.execute(sql);
        }
        s.execute("INSERT INTO schema_version VALUES (" + m.version() + ", 'V', 0)");
      }
    }
  }
}
