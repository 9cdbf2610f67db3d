package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ContentPart;
import dev.junction.chat.FinishReason;
import dev.junction.config.ModelConfig;
import dev.junction.error.GatewayException;
import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.PriceCatalogue;
import dev.junction.pricing.TokenRates;
import dev.junction.provider.UpstreamErrors;
import dev.junction.testing.Fixtures;
import io.vertx.core.MultiMap;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbacksTest {

  private final RoutingConfig config = new RoutingConfig(RoutingConfig.DEFAULT_STRATEGY,
      RoutingConfig.DEFAULT_EWMA_ALPHA, RoutingConfig.Retry.DEFAULTS,
      RoutingConfig.Breaker.DEFAULTS, RoutingConfig.DEFAULT_COOLDOWN,
      RoutingConfig.Hedge.DEFAULTS,
      Map.of("gpt-4o", List.of("claude", "gemini")),
      Map.of("small", List.of("medium", "large", "huge")),
      Map.of("gpt-4o", List.of("claude")),
      Map.of("small", 8_000L, "medium", 16_000L, "large", 128_000L));

  private final Fallbacks fallbacks = Fallbacks.create(config);

  @Test
  void listsTheConfiguredModelsInOrder() {
    assertThat(fallbacks.onExhausted("gpt-4o")).containsExactly("claude", "gemini");
    assertThat(fallbacks.onContentPolicy("gpt-4o")).containsExactly("claude");
    assertThat(fallbacks.onExhausted("other")).isEmpty();
  }

  @Test
  void aPromptThatDoesNotFitGoesToTheFirstFallbackItFits() {
    assertThat(fallbacks.forContextWindow("small", 8_000)).isEmpty();
    assertThat(fallbacks.forContextWindow("small", 8_001)).contains("medium");
    assertThat(fallbacks.forContextWindow("small", 20_000)).contains("large");
    assertThat(fallbacks.forContextWindow("small", 200_000))
        .as("huge has no known window, which fits everything").contains("huge");
    assertThat(fallbacks.forContextWindow("unknown", 10_000_000)).isEmpty();
    assertThat(fallbacks.fits("small", -1)).as("no estimate").isTrue();
  }

  @Test
  void contextWindowsComeFromTheCatalogueWhenTheConfigHasNone() {
    ScriptedUpstream a = new ScriptedUpstream("a"); // openai / m-a
    ScriptedUpstream b = new ScriptedUpstream("b"); // openai / m-b
    Router router = Router.of(List.of(new Route("pair", ModelConfig.Kind.CHAT, List.of(a, b)),
        new Route("small", ModelConfig.Kind.CHAT, List.of(a))));
    TokenRates rates = new TokenRates(BigDecimal.ONE, null, null, null, BigDecimal.TEN, null);
    PriceCatalogue catalogue = PriceCatalogue.of(List.of(
        new ModelPrice("openai", "m-a", ModelPrice.Mode.CHAT, "USD", rates, List.of(), null,
            null, 200_000L, null),
        new ModelPrice("openai", "m-b", ModelPrice.Mode.CHAT, "USD", rates, List.of(), null,
            null, 64_000L, null)));
    Fallbacks f = Fallbacks.create(config, router, catalogue);
    assertThat(f.contextWindow("pair")).as("the smallest of its deployments").hasValue(64_000);
    assertThat(f.contextWindow("small")).as("config wins").hasValue(8_000);
    assertThat(f.contextWindow("nowhere")).isEmpty();
  }

  @Test
  void recognisesAzuresRecordedContentFilterError() {
    byte[] body = Fixtures.bytes("openai-chat/azure-error-prompt-filtered.json");
    // the fixture says "code": "content_filter"; the real API answers it with HTTP 400
    assertThat(Fixtures.json(body).path("error").path("code").asText())
        .isEqualTo("content_filter");
    GatewayException e = UpstreamErrors.decode(400, MultiMap.caseInsensitiveMultiMap(), body);
    assertThat(Fallbacks.isContentPolicy(e)).isTrue();
    assertThat(Fallbacks.isContextWindowExceeded(e)).isFalse();
  }

  @Test
  void recognisesOpenAisContentPolicyCode() {
    assertThat(Fallbacks.isContentPolicy(GatewayException.upstream(400,
        "content_policy_violation", "Your request was rejected", -1))).isTrue();
    assertThat(Fallbacks.isContentPolicy(GatewayException.upstream(400,
        "invalid_request_error", "bad", -1))).isFalse();
    assertThat(Fallbacks.isContentPolicy(GatewayException.upstream(500,
        "content_filter", "odd but retryable", -1))).isFalse();
  }

  @Test
  void aFilteredAnswerIsAContentPolicyRefusal() {
    assertThat(Fallbacks.isContentPolicy(answer(FinishReason.CONTENT_FILTER))).isTrue();
    assertThat(Fallbacks.isContentPolicy(answer(FinishReason.STOP))).isFalse();
  }

  @Test
  void recognisesTheVendorsContextWindowErrors() {
    assertThat(Fallbacks.isContextWindowExceeded(GatewayException.upstream(400,
        "context_length_exceeded", "This model's maximum context length is 128000 tokens.",
        -1))).isTrue();
    assertThat(Fallbacks.isContextWindowExceeded(GatewayException.upstream(400,
        "invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum", -1)))
        .isTrue();
    assertThat(Fallbacks.isContextWindowExceeded(GatewayException.upstream(400,
        "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of "
            + "tokens allowed (1048576).", -1))).isTrue();
    assertThat(Fallbacks.isContextWindowExceeded(GatewayException.upstream(400,
        "invalid_request_error", "temperature must be <= 2", -1))).isFalse();
  }

  private static ChatResponse answer(FinishReason reason) {
    return new ChatResponse("id", "m", 0, List.of(new Choice(0,
        List.of(new ContentPart.Text("x")), List.of(), null, reason, null, (ObjectNode) null,
        null)), null, null);
  }
}
