package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.chat.Usage;
import dev.junction.gateway.CallRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The value types: exact amounts, entries built from calls, config validation, parsing. */
class ValuesTest {

  static final BigDecimal Z = BigDecimal.ZERO;

  @Test
  void amountsAreKeptToNineDigitsRoundingHalfEvenOnce() {
    Spend s = new Spend("USD", new BigDecimal("0.0000000125"), new BigDecimal("0.0000000135"),
        new BigDecimal("1"), Z, Z, Z);
    assertThat(s.input().toPlainString()).isEqualTo("0.000000012");
    assertThat(s.cacheRead().toPlainString()).isEqualTo("0.000000014");
    assertThat(s.cacheWrite().toPlainString()).isEqualTo("1.000000000");
    assertThat(s.total().toPlainString()).isEqualTo("1.000000026");
  }

  @Test
  void amountsOutsideTheStoredRangeAreRefused() {
    assertThatThrownBy(() -> new Spend("USD", new BigDecimal("9223372036.854775808"), Z, Z, Z,
        Z, Z)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input");
    assertThat(new Spend("USD", new BigDecimal("9223372036.854775807"), Z, Z, Z, Z, Z).input()
        .toPlainString()).isEqualTo("9223372036.854775807");
  }

  @Test
  void aTotalOutsideTheStoredRangeIsRefused() {
    BigDecimal half = new BigDecimal("5000000000");
    assertThatThrownBy(() -> new Spend("USD", half, half, Z, Z, Z, Z))
        .hasMessageContaining("total");
  }

  @Test
  void currenciesAreIsoCodesAndNeverAddedTogether() {
    assertThatThrownBy(() -> Spend.zero("usd")).hasMessageContaining("ISO 4217");
    assertThatThrownBy(() -> Spend.zero("USD").plus(Spend.zero("CNY")))
        .hasMessageContaining("cannot add CNY to USD");
  }

  @Test
  void anEntryFromACallRecordCarriesItsFacts() {
    Usage u = Usage.fromOpenAi(1200, 300, 200, 0, 50);
    CallRecord call = new CallRecord("req-9", Instant.parse("2025-01-02T03:04:05.678901Z"),
        "openai", "chat", "fast", "openai/gpt-4o-mini", "openai", "gpt-4o-mini", 2, true, 200,
        null, null, u, 840, 120, "checkout", null, "00ff");
    Spend cost = new Spend("USD", new BigDecimal("0.00015"), Z, Z, Z, new BigDecimal("0.00015"),
        Z);
    LedgerEntry e = LedgerEntry.of(call, "key_7f3a", "search", cost, false);
    assertThat(e.time()).isEqualTo(Instant.parse("2025-01-02T03:04:05.678Z"));
    assertThat(e.tag()).isEqualTo("checkout");
    assertThat(e.tokens()).isEqualTo(u);
    assertThat(e.model()).isEqualTo("gpt-4o-mini");
    assertThat(e.isError()).isFalse();
    assertThat(e.cacheHit()).isFalse();
    assertThat(e.withBudget(new BigDecimal("0.01"), new BigDecimal("0.0003")).settled())
        .isEqualByComparingTo("0.0003");
    assertThat(e.asCacheHit().cacheHit()).isTrue();
    assertThat(e.promptHash()).isEqualTo("00ff");
    assertThat(e.asCacheHit().withBudget(null, null).promptHash()).isEqualTo("00ff");

    CallRecord failed = new CallRecord("req-10", Instant.EPOCH, "anthropic", "chat", "smart",
        null, null, null, 3, true, 200, "api_error", "stream_interrupted", null, 10, -1, null, null,
        null);
    LedgerEntry f = LedgerEntry.of(failed, null, null, Spend.zero("USD"), true);
    assertThat(f.tokens()).isEqualTo(Usage.ZERO);
    assertThat(f.model()).isEqualTo("smart");
    assertThat(f.isError()).isTrue();
  }

  @Test
  void configDefaultsAndValidation() {
    LedgerConfig d = LedgerConfig.DEFAULTS;
    assertThat(d.store()).isEqualTo(LedgerConfig.Store.SQLITE);
    assertThat(d.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(d.rollup()).isTrue();
    assertThatThrownBy(() -> d.withFlushInterval(Duration.ZERO))
        .hasMessage("ledger.flush-interval: 0ms (expected: > 0)");
    assertThatThrownBy(() -> d.withQueue(100, 10))
        .hasMessage("ledger.queue-capacity: 10 (expected: >= batch-size 100)");
    assertThatThrownBy(() -> d.withRetention(Duration.ofDays(-1)))
        .hasMessageContaining("ledger.retention");
    assertThatThrownBy(() -> LedgerConfig.postgres("jdbc:mysql://x/y", null, null))
        .hasMessageContaining("jdbc:postgresql://");
    assertThat(LedgerConfig.sqlite(Path.of("x.db")).path()).isEqualTo(Path.of("x.db"));
    assertThat(d.repeatFingerprints()).isEqualTo(200_000);
    assertThat(d.withRepeatFingerprints(5).repeatFingerprints()).isEqualTo(5);
    assertThatThrownBy(() -> d.withRepeatFingerprints(0))
        .hasMessage("ledger.repeat-fingerprints: 0 (expected: >= 1)");
  }

  @Test
  void aDisabledLedgerStoresNothing() {
    Ledger none = Ledger.open(LedgerConfig.disabled());
    assertThat(none.record(Entries.plain("r", Instant.EPOCH, "m", "USD", "1"))).isTrue();
    assertThat(none.store()).isEmpty();
    assertThat(none.stats()).isEqualTo(LedgerStats.ZERO);
    none.close();
  }

  @Test
  void parsingNamesTheFlagAndTheChoices() {
    assertThat(Dimension.parse("Key")).isEqualTo(Dimension.KEY);
    assertThatThrownBy(() -> Dimension.parse("colour"))
        .hasMessage("--by: 'colour' (expected: model, provider, key, team or tag)");
    assertThat(Period.parse("week")).isEqualTo(Period.WEEK);
    assertThat(Period.WEEK.start(LocalDate.of(2025, 2, 1))).isEqualTo(LocalDate.of(2025, 1, 27));
    assertThat(Period.MONTH.start(LocalDate.of(2025, 2, 17))).isEqualTo(LocalDate.of(2025, 2, 1));
    assertThatThrownBy(() -> ReportFormat.parse("xml")).hasMessageContaining("--format");
    assertThatThrownBy(() -> new SpendQuery(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 1, 1),
        Dimension.MODEL, Period.DAY)).hasMessageContaining("before --from");
  }

  @Test
  void migrationScriptsSplitIntoStatements() {
    assertThat(Migrations.statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
    // the same script numbers on both databases
    assertThat(Migrations.available(Dialect.SQLITE)).extracting(Migrations.Migration::version)
        .containsExactlyElementsOf(Migrations.available(Dialect.POSTGRES).stream()
            .map(Migrations.Migration::version).toList())
        .contains(1, 2, 3, 4, 5);
    assertThat(Migrations.available(Dialect.SQLITE).getFirst().description())
        .isEqualTo("V1: ledger entries and daily rollups.");
    // the same schema change on both databases
    assertThat(Migrations.available(Dialect.SQLITE).get(1))
        .isEqualTo(Migrations.available(Dialect.POSTGRES).get(1));
    assertThat(Migrations.available(Dialect.SQLITE).get(1).statements())
        .containsExactly("ALTER TABLE ledger_entry ADD COLUMN prompt_hash TEXT");
    assertThat(Migrations.available(Dialect.SQLITE).get(3))
        .isEqualTo(Migrations.available(Dialect.POSTGRES).get(3));
    // V3: the same statements but for SQLite's WITHOUT ROWID on the histogram table
    Migrations.Migration v3 = Migrations.available(Dialect.SQLITE).stream()
        .filter(m -> m.version() == 3).findFirst().orElseThrow();
    Migrations.Migration v3pg = Migrations.available(Dialect.POSTGRES).stream()
        .filter(m -> m.version() == 3).findFirst().orElseThrow();
    assertThat(v3.statements()).hasSize(6);
    assertThat(v3.statements().stream().map(x -> x.replace(" WITHOUT ROWID", "")).toList())
        .isEqualTo(v3pg.statements());
    // V5 likewise, for the hint facts table
    Migrations.Migration v5 = Migrations.available(Dialect.SQLITE).stream()
        .filter(m -> m.version() == 5).findFirst().orElseThrow();
    Migrations.Migration v5pg = Migrations.available(Dialect.POSTGRES).stream()
        .filter(m -> m.version() == 5).findFirst().orElseThrow();
    assertThat(v5.description())
        .isEqualTo("V5: daily hint facts (SpendHints) per UTC day, tag, provider, model and currency.");
    assertThat(v5.statements()).hasSize(2);
    assertThat(v5.statements().stream().map(x -> x.replace(" WITHOUT ROWID", "")).toList())
        .isEqualTo(v5pg.statements());
  }
}
