package dev.junction.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden costs for every recorded fixture that reports usage: the expected cost is computed here
 * from the fixture's raw numbers (per vendor convention, see {@link FixtureUsage}) and the raw
 * decimal strings of {@code catalogue.json} (count x price / 1,000,000 with {@code
 * BigDecimal.divide}); the actual cost is {@link CostCalculator} applied to the canonical {@code
 * Usage} and the catalogue lookup.
 */
class FixtureCostGoldenTest {

  private static final Map<String, String> PROVIDER_OF_DIR = Map.ofEntries(
      Map.entry("openai-chat", "openai"), Map.entry("openai-responses", "openai"),
      Map.entry("anthropic", "anthropic"), Map.entry("gemini", "gemini"),
      Map.entry("deepseek", "deepseek"), Map.entry("xai", "xai"), Map.entry("qwen", "qwen"),
      Map.entry("mistral", "mistral"), Map.entry("groq", "groq"),
      Map.entry("moonshot", "moonshot"), Map.entry("zai", "zai"),
      Map.entry("perplexity", "perplexity"), Map.entry("openrouter", "openrouter"));
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal TICKS_PER_USD = new BigDecimal("1e10");

  record Case(Path file, String provider, FixtureUsage usage) {}

  private static List<Case> cases() throws IOException {
    Path root = FixturesDir.get();
    List<Case> out = new ArrayList<>();
    for (Map.Entry<String, String> d : PROVIDER_OF_DIR.entrySet()) {
      Path dir = root.resolve(d.getKey());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".request.json")
              || !(name.endsWith(".json") || name.endsWith(".sse"))) {
            continue;
          }
          Optional<FixtureUsage> u = FixtureUsage.read(f, d.getKey());
          u.ifPresent(x -> out.add(new Case(f, d.getValue(), x)));
        }
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureWithUsageCostsWhatItsRawNumbersSay() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(
        root(c.file()) + " (" + c.usage().model() + ")", () -> check(c)));
  }

  @Test
  void mostFixturesArePricedAndTheRestAreFlagged() throws IOException {
    List<Case> all = cases();
    long priced = all.stream().filter(c -> CostCalculator.cost(
        PriceCatalogue.builtIn().lookup(c.provider(), c.usage().model()), c.usage().usage())
        .priced()).count();
    assertThat(all).hasSizeGreaterThan(100);
    assertThat(priced).isGreaterThan(90);
  }

  @Test
  void xaiCostsMatchTheVendorsOwnBillInTicks() throws IOException {
    List<Case> withTicks = cases().stream().filter(c -> c.usage().xaiTicks() != null).toList();
    assertThat(withTicks).isNotEmpty();
    for (Case c : withTicks) {
      Cost cost = CostCalculator.cost(
          PriceCatalogue.builtIn().lookup("xai", c.usage().model()).orElseThrow(),
          c.usage().usage());
      // xAI reports cost_in_usd_ticks; one US dollar is 10^10 ticks.
      assertThat(cost.total().multiply(TICKS_PER_USD))
          .as(c.file().toString())
          .isEqualByComparingTo(BigDecimal.valueOf(c.usage().xaiTicks()));
    }
  }

  private static void check(Case c) {
    FixtureUsage u = c.usage();
    Optional<JsonNode> raw = RawCatalogue.entry(c.provider(), u.model());
    Optional<ModelPrice> price = PriceCatalogue.builtIn().lookup(c.provider(), u.model());
    Cost cost = CostCalculator.cost(price, u.usage());
    if (raw.isEmpty()) {
      assertThat(price).as("catalogue has no entry for " + u.model()).isEmpty();
      assertThat(cost.priced()).isFalse();
      assertThat(cost.currency()).isEqualTo(Cost.NO_CURRENCY);
      return;
    }
    JsonNode entry = raw.get();
    assertThat(price.orElseThrow().model()).isEqualTo(entry.get("model").asText());
    long prompt = u.counts().get(TokenKind.INPUT) + u.counts().get(TokenKind.CACHE_READ)
        + u.counts().get(TokenKind.CACHE_WRITE_5M) + u.counts().get(TokenKind.CACHE_WRITE_1H);
    BigDecimal total = BigDecimal.ZERO;
    Set<TokenKind> missing = EnumSet.noneOf(TokenKind.class);
    for (TokenKind k : TokenKind.values()) {
      long n = u.counts().get(k);
      BigDecimal rate = rate(entry, k, prompt);
      BigDecimal expected = BigDecimal.ZERO;
      if (n > 0 && rate == null) {
        missing.add(k);
      } else if (n > 0) {
        expected = BigDecimal.valueOf(n).multiply(rate).divide(MILLION);
      }
      assertThat(cost.amount(k)).as(k.name()).isEqualByComparingTo(expected);
      total = total.add(expected);
    }
    assertThat(cost.total()).isEqualByComparingTo(total);
    assertThat(cost.unpriced()).isEqualTo(missing);
    assertThat(cost.priced()).isTrue();
    assertThat(cost.currency()).isEqualTo("USD");
  }

  /** The raw rate of one kind: the highest exceeded tier's field, else the base field. */
  private static BigDecimal rate(JsonNode entry, TokenKind kind, long promptTokens) {
    String field = switch (kind) {
      case INPUT -> "input";
      case CACHE_READ -> "cacheRead";
      case CACHE_WRITE_5M -> "cacheWrite5m";
      case CACHE_WRITE_1H -> "cacheWrite1h";
      case OUTPUT -> "output";
      case REASONING -> entry.has("reasoning") ? "reasoning" : "output";
    };
    BigDecimal r = RawCatalogue.price(entry, field);
    for (JsonNode t : entry.path("tiers")) {
      if (promptTokens > t.get("above").asLong() && t.has(field)) {
        r = RawCatalogue.price(t, field);
      }
    }
    return r;
  }

  private static String root(Path file) {
    return file.getParent().getFileName() + "/" + file.getFileName();
  }
}
