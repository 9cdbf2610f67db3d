package dev.junction.budget;

import dev.junction.sqlite.SqliteDatabase;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bucket rows in SQLite: table {@code budget_buckets}, amounts as exact decimal text. On open,
 * reservations a previous process left behind are moved into spend (see {@link
 * SpendStore#sqlite}).
 */
final class SqliteBuckets implements BucketSpendStore.Persistence {

  private static final Logger LOG = LoggerFactory.getLogger("junction.budget");

  static final List<String> MIGRATIONS = List.of("""
      CREATE TABLE budget_buckets(
        scope TEXT NOT NULL,
        period TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        spent TEXT NOT NULL,
        reserved TEXT NOT NULL,
        alerted INTEGER NOT NULL,
        PRIMARY KEY(scope, period, start_ms))""");

  private final SqliteDatabase db;

  SqliteBuckets(SqliteDatabase db) {
    this.db = db;
    db.migrate("budget", MIGRATIONS);
    recoverOrphans();
  }

  private void recoverOrphans() {
    int n = db.write(c -> {
      List<BucketState> orphans = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT scope, period, start_ms, spent, reserved, alerted FROM budget_buckets"
              + " WHERE reserved <> '0'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          BucketState s = row(rs);
          orphans.add(new BucketState(s.key(), s.spent().add(s.reserved()), BigDecimal.ZERO,
              s.alertedPercent()));
        }
      }
      upsert(c, orphans);
      return orphans.size();
    });
    if (n > 0) {
      LOG.warn("budget: {} bucket(s) held reservations of calls in flight when Junction last"
          + " stopped; counted them as spent at their worst case", n);
    }
  }

  @Override
  public @Nullable BucketState load(BucketKey key) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT scope, period, start_ms, spent, reserved, alerted FROM budget_buckets"
              + " WHERE scope = ? AND period = ? AND start_ms = ?")) {
        ps.setString(1, key.scope());
        ps.setString(2, key.period().name());
        ps.setLong(3, key.start().toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? row(rs) : null;
        }
      }
    });
  }

  @Override
  public void save(List<BucketState> states) {
    db.write(c -> {
      upsert(c, states);
      return null;
    });
  }

  private static void upsert(java.sql.Connection c, List<BucketState> states)
      throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO budget_buckets(scope, period,"
        + " start_ms, spent, reserved, alerted) VALUES(?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT(scope, period, start_ms) DO UPDATE SET spent = excluded.spent,"
        + " reserved = excluded.reserved, alerted = excluded.alerted")) {
      for (BucketState s : states) {
        ps.setString(1, s.key().scope());
        ps.setString(2, s.key().period().name());
        ps.setLong(3, s.key().start().toEpochMilli());
        ps.setString(4, s.spent().toPlainString());
        ps.setString(5, s.reserved().toPlainString());
        ps.setInt(6, s.alertedPercent());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static BucketState row(ResultSet rs) throws java.sql.SQLException {
    BucketKey key = new BucketKey(rs.getString(1), BudgetPeriod.valueOf(rs.getString(2)),
        Instant.ofEpochMilli(rs.getLong(3)));
    return new BucketState(key, new BigDecimal(rs.getString(4)), new BigDecimal(rs.getString(5)),
        rs.getInt(6));
  }
}
