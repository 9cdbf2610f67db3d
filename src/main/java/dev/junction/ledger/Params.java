package dev.junction.ledger;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.jspecify.annotations.Nullable;

/**
 * Binds the parameters of a prepared statement left to right, so that table code lists values in
 * column order without counting indexes. Strings lose NUL characters (PostgreSQL rejects them in
 * text, and a poisoned tag must not stop the ledger). Not thread-safe; one per statement use.
 */
final class Params {

  private final PreparedStatement ps;
  private int index = 1;

  Params(PreparedStatement ps) {
    this.ps = ps;
  }

  /** Starts again at the first parameter (for the next row of a batch). */
  Params reset() {
    index = 1;
    return this;
  }

  Params text(@Nullable String s) throws SQLException {
    if (s == null) {
      ps.setNull(index++, Types.VARCHAR);
    } else {
      ps.setString(index++, s.indexOf('\0') >= 0 ? s.replace("\0", "") : s);
    }
    return this;
  }

  Params integer(int v) throws SQLException {
    ps.setInt(index++, v);
    return this;
  }

  Params number(long v) throws SQLException {
    ps.setLong(index++, v);
    return this;
  }

  Params number(@Nullable Long v) throws SQLException {
    if (v == null) {
      ps.setNull(index++, Types.BIGINT);
    } else {
      ps.setLong(index++, v);
    }
    return this;
  }

  Params flag(boolean b) throws SQLException {
    ps.setInt(index++, b ? 1 : 0);
    return this;
  }
}
