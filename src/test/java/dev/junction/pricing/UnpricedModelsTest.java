package dev.junction.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnpricedModelsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void listsConfiguredModelsWithoutAPriceInConfigurationOrder() {
    List<ModelRef> configured = List.of(new ModelRef("openai", "gpt-4o"),
        new ModelRef("moonshot", "kimi-k3"), new ModelRef("qwen", "text-embedding-v4"),
        new ModelRef("moonshot", "kimi-k3"), new ModelRef("anthropic", "claude-sonnet-4-5"));
    List<ModelRef> unpriced = UnpricedModels.find(PriceCatalogue.builtIn(), configured, NOW);
    assertThat(unpriced).containsExactly(new ModelRef("moonshot", "kimi-k3"),
        new ModelRef("qwen", "text-embedding-v4"));
    assertThat(UnpricedModels.warning(unpriced)).contains("2 configured model(s)")
        .contains("moonshot/kimi-k3").contains("qwen/text-embedding-v4");
    assertThat(UnpricedModels.warning(List.of())).isEmpty();
  }

  @Test
  void anOverrideInForceCountsAsAPrice() {
    PriceCatalogue c = PriceCatalogue.builtIn().withOverrides(List.of(PriceOverride.of(
        "moonshot", "kimi-k3", "CNY", TokenRates.of(BigDecimal.ONE, BigDecimal.TEN), NOW)));
    List<ModelRef> kimi = List.of(new ModelRef("moonshot", "kimi-k3"));
    assertThat(UnpricedModels.find(c, kimi, NOW)).isEmpty();
    assertThat(UnpricedModels.find(c, kimi, NOW.minusSeconds(1))).isEqualTo(kimi);
  }
}
