package dev.junction.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The hint facts table {@code ledger_hint} (V5): per UTC day, tag, provider, model and currency,
 * the sums {@link SpendHints} needs (all calls, failed calls, small-prompt calls and their tokens,
 * fingerprinted calls and the repeats among them; see the V5 script). The writer sums a batch in
 * memory per key and upserts each key once, in the transaction that writes the entries, so the
 * facts agree with the raw rows and the rollups. Reports merge whole days from it and sum partial
 * days from raw rows with {@link #sumRaw}. Stateless.
 */
final class HintTable {

  /** The summed columns, in {@link Cell#sum} order. */
  static final List<String> SUMS = sums();

  static final String UPSERT = upsert();

  /** Whole days merged per tag, provider, model, currency; parameters: first day, end (excl.). */
  static final String MERGED = "SELECT tag, provider, model, currency, "
      + String.join(", ", SUMS.stream().map(c -> "SUM(" + c + ")").toList())
      + " FROM ledger_hint WHERE day >= ? AND day < ? GROUP BY tag, provider, model, currency";

  /** The raw columns the facts need, for {@link #sumRaw}. */
  private static final String RAW = "SELECT ts_ms, tag, provider, upstream_model, model, "
      + "currency, status, error_code, unpriced, cache_hit, "
      + String.join(", ", TokenKind.ALL.stream().map(TokenKind::tokenColumn).toList())
      + ", cost_total_nanos, prompt_hash FROM ledger_entry WHERE ts_ms >= ? AND ts_ms < ? "
      + "ORDER BY ts_ms";

  /** The kinds {@link dev.junction.chat.Usage#promptTokens()} adds up. */
  private static final List<TokenKind> PROMPT_KINDS = List.of(TokenKind.INPUT,
      TokenKind.CACHE_READ, TokenKind.CACHE_WRITE, TokenKind.CACHE_WRITE_1H);

  static final int CALLS = 0;
  static final int COST = 1;
  static final int FAILED = 2;
  static final int FAILED_COST = 3;
  static final int SMALL = 4;
  static final int SMALL_COST = 5;
  /** First of the six small-prompt token sums, in {@link TokenKind#ALL} order. */
  static final int SMALL_TOKENS = 6;
  static final int HASHED = 12;
  static final int REPEATS = 13;
  static final int REPEAT_COST = 14;

  private HintTable() {}

  private static List<String> sums() {
    List<String> c = new ArrayList<>(List.of("calls", "cost_nanos", "failed_calls",
        "failed_nanos", "small_calls", "small_nanos"));
    TokenKind.ALL.forEach(k -> c.add("small_" + k.tokenColumn()));
    c.addAll(List.of("hashed_calls", "repeats", "repeat_nanos"));
    return List.copyOf(c);
  }

  private static String upsert() {
    List<String> cols = new ArrayList<>(List.of("day", "tag", "provider", "model", "currency"));
    cols.addAll(SUMS);
    return "INSERT INTO ledger_hint (" + String.join(", ", cols) + ") VALUES ("
        + "?, ".repeat(cols.size() - 1) + "?) ON CONFLICT (day, tag, provider, model, currency) "
        + "DO UPDATE SET " + String.join(", ", SUMS.stream()
            .map(c -> c + " = ledger_hint." + c + " + excluded." + c).toList());
  }

  /** Where calls are summed: tag and provider null for none. */
  record Key(@Nullable String tag, @Nullable String provider, String model, String currency) {}

  /** Orders keys with none (null) first. */
  static final Comparator<Key> ORDER = Comparator
      .comparing((Key k) -> Objects.requireNonNullElse(k.tag(), ""))
      .thenComparing(Key::currency)
      .thenComparing(k -> Objects.requireNonNullElse(k.provider(), ""))
      .thenComparing(Key::model);

  /** The sums of one key (over a batch, a day, or a window). */
  static final class Cell {
    final Key key;
    final long[] sum = new long[SUMS.size()];

    Cell(Key key) {
      this.key = key;
    }

    /** Adds one call. */
    void add(boolean failed, boolean small, long[] tokens, long cost, boolean hashed,
        boolean repeat) {
      sum[CALLS]++;
      sum[COST] = Math.addExact(sum[COST], cost);
      if (failed) {
        sum[FAILED]++;
        sum[FAILED_COST] = Math.addExact(sum[FAILED_COST], cost);
      }
      if (small) {
        sum[SMALL]++;
        sum[SMALL_COST] = Math.addExact(sum[SMALL_COST], cost);
        for (int i = 0; i < tokens.length; i++) {
          sum[SMALL_TOKENS + i] = Math.addExact(sum[SMALL_TOKENS + i], tokens[i]);
        }
      }
      if (hashed) {
        sum[HASHED]++;
        if (repeat) {
          sum[REPEATS]++;
          sum[REPEAT_COST] = Math.addExact(sum[REPEAT_COST], cost);
        }
      }
    }

    void add(long[] other) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] = Math.addExact(sum[i], other[i]);
      }
    }
  }

  /** Whether a call counts towards the small-prompt hint: see the V5 script. */
  static boolean small(@Nullable String provider, @Nullable String upstreamModel,
      boolean unpriced, boolean failed, boolean cacheHit, long promptTokens) {
    return provider != null && upstreamModel != null && !unpriced && !failed && !cacheHit
        && promptTokens < SpendHints.SMALL_PROMPT_TOKENS;
  }

  /** A batch's key: the UTC day and the {@link Key} fields (one allocation per entry). */
  record DayKey(int day, @Nullable String tag, @Nullable String provider, String model,
      String currency) {}

  /** Adds one entry to {@code c}. */
  private static void add(Cell c, LedgerEntry e, boolean repeat, long[] tokens) {
    boolean failed = e.isError();
    boolean small = small(e.provider(), e.upstreamModel(), e.unpriced(), failed, e.cacheHit(),
        e.tokens().promptTokens());
    if (small) {
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = TokenKind.ALL.get(i).tokens(e.tokens());
      }
    }
    c.add(failed, small, tokens, Spend.nanos(e.cost().total()), e.promptHash() != null && !failed,
        repeat);
  }

  /** The batch summed per (day, key); {@code repeats[i]} tells whether entry i is a repeat. */
  static Map<DayKey, Cell> sumByDay(List<LedgerEntry> entries, boolean[] repeats) {
    Map<DayKey, Cell> cells = new HashMap<>();
    long[] tokens = new long[TokenKind.ALL.size()];
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry e = entries.get(i);
      DayKey k = new DayKey(LatencyTable.day(e), e.tag(), e.provider(), e.model(),
          e.cost().currency());
      Cell c = cells.get(k);
      if (c == null) {
        c = new Cell(new Key(k.tag(), k.provider(), k.model(), k.currency()));
        cells.put(k, c);
      }
      add(c, e, repeats[i], tokens);
    }
    return cells;
  }

  /** Entries summed per key, regardless of day. */
  static Map<Key, Cell> sum(List<LedgerEntry> entries, boolean[] repeats) {
    Map<Key, Cell> cells = new HashMap<>();
    long[] tokens = new long[TokenKind.ALL.size()];
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry e = entries.get(i);
      add(cells.computeIfAbsent(new Key(e.tag(), e.provider(), e.model(), e.cost().currency()),
          Cell::new), e, repeats[i], tokens);
    }
    return cells;
  }

  /**
   * Which entries repeat a successful call's fingerprint at most the repeat window before, going
   * through them in time order (by millisecond, ties in list order) against {@code window}.
   */
  static boolean[] repeats(List<LedgerEntry> entries, RepeatWindow window) {
    boolean[] out = new boolean[entries.size()];
    int[] order = timeOrder(entries);
    for (int n = 0; n < entries.size(); n++) {
      int i = order == null ? n : order[n];
      LedgerEntry e = entries.get(i);
      if (e.promptHash() != null && !e.isError()) {
        out[i] = window.seen(e.cost().currency(), e.promptHash(), e.time().toEpochMilli());
      }
    }
    return out;
  }

  /**
   * The indexes of {@code entries} by time (millisecond, then list index), or null when the list
   * is already in that order. Entries arrive in completion order, so a batch is rarely sorted by
   * its start times; a batch spanning less than 2^31 ms (24 days) is sorted as packed longs
   * (offset from the earliest time, index), without boxing.
   */
  static int @Nullable [] timeOrder(List<LedgerEntry> entries) {
    int n = entries.size();
    long[] ms = new long[n];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      ms[i] = entries.get(i).time().toEpochMilli();
      sorted &= i == 0 || ms[i] >= ms[i - 1];
      min = Math.min(min, ms[i]);
      max = Math.max(max, ms[i]);
    }
    if (sorted) {
      return null;
    }
    int[] order = new int[n];
    if (max - min < (1L << 31)) {
      long[] packed = new long[n];
      for (int i = 0; i < n; i++) {
        packed[i] = (ms[i] - min) << 32 | i;
      }
      Arrays.sort(packed);
      for (int k = 0; k < n; k++) {
        order[k] = (int) packed[k];
      }
      return order;
    }
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, Comparator.comparingLong((Integer i) -> ms[i]));
    for (int k = 0; k < n; k++) {
      order[k] = boxed[k];
    }
    return order;
  }

  static void bind(Params p, DayKey k, Cell c) throws SQLException {
    p.reset().integer(k.day()).text(orEmpty(k.tag())).text(orEmpty(k.provider()))
        .text(k.model()).text(k.currency());
    for (long v : c.sum) {
      p.number(v);
    }
  }

  /** Merges the facts of the days {@code [firstDay, endDay)} into {@code cells}. */
  static void sumDays(Connection c, long firstDay, long endDay, Map<Key, Cell> cells)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MERGED)) {
      ps.setInt(1, Math.toIntExact(firstDay));
      ps.setInt(2, Math.toIntExact(endDay));
      try (ResultSet rs = ps.executeQuery()) {
        long[] row = new long[SUMS.size()];
        while (rs.next()) {
          Key k = new Key(nullIfEmpty(rs.getString(1)), nullIfEmpty(rs.getString(2)),
              rs.getString(3), rs.getString(4));
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getLong(5 + i);
          }
          cells.computeIfAbsent(k, Cell::new).add(row);
        }
      }
    }
  }

  /**
   * Sums the raw rows of {@code [fromMs, toMs)} into {@code cells}. Repeats are found against
   * the successful fingerprinted rows of the repeat window before {@code fromMs} too, which are
   * read for that only, so a partial day counts repeats as the writer does.
   */
  static void sumRaw(Connection c, long fromMs, long toMs, int fetchSize, Map<Key, Cell> cells)
      throws SQLException {
    if (fromMs >= toMs) {
      return;
    }
    RepeatWindow window = RepeatWindow.unbounded();
    long[] tokens = new long[TokenKind.ALL.size()];
    try (PreparedStatement ps = c.prepareStatement(RAW)) {
      ps.setLong(1, fromMs - SpendHints.REPEAT_WINDOW.toMillis());
      ps.setLong(2, toMs);
      ps.setFetchSize(fetchSize);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long ms = rs.getLong(1);
          String currency = rs.getString(6);
          boolean failed = rs.getInt(7) >= 400 || rs.getString(8) != null;
          String hash = rs.getString(18);
          boolean repeat = hash != null && !failed && window.seen(currency, hash, ms);
          if (ms < fromMs) {
            continue;
          }
          String provider = rs.getString(3);
          long prompt = 0;
          for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rs.getLong(11 + i);
          }
          for (TokenKind k : PROMPT_KINDS) {
            prompt += tokens[k.ordinal()];
          }
          boolean small = small(provider, rs.getString(4), rs.getInt(9) != 0, failed,
              rs.getInt(10) != 0, prompt);
          Key k = new Key(rs.getString(2), provider, rs.getString(5), currency);
          cells.computeIfAbsent(k, Cell::new).add(failed, small, tokens, rs.getLong(17),
              hash != null && !failed, repeat);
        }
      }
    }
  }

  /** Cells in {@link #ORDER}. */
  static List<Cell> ordered(Collection<Cell> cells) {
    List<Cell> out = new ArrayList<>(cells);
    out.sort(Comparator.comparing((Cell c) -> c.key, ORDER));
    return out;
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static @Nullable String nullIfEmpty(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
