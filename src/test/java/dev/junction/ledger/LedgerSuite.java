package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.Usage;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger's behaviour, run against each store (SQLite and PostgreSQL subclasses). Each test
 * gets a fresh, empty database. The timeout only guards against a hang (a blocking record()).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class LedgerSuite {

  static final Instant NOW = Instant.parse("2025-06-30T12:00:00Z");
  static final Instant EPOCH = Instant.EPOCH;
  static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");
  static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);
  static final LocalDate LAST_DAY = LocalDate.of(2099, 12, 31);

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Opens (creating and migrating on first use) this test's database. */
  abstract LedgerStore newStore();

  /** The database's dialect (which migration scripts it runs). */
  abstract Dialect dialect();

  /** A plain JDBC connection to this test's database, to check the stored columns. */
  abstract Connection connect() throws SQLException;

  LedgerStore store() {
    LedgerStore s = newStore();
    opened.add(s);
    return s;
  }

  Ledger ledger(LedgerStore store, LedgerConfig config, ManualClock clock) {
    Ledger l = Ledger.over(store, config, clock);
    opened.add(l);
    return l;
  }

  static LedgerConfig config() {
    return LedgerConfig.DEFAULTS.withFlushInterval(Duration.ofHours(1));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
  }

  long count(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ---- schema ----

  @Test
  void migrationsAreAppliedOnceAndAreIdempotent() throws SQLException {
    LedgerStore first = store();
    // every shipped script, by number
    List<Migrations.Migration> shipped = Migrations.available(Dialect.SQLITE);
    int newest = shipped.getLast().version();
    assertThat(shipped).extracting(Migrations.Migration::version).contains(1, 2, 3, 4);
    assertThat(first.schemaVersion()).isEqualTo(newest);
    assertThat(first.ping()).isTrue();
    first.write(List.of(Entries.plain("r1", NOW, "gpt-4o", "USD", "0.01")), true);
    first.migrate();
    first.migrate();
    LedgerStore second = store();
    assertThat(second.schemaVersion()).isEqualTo(newest);
    assertThat(count("SELECT COUNT(*) FROM schema_version")).isEqualTo(shipped.size());
    assertThat(count("SELECT MAX(version) FROM schema_version")).isEqualTo(newest);
    assertThat(second.entries(EPOCH, FAR)).extracting(LedgerEntry::requestId)
        .containsExactly("r1");
  }

  /**
   * Raw rows carry one index, by time: every read of them is by time, and each further index is a
   * b-tree every insert must update (V6 dropped V4's per-key and per-team ones).
   */
  @Test
  void rawEntriesAreIndexedByTimeOnly() throws SQLException {
    store();
    String sql = dialect() == Dialect.SQLITE
        ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_entry'"
        : "SELECT indexname FROM pg_indexes WHERE tablename = 'ledger_entry' "
            + "AND schemaname = current_schema()";
    List<String> names = new java.util.ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    assertThat(names).containsExactly("ledger_entry_ts");
  }

  // ---- exact round trip ----

  @Test
  void batchWriteReadsBackExactlyToTheLastDigit() throws SQLException {
    LedgerStore store = store();
    Instant t = Instant.parse("2025-03-04T05:06:07.891Z");
    LedgerEntry full = new LedgerEntry("req-full", t, "key_a1", "search", "chat", "openai", "chat",
        "fast", "openai/gpt-4o-mini", "openai", "gpt-4o-mini", 2, true, 200, null, null,
        new Usage(1, 2, 3, 4, 5, 6, true),
        new Spend("USD", new BigDecimal("0.000000123"), new BigDecimal("0.000000001"),
            BigDecimal.ZERO, new BigDecimal("0.5"), new BigDecimal("1.000000001"),
            new BigDecimal("1234567.891234567")),
        false, new BigDecimal("0.25"), new BigDecimal("0.000000123"), 1234, 56, true,
        "0123456789abcdef0123456789abcdef");
    LedgerEntry bare = new LedgerEntry("req-bare", t.plusMillis(1), null, null, null,
        "anthropic", "chat", "cheap", null, null, null, 3, false, 502, "api_error",
        "upstream_unavailable", Usage.ZERO, Spend.zero("CNY"), true, null, null, 15, -1, false,
        null);

    store.write(List.of(full, bare), true);

    List<LedgerEntry> back = store.entries(t, t.plusMillis(2));
    assertThat(back).containsExactly(full, bare);
    LedgerEntry f = back.getFirst();
    assertThat(f.cost().input().toPlainString()).isEqualTo("0.000000123");
    assertThat(f.cost().reasoning().toPlainString()).isEqualTo("1234567.891234567");
    assertThat(f.cost().total().toPlainString()).isEqualTo("1234569.391234692");
    assertThat(f.settled()).isEqualByComparingTo("0.000000123");
    assertThat(f.time()).isEqualTo(t);
    assertThat(back.get(1).keyId()).isNull();
    assertThat(back.get(1).reserved()).isNull();
    // stored as integers of nano-units
    assertThat(count("SELECT cost_input_nanos FROM ledger_entry WHERE request_id = 'req-full'"))
        .isEqualTo(123);
    assertThat(count("SELECT cost_total_nanos FROM ledger_entry WHERE request_id = 'req-full'"))
        .isEqualTo(1_234_569_391_234_692L);
    // the window is [from, to)
    assertThat(store.entries(t, t.plusMillis(1))).containsExactly(full);
    assertThat(store.entries(t.plusMillis(2), FAR)).isEmpty();
  }

  // ---- rollups ----

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 42, 20250131})
  void rollupsEqualTheSumOfRawRows(long seed) throws SQLException {
    SplittableRandom r = new SplittableRandom(seed);
    Instant start = Instant.parse("2025-01-30T00:00:00Z");
    List<LedgerEntry> generated = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      generated.add(Entries.random(r, "req-" + seed + "-" + i, start, Duration.ofDays(4).toMillis()));
    }
    int batch = 1 + r.nextInt(200);
    Ledger ledger = ledger(store(), config().withQueue(batch, 5000),
        new ManualClock(start.plus(Duration.ofDays(5))));
    generated.forEach(e -> assertThat(ledger.record(e)).isTrue());
    ledger.close();

    LedgerStore store = store();
    List<LedgerEntry> raw = store.entries(EPOCH, FAR);
    assertThat(ledger.stats().written()).isEqualTo(1500);
    assertThat(raw).hasSize(1500).containsExactlyInAnyOrderElementsOf(generated);

    Map<String, long[]> expected = new HashMap<>();
    for (LedgerEntry e : raw) {
      String key = String.join("|", e.time().toString().substring(0, 10), orEmpty(e.provider()),
          e.upstreamModel() != null ? e.upstreamModel() : e.requestedModel(), orEmpty(e.keyId()),
          orEmpty(e.team()), orEmpty(e.tag()), e.cost().currency());
      long[] s = expected.computeIfAbsent(key, k -> new long[19]);
      Usage u = e.tokens();
      Spend c = e.cost();
      long[] add = {1, e.status() >= 400 || e.errorCode() != null ? 1 : 0, e.unpriced() ? 1 : 0,
          e.cacheHit() ? 1 : 0, u.estimated() ? 1 : 0, u.input(), u.cacheRead(), u.cacheWrite(),
          u.cacheWrite1h(), u.output(), u.reasoning(), nanos(c.input()), nanos(c.cacheRead()),
          nanos(c.cacheWrite()), nanos(c.cacheWrite1h()), nanos(c.output()),
          nanos(c.reasoning()), e.latencyMillis(), 0};
      for (int i = 0; i < 18; i++) {
        s[i] += add[i];
      }
      s[18] = Math.max(s[18], e.latencyMillis());
    }
    Map<String, long[]> actual = new HashMap<>();
    for (DailyRollup d : store.rollups(FIRST_DAY, LAST_DAY)) {
      Tally t = d.tally();
      Usage u = t.tokens();
      Spend c = t.cost();
      String key = String.join("|", d.day().toString(), d.provider(), d.model(), d.keyId(),
          d.team(), d.tag(), c.currency());
      long[] row = {t.requests(), t.errors(), t.unpriced(), t.cacheHits(), t.estimated(),
          u.input(), u.cacheRead(), u.cacheWrite(), u.cacheWrite1h(), u.output(), u.reasoning(),
          nanos(c.input()), nanos(c.cacheRead()), nanos(c.cacheWrite()), nanos(c.cacheWrite1h()),
          nanos(c.output()), nanos(c.reasoning()), t.latencySumMillis(), t.latencyMaxMillis()};
      assertThat(actual.put(key, row)).as("one rollup row per key: " + key).isNull();
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).containsExactly(v));
    // and by an independent path: the database's own sums, per currency
    for (String cur : List.of("USD", "CNY")) {
      assertThat(count("SELECT SUM(cost_total_nanos) FROM ledger_rollup WHERE currency = '" + cur
          + "'")).isEqualTo(count("SELECT SUM(cost_total_nanos) FROM ledger_entry "
          + "WHERE currency = '" + cur + "'"));
    }
    assertThat(count("SELECT SUM(requests) FROM ledger_rollup")).isEqualTo(1500);
  }

  @Test
  void rollupKeysNeverCollideWhateverTheText() {
    LedgerStore store = store();
    BigDecimal z = BigDecimal.ZERO;
    Spend cost = new Spend("USD", new BigDecimal("1"), z, z, z, z, z);
    LedgerEntry a = new LedgerEntry("a", NOW, null, null, null, "openai", "chat", "x",
        null, "p|q", "m", 1, false, 200, null, null, Usage.ZERO, cost, false, null, null, 1, -1,
        false, null);
    LedgerEntry b = new LedgerEntry("b", NOW, null, null, null, "openai", "chat", "x",
        null, "p", "q|m", 1, false, 200, null, null, Usage.ZERO, cost, false, null, null, 1, -1,
        false, null);
    store.write(List.of(a, b), true);
    assertThat(store.rollups(FIRST_DAY, LAST_DAY)).extracting(d -> d.provider() + "/" + d.model())
        .containsExactlyInAnyOrder("p|q/m", "p/q|m");
  }

  @Test
  void rollupsOffWritesRawRowsOnly() {
    Ledger ledger = ledger(store(), config().withRollup(false), new ManualClock(NOW));
    ledger.record(Entries.plain("r1", NOW, "gpt-4o", "USD", "0.01"));
    assertThat(ledger.flush(Duration.ofSeconds(30))).isTrue();
    LedgerStore store = store();
    assertThat(store.entries(EPOCH, FAR)).hasSize(1);
    assertThat(store.rollups(FIRST_DAY, LAST_DAY)).isEmpty();
  }

  // ---- retention ----

  @Test
  void retentionDeletesOnlyOldRawRowsAndKeepsRollups() {
    ManualClock clock = new ManualClock(NOW);
    Ledger ledger = ledger(store(), config(), clock);
    for (int days : new int[] {40, 31, 29, 1}) {
      ledger.record(Entries.plain("d-" + days, NOW.minus(Duration.ofDays(days)), "gpt-4o", "USD",
          "0.01"));
    }
    assertThat(ledger.flush(Duration.ofSeconds(30))).isTrue();
    LedgerStore store = store();
    assertThat(store.entries(EPOCH, FAR)).extracting(LedgerEntry::requestId)
        .containsExactly("d-29", "d-1");

    clock.advance(Duration.ofDays(2).plus(LedgerWriter.RETENTION_EVERY));
    assertThat(ledger.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(store.entries(EPOCH, FAR)).extracting(LedgerEntry::requestId)
        .containsExactly("d-1");

    List<DailyRollup> rollups = store.rollups(FIRST_DAY, LAST_DAY);
    assertThat(rollups).extracting(DailyRollup::day).containsExactly(
        LocalDate.of(2025, 5, 21), LocalDate.of(2025, 5, 30), LocalDate.of(2025, 6, 1),
        LocalDate.of(2025, 6, 29));
    assertThat(rollups).allSatisfy(d -> assertThat(d.tally().cost().total())
        .isEqualByComparingTo("0.01"));
  }

  @Test
  void zeroRetentionKeepsRawRowsForever() {
    ManualClock clock = new ManualClock(NOW);
    Ledger ledger = ledger(store(), config().withRetention(Duration.ZERO), clock);
    ledger.record(Entries.plain("old", NOW.minus(Duration.ofDays(4000)), "gpt-4o", "USD", "1"));
    clock.advance(Duration.ofDays(2));
    assertThat(ledger.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(store().entries(EPOCH, FAR)).hasSize(1);
  }

  // ---- the queue ----

  @Test
  void aFullQueueDropsAndCountsWithoutBlocking() throws InterruptedException {
    ScriptedStore store = new ScriptedStore(store());
    store.holdWrites();
    Ledger ledger = ledger(store, config().withQueue(5, 10), new ManualClock(NOW));
    for (int i = 0; i < 5; i++) {
      assertThat(ledger.record(Entries.plain("q" + i, NOW, "m", "USD", "0.01"))).isTrue();
    }
    // the full batch woke the writer, which now hangs in the database with those 5 entries
    assertThat(store.awaitHeldWrite()).isTrue();
    List<Boolean> accepted = new ArrayList<>();
    for (int i = 5; i < 22; i++) {
      accepted.add(ledger.record(Entries.plain("q" + i, NOW, "m", "USD", "0.01")));
    }
    assertThat(accepted.subList(0, 10)).containsOnly(true);
    assertThat(accepted.subList(10, 17)).containsOnly(false);
    LedgerStats during = ledger.stats();
    assertThat(during.accepted()).isEqualTo(15);
    assertThat(during.dropped()).isEqualTo(7);
    assertThat(during.queued()).isEqualTo(15);

    store.release();
    ledger.close();
    assertThat(ledger.stats()).isEqualTo(new LedgerStats(15, 15, 7, 0, 0, 0));
    assertThat(store().entries(EPOCH, FAR)).hasSize(15);
    assertThat(ledger.record(Entries.plain("late", NOW, "m", "USD", "0.01"))).isFalse();
    assertThat(ledger.stats().dropped()).isEqualTo(8);
  }

  @Test
  void closeWritesEverythingAccepted() {
    // an hour between flushes and batches larger than the load: only close() writes
    Ledger ledger = ledger(store(), config().withQueue(1000, 5000), new ManualClock(NOW));
    for (int i = 0; i < 250; i++) {
      ledger.record(Entries.plain("c" + i, NOW.plusMillis(i), "m", "USD", "0.000000001"));
    }
    ledger.close();
    assertThat(ledger.stats().written()).isEqualTo(250);
    LedgerStore store = store();
    assertThat(store.entries(EPOCH, FAR)).hasSize(250);
    assertThat(store.rollups(FIRST_DAY, LAST_DAY).getFirst().tally().cost().total())
        .isEqualByComparingTo("0.00000025");
  }

  @Test
  void concurrentRecordsLoseNothing() throws Exception {
    Ledger ledger = ledger(store(), config().withQueue(500, 50_000), new ManualClock(NOW));
    int threads = 8;
    int each = 2500;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger refused = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          if (!ledger.record(Entries.plain("t" + id + "-" + i, NOW.plusMillis(i), "m" + id,
              "USD", "0.000000007"))) {
            refused.incrementAndGet();
          }
        }
      }));
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    ledger.close();
    assertThat(refused).hasValue(0);
    LedgerStore store = store();
    Set<String> ids = store.entries(EPOCH, FAR).stream().map(LedgerEntry::requestId)
        .collect(Collectors.toSet());
    assertThat(ids).hasSize(threads * each);
    Set<String> expected = new HashSet<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < each; i++) {
        expected.add("t" + t + "-" + i);
      }
    }
    assertThat(ids).isEqualTo(expected);
    assertThat(count("SELECT SUM(requests) FROM ledger_rollup")).isEqualTo(threads * each);
    assertThat(count("SELECT SUM(cost_total_nanos) FROM ledger_rollup"))
        .isEqualTo(7L * threads * each);
  }

  // ---- failures ----

  @Test
  void anUnavailableDatabaseIsRetriedUntilItAnswers() {
    ScriptedStore store = new ScriptedStore(store());
    store.failNext(2);
    Ledger ledger = ledger(store, config().withQueue(10, 100), new ManualClock(NOW));
    for (int i = 0; i < 10; i++) {
      ledger.record(Entries.plain("u" + i, NOW, "m", "USD", "0.01"));
    }
    int flushes = 0;
    while (!ledger.flush(Duration.ofSeconds(30)) && flushes < 5) {
      flushes++;
    }
    LedgerStats s = ledger.stats();
    assertThat(s.failedWrites()).isEqualTo(2);
    assertThat(s.written()).isEqualTo(10);
    assertThat(s.rejected()).isZero();
    assertThat(store().entries(EPOCH, FAR)).hasSize(10);
  }

  @Test
  void anEntryTheDatabaseRefusesIsSetAsideAndTheRestWritten() {
    ScriptedStore store = new ScriptedStore(store());
    store.poison("p3");
    Ledger ledger = ledger(store, config().withQueue(10, 100), new ManualClock(NOW));
    for (int i = 0; i < 10; i++) {
      ledger.record(Entries.plain("p" + i, NOW, "m", "USD", "0.01"));
    }
    assertThat(ledger.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(ledger.stats().written()).isEqualTo(9);
    assertThat(ledger.stats().rejected()).isEqualTo(1);
    LedgerStore s = store();
    assertThat(s.entries(EPOCH, FAR)).extracting(LedgerEntry::requestId).hasSize(9)
        .doesNotContain("p3");
    assertThat(s.rollups(FIRST_DAY, LAST_DAY).getFirst().tally().requests()).isEqualTo(9);
  }

  @Test
  void textWithNulCharactersIsStored() {
    LedgerStore store = store();
    LedgerEntry e = Entries.plain("nul", NOW, "gpt\0-4o", "USD", "0.01");
    store.write(List.of(e), true);
    assertThat(store.entries(EPOCH, FAR).getFirst().upstreamModel()).isEqualTo("gpt-4o");
  }

  // ---- reports ----

  /** Six calls over a week and a month boundary, in USD and CNY (see the assertions). */
  static List<LedgerEntry> reportData() {
    return List.of(
        call("e1", "2025-01-30T10:00:00Z", "gpt-4o-mini", "openai", "key_a", "search", "chat",
            "USD", "0.10", 200, 100),
        call("e2", "2025-01-30T11:00:00Z", "gpt-4o-mini", "openai", "key_b", "ads", "chat",
            "USD", "0.000000123", 200, 300),
        call("e3", "2025-01-31T09:00:00Z", "claude-sonnet-4-5", "anthropic", "key_a", "search",
            "agent", "USD", "1.50", 500, 50),
        call("e4", "2025-02-01T12:00:00Z", "deepseek-chat", "deepseek", "key_b", "ads", null,
            "CNY", "2.00", 200, 200),
        call("e5", "2025-02-03T08:00:00Z", "gpt-4o-mini", "openai", "key_a", "search", "chat",
            "USD", "0.25", 200, 400),
        call("e6", "2025-02-03T09:00:00Z", "deepseek-chat", "deepseek", "key_c", null,
            "summarize", "CNY", "0.5", 200, 1000));
  }

  static LedgerEntry call(String id, String time, String model, String provider,
      @Nullable String key, @Nullable String team, @Nullable String tag, String currency,
      String cost, int status, long latency) {
    BigDecimal z = BigDecimal.ZERO;
    return new LedgerEntry(id, Instant.parse(time), key, team, tag, "openai", "chat", model,
        provider + "/" + model, provider, model, 1, false, status,
        status >= 400 ? "api_error" : null, status >= 400 ? "500" : null,
        new Usage(1000, 100, 0, 0, 50, 10, false),
        new Spend(currency, z, z, z, z, new BigDecimal(cost), z), false, null, null, latency, -1,
        false, null);
  }

  static final LocalDate JAN_30 = LocalDate.of(2025, 1, 30);
  static final LocalDate FEB_03 = LocalDate.of(2025, 2, 3);

  /** Rows as "period group currency requests cost" lines, easy to compare whole. */
  static List<String> lines(List<SpendRow> rows) {
    return rows.stream().map(r -> r.period() + " " + r.group() + " " + r.currency() + " "
        + r.tally().requests() + " " + r.tally().cost().total().stripTrailingZeros()
        .toPlainString()).toList();
  }

  @Test
  void spendGroupsByDayWeekAndMonthPerCurrency() {
    LedgerStore store = store();
    store.write(reportData(), true);

    assertThat(lines(SpendReport.spend(store,
        new SpendQuery(JAN_30, FEB_03, Dimension.MODEL, Period.DAY)))).containsExactly(
        "2025-01-30 gpt-4o-mini USD 2 0.100000123",
        "2025-01-31 claude-sonnet-4-5 USD 1 1.5",
        "2025-02-01 deepseek-chat CNY 1 2",
        "2025-02-03 deepseek-chat CNY 1 0.5",
        "2025-02-03 gpt-4o-mini USD 1 0.25");
    assertThat(lines(SpendReport.spend(store,
        new SpendQuery(JAN_30, FEB_03, Dimension.MODEL, Period.WEEK)))).containsExactly(
        "2025-01-27 deepseek-chat CNY 1 2",
        "2025-01-27 claude-sonnet-4-5 USD 1 1.5",
        "2025-01-27 gpt-4o-mini USD 2 0.100000123",
        "2025-02-03 deepseek-chat CNY 1 0.5",
        "2025-02-03 gpt-4o-mini USD 1 0.25");
    assertThat(lines(SpendReport.spend(store,
        new SpendQuery(JAN_30, FEB_03, Dimension.PROVIDER, Period.MONTH)))).containsExactly(
        "2025-01-01 anthropic USD 1 1.5",
        "2025-01-01 openai USD 2 0.100000123",
        "2025-02-01 deepseek CNY 2 2.5",
        "2025-02-01 openai USD 1 0.25");
    // the range is inclusive and filters by UTC day
    assertThat(lines(SpendReport.spend(store, new SpendQuery(LocalDate.of(2025, 1, 31),
        LocalDate.of(2025, 2, 1), Dimension.TEAM, Period.TOTAL)))).containsExactly(
        "2025-01-31 ads CNY 1 2",
        "2025-01-31 search USD 1 1.5");
  }

  @Test
  void spendByTeamKeyAndTagKeepsCurrenciesApart() {
    LedgerStore store = store();
    store.write(reportData(), true);
    List<SpendRow> byTeam = SpendReport.spend(store,
        new SpendQuery(JAN_30, FEB_03, Dimension.TEAM, Period.TOTAL));
    assertThat(lines(byTeam)).containsExactly(
        "2025-01-30 ads CNY 1 2",
        "2025-01-30  CNY 1 0.5",
        "2025-01-30 search USD 3 1.85",
        "2025-01-30 ads USD 1 0.000000123");
    assertThat(lines(SpendReport.totals(byTeam))).containsExactly(
        "2025-01-30  CNY 2 2.5",
        "2025-01-30  USD 4 1.850000123");
    SpendRow search = byTeam.get(2);
    assertThat(search.tally().errors()).isEqualTo(1);
    assertThat(search.tally().tokens().input()).isEqualTo(3000);
    assertThat(search.tally().tokens().cacheRead()).isEqualTo(300);
    assertThat(search.tally().tokens().reasoning()).isEqualTo(30);
    assertThat(search.tally().latencyMaxMillis()).isEqualTo(400);
    assertThat(search.tally().latencySumMillis()).isEqualTo(550);
    assertThat(lines(SpendReport.spend(store,
        new SpendQuery(JAN_30, FEB_03, Dimension.TAG, Period.TOTAL)))).containsExactly(
        "2025-01-30  CNY 1 2",
        "2025-01-30 summarize CNY 1 0.5",
        "2025-01-30 agent USD 1 1.5",
        "2025-01-30 chat USD 3 0.350000123");
  }

  @Test
  void topCostCentresArePerCurrency() {
    LedgerStore store = store();
    store.write(reportData(), true);
    assertThat(lines(SpendReport.top(store, JAN_30, FEB_03, Dimension.KEY, 1))).containsExactly(
        "2025-01-30 key_b CNY 1 2",
        "2025-01-30 key_a USD 3 1.85");
    assertThat(lines(SpendReport.top(store, JAN_30, FEB_03, Dimension.KEY, 5))).containsExactly(
        "2025-01-30 key_b CNY 1 2",
        "2025-01-30 key_c CNY 1 0.5",
        "2025-01-30 key_a USD 3 1.85",
        "2025-01-30 key_b USD 1 0.000000123");
  }

  @Test
  void latencyPercentilesAndErrorRatePerModel() {
    LedgerStore store = store();
    List<LedgerEntry> data = new ArrayList<>(reportData());
    for (int i = 1; i <= 20; i++) {
      data.add(call("l" + i, "2025-02-02T00:00:" + (10 + i) + "Z", "mistral-large", "mistral",
          "key_a", "search", "chat", "EUR", "0.01", i % 10 == 0 ? 429 : 200, i * 10L));
    }
    store.write(data, true);
    List<LatencyRow> rows = SpendReport.latency(store, Instant.parse("2025-01-30T00:00:00Z"),
        Instant.parse("2025-02-04T00:00:00Z"));
    // whole days: from the histograms, exact where a bucket held one distinct value
    assertThat(rows.subList(0, 3)).containsExactly(
        new LatencyRow("claude-sonnet-4-5", 1, 1, -1, -1, -1),
        new LatencyRow("deepseek-chat", 2, 0, 200, 1000, 1000),
        new LatencyRow("gpt-4o-mini", 3, 0, 300, 400, 400));
    // successes: 10..190 ms without 100 (errors at i = 10 and 20): 18 values; 180 and 190 share
    // a bucket, so p95 (190) is estimated within 5 %
    LatencyRow mistral = rows.get(3);
    assertThat(mistral).extracting(LatencyRow::model, LatencyRow::requests, LatencyRow::errors,
        LatencyRow::p50Millis, LatencyRow::maxMillis)
        .containsExactly("mistral-large", 20L, 2L, 90L, 190L);
    assertThat((double) mistral.p95Millis()).isCloseTo(190,
        org.assertj.core.data.Percentage.withPercentage(5));
    // within one day the report reads raw rows and is exact
    assertThat(SpendReport.latency(store, Instant.parse("2025-02-02T00:00:00Z"),
        Instant.parse("2025-02-02T23:00:00Z"))).containsExactly(
        new LatencyRow("mistral-large", 20, 2, 90, 190, 190));
    assertThat(rows.get(3).errorRate()).isEqualTo(0.1);
    // the window is [from, to): only e5 and e6 on Feb 3
    assertThat(SpendReport.latency(store, Instant.parse("2025-02-03T00:00:00Z"),
        Instant.parse("2025-02-04T00:00:00Z"))).extracting(LatencyRow::model)
        .containsExactly("deepseek-chat", "gpt-4o-mini");
  }

  @Test
  void latencyOverWholeDaysComesFromHistogramsWithinFivePercentOfExact() {
    LedgerStore store = store();
    // four days of a long-tailed latency mix over three models, 3 % errors
    SplittableRandom r = new SplittableRandom(11);
    List<LedgerEntry> data = new ArrayList<>();
    Instant start = Instant.parse("2025-03-01T00:00:00Z");
    for (int i = 0; i < 6000; i++) {
      long latency = (long) Math.exp(r.nextDouble() * 12); // 1 ms .. ~2.7 min
      int status = r.nextInt(100) < 3 ? 500 : 200;
      data.add(call("h" + i, start.plusMillis(i * 57_600L + r.nextLong(1000)).toString(),
          "model-" + (i % 3), "openai", "key_a", null, null, "USD", "0.01", status, latency));
    }
    store.write(data, true);
    // window: noon of day 1 to noon of day 4: three partial half-days and two whole days
    Instant from = start.plus(Duration.ofHours(12));
    Instant to = start.plus(Duration.ofHours(84));
    List<LatencyRow> rows = SpendReport.latency(store, from, to);
    List<LatencyRow> exact = exactLatency(data, from, to);
    assertThat(rows).hasSameSizeAs(exact).hasSize(3);
    for (int i = 0; i < rows.size(); i++) {
      LatencyRow got = rows.get(i);
      LatencyRow want = exact.get(i);
      assertThat(got.model()).isEqualTo(want.model());
      assertThat(got.requests()).isEqualTo(want.requests());
      assertThat(got.errors()).isEqualTo(want.errors());
      assertThat(got.maxMillis()).isEqualTo(want.maxMillis());
      assertThat((double) got.p50Millis()).isCloseTo(want.p50Millis(),
          org.assertj.core.data.Percentage.withPercentage(5));
      assertThat((double) got.p95Millis()).isCloseTo(want.p95Millis(),
          org.assertj.core.data.Percentage.withPercentage(5));
    }
    // the histograms are kept when the retention deletes the raw rows
    store.deleteEntriesBefore(FAR);
    assertThat(store.entries(EPOCH, FAR)).isEmpty();
    List<LatencyRow> wholeDays = SpendReport.latency(store, start, start.plus(Duration.ofDays(4)));
    assertThat(wholeDays).extracting(LatencyRow::requests).containsExactly(2000L, 2000L, 2000L);
    // a window without a whole day reads raw rows only (none left)
    assertThat(SpendReport.latency(store, from, from.plus(Duration.ofHours(20)))).isEmpty();
  }

  @Test
  void latencyHistogramsAreWrittenWithTheBatchAndOnlyWithRollups() throws SQLException {
    LedgerStore store = store();
    store.write(reportData(), false);
    assertThat(count("SELECT COUNT(*) FROM ledger_latency")).isZero();
    store.write(reportData(), true);
    // e1..e6: one error (claude, Jan 31); per (day, model, bucket) one row
    assertThat(count("SELECT SUM(entries) FROM ledger_latency")).isEqualTo(6);
    assertThat(count("SELECT SUM(entries) FROM ledger_latency WHERE bucket = -1")).isEqualTo(1);
    store.write(reportData(), true);
    assertThat(count("SELECT SUM(entries) FROM ledger_latency")).isEqualTo(12);
    assertThat(count("SELECT COUNT(*) FROM ledger_latency")).isEqualTo(reportData().stream()
        .map(e -> LatencyTable.day(e) + " " + e.model() + " " + (e.status() >= 400 ? -1
            : LatencyHistogram.bucketOf(e.latencyMillis()))).distinct().count());
  }

  /** Nearest-rank percentiles of the successes, computed here from the entries themselves. */
  static List<LatencyRow> exactLatency(List<LedgerEntry> data, Instant from, Instant to) {
    Map<String, List<LedgerEntry>> byModel = data.stream()
        .filter(e -> !e.time().isBefore(from) && e.time().isBefore(to))
        .collect(Collectors.groupingBy(LedgerEntry::model, java.util.TreeMap::new,
            Collectors.toList()));
    List<LatencyRow> out = new ArrayList<>();
    byModel.forEach((model, es) -> {
      long[] ok = es.stream().filter(e -> e.status() < 400).mapToLong(LedgerEntry::latencyMillis)
          .sorted().toArray();
      long errors = es.size() - ok.length;
      out.add(new LatencyRow(model, es.size(), errors,
          ok[(int) Math.ceil(0.5 * ok.length) - 1], ok[(int) Math.ceil(0.95 * ok.length) - 1],
          ok[ok.length - 1]));
    });
    return out;
  }

  /**
   * A V2 ledger gets latency histograms from the raw rows it still has (V3); days the retention
   * already emptied have none, and the report then reads the same from histograms as from rows.
   */
  @Test
  void aVersionTwoLedgerGetsHistogramsFromItsRemainingRawRows() throws SQLException {
    migrateUpTo(2);
    // what a V2 build wrote: rows over three days, then the retention deleted the first day
    SplittableRandom r = new SplittableRandom(3);
    List<LedgerEntry> data = new ArrayList<>();
    Instant start = Instant.parse("2025-04-01T00:00:00Z");
    for (int i = 0; i < 900; i++) {
      data.add(call("v" + i, start.plusSeconds(i * 288L).toString(), "m" + (i % 2),
          "openai", null, null, null, "USD", "0.01", i % 25 == 0 ? 502 : 200,
          (long) Math.exp(r.nextDouble() * 9)));
    }
    insertThenRetainFrom(data, start.plus(Duration.ofDays(1)));
    LedgerStore store = store();
    assertThat(store.schemaVersion()).isGreaterThanOrEqualTo(3);
    Instant day2 = start.plus(Duration.ofDays(1));
    Instant end = start.plus(Duration.ofDays(3));
    // two whole days: from the histograms the migration built
    List<LatencyRow> fromHistograms = store.latency(start, end);
    List<LatencyRow> exact = exactLatency(data, day2, end);
    assertThat(fromHistograms).extracting(LatencyRow::model, LatencyRow::requests,
        LatencyRow::errors, LatencyRow::maxMillis).containsExactlyElementsOf(exact.stream()
        .map(x -> org.assertj.core.groups.Tuple.tuple(x.model(), x.requests(), x.errors(),
            x.maxMillis())).toList());
    for (int i = 0; i < exact.size(); i++) {
      long want = exact.get(i).p95Millis();
      assertThat(Math.abs(fromHistograms.get(i).p95Millis() - want) * 100)
          .isLessThanOrEqualTo(5 * want);
    }
    // the first day's rows were gone before V3: it has no histogram
    assertThat(store.latency(start, day2)).isEmpty();
    // new writes add to the migrated histograms
    store.write(List.of(call("new", day2.plusSeconds(5).toString(), "m0",
        "openai", null, null, null, "USD", "0.01", 200, 7)), true);
    assertThat(store.latency(start, end).getFirst().requests())
        .isEqualTo(exact.getFirst().requests() + 1);
  }

  // ---- hint facts (V5) ----

  private static final String[][] HINT_MODELS = {{"openai", "gpt-4o", "USD"},
      {"openai", "gpt-4o-2024-08-06", "USD"}, {"anthropic", "claude-sonnet-4-5", "USD"},
      {"openai", "gpt-4o-mini", "USD"}, {"deepseek", "deepseek-chat", "CNY"}};

  /**
   * Gateway-like calls in time order, one every 40 s on average from {@code start}: small and
   * large prompts, failures (also a stream that failed after a 200), unpriced and cached calls,
   * three tags, two currencies, and fingerprints from a small pool (so many repeat within the
   * hour and some after it), unique ones and none.
   */
  static List<LedgerEntry> hintData(long seed, Instant start, int n, String prefix) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] tags = {null, "support", "search"};
    List<LedgerEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] m = HINT_MODELS[r.nextInt(HINT_MODELS.length)];
      int status = r.nextInt(100) < 5 ? 500 : 200;
      String errorCode = status >= 400 ? "500" : r.nextInt(100) < 2 ? "stream_error" : null;
      int h = r.nextInt(10);
      String hash = h < 6 ? "%032x".formatted(r.nextInt(60)) : h < 8 ? prefix + i : null;
      Usage usage = new Usage(r.nextInt(900), r.nextInt(3) == 0 ? r.nextInt(200) : 0, 0, 0,
          r.nextInt(300), 0, false);
      BigDecimal z = BigDecimal.ZERO;
      out.add(new LedgerEntry(prefix + i, start.plusMillis(i * 40_000L + r.nextInt(30_000)),
          null, null, tags[r.nextInt(tags.length)], "openai", "chat", m[1], m[0] + "/" + m[1],
          m[0], m[1], 1, false, status, errorCode == null ? null : "api_error", errorCode, usage,
          new Spend(m[2], Spend.fromNanos(r.nextLong(1, 20_000_000)), z, z, z, z, z),
          r.nextInt(100) < 3, null, null, 100, -1, r.nextInt(100) < 3, hash));
    }
    return out;
  }

  /** Writes in batches of 97, in time order, as the writer does. */
  static void writeInBatches(LedgerStore store, List<LedgerEntry> data) {
    for (int i = 0; i < data.size(); i += 97) {
      store.write(data.subList(i, Math.min(data.size(), i + 97)), true);
    }
  }

  /** The hints from the raw rows of the window (and of the hour before it, for repeats). */
  static List<Hint> fromRawRows(LedgerStore store, Instant from, Instant to) {
    return SpendHints.fromEntries(store.entries(from.minus(SpendHints.REPEAT_WINDOW), to), from,
        dev.junction.pricing.PriceCatalogue.builtIn());
  }

  /** Repeats, fingerprinted calls and repeat cost per currency, counted here the plain way. */
  static Map<String, List<BigDecimal>> repeatsByHand(List<LedgerEntry> data, Instant from,
      Instant to) {
    Map<String, Instant> last = new HashMap<>();
    Map<String, List<BigDecimal>> out = new java.util.TreeMap<>();
    for (LedgerEntry e : data) {
      if (e.promptHash() == null || e.status() >= 400 || e.errorCode() != null
          || !e.time().isBefore(to)) {
        continue;
      }
      String k = e.cost().currency() + "/" + e.promptHash();
      Instant before = last.put(k, e.time());
      if (e.time().isBefore(from)) {
        continue;
      }
      boolean repeat = before != null
          && Duration.between(before, e.time()).compareTo(Duration.ofHours(1)) <= 0;
      List<BigDecimal> s = out.computeIfAbsent(e.cost().currency(),
          c -> new ArrayList<>(List.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO)));
      s.set(1, s.get(1).add(BigDecimal.ONE));
      if (repeat) {
        s.set(0, s.get(0).add(BigDecimal.ONE));
        s.set(2, s.get(2).add(e.cost().total()));
      }
    }
    return out;
  }

  /**
   * Hints from the writer's daily facts equal the hints from the raw rows, for whole days,
   * partial days and windows within one day, also across a restart of the store (the repeat
   * window is refilled from the last hour of raw rows); the repeats and failed calls equal
   * counts made here from the generated calls.
   */
  @Test
  void hintsFromTheDailyFactsEqualHintsFromTheRawRows() {
    Instant start = Instant.parse("2025-05-01T00:00:00Z");
    List<LedgerEntry> data = hintData(11, start, 8_000, "h"); // about 3.7 days
    LedgerStore first = store();
    writeInBatches(first, data.subList(0, 4_321));
    first.close();
    LedgerStore store = store();
    writeInBatches(store, data.subList(4_321, data.size()));

    Instant day = start;
    List<Instant[]> windows = List.of(
        new Instant[] {start, start.plus(Duration.ofDays(3))},
        new Instant[] {start.plus(Duration.ofDays(1)), start.plus(Duration.ofDays(2))},
        new Instant[] {start.plus(Duration.ofHours(12)), start.plus(Duration.ofHours(60))},
        new Instant[] {start.plus(Duration.ofHours(5)), start.plus(Duration.ofHours(79))},
        new Instant[] {start.plus(Duration.ofHours(30)), start.plus(Duration.ofHours(40))},
        new Instant[] {start.minus(Duration.ofDays(1)), start.plus(Duration.ofDays(5))});
    for (Instant[] w : windows) {
      List<Hint> fromFacts = SpendHints.of(store, w[0], w[1]);
      assertThat(fromFacts).as("%s .. %s", w[0], w[1])
          .isEqualTo(fromRawRows(store, w[0], w[1]));
      Map<String, List<BigDecimal>> byHand = repeatsByHand(data, w[0], w[1]);
      for (Hint h : fromFacts) {
        if (h.kind() == Hint.Kind.REPEATED_PROMPTS) {
          List<BigDecimal> want = byHand.get(h.currency());
          assertThat(h.evidence().values()).as("%s .. %s", w[0], w[1])
              .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(want);
        }
        if (h.kind() == Hint.Kind.FAILED_CALLS) {
          List<LedgerEntry> in = data.stream().filter(e -> !e.time().isBefore(w[0])
              && e.time().isBefore(w[1]) && e.cost().currency().equals(h.currency())).toList();
          assertThat(h.evidence().get("failed_calls").longValue())
              .isEqualTo(in.stream().filter(LedgerEntry::isError).count());
          assertThat(h.evidence().get("calls").longValue()).isEqualTo(in.size());
        }
      }
    }
    List<Hint> threeDays = SpendHints.of(store, start, start.plus(Duration.ofDays(3)));
    assertThat(threeDays).extracting(Hint::kind).contains(Hint.Kind.SMALL_PROMPTS_ON_EXPENSIVE_MODEL,
        Hint.Kind.REPEATED_PROMPTS, Hint.Kind.FAILED_CALLS);
    assertThat(threeDays).filteredOn(h -> h.kind() == Hint.Kind.REPEATED_PROMPTS)
        .extracting(Hint::currency).containsExactly("CNY", "USD");
    // whole days are read from the facts: they outlive the raw rows
    store.deleteEntriesBefore(FAR);
    assertThat(SpendHints.of(store, day, day.plus(Duration.ofDays(3)))).isEqualTo(threeDays);
  }

  /** A batch the database refuses leaves the repeat window as it was: the retry counts the same. */
  @Test
  void aRefusedBatchDoesNotCountItsPromptsAsSeen() throws SQLException {
    Instant t = Instant.parse("2025-05-02T10:00:00Z");
    LedgerStore store = store();
    List<LedgerEntry> data = hintData(5, t, 300, "r");
    LedgerEntry poisoned = call("bad", t.plusSeconds(1).toString(), "m", "openai", null, null,
        null, "USD", "9223372036.854775807", 200, 1);
    List<LedgerEntry> withBad = new ArrayList<>(data);
    withBad.add(poisoned);
    withBad.add(poisoned); // the rollup sum overflows: the whole batch is refused
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.write(withBad, true))
        .isInstanceOf(IllegalStateException.class);
    assertThat(count("SELECT COUNT(*) FROM ledger_hint")).isZero();
    store.write(data, true);
    Instant end = t.plus(Duration.ofDays(1));
    assertThat(SpendHints.of(store, t.truncatedTo(java.time.temporal.ChronoUnit.DAYS),
        end.truncatedTo(java.time.temporal.ChronoUnit.DAYS))).isEqualTo(
        fromRawRows(store, t, end));
  }

  /**
   * A V4 ledger gets its hint facts from the raw rows it still has (V5), with the repeats found
   * over them exactly; new writes add to them and find repeats of the rows written before.
   */
  @Test
  void aVersionFourLedgerGetsHintFactsFromItsRemainingRawRows() throws SQLException {
    migrateUpTo(4);
    Instant start = Instant.parse("2025-04-01T00:00:00Z");
    List<LedgerEntry> data = hintData(7, start, 6_000, "v"); // about 2.8 days
    insertThenRetainFrom(data, start.plus(Duration.ofDays(1)));
    LedgerStore store = store();
    assertThat(store.schemaVersion()).isGreaterThanOrEqualTo(5);
    Instant day2 = start.plus(Duration.ofDays(1));
    Instant day3 = start.plus(Duration.ofDays(2));
    assertThat(count("SELECT COUNT(*) FROM ledger_hint WHERE day < "
        + day2.toEpochMilli() / 86_400_000L)).isZero();
    List<Hint> migrated = SpendHints.of(store, day2, day3);
    assertThat(migrated).isEqualTo(fromRawRows(store, day2, day3));
    assertThat(migrated).filteredOn(h -> h.kind() == Hint.Kind.REPEATED_PROMPTS).isNotEmpty();
    // a new call repeating the newest successful fingerprinted row, written by the new build
    LedgerEntry newest = data.reversed().stream()
        .filter(e -> e.promptHash() != null && !e.isError()).findFirst().orElseThrow();
    Instant later = data.getLast().time().plusSeconds(60);
    LedgerEntry again = new LedgerEntry("again", later, null, null, newest.tag(), "openai",
        "chat", newest.requestedModel(), newest.deploymentId(), newest.provider(),
        newest.upstreamModel(), 1, false, 200, null, null, newest.tokens(), newest.cost(), false,
        null, null, 100, -1, false, newest.promptHash());
    Instant dayStart = later.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    Instant dayEnd = dayStart.plus(Duration.ofDays(1));
    long before = repeats(SpendHints.of(store, dayStart, dayEnd), newest.cost().currency());
    store.write(List.of(again), true);
    assertThat(repeats(SpendHints.of(store, dayStart, dayEnd), newest.cost().currency()))
        .isEqualTo(before + 1);
    assertThat(SpendHints.of(store, dayStart, dayEnd))
        .isEqualTo(fromRawRows(store, dayStart, dayEnd));
  }

  private static long repeats(List<Hint> hints, String currency) {
    return hints.stream().filter(h -> h.kind() == Hint.Kind.REPEATED_PROMPTS
        && h.currency().equals(currency)).mapToLong(h -> h.evidence().get("repeats").longValue())
        .sum();
  }

  private static long nanos(BigDecimal amount) {
    return amount.movePointRight(9).longValueExact();
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** Applies the shipped migrations up to {@code version} by hand, as an older build had. */
  private void migrateUpTo(int version) throws SQLException {
    try (Connection c = connect()) {
      OlderSchema.apply(c, dialect(), version);
    }
  }

  /** Inserts raw rows as an older build wrote them, then deletes those before {@code keep}. */
  private void insertThenRetainFrom(List<LedgerEntry> data, Instant keep) throws SQLException {
    try (Connection c = connect();
        java.sql.PreparedStatement ps = c.prepareStatement(EntryTable.INSERT)) {
      Params p = new Params(ps);
      for (LedgerEntry e : data) {
        EntryTable.bind(p, e);
        ps.addBatch();
      }
      ps.executeBatch();
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM ledger_entry WHERE ts_ms < " + keep.toEpochMilli());
      }
    }
  }
}
