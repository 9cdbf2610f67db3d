package dev.junction.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.Usage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  @Test
  void pricesEachBucketAtItsOwnRate() {
    // catalogue.json: gpt-4o input "2.5", cacheRead "1.25", output "10" per million; no
    // reasoning price, so reasoning bills at the output rate.
    ModelPrice gpt4o = PriceCatalogue.builtIn().lookup("openai", "gpt-4o").orElseThrow();
    Cost c = CostCalculator.cost(gpt4o, Usage.fromOpenAi(1200, 300, 1000, 0, 100));
    assertThat(c.input()).isEqualByComparingTo("0.0005");      // 200 x 2.5 / 1e6
    assertThat(c.cacheRead()).isEqualByComparingTo("0.00125"); // 1000 x 1.25 / 1e6
    assertThat(c.output()).isEqualByComparingTo("0.002");      // 200 x 10 / 1e6
    assertThat(c.reasoning()).isEqualByComparingTo("0.001");   // 100 x 10 / 1e6
    assertThat(c.total()).isEqualByComparingTo("0.00475");
    assertThat(c.currency()).isEqualTo("USD");
    assertThat(c.complete()).isTrue();
  }

  @Test
  void anthropicCacheWritesUseTheFiveMinuteAndOneHourRates() {
    // catalogue.json: claude-sonnet-4-5 cacheWrite5m "3.75", cacheWrite1h "6".
    ModelPrice p = PriceCatalogue.builtIn().lookup("anthropic", "claude-sonnet-4-5").orElseThrow();
    Cost c = CostCalculator.cost(p, Usage.fromAnthropic(0, 0, 3000, 1000, 0));
    assertThat(c.cacheWrite5m()).isEqualByComparingTo("0.0075"); // 2000 x 3.75 / 1e6
    assertThat(c.cacheWrite1h()).isEqualByComparingTo("0.006");  // 1000 x 6 / 1e6
  }

  @Test
  void aLongContextTierRepricesTheWholeRequest() {
    // claude-sonnet-4-5: base input 3 / output 15; above 200000 prompt tokens 6 / 22.5.
    ModelPrice p = PriceCatalogue.builtIn().lookup("anthropic", "claude-sonnet-4-5").orElseThrow();
    Cost at = CostCalculator.cost(p, Usage.fromAnthropic(200_000, 0, 0, 0, 1000));
    Cost above = CostCalculator.cost(p, Usage.fromAnthropic(200_001, 0, 0, 0, 1000));
    assertThat(at.input()).isEqualByComparingTo("0.6");
    assertThat(at.output()).isEqualByComparingTo("0.015");
    assertThat(above.input()).isEqualByComparingTo("1.200006"); // 200001 x 6 / 1e6
    assertThat(above.output()).isEqualByComparingTo("0.0225");  // 1000 x 22.5 / 1e6
  }

  @Test
  void theTierCanBeChosenByACallerSuppliedPromptCount() {
    ModelPrice p = PriceCatalogue.builtIn().lookup("gemini", "gemini-2.5-pro").orElseThrow();
    Cost c = CostCalculator.cost(p, Usage.fromGemini(1000, 0, 0, 0, 0), 250_000);
    assertThat(c.input()).isEqualByComparingTo("0.0025"); // 1000 x 2.5 (tier) / 1e6
  }

  @Test
  void reasoningUsesItsOwnRateWhenTheModelHasOne() {
    // dashscope qwen-turbo: output "0.2", reasoning "0.5".
    ModelPrice p = PriceCatalogue.builtIn().lookup("qwen", "qwen-turbo").orElseThrow();
    Cost c = CostCalculator.cost(p, Usage.fromOpenAi(0, 1000, 0, 0, 400));
    assertThat(c.output()).isEqualByComparingTo("0.00012");  // 600 x 0.2 / 1e6
    assertThat(c.reasoning()).isEqualByComparingTo("0.0002"); // 400 x 0.5 / 1e6
  }

  @Test
  void anUnpricedModelIsFlaggedNotFree() {
    Cost c = CostCalculator.cost(Optional.empty(), Usage.fromOpenAi(100, 10, 20, 0, 0));
    assertThat(c.priced()).isFalse();
    assertThat(c.complete()).isFalse();
    assertThat(c.currency()).isEqualTo(Cost.NO_CURRENCY);
    assertThat(c.unpriced()).containsExactlyInAnyOrder(TokenKind.INPUT, TokenKind.CACHE_READ,
        TokenKind.OUTPUT);
    assertThat(c.total()).isEqualByComparingTo("0");
  }

  @Test
  void aMissingCacheReadPriceMakesThePartialCostExplicit() {
    // The rule: cache reads are never billed at the input rate; without a rate they are flagged.
    ModelPrice p = ModelPrice.of("v", "m", "USD", TokenRates.of(d("1"), d("2")));
    Cost c = CostCalculator.cost(p, Usage.fromOpenAi(1000, 500, 400, 0, 0));
    assertThat(c.input()).isEqualByComparingTo("0.0006");
    assertThat(c.cacheRead()).isEqualByComparingTo("0");
    assertThat(c.output()).isEqualByComparingTo("0.001");
    assertThat(c.unpriced()).containsExactly(TokenKind.CACHE_READ);
    assertThat(c.partial()).isTrue();
    assertThat(c.complete()).isFalse();
  }

  @Test
  void estimatedUsageGivesAnEstimatedCost() {
    ModelPrice p = ModelPrice.of("v", "m", "USD", TokenRates.of(d("1"), d("2")));
    assertThat(CostCalculator.cost(p, Usage.estimated(10, 10)).estimated()).isTrue();
    assertThat(CostCalculator.cost(p, Usage.fromOpenAi(10, 10, 0, 0, 0)).estimated()).isFalse();
  }

  @Test
  void tiersWithoutAKindInheritTheBaseRate() {
    ModelPrice p = new ModelPrice("v", "m", ModelPrice.Mode.CHAT, "USD",
        new TokenRates(d("1"), d("0.1"), null, null, d("2"), null),
        List.of(new PriceTier(100, new TokenRates(d("3"), null, null, null, null, null))),
        null, null, null, null);
    TokenRates r = p.ratesFor(101);
    assertThat(r.input()).isEqualByComparingTo("3");
    assertThat(r.cacheRead()).isEqualByComparingTo("0.1");
    assertThat(r.output()).isEqualByComparingTo("2");
  }
}
