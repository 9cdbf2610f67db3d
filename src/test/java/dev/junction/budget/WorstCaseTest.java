package dev.junction.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.PriceCatalogue;
import dev.junction.pricing.TokenRates;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WorstCaseTest {

  // catalogue.json, claude-sonnet-4-5: input "3", cacheWrite5m "3.75", cacheWrite1h "6",
  // output "15", maxOutputTokens 64000; tier above 200000: cacheWrite1h "12", output "22.5".
  private final ModelPrice sonnet =
      PriceCatalogue.builtIn().lookup("anthropic", "claude-sonnet-4-5").orElseThrow();
  // catalogue.json, gpt-4o: input "2.5", output "10", maxOutputTokens 16384, no cache writes.
  private final ModelPrice gpt4o = PriceCatalogue.builtIn().lookup("openai", "gpt-4o")
      .orElseThrow();

  @Test
  void promptAtTheDearestPromptRateAndTheRequestedOutputCap() {
    Money m = WorstCase.cost(sonnet, 1000, 500L, 4096).orElseThrow();
    // 1000 x 6 (1-hour cache write) / 1e6 + 500 x 15 / 1e6
    assertThat(m.amount()).isEqualByComparingTo("0.0135");
    assertThat(m.currency()).isEqualTo("USD");
  }

  @Test
  void withoutACapTheCatalogueMaxOutputIsAssumed() {
    // 1000 x 6 / 1e6 + 64000 x 15 / 1e6
    assertThat(WorstCase.cost(sonnet, 1000, null, 4096).orElseThrow().amount())
        .isEqualByComparingTo("0.966");
    // 1000 x 2.5 / 1e6 + 16384 x 10 / 1e6
    assertThat(WorstCase.cost(gpt4o, 1000, null, 4096).orElseThrow().amount())
        .isEqualByComparingTo("0.16634");
  }

  @Test
  void aLongPromptMovesTheWholeCallToTheLongContextTier() {
    // 250000 x 12 / 1e6 + 100 x 22.5 / 1e6
    assertThat(WorstCase.cost(sonnet, 250_000, 100L, 4096).orElseThrow().amount())
        .isEqualByComparingTo("3.00225");
  }

  @Test
  void theFallbackCapAppliesWhenNobodyKnowsTheModelsCap() {
    ModelPrice p = ModelPrice.of("x", "m", "EUR", TokenRates.of(new BigDecimal("1"),
        new BigDecimal("2")));
    Money m = WorstCase.cost(p, 10, null, 1000).orElseThrow();
    assertThat(m.amount()).isEqualByComparingTo("0.00201"); // (10 x 1 + 1000 x 2) / 1e6
    assertThat(m.currency()).isEqualTo("EUR");
  }

  @Test
  void aModelWithoutAnOutputRateCannotBeBounded() {
    ModelPrice p = ModelPrice.of("x", "m", "USD", new TokenRates(new BigDecimal("1"), null,
        null, null, null, null));
    assertThat(WorstCase.cost(p, 10, 10L, 1000)).isEmpty();
    // an embedding call produces no output: its input alone bounds it
    assertThat(WorstCase.cost(p, 10, 0L, 1000).orElseThrow().amount())
        .isEqualByComparingTo("0.00001");
  }
}
