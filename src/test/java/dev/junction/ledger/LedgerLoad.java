package dev.junction.ledger;

import dev.junction.chat.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Load test of the ledger (not part of the test run): writes N synthetic entries (default
 * 1,000,000) over 30 days into a fresh SQLite file through the store's batched write path (raw
 * rows + rollups in one transaction per batch, as the writer does), then times every report
 * query. Prints a Markdown table (docs/LEDGER.md quotes it).
 *
 * <p>Traffic shape: 200 keys in 10 teams; each key uses 2 of 20 models (6 providers, 2 of them
 * priced in CNY) and 2 of 30 tags; 3% errors; evenly over the 30 days, in time order (as the
 * writer receives them).
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.junction.ledger.LedgerLoad \
 *     [FILE (default target/ledger-load.db) | jdbc:postgresql://…] [ROWS (default 1000000)]
 * </pre>
 *
 * A PostgreSQL URL loads into a schema {@code ledger_load} (dropped and created, dropped at the
 * end) as user {@code $PGUSER} (default postgres).
 */
public final class LedgerLoad {

  static final Instant END = Instant.parse("2025-06-30T00:00:00Z");
  static final int DAYS = 30;
  static final int BATCH = 5000;
  static final int RUNS = 7;

  private LedgerLoad() {}

  public static void main(String[] args) throws IOException {
    String target = args.length > 0 ? args[0] : "target/ledger-load.db";
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    boolean postgres = target.startsWith("jdbc:postgresql:");
    Path file = Path.of(postgres ? "target/unused.db" : target);
    String user = System.getenv().getOrDefault("PGUSER", "postgres");
    if (postgres) {
      schema(target, user, "DROP SCHEMA IF EXISTS ledger_load CASCADE; CREATE SCHEMA ledger_load");
    } else {
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
    }
    Instant start = END.minus(Duration.ofDays(DAYS));
    try (LedgerStore store = postgres
        ? LedgerStore.postgres(target + (target.contains("?") ? "&" : "?")
            + "currentSchema=ledger_load", user, null)
        : LedgerStore.sqlite(file)) {
      SplittableRandom r = new SplittableRandom(7);
      long t0 = System.nanoTime();
      List<LedgerEntry> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < rows; i++) {
        batch.add(entry(r, i, rows, start));
        if (batch.size() == BATCH) {
          store.write(batch, true);
          batch.clear();
        }
      }
      store.write(batch, true);
      double insertSeconds = (System.nanoTime() - t0) / 1e9;
      long rollups = store.rollups(LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1)).size();
      System.out.printf(Locale.ROOT, "%s: inserted %,d entries in %.1f s (%,.0f/s, batches of "
              + "%d, raw + rollups per transaction); %,d rollup rows%s%n", store, rows,
          insertSeconds, rows / insertSeconds, BATCH, rollups, postgres ? ""
              : String.format(Locale.ROOT, "; file %,d MB",
                  (Files.size(file) + sizeOr0(Path.of(file + "-wal"))) / (1024 * 1024)));
      if (postgres) {
        schema(target, user, "ANALYZE ledger_load.ledger_entry; ANALYZE ledger_load.ledger_rollup; "
            + "ANALYZE ledger_load.ledger_latency; ANALYZE ledger_load.ledger_hint");
      }

      LocalDate first = LocalDate.ofInstant(start, java.time.ZoneOffset.UTC);
      LocalDate last = first.plusDays(DAYS - 1);
      System.out.println();
      System.out.println("| query | rows out | median ms | max ms |");
      System.out.println("|---|---:|---:|---:|");
      for (Dimension d : Dimension.values()) {
        for (Period p : List.of(Period.DAY, Period.WEEK, Period.MONTH)) {
          SpendQuery q = new SpendQuery(first, last, d, p);
          time("spend by " + p.label() + " x " + d.label() + ", 30 days",
              () -> SpendReport.spend(store, q));
        }
        time("top 10 " + d.label() + ", 30 days",
            () -> SpendReport.top(store, first, last, d, 10));
      }
      time("latency per model, last 1 h",
          () -> SpendReport.latency(store, END.minus(Duration.ofHours(1)), END));
      time("latency per model, last 24 h",
          () -> SpendReport.latency(store, END.minus(Duration.ofDays(1)), END));
      time("latency per model, 24 h from noon to noon (exact, raw rows)",
          () -> SpendReport.latency(store, END.minus(Duration.ofHours(36)),
              END.minus(Duration.ofHours(12))));
      time("latency per model, last 7 days",
          () -> SpendReport.latency(store, END.minus(Duration.ofDays(7)), END));
      time("latency per model, all 30 days",
          () -> SpendReport.latency(store, start, END));
      time("latency per model, 29 days from noon to noon",
          () -> SpendReport.latency(store, start.plus(Duration.ofHours(12)),
              END.minus(Duration.ofHours(12))));
      time("hints, last 24 h (one whole day)",
          () -> SpendHints.of(store, END.minus(Duration.ofDays(1)), END));
      time("hints, 24 h from noon to noon (two partial days)",
          () -> SpendHints.of(store, END.minus(Duration.ofHours(36)),
              END.minus(Duration.ofHours(12))));
      time("hints, last 7 days (the default)",
          () -> SpendHints.of(store, END.minus(Duration.ofDays(7)), END));
      time("hints, 7 days ending at noon (6 whole days + 2 half days)",
          () -> SpendHints.of(store, END.minus(Duration.ofHours(7 * 24 + 12)),
              END.minus(Duration.ofHours(12))));
      time("hints, all 30 days",
          () -> SpendHints.of(store, start, END));
      time("hints, 29 days from noon to noon",
          () -> SpendHints.of(store, start.plus(Duration.ofHours(12)),
              END.minus(Duration.ofHours(12))));
      long d0 = System.nanoTime();
      long deleted = store.deleteEntriesBefore(start.plus(Duration.ofDays(1)));
      System.out.printf(Locale.ROOT, "%nretention: deleted %,d entries (the oldest day) in %.0f ms"
          + "%n", deleted, (System.nanoTime() - d0) / 1e6);
    }
    if (postgres) {
      schema(target, user, "DROP SCHEMA ledger_load CASCADE");
    }
  }

  private static void schema(String url, String user, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement()) {
      for (String statement : sql.split(";")) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long sizeOr0(Path p) throws IOException {
    return Files.exists(p) ? Files.size(p) : 0;
  }

  private static void time(String name, Supplier<List<?>> query) {
    long[] ms = new long[RUNS];
    int out = 0;
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      out = query.get().size();
      ms[i] = (System.nanoTime() - t) / 1_000_000;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "| %s | %,d | %d | %d |%n", name, out, ms[RUNS / 2],
        ms[RUNS - 1]);
  }

  private static final String[] PROVIDERS = {"openai", "anthropic", "gemini", "mistral",
      "deepseek", "dashscope"};

  /**
   * 70 % of calls carry a fingerprint drawn (by a hash of the index, so the random stream stays
   * as before V5) from a pool of 20,000, so about 5 % of them repeat one seen within the hour;
   * the rest carry none.
   */
  static @Nullable String fingerprint(int i) {
    long h = (i + 1) * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    return i % 10 < 7 ? "%032x".formatted(Math.floorMod(h, 20_000L)) : null;
  }

  static LedgerEntry entry(SplittableRandom r, int i, int rows, Instant start) {
    int key = r.nextInt(200);
    int model = (key * 7 + r.nextInt(2) * 3) % 20;
    int tag = (key * 11 + r.nextInt(2) * 5) % 30;
    String provider = PROVIDERS[model % PROVIDERS.length];
    String currency = model % PROVIDERS.length >= 4 ? "CNY" : "USD";
    boolean error = r.nextInt(100) < 3;
    Usage usage = error ? Usage.ZERO : new Usage(r.nextLong(4000), r.nextLong(2000),
        r.nextLong(500), 0, r.nextLong(1500), r.nextLong(500), false);
    BigDecimal z = BigDecimal.ZERO;
    Spend cost = error ? Spend.zero(currency) : new Spend(currency,
        BigDecimal.valueOf(usage.input() * 2500, 9), BigDecimal.valueOf(usage.cacheRead() * 1250,
        9), BigDecimal.valueOf(usage.cacheWrite() * 3750, 9), z,
        BigDecimal.valueOf(usage.output() * 10_000, 9),
        BigDecimal.valueOf(usage.reasoning() * 10_000, 9));
    long latency = 200 + (long) (Math.exp(r.nextDouble() * 4) * 150);
    String m = "model-" + model;
    // in time order, as the writer receives them, spread evenly with a little jitter
    long at = i * (Duration.ofDays(DAYS).toMillis() / rows) + r.nextLong(1000);
    return new LedgerEntry("req-" + i, start.plusMillis(at), "key-" + key,
        "team-" + (key % 10), "tag-" + tag, "openai", "chat", m, provider + "/" + m, provider, m,
        1, r.nextBoolean(), error ? 502 : 200, error ? "api_error" : null,
        error ? "upstream_error" : null, usage, cost, false, null, null, latency,
        latency / 3, false, fingerprint(i));
  }
}
