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
 * to it (a batch summed in memory first, one upsert per key), the mapping of rows to {@link
 * DailyRollup}, and the spend-report query over it.
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

  /** The primary key of a rollup row (day as epoch day). */
  private record Key(int day, String provider, String model, String keyId, String team,
      String tag, String currency) {}

  /**
   * The sums of one rollup key over a batch, in {@link #COLUMNS} order after the key: plain
   * longs, so that summing a batch allocates nothing per entry beyond the map lookup.
   */
  static final class Sums {
    private final Key key;
    /** requests, errors, unpriced, cache hits, estimated; 6 tokens; 6 costs; latency sum. */
    private final long[] sum = new long[5 + 6 + 6 + 1];
    private long latencyMax = Long.MIN_VALUE;
    private long costTotal;

    private Sums(Key key) {
      this.key = key;
    }

    private void add(LedgerEntry e) {
      sum[0]++;
      sum[1] += e.isError() ? 1 : 0;
      sum[2] += e.unpriced() ? 1 : 0;
      sum[3] += e.cacheHit() ? 1 : 0;
      sum[4] += e.tokens().estimated() ? 1 : 0;
      int i = 5;
      for (TokenKind k : TokenKind.ALL) {
        sum[i] = Math.addExact(sum[i], k.tokens(e.tokens()));
        i++;
      }
      for (TokenKind k : TokenKind.ALL) {
        sum[i] = Math.addExact(sum[i], k.costNanos(e.cost()));
        i++;
      }
      sum[i] = Math.addExact(sum[i], e.latencyMillis());
      latencyMax = Math.max(latencyMax, e.latencyMillis());
      costTotal = Math.addExact(costTotal, Spend.nanos(e.cost().total()));
    }
  }

  /** The entries summed per day, dimensions and currency: one rollup row per key. */
  static Collection<Sums> sum(List<LedgerEntry> entries) {
    Map<Key, Sums> byKey = new LinkedHashMap<>();
    for (LedgerEntry e : entries) {
      Key k = new Key(LatencyTable.day(e), orEmpty(e.provider()), e.model(), orEmpty(e.keyId()),
          orEmpty(e.team()), orEmpty(e.tag()), e.cost().currency());
      Sums s = byKey.get(k);
      if (s == null) {
        s = new Sums(k);
        byKey.put(k, s);
      }
      s.add(e);
    }
    return byKey.values();
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** Binds {@code s} in {@link #COLUMNS} order. */
  static void bind(Params p, Sums s) throws SQLException {
    Key k = s.key;
    p.reset().integer(k.day()).integer(month(LocalDate.ofEpochDay(k.day()))).text(k.provider())
        .text(k.model()).text(k.keyId()).text(k.team()).text(k.tag()).text(k.currency());
    for (long v : s.sum) {
      p.number(v);
    }
    p.number(s.latencyMax).number(s.costTotal);
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
