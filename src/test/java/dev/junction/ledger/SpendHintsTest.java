package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.Usage;
import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.PriceCatalogue;
import dev.junction.pricing.TokenRates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Optimisation hints over hand-made entries; every expected number is worked out by hand in the
 * comments from the tokens and prices written here.
 */
class SpendHintsTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  /** The cheaper models' prices for the test, per million tokens. */
  private static final PriceCatalogue PRICES = PriceCatalogue.of(List.of(
      ModelPrice.of("openai", "gpt-4o-mini", "USD",
          TokenRates.of(new BigDecimal("0.15"), new BigDecimal("0.6"))),
      ModelPrice.of("anthropic", "claude-haiku-4-5", "USD", new TokenRates(
          new BigDecimal("1"), new BigDecimal("0.1"), null, null, new BigDecimal("5"), null))));

  @TempDir
  Path dir;

  private int seq;

  /** An entry; {@code cost} is all billed as input (the kind split does not matter to hints). */
  private LedgerEntry entry(@Nullable String tag, String provider, String model, int status,
      Usage tokens, String currency, String cost, boolean unpriced, boolean cacheHit) {
    BigDecimal z = BigDecimal.ZERO;
    return new LedgerEntry("req-" + seq++, T0.plusSeconds(seq), null, null, tag, "openai", "chat",
        model, provider + "/" + model, provider, model, 1, false, status,
        status >= 400 ? "api_error" : null, status >= 400 ? String.valueOf(status) : null,
        tokens, new Spend(currency, new BigDecimal(cost), z, z, z, z, z), unpriced, null, null,
        100, -1, cacheHit, null);
  }

  private static Usage io(long input, long output) {
    return new Usage(input, 0, 0, 0, output, 0, false);
  }

  private List<LedgerEntry> entries() {
    List<LedgerEntry> e = new ArrayList<>();
    // tag support, gpt-4o at $2.5/M in, $10/M out
    e.add(entry("support", "openai", "gpt-4o", 200, io(400, 100), "USD", "0.002", false, false));
    // 400*2.5e-6 = 0.001, 100*10e-6 = 0.001
    e.add(entry("support", "openai", "gpt-4o", 200, io(300, 200), "USD", "0.00275", false,
        false)); // 300*2.5e-6 = 0.00075, 200*10e-6 = 0.002
    e.add(entry("support", "openai", "gpt-4o", 200, io(2000, 100), "USD", "0.006", false,
        false)); // a large prompt: not a candidate
    e.add(entry("support", "openai", "gpt-4o", 500, io(200, 0), "USD", "0.0005", false,
        false)); // failed: not a candidate, counts as failed spend
    e.add(entry("support", "openai", "gpt-4o", 200, io(100, 10), "USD", "0", false,
        true)); // answered from the gateway's cache
    e.add(entry("support", "openai", "gpt-4o", 200, io(100, 10), "USD", "0", true,
        false)); // unpriced
    // tag search: sonnet with 100 input + 300 cache-read prompt tokens (400 < 500)
    e.add(entry("search", "anthropic", "claude-sonnet-4-5", 200,
        new Usage(100, 300, 0, 0, 50, 0, false), "USD", "0.00114", false, false));
    // 100*3e-6 = 0.0003, 300*0.3e-6 = 0.00009, 50*15e-6 = 0.00075
    e.add(entry("search", "openai", "gpt-4o-mini", 200, io(100, 100), "USD", "0.000075", false,
        false)); // no cheaper sibling
    // CNY traffic: one failed, one not
    e.add(entry(null, "deepseek", "deepseek-chat", 429, io(1000, 0), "CNY", "0.01", false,
        false));
    e.add(entry(null, "deepseek", "deepseek-chat", 200, io(1000, 100), "CNY", "0.03", false,
        false));
    return e;
  }

  @Test
  void hintsCarryTheExactNumbersOfTheEntries() {
    List<Hint> hints = SpendHints.of(entries(), PRICES);
    assertThat(hints).extracting(Hint::kind, Hint::tag, Hint::currency).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Hint.Kind.FAILED_CALLS, null, "CNY"),
        org.assertj.core.groups.Tuple.tuple(Hint.Kind.SMALL_PROMPTS_ON_EXPENSIVE_MODEL,
            "support", "USD"),
        org.assertj.core.groups.Tuple.tuple(Hint.Kind.SMALL_PROMPTS_ON_EXPENSIVE_MODEL,
            "search", "USD"),
        org.assertj.core.groups.Tuple.tuple(Hint.Kind.FAILED_CALLS, null, "USD"));

    // CNY: 0.01 of 0.04 failed
    Hint cny = hints.get(0);
    assertThat(cny.saving()).isEqualByComparingTo("0.01");
    assertThat(cny.share()).isEqualByComparingTo("0.25");
    assertThat(cny.evidence()).containsExactly(Map.entry("failed_calls", BigDecimal.ONE),
        Map.entry("calls", new BigDecimal(2)), Map.entry("failed_spend", new BigDecimal("0.01")),
        Map.entry("spend", new BigDecimal("0.04")));

    // support on gpt-4o, small prompts: the first two entries, 0.002 + 0.00275 = 0.00475.
    // gpt-4o-mini: 400*0.15e-6 + 100*0.6e-6 = 0.00012; 300*0.15e-6 + 200*0.6e-6 = 0.000165;
    // together 0.000285, saving 0.004465. Tag spend 0.002+0.00275+0.006+0.0005 = 0.01125,
    // share 0.00475/0.01125 = 0.42222 -> 0.4222; ratio 0.00475/0.000285 = 16.67 -> 1/17.
    Hint support = hints.get(1);
    assertThat(support.saving()).isEqualByComparingTo("0.004465");
    assertThat(support.share()).isEqualByComparingTo("0.4222");
    assertThat(support.evidence()).containsExactly(Map.entry("calls", new BigDecimal(2)),
        Map.entry("spend", new BigDecimal("0.00475")),
        Map.entry("tag_spend", new BigDecimal("0.01125")),
        Map.entry("alternative_cost", new BigDecimal("0.000285")));
    assertThat(support.message()).isEqualTo("tag support spends 42.22% of its USD spend on "
        + "openai/gpt-4o for prompts under 500 tokens (2 calls, USD 0.00475); gpt-4o-mini would "
        + "cost USD 0.000285 (1/17): saving USD 0.004465");

    // search on sonnet: 0.00114; haiku: 100*1e-6 + 300*0.1e-6 + 50*5e-6 = 0.00038;
    // saving 0.00076; tag spend 0.00114 + 0.000075 = 0.001215, share 0.938271... -> 0.9383
    Hint search = hints.get(2);
    assertThat(search.saving()).isEqualByComparingTo("0.00076");
    assertThat(search.share()).isEqualByComparingTo("0.9383");
    assertThat(search.evidence().get("alternative_cost")).isEqualByComparingTo("0.00038");

    // USD failed: 0.0005 of 0.01125 + 0.001215 = 0.012465 -> 0.040112... -> 0.0401; 8 calls
    Hint usd = hints.get(3);
    assertThat(usd.saving()).isEqualByComparingTo("0.0005");
    assertThat(usd.share()).isEqualByComparingTo("0.0401");
    assertThat(usd.evidence().get("calls")).isEqualByComparingTo("8");
    assertThat(usd.message()).isEqualTo("4.01% of USD spend (USD 0.0005 of USD 0.012465) went "
        + "to 1 failed calls out of 8: fixing or not retrying them would save USD 0.0005");
  }

  @Test
  void promptsRepeatedWithinTheHourAreWhatACacheWouldSave() {
    BigDecimal z = BigDecimal.ZERO;
    List<LedgerEntry> e = new ArrayList<>();
    // hash, seconds after T0, status, cost
    Object[][] calls = {
        {"aa", 0, 200, "0.10"}, // first: not a repeat
        {"aa", 1800, 200, "0.20"}, // 30 min later: repeat
        {"aa", 5400, 200, "0.40"}, // 60 min after the previous one: repeat (window included)
        {"aa", 9001, 200, "0.80"}, // 60 min 1 s later: not a repeat
        {"bb", 10, 200, "1.00"}, // first
        {"bb", 20, 500, "2.00"}, // failed: neither counted nor seen
        {"bb", 30, 200, "0.05"}, // repeat of the first bb
        {null, 40, 200, "9.00"}, // no fingerprint: not counted
    };
    for (Object[] c : calls) {
      int status = (Integer) c[2];
      e.add(new LedgerEntry("r" + seq++, T0.plusSeconds((Integer) c[1]), null, null, null,
          "openai", "chat", "m", "d", "p", "m", 1, false, status,
          status >= 400 ? "api_error" : null, status >= 400 ? "500" : null, io(1, 1),
          new Spend("USD", new BigDecimal((String) c[3]), z, z, z, z, z), false, null, null, 1,
          -1, false, (String) c[0]));
    }
    List<Hint> hints = SpendHints.of(e, PRICES).stream()
        .filter(h -> h.kind() == Hint.Kind.REPEATED_PROMPTS).toList();
    assertThat(hints).hasSize(1);
    Hint h = hints.getFirst();
    // repeats: 0.20 + 0.40 + 0.05 = 0.65; 3 of the 6 successful fingerprinted calls
    assertThat(h.saving()).isEqualByComparingTo("0.65");
    assertThat(h.share()).isEqualByComparingTo("0.5");
    assertThat(h.evidence()).containsExactly(Map.entry("repeats", new BigDecimal(3)),
        Map.entry("calls", new BigDecimal(6)), Map.entry("repeat_spend", new BigDecimal("0.65")));
    assertThat(h.message()).isEqualTo("50.00% of USD calls (3 of 6) repeat a prompt answered "
        + "within 60 minutes before: caching would save USD 0.65");
  }

  @Test
  void noHintWithoutAPriceForTheCheaperModelOrWithoutSaving() {
    List<LedgerEntry> e = List.of(
        entry("t", "openai", "gpt-4o", 200, io(100, 10), "USD", "0.00035", false, false));
    assertThat(SpendHints.of(e, PriceCatalogue.of(List.of()))).isEmpty();
    // a recorded cost already below the cheaper model's (100*0.15e-6 + 10*0.6e-6 = 0.000021)
    List<LedgerEntry> cheap = List.of(
        entry("t", "openai", "gpt-4o", 200, io(100, 10), "USD", "0.00002", false, false));
    assertThat(SpendHints.of(cheap, PRICES)).isEmpty();
    // a cheaper model without a cache-read price: no estimate rather than a guess
    PriceCatalogue noCacheRead = PriceCatalogue.of(List.of(ModelPrice.of("anthropic",
        "claude-haiku-4-5", "USD", TokenRates.of(BigDecimal.ONE, new BigDecimal("5")))));
    List<LedgerEntry> cached = List.of(entry("t", "anthropic", "claude-sonnet-4-5", 200,
        new Usage(100, 300, 0, 0, 50, 0, false), "USD", "0.00114", false, false));
    assertThat(SpendHints.of(cached, noCacheRead)).isEmpty();
  }

  @Test
  void datedVariantsMatchTheirFamilyButSiblingsDoNot() {
    SpendHints.Cheaper c = new SpendHints.Cheaper("openai", "gpt-4o", "gpt-4o-mini");
    assertThat(c.matches("openai", "gpt-4o")).isTrue();
    assertThat(c.matches("openai", "gpt-4o-2024-08-06")).isTrue();
    assertThat(c.matches("openai", "gpt-4o-mini")).isFalse();
    assertThat(c.matches("azure", "gpt-4o")).isFalse();
    SpendHints.Cheaper s = new SpendHints.Cheaper("anthropic", "claude-sonnet-4", "x");
    assertThat(s.matches("anthropic", "claude-sonnet-4-20250514")).isTrue();
    assertThat(s.matches("anthropic", "claude-sonnet-4-5")).isFalse();
  }

  @Test
  void everyMappingPointsToACheaperBuiltInModelWithALargeContextWindow() {
    PriceCatalogue builtIn = PriceCatalogue.builtIn();
    for (SpendHints.Cheaper c : SpendHints.CHEAPER) {
      ModelPrice from = builtIn.lookup(c.provider(), c.model()).orElseThrow(
          () -> new AssertionError("no built-in price for " + c.model()));
      ModelPrice to = builtIn.lookup(c.provider(), c.cheaper()).orElseThrow(
          () -> new AssertionError("no built-in price for " + c.cheaper()));
      assertThat(to.currency()).isEqualTo(from.currency());
      assertThat(to.rates().input()).as(c.toString()).isLessThan(from.rates().input());
      assertThat(to.rates().output()).as(c.toString()).isLessThan(from.rates().output());
      assertThat(to.maxInputTokens()).as(c.toString()).isGreaterThanOrEqualTo(128_000L);
    }
  }

  @Test
  void theReportCommandReadsTheWindowFromTheStore() {
    Path db = dir.resolve("ledger.db");
    List<LedgerEntry> all = new ArrayList<>(entries());
    // outside the window: a failed CNY call a day earlier
    all.add(new LedgerEntry("old", T0.minusSeconds(86_400), null, null, null, "openai", "chat",
        "deepseek-chat", null, "deepseek", "deepseek-chat", 1, false, 500, "api_error", "500",
        io(10, 0), new Spend("CNY", new BigDecimal("5"), BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO), false, null, null, 1, -1,
        false, null));
    try (LedgerStore store = LedgerStore.sqlite(db)) {
      store.write(all, true);
      List<Hint> hints = SpendHints.of(store, T0, T0.plusSeconds(3600));
      // built-in gpt-4o-mini and claude-haiku-4-5 prices are the test's: same hints
      assertThat(hints).isEqualTo(SpendHints.of(entries(), PRICES));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ReportCommand.run(new String[] {"hints", "--db", db.toString(), "--from",
        T0.toString(), "--to", T0.plusSeconds(3600).toString(), "--format", "csv"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
        () -> T0.plusSeconds(3600));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.getFirst()).isEqualTo("kind,tag,currency,saving,share,message,evidence");
    assertThat(lines).hasSize(5);
    assertThat(lines.get(1)).startsWith("failed-calls,,CNY,0.01,0.2500,")
        .endsWith(",failed_calls=1; calls=2; failed_spend=0.01; spend=0.04");
    assertThat(lines.get(2)).startsWith("small-prompts,support,USD,0.004465,0.4222,");
  }
}
