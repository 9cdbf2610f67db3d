package dev.junction.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.provider.openai.OpenAiVendor;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PriceCatalogueTest {

  private static final PriceCatalogue BUILT_IN = PriceCatalogue.builtIn();

  private static String model(String provider, String model) {
    return BUILT_IN.lookup(provider, model).map(ModelPrice::model).orElse("<none>");
  }

  @Test
  void theBuiltInCatalogueRecordsItsSourceAndIsLoadedOnce() {
    assertThat(BUILT_IN.source()).contains("BerriAI/litellm")
        .contains("model_prices_and_context_window.json")
        .contains("00035b69f416be24e2e323c13198d9b7d2d1bdf9");
    assertThat(BUILT_IN.entries()).hasSizeGreaterThan(450);
    assertThat(PriceCatalogue.builtIn()).isSameAs(BUILT_IN);
  }

  @Test
  void everyBuiltInVendorModelIsPricedExceptDashScopesEmbeddings() {
    List<String> unpriced = new ArrayList<>();
    for (OpenAiVendor v : OpenAiVendor.BUILT_IN) {
      for (String m : concat(v.chatModels(), v.embeddingModels())) {
        if (BUILT_IN.lookup(v.name(), m).isEmpty()) {
          unpriced.add(v.name() + "/" + m);
        }
      }
    }
    // LiteLLM (at the recorded commit) lists no price for DashScope's text-embedding-v3/v4.
    assertThat(unpriced).containsExactlyInAnyOrder("qwen/text-embedding-v3",
        "qwen/text-embedding-v4");
  }

  @Test
  void anthropicAndGeminiFamiliesArePriced() {
    for (String m : List.of("claude-opus-4-1", "claude-opus-4-20250514", "claude-opus-4-5",
        "claude-opus-4-6", "claude-opus-4-7", "claude-sonnet-4-20250514", "claude-sonnet-4-5",
        "claude-sonnet-4-6", "claude-3-7-sonnet-20250219", "claude-3-5-haiku-20241022",
        "claude-haiku-4-5")) {
      assertThat(BUILT_IN.lookup("anthropic", m)).as(m).isPresent();
    }
    for (String m : List.of("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite",
        "gemini-2.0-flash", "gemini-3-pro-preview", "gemini-3-flash-preview",
        "gemini-3.1-pro-preview")) {
      assertThat(BUILT_IN.lookup("gemini", m)).as(m).isPresent();
    }
  }

  @Test
  void pricesAreExactConversionsOfLiteLlmsPerTokenFloats() {
    // LiteLLM: gpt-4o input_cost_per_token 2.5e-06, cache_read 1.25e-06, output 1e-05.
    ModelPrice p = BUILT_IN.lookup("openai", "gpt-4o").orElseThrow();
    assertThat(p.rates().input()).isEqualTo(new BigDecimal("2.5"));
    assertThat(p.rates().cacheRead()).isEqualTo(new BigDecimal("1.25"));
    assertThat(p.rates().output()).isEqualTo(new BigDecimal("1E+1"));
    assertThat(p.maxInputTokens()).isEqualTo(128_000L);
    assertThat(p.maxOutputTokens()).isEqualTo(16_384L);
    assertThat(p.batchInput()).isEqualByComparingTo("1.25");
  }

  @Test
  void lookupFallsBackThroughPrefixesAliasesAndDates() {
    assertThat(model("deepseek", "deepseek-chat")).isEqualTo("deepseek-chat");
    assertThat(model("deepseek", "deepseek/deepseek-chat")).isEqualTo("deepseek-chat");
    assertThat(model("dashscope", "qwen-max")).isEqualTo("qwen-max");
    assertThat(model("QWEN", "dashscope/qwen-max")).isEqualTo("qwen-max");
    assertThat(model("kimi", "kimi-k2-0905-preview")).isEqualTo("kimi-k2-0905-preview");
    // A dated id prices as its own dated entry when there is one (gpt-4o-2024-05-13 costs 5/M).
    assertThat(BUILT_IN.lookup("openai", "gpt-4o-2024-05-13").orElseThrow().rates().input())
        .isEqualByComparingTo("5");
    // ... else as the undated model.
    assertThat(model("openai", "gpt-4o-2030-01-01")).isEqualTo("gpt-4o");
    assertThat(model("anthropic", "claude-opus-4-5-20990101")).isEqualTo("claude-opus-4-5");
    // An undated or -latest id finds the newest dated entry when no undated one exists.
    assertThat(model("anthropic", "claude-3-7-sonnet")).isEqualTo("claude-3-7-sonnet-20250219");
    assertThat(model("anthropic", "claude-3-5-haiku-latest"))
        .isEqualTo("claude-3-5-haiku-20241022");
    // A dated id of a model with neither entry is not guessed from another snapshot.
    assertThat(model("anthropic", "claude-3-5-sonnet-20991231")).isEqualTo("<none>");
    assertThat(model("openai", "no-such-model")).isEqualTo("<none>");
    assertThat(model("nobody", "gpt-4o")).isEqualTo("<none>");
  }

  @Test
  void newestDatedFallbackPicksTheLatestDate() {
    PriceCatalogue c = PriceCatalogue.of(List.of(
        price("x", "m-20240101", "1"), price("x", "m-20250601", "2"),
        price("x", "m-20241231", "3")));
    assertThat(c.lookup("x", "m").orElseThrow().model()).isEqualTo("m-20250601");
  }

  @Test
  void laterEntriesReplaceEarlierOnesForTheSameId() {
    PriceCatalogue c = PriceCatalogue.of(List.of(price("x", "m", "1"), price("x", "x/m", "2")));
    assertThat(c.entries()).hasSize(1);
    assertThat(c.lookup("x", "m").orElseThrow().rates().input()).isEqualByComparingTo("2");
  }

  @Test
  void overridesApplyFromTheirEffectiveDate() {
    Instant jan = Instant.parse("2026-01-01T00:00:00Z");
    Instant mar = Instant.parse("2026-03-01T00:00:00Z");
    PriceCatalogue c = BUILT_IN.withOverrides(List.of(
        PriceOverride.of("deepseek", "deepseek-chat", "CNY", rates("2", "3"), jan),
        PriceOverride.of("deepseek", "deepseek/deepseek-chat", "CNY", rates("4", "6"), mar)));
    ModelPrice before = c.lookup("deepseek", "deepseek-chat", jan.minusSeconds(1)).orElseThrow();
    ModelPrice during = c.lookup("deepseek", "deepseek-chat", jan).orElseThrow();
    ModelPrice after = c.lookup("deepseek", "deepseek-chat", mar.plusSeconds(1)).orElseThrow();
    assertThat(before.currency()).isEqualTo("USD");
    assertThat(before.rates().input()).isEqualByComparingTo("0.28");
    assertThat(during.currency()).isEqualTo("CNY");
    assertThat(during.rates().input()).isEqualByComparingTo("2");
    assertThat(during.rates().cacheRead()).isNull();
    assertThat(during.maxInputTokens()).isEqualTo(131_072L);
    assertThat(after.rates().input()).isEqualByComparingTo("4");
    // Without a time, lookup answers from the catalogue alone.
    assertThat(c.lookup("deepseek", "deepseek-chat").orElseThrow().currency()).isEqualTo("USD");
  }

  @Test
  void anOverrideCanPriceAModelTheCatalogueLacks() {
    Instant from = Instant.parse("2026-02-01T00:00:00Z");
    PriceCatalogue c = BUILT_IN.withOverrides(List.of(
        PriceOverride.of("qwen", "text-embedding-v4", "CNY", rates("0.5", "0"), from)));
    assertThat(c.lookup("dashscope", "text-embedding-v4", from.minusSeconds(1))).isEmpty();
    ModelPrice p = c.lookup("dashscope", "text-embedding-v4", from).orElseThrow();
    assertThat(p.currency()).isEqualTo("CNY");
    assertThat(p.rates().input()).isEqualByComparingTo("0.5");
  }

  @Test
  void entriesRoundTripThroughTheFileFormatLineByLine() throws Exception {
    JsonNode raw = RawCatalogue.ROOT;
    ObjectMapper m = new ObjectMapper();
    List<ModelPrice> entries = BUILT_IN.entries();
    assertThat(entries).hasSize(raw.get("models").size());
    for (int i = 0; i < entries.size(); i++) {
      JsonNode original = raw.get("models").get(i);
      String line = CatalogueFormat.line(entries.get(i), original.get("litellmKey").asText());
      assertThat(m.readTree(line)).isEqualTo(original);
    }
  }

  @Test
  void aFileOfAnotherFormatIsRejected() {
    assertThatThrownBy(() -> PriceCatalogue.read(new ByteArrayInputStream(
        "{\"format\":\"other\"}".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("junction-price-catalogue/1");
  }

  @Test
  void providerAliasesMatchTheVendorAliases() {
    Set<String> cataloguedProviders = BUILT_IN.entries().stream().map(ModelPrice::provider)
        .collect(Collectors.toSet());
    for (OpenAiVendor v : OpenAiVendor.BUILT_IN) {
      if (cataloguedProviders.contains(v.name())) {
        for (String alias : v.aliases()) {
          assertThat(ModelIds.provider(alias)).as(alias).isEqualTo(v.name());
        }
      }
    }
  }

  private static ModelPrice price(String provider, String model, String input) {
    return ModelPrice.of(provider, model, "USD", rates(input, "1"));
  }

  private static TokenRates rates(String input, String output) {
    return TokenRates.of(new BigDecimal(input), new BigDecimal(output));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
