package dev.junction.ledger;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The daily rollup table {@code ledger_rollup}: its columns, the upsert that adds a batch's sums
 * to it, the mapping of rows to {@link DailyRollup}, and the spend-report query over it.
 *
 * <p>The tally columns are summed by every query except {@code latency_max_ms} (the maximum);
 * {@code cost_total_nanos} is stored for ordering and equals the sum of the cost kinds. Day is
 * the UTC epoch day, month is {@code yyyymm} of that day (so reports group by month without
 * dialect-specific date functions); weeks are computed from the day. Stateless.
 */
final class RollupTable {

  static final List<String> KEY = List.of("day", "provider", "model", "key_id", "team", "tag",
      "currency");
  /** The tally columns in {@link Tally} order (no total: it is derived). */
  static final List<String> TALLY = tallyColumns();
  static final List<String> COLUMNS = allColumns();
  static final String UPSERT = upsert();
  static final String SELECT = "SELECT " + String.join(", ", KEY) + ", "
      + String.join(", ", TALLY) + " FROM ledger_rollup";

  private RollupTable() {}

  private static List<String> tallyColumns() {
    List<String> c = new ArrayList<>(List.of("requests", "errors", "unpriced", "cache_hits",
        "estimated"));
    TokenKind.ALL.forEach(k -> c.add(k.tokenColumn()));
    TokenKind.ALL.forEach(k -> c.add(k.costColumn()));
    c.add("latency_sum_ms");
    c.add("latency_max_ms");
    return List.copyOf(c);
  }

  private static List<String> allColumns() {
    List<String> c = new ArrayList<>(KEY);
    c.add(1, "month");
    c.addAll(TALLY);
    c.add("cost_total_nanos");
    return List.copyOf(c);
  }

  private static String upsert() {
    List<String> sets = new ArrayList<>();
    for (String col : COLUMNS) {
      if (col.equals("latency_max_ms")) {
        sets.add(col + " = CASE WHEN excluded." + col + " > ledger_rollup." + col
            + " THEN excluded." + col + " ELSE ledger_rollup." + col + " END");
      } else if (!KEY.contains(col) && !col.equals("month")) {
        sets.add(col + " = ledger_rollup." + col + " + excluded." + col);
      }
    }
    return "INSERT INTO ledger_rollup (" + String.join(", ", COLUMNS) + ") VALUES ("
        + "?, ".repeat(COLUMNS.size() - 1) + "?) ON CONFLICT (" + String.join(", ", KEY)
        + ") DO UPDATE SET " + String.join(", ", sets);
  }

  /** The primary key of a rollup row. */
  private record Key(LocalDate day, String provider, String model, String keyId, String team,
      String tag, String currency) {

    static Key of(DailyRollup r) {
      return new Key(r.day(), r.provider(), r.model(), r.keyId(), r.team(), r.tag(),
          r.tally().currency());
    }
  }

  /** The entries summed per day, dimensions and currency: one rollup row per key. */
  static Collection<DailyRollup> sum(List<LedgerEntry> entries) {
    Map<Key, DailyRollup> byKey = new LinkedHashMap<>();
    for (LedgerEntry e : entries) {
      DailyRollup r = DailyRollup.of(e);
      byKey.merge(Key.of(r), r, DailyRollup::plus);
    }
    return byKey.values();
  }

  /** Binds {@code r} in {@link #COLUMNS} order. */
  static void bind(Params p, DailyRollup r) throws SQLException {
    p.reset().integer(Math.toIntExact(r.day().toEpochDay())).integer(month(r.day()))
        .text(r.provider()).text(r.model()).text(r.keyId()).text(r.team()).text(r.tag())
        .text(r.tally().currency());
    bindTally(p, r.tally());
    p.number(Spend.nanos(r.tally().cost().total()));
  }

  private static void bindTally(Params p, Tally t) throws SQLException {
    p.number(t.requests()).number(t.errors()).number(t.unpriced()).number(t.cacheHits())
        .number(t.estimated());
    for (TokenKind k : TokenKind.ALL) {
      p.number(k.tokens(t.tokens()));
    }
    for (TokenKind k : TokenKind.ALL) {
      p.number(k.costNanos(t.cost()));
    }
    p.number(t.latencySumMillis()).number(t.latencyMaxMillis());
  }

  /** Reads the {@link #TALLY} columns (or their aggregates) at the reader's position. */
  static Tally readTally(Columns c, String currency) throws SQLException {
    long requests = c.number();
    long errors = c.number();
    long unpriced = c.number();
    long cacheHits = c.number();
    long estimated = c.number();
    long[] tokens = c.perKind();
    long[] cost = c.perKind();
    return new Tally(requests, errors, unpriced, cacheHits, estimated,
        TokenKind.usage(tokens, false), TokenKind.spend(currency, cost), c.number(), c.number());
  }

  /** Reads a row selected with {@link #SELECT}. */
  static DailyRollup read(Columns c) throws SQLException {
    c.reset();
    LocalDate day = LocalDate.ofEpochDay(c.integer());
    String provider = c.text();
    String model = c.text();
    String keyId = c.text();
    String team = c.text();
    String tag = c.text();
    String currency = c.text();
    return new DailyRollup(day, provider, model, keyId, team, tag, readTally(c, currency));
  }

  /**
   * The spend query: bucket (absent for {@link Period#TOTAL}), group, currency, then the tally
   * aggregates; parameters are the first and last epoch day.
   */
  static String spendSql(SpendQuery q) {
    String bucket = bucket(q.period());
    List<String> aggregates = new ArrayList<>();
    for (String col : TALLY) {
      aggregates.add((col.equals("latency_max_ms") ? "MAX(" : "SUM(") + col + ")");
    }
    String group = (bucket == null ? "" : bucket + ", ") + q.by().column + ", currency";
    return "SELECT " + (bucket == null ? "0" : bucket) + " AS bucket, " + q.by().column
        + " AS grp, currency, " + String.join(", ", aggregates)
        + " FROM ledger_rollup WHERE day >= ? AND day <= ? GROUP BY " + group
        + " ORDER BY " + (bucket == null ? "" : "1, ") + "currency, SUM(cost_total_nanos) DESC, "
        + q.by().column;
  }

  /** Reads a row of {@link #spendSql}. */
  static SpendRow readSpend(Columns c, SpendQuery q) throws SQLException {
    c.reset();
    long bucket = c.number();
    LocalDate period = switch (q.period()) {
      case DAY, WEEK -> LocalDate.ofEpochDay(bucket);
      case MONTH -> LocalDate.of((int) (bucket / 100), (int) (bucket % 100), 1);
      case TOTAL -> q.from();
    };
    String group = c.text();
    String currency = c.text();
    return new SpendRow(period, group, readTally(c, currency));
  }

  private static @Nullable String bucket(Period p) {
    return switch (p) {
      case DAY -> "day";
      // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
      case WEEK -> "(day - ((day + 3) % 7))";
      case MONTH -> "month";
      case TOTAL -> null;
    };
  }

  static int month(LocalDate day) {
    return day.getYear() * 100 + day.getMonthValue();
  }
}
