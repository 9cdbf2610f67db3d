package dev.junction.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the columns of the current result-set row left to right, mirroring {@link Params}. Not
 * thread-safe; one per result set.
 */
final class Columns {

  private final ResultSet rs;
  private int index = 1;

  Columns(ResultSet rs) {
    this.rs = rs;
  }

  /** Starts again at the first column (for the next row). */
  Columns reset() {
    index = 1;
    return this;
  }

  @Nullable String nullableText() throws SQLException {
    return rs.getString(index++);
  }

  String text() throws SQLException {
    String s = rs.getString(index++);
    if (s == null) {
      throw new SQLException("column " + (index - 1) + " is NULL (expected: a value)");
    }
    return s;
  }

  long number() throws SQLException {
    return rs.getLong(index++);
  }

  @Nullable Long nullableNumber() throws SQLException {
    long v = rs.getLong(index++);
    return rs.wasNull() ? null : v;
  }

  int integer() throws SQLException {
    return rs.getInt(index++);
  }

  boolean flag() throws SQLException {
    return rs.getInt(index++) != 0;
  }

  /** Six numbers, one per {@link TokenKind}, in kind order. */
  long[] perKind() throws SQLException {
    long[] v = new long[TokenKind.ALL.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = number();
    }
    return v;
  }
}
