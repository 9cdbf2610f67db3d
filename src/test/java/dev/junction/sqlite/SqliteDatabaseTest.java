package dev.junction.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

  @TempDir Path dir;

  private static long count(SqliteDatabase db, String table) {
    return db.read(c -> {
      try (var st = c.createStatement();
          var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void migrationsApplyOnlyTheStepsAFileHasNotSeen() {
    Path file = dir.resolve("sub/j.db");
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      assertThat(db.migrate("c", List.of("CREATE TABLE a(x)"))).isEqualTo(1);
      assertThat(db.file()).contains(file);
    }
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      assertThat(db.migrate("c", List.of("CREATE TABLE a(x)", "CREATE TABLE b(y)")))
          .isEqualTo(1);
      assertThat(db.migrate("other", List.of("CREATE TABLE o(z)"))).isEqualTo(1);
      assertThat(count(db, "b")).isZero();
    }
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      assertThatThrownBy(() -> db.migrate("c", List.of("CREATE TABLE a(x)")))
          .isInstanceOf(StoreException.class).hasMessageContaining("newer");
    }
  }

  @Test
  void aFailedWriteChangesNothing() {
    try (SqliteDatabase db = SqliteDatabase.inMemory()) {
      db.migrate("c", List.of("CREATE TABLE a(x INTEGER NOT NULL)"));
      assertThatThrownBy(() -> db.write(c -> {
        try (var st = c.createStatement()) {
          st.executeUpdate("INSERT INTO a VALUES(1)");
          st.executeUpdate("INSERT INTO a VALUES(NULL)");
        }
        return null;
      })).isInstanceOf(StoreException.class);
      assertThat(count(db, "a")).isZero();
    }
  }
}
