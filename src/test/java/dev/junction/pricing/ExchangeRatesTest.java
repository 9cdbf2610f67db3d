package dev.junction.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.chat.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExchangeRatesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void yuanPricedCallsConvertExactlyForUsdReports() {
    PriceCatalogue c = PriceCatalogue.builtIn().withOverrides(List.of(PriceOverride.of(
        "moonshot", "kimi-k2-0905-preview", "CNY",
        new TokenRates(new BigDecimal("4"), new BigDecimal("1"), null, null,
            new BigDecimal("16"), null), T0)));
    Cost cny = CostCalculator.cost(c.lookup("kimi", "kimi-k2-0905-preview", T0).orElseThrow(),
        Usage.fromOpenAi(3000, 1000, 1000, 0, 0));
    assertThat(cny.currency()).isEqualTo("CNY");
    assertThat(cny.total()).isEqualByComparingTo("0.025"); // (2000x4 + 1000x1 + 1000x16) / 1e6
    Cost usd = ExchangeRates.defaults().convert(cny, "USD", T0).orElseThrow();
    assertThat(usd.currency()).isEqualTo("USD");
    assertThat(usd.total()).isEqualByComparingTo("0.0035"); // 0.025 x 0.14
    assertThat(usd.input()).isEqualByComparingTo("0.00112");
  }

  @Test
  void theRateInForceIsTheLatestEffectiveOne() {
    ExchangeRates r = ExchangeRates.of(List.of(
        new ExchangeRate("CNY", "USD", new BigDecimal("0.13"), T0),
        new ExchangeRate("CNY", "USD", new BigDecimal("0.15"), T0.plusSeconds(86_400))));
    assertThat(r.rate("CNY", "USD", T0.minusSeconds(1))).contains(new BigDecimal("0.13"));
    assertThat(r.rate("CNY", "USD", T0)).contains(new BigDecimal("0.13"));
    assertThat(r.rate("CNY", "USD", T0.plusSeconds(86_400))).contains(new BigDecimal("0.15"));
    assertThat(r.rate("USD", "USD", T0)).contains(BigDecimal.ONE);
    assertThat(r.rate("USD", "CNY", T0)).isEmpty();
  }

  @Test
  void theDefaultRateIsDocumented() {
    assertThat(ExchangeRates.defaults().rate("CNY", "USD", T0)).contains(new BigDecimal("0.14"));
    assertThat(ExchangeRates.DEFAULT_CNY_USD.effectiveFrom())
        .isEqualTo(Instant.parse("2025-10-01T00:00:00Z"));
  }

  @Test
  void anUnpricedCostPassesThroughConversionStillFlagged() {
    Cost unpriced = CostCalculator.cost(Optional.empty(), Usage.fromOpenAi(5, 5, 0, 0, 0));
    assertThat(ExchangeRates.defaults().convert(unpriced, "USD", T0)).contains(unpriced);
  }

  @Test
  void pricingConfigReadsOverridesRatesAndTheRefusalSwitch() throws Exception {
    String yaml = """
        pricing:
          refuse-unpriced: true
          exchange-rates:
            - {from: CNY, to: USD, rate: 0.1385, effective-from: 2026-01-01}
          overrides:
            - provider: deepseek
              model: deepseek-chat
              currency: cny
              effective-from: 2026-02-01T08:00:00Z
              per-million: {input: 2, cache-read: 0.2, output: "3"}
              tiers:
                - {above: 64000, input: "4"}
            - provider: openai
              model: gpt-4o
              per-million: {input: "2.5", output: 10}
        """;
    PricingConfig cfg = PricingConfig.fromNode(
        new ObjectMapper(new YAMLFactory()).readTree(yaml).get("pricing"));
    assertThat(cfg.refuseUnpriced()).isTrue();
    assertThat(cfg.exchangeRates().rate("CNY", "USD", T0)).contains(new BigDecimal("0.1385"));
    PriceOverride ds = cfg.overrides().get(0);
    assertThat(ds.currency()).isEqualTo("CNY");
    assertThat(ds.effectiveFrom()).isEqualTo(Instant.parse("2026-02-01T08:00:00Z"));
    assertThat(ds.rates().cacheRead()).isEqualTo(new BigDecimal("0.2"));
    assertThat(ds.tiers()).extracting(PriceTier::aboveTokens).containsExactly(64_000L);
    PriceOverride gpt = cfg.overrides().get(1);
    assertThat(gpt.currency()).isEqualTo("USD");
    assertThat(gpt.effectiveFrom()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void anAbsentPricingSectionMeansDefaults() {
    PricingConfig cfg = PricingConfig.fromNode(null);
    assertThat(cfg.overrides()).isEmpty();
    assertThat(cfg.refuseUnpriced()).isFalse();
    assertThat(cfg.exchangeRates().rate("CNY", "USD", T0)).contains(new BigDecimal("0.14"));
  }

  @Test
  void configErrorsNameThePath() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    assertThatThrownBy(() -> PricingConfig.fromNode(yaml.readTree(
        "overrides: [{provider: x, per-million: {input: 1}}]")))
        .hasMessageContaining("pricing.overrides[0].model");
    assertThatThrownBy(() -> PricingConfig.fromNode(yaml.readTree(
        "overrides: [{provider: x, model: m, per-million: {input: abc}}]")))
        .hasMessageContaining("pricing.overrides[0].per-million.input");
    assertThatThrownBy(() -> PricingConfig.fromNode(yaml.readTree(
        "exchange-rates: [{from: yuan, to: USD, rate: 1}]")))
        .hasMessageContaining("pricing.exchange-rates[0].from");
  }
}
