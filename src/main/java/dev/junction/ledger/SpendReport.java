package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's reports, as functions over a {@link LedgerStore}, and their rendering.
 *
 * <ul>
 *   <li>{@link #spend}: spend and tokens per day, week or month and per model, provider, key, team
 *       or tag, read from the daily rollups (so it stays fast however old the range);
 *   <li>{@link #top}: the N largest cost centres of one dimension over a range, per currency;
 *   <li>{@link #latency}: p50/p95 latency and error rate per model over a window: whole UTC days
 *       from the daily latency histograms (p50/p95 within 5 %), partial days from raw entries
 *       (exact);
 *   <li>{@link #totals}: the sum of report rows per currency — amounts in different currencies
 *       are never added.
 * </ul>
 *
 * Stateless and thread-safe; every method that takes a store blocks on its database.
 *
 * <pre>{@code
 * SpendQuery q = new SpendQuery(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-31"),
 *     Dimension.MODEL, Period.WEEK);
 * List<SpendRow> rows = SpendReport.spend(store, q);
 * System.out.print(SpendReport.render(rows, q, ReportFormat.TABLE));
 * }</pre>
 */
public final class SpendReport {

  private SpendReport() {}

  /** Spend per period, group and currency (see {@link LedgerStore#spend}). */
  public static List<SpendRow> spend(LedgerStore store, SpendQuery query) {
    return requireNonNull(store, "store").spend(requireNonNull(query, "query"));
  }

  /**
   * The {@code n} groups of {@code by} that cost the most over the UTC days {@code from} to
   * {@code to}, per currency (so a report over USD and CNY deployments has up to {@code n} of
   * each), highest first. Rows carry {@code from} as their period.
   */
  public static List<SpendRow> top(LedgerStore store, LocalDate from, LocalDate to, Dimension by,
      int n) {
    if (n < 1) {
      throw new IllegalArgumentException("--top: " + n + " (expected: >= 1)");
    }
    List<SpendRow> all = spend(store, new SpendQuery(from, to, by, Period.TOTAL));
    List<SpendRow> out = new ArrayList<>();
    @Nullable String currency = null;
    int taken = 0;
    for (SpendRow r : all) {
      if (!r.currency().equals(currency)) {
        currency = r.currency();
        taken = 0;
      }
      if (taken++ < n) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Latency and error rate per model of the requests with {@code from <= time < to}; see {@link
   * LedgerStore#latency} for when it is exact and when within 5 %.
   */
  public static List<LatencyRow> latency(LedgerStore store, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("--to: " + to + " (expected: after --from " + from + ")");
    }
    return requireNonNull(store, "store").latency(from, to);
  }

  /**
   * One row per currency summing {@code rows} (group {@code ""}, period the earliest of the
   * rows), ordered by currency.
   */
  public static List<SpendRow> totals(List<SpendRow> rows) {
    Map<String, SpendRow> byCurrency = new TreeMap<>();
    for (SpendRow r : rows) {
      byCurrency.merge(r.currency(), new SpendRow(r.period(), "", r.tally()),
          (a, b) -> new SpendRow(a.period().isBefore(b.period()) ? a.period() : b.period(), "",
              a.tally().plus(b.tally())));
    }
    return List.copyOf(byCurrency.values());
  }

  /**
   * Renders spend rows of {@code query} (its dimension names the group column; {@link
   * Period#TOTAL} has no period column), with per-currency totals in the table and JSON.
   */
  public static String render(List<SpendRow> rows, SpendQuery query, ReportFormat format) {
    boolean periods = query.period() != Period.TOTAL;
    ReportTable t = new ReportTable();
    if (periods) {
      t.column(query.period().label(), query.period().label(), true);
    }
    t.column(query.by().label(), query.by().label(), true)
        .column("currency", "cur", true)
        .column("requests", "requests", true)
        .column("errors", "errors", true)
        .column("unpriced", "unpriced", false);
    for (TokenKind k : TokenKind.ALL) {
      t.column("tokens_" + k.name, k.name, false);
    }
    t.column("tokens_in", "tokens in", true)
        .column("tokens_out", "tokens out", true)
        .column("cost", "cost", true)
        .column("latency_avg_ms", "avg ms", true)
        .column("latency_max_ms", "max ms", false);
    for (SpendRow r : rows) {
      t.row(cells(r, periods, r.group().isEmpty() ? null : r.group()));
    }
    for (SpendRow r : totals(rows)) {
      t.total(cells(r, periods, "TOTAL"));
    }
    return t.render(format);
  }

  private static List<@Nullable Object> cells(SpendRow r, boolean periods,
      @Nullable String group) {
    Tally y = r.tally();
    Usage u = y.tokens();
    List<@Nullable Object> c = new ArrayList<>();
    if (periods) {
      c.add(r.period().toString());
    }
    c.addAll(Arrays.asList(group, r.currency(), y.requests(), y.errors(), y.unpriced()));
    for (TokenKind k : TokenKind.ALL) {
      c.add(k.tokens(u));
    }
    c.addAll(Arrays.asList(u.promptTokens(), u.completionTokens(), y.cost().total(),
        y.latencyAvgMillis(), y.latencyMaxMillis()));
    return c;
  }

  /** Renders latency rows (no totals: percentiles do not add up). */
  public static String renderLatency(List<LatencyRow> rows, ReportFormat format) {
    ReportTable t = new ReportTable()
        .column("model", "model", true)
        .column("requests", "requests", true)
        .column("errors", "errors", true)
        .column("error_rate", "error rate", true)
        .column("p50_ms", "p50 ms", true)
        .column("p95_ms", "p95 ms", true)
        .column("max_ms", "max ms", true);
    for (LatencyRow r : rows) {
      t.row(Arrays.asList(r.model(), r.requests(), r.errors(), r.errorRate(),
          r.p50Millis() < 0 ? null : (Object) r.p50Millis(),
          r.p95Millis() < 0 ? null : (Object) r.p95Millis(),
          r.maxMillis() < 0 ? null : (Object) r.maxMillis()));
    }
    return t.render(format);
  }
}
