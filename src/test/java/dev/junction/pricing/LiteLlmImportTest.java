package dev.junction.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.json.Json;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LiteLlmImportTest {

  /** A few entries in LiteLLM's own shape, numbers as LiteLLM writes them. */
  private static final String LITELLM = """
      {
        "gpt-4o": {"litellm_provider": "openai", "mode": "chat",
          "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
          "cache_read_input_token_cost": 1.25e-06, "input_cost_per_token_batches": 1.25e-06,
          "input_cost_per_token_priority": 4.25e-06, "max_input_tokens": 128000,
          "max_output_tokens": 16384},
        "databricks-ish": {"litellm_provider": "openai", "mode": "chat",
          "input_cost_per_token": 1.5000020000000002e-05, "output_cost_per_token": 0.000168},
        "claude-sonnet-4-5": {"litellm_provider": "anthropic", "mode": "chat",
          "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
          "cache_creation_input_token_cost": 3.75e-06,
          "cache_creation_input_token_cost_above_1hr": 6e-06,
          "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.2e-05,
          "input_cost_per_token_above_200k_tokens": 6e-06,
          "output_cost_per_token_above_200k_tokens": 2.25e-05,
          "input_cost_per_token_above_200k_tokens_priority": 9e-06},
        "deepseek-chat": {"litellm_provider": "deepseek", "mode": "chat",
          "input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06},
        "deepseek/deepseek-chat": {"litellm_provider": "deepseek", "mode": "chat",
          "input_cost_per_token": 2.8e-07, "input_cost_per_token_cache_hit": 2.8e-08,
          "output_cost_per_token": 4.2e-07},
        "dashscope/qwen-flash": {"litellm_provider": "dashscope", "mode": "chat",
          "max_input_tokens": 997952, "tiered_pricing": [
            {"input_cost_per_token": 5e-08, "output_cost_per_token": 4e-07,
             "range": [0, 256000.0]},
            {"input_cost_per_token": 2.5e-07, "output_cost_per_token": 2e-06,
             "range": [256000.0, 1000000.0]}]},
        "xai/grok-4-fast": {"litellm_provider": "xai", "mode": "chat",
          "input_cost_per_token": 2e-07, "output_cost_per_token": 5e-07,
          "max_input_tokens": 2000000.0},
        "perplexity/pplx-7b-online": {"litellm_provider": "perplexity", "mode": "chat",
          "input_cost_per_request": 0.005, "input_cost_per_token": 0.0,
          "output_cost_per_token": 2.8e-07},
        "gpt-image-1": {"litellm_provider": "openai", "mode": "image_generation",
          "input_cost_per_token": 5e-06},
        "azure/gpt-4o": {"litellm_provider": "azure", "mode": "chat",
          "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05},
        "anthropic.claude-3-5-haiku-20241022-v1:0": {"litellm_provider": "bedrock",
          "mode": "chat", "input_cost_per_token": 8e-07, "output_cost_per_token": 4e-06}
      }
      """;

  private static Map<String, LiteLlmImport.Entry> convert() throws Exception {
    return LiteLlmImport.convert(Json.MAPPER.readTree(LITELLM)).stream().collect(
        Collectors.toMap(e -> e.price().provider() + "/" + e.price().model(),
            Function.identity()));
  }

  @Test
  void convertsPerTokenFloatsToExactPerMillionDecimals() throws Exception {
    Map<String, LiteLlmImport.Entry> m = convert();
    ModelPrice gpt = m.get("openai/gpt-4o").price();
    assertThat(gpt.rates().input().toPlainString()).isEqualTo("2.5");
    assertThat(gpt.rates().cacheRead().toPlainString()).isEqualTo("1.25");
    assertThat(gpt.rates().output().toPlainString()).isEqualTo("10");
    assertThat(gpt.batchInput().toPlainString()).isEqualTo("1.25");
    assertThat(gpt.maxInputTokens()).isEqualTo(128_000L);
    ModelPrice odd = m.get("openai/databricks-ish").price();
    assertThat(odd.rates().input().toPlainString()).isEqualTo("15.000020000000002");
    assertThat(odd.rates().output().toPlainString()).isEqualTo("168");
    assertThat(m.get("xai/grok-4-fast").price().maxInputTokens()).isEqualTo(2_000_000L);
  }

  @Test
  void aboveThresholdFieldsBecomeTiersAndPriorityFieldsAreIgnored() throws Exception {
    ModelPrice p = convert().get("anthropic/claude-sonnet-4-5").price();
    assertThat(p.rates().cacheWrite5m()).isEqualByComparingTo("3.75");
    assertThat(p.rates().cacheWrite1h()).isEqualByComparingTo("6");
    assertThat(p.tiers()).hasSize(1);
    PriceTier t = p.tiers().get(0);
    assertThat(t.aboveTokens()).isEqualTo(200_000L);
    assertThat(t.rates().input()).isEqualByComparingTo("6");
    assertThat(t.rates().output()).isEqualByComparingTo("22.5");
    assertThat(t.rates().cacheWrite1h()).isEqualByComparingTo("12");
  }

  @Test
  void tieredPricingRangesBecomeBaseAndTiers() throws Exception {
    ModelPrice p = convert().get("qwen/qwen-flash").price();
    assertThat(p.rates().input()).isEqualByComparingTo("0.05");
    assertThat(p.rates().output()).isEqualByComparingTo("0.4");
    assertThat(p.tiers()).extracting(PriceTier::aboveTokens).containsExactly(256_000L);
    assertThat(p.tiers().get(0).rates().output()).isEqualByComparingTo("2");
  }

  @Test
  void theProviderPrefixedEntryWinsAndCacheHitPricesCacheReads() throws Exception {
    LiteLlmImport.Entry e = convert().get("deepseek/deepseek-chat");
    assertThat(e.litellmKey()).isEqualTo("deepseek/deepseek-chat");
    assertThat(e.price().rates().input()).isEqualByComparingTo("0.28");
    assertThat(e.price().rates().cacheRead()).isEqualByComparingTo("0.028");
  }

  @Test
  void keepsOnlyTokenPricedChatModelsOfServedProvidersPlusDerivedEntries() throws Exception {
    Map<String, LiteLlmImport.Entry> m = convert();
    assertThat(m).doesNotContainKeys("openai/gpt-image-1", "azure/gpt-4o",
        "perplexity/pplx-7b-online");
    LiteLlmImport.Entry haiku = m.get("anthropic/claude-3-5-haiku-20241022");
    assertThat(haiku.litellmKey()).isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
    assertThat(haiku.price().rates().input()).isEqualByComparingTo("0.8");
    assertThat(m).hasSize(7);
  }

  @Test
  void writesAFileTheCatalogueReads() throws Exception {
    List<LiteLlmImport.Entry> entries = LiteLlmImport.convert(Json.MAPPER.readTree(LITELLM));
    StringWriter w = new StringWriter();
    LiteLlmImport.write(entries, "abc123", w);
    PriceCatalogue c = PriceCatalogue.read(new java.io.ByteArrayInputStream(
        w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(c.source()).endsWith("@ abc123");
    assertThat(c.lookup("qwen", "qwen-flash").orElseThrow().tiers()).hasSize(1);
    assertThat(c.lookup("openai", "databricks-ish").orElseThrow().rates().input())
        .isEqualTo(new BigDecimal("15.000020000000002"));
  }
}
