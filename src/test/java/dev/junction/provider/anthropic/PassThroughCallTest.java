package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Secret;
import dev.junction.config.Timeouts;
import dev.junction.error.GatewayException;
import dev.junction.provider.HttpCall;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the codec relays an Anthropic client's body: URL, headers and body. */
class PassThroughCallTest {

  private static final AnthropicCodec CODEC = new AnthropicCodec(InstantSource.system());

  private static DeploymentConfig deployment(Map<String, String> headers) {
    return new DeploymentConfig("a", "anthropic", "claude-x", "https://proxy.example/", Secret.of(
        "sk-ant-deployment"), headers, 1, 1, Timeouts.DEFAULTS,
        JsonNodeFactory.instance.objectNode());
  }

  private static MultiMap client(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) {
      m.add(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void theBodyGoesAsItIsToTheMessagesEndpoint() {
    byte[] body = "{ \"model\" : \"claude-x\", \"cache_control\": {\"type\":\"ephemeral\"} }"
        .getBytes(StandardCharsets.UTF_8);
    HttpCall call = CODEC.passThroughCall(body, client(), deployment(Map.of()));
    assertThat(call.url()).isEqualTo("https://proxy.example/v1/messages");
    assertThat(call.body().getBytes()).isEqualTo(body);
    assertThat(CODEC.passThroughFormat()).isEqualTo("anthropic");
  }

  @Test
  void theDeploymentsKeyReplacesTheClientsCredentials() {
    HttpCall call = CODEC.passThroughCall(new byte[] {'{', '}'},
        client("x-api-key", "sk-ant-client", "authorization", "Bearer client-token",
            "cookie", "c=1"), deployment(Map.of()));
    assertThat(call.headers().get("x-api-key")).isEqualTo("sk-ant-deployment");
    assertThat(call.headers().get("authorization")).isNull();
    assertThat(call.headers().get("cookie")).isNull();
    assertThat(call.headers().get("content-type")).isEqualTo("application/json");
  }

  @Test
  void theClientsVersionIsKeptElseTheDefault() {
    assertThat(CODEC.passThroughCall(new byte[0], client("anthropic-version", "2023-01-01"),
        deployment(Map.of())).headers().get("anthropic-version")).isEqualTo("2023-01-01");
    assertThat(CODEC.passThroughCall(new byte[0], client(), deployment(Map.of())).headers()
        .get("anthropic-version")).isEqualTo("2023-06-01");
  }

  @Test
  void betasOfClientAndDeploymentAreMergedOnce() {
    HttpCall call = CODEC.passThroughCall(new byte[0],
        client("anthropic-beta", "prompt-caching-2024-07-31, files-api-2025-04-14",
            "anthropic-beta", "interleaved-thinking-2025-05-14"),
        deployment(Map.of("Anthropic-Beta", "files-api-2025-04-14,context-1m-2025-08-07",
            "x-proxy", "yes")));
    assertThat(call.headers().getAll("anthropic-beta")).containsExactly(
        "prompt-caching-2024-07-31,files-api-2025-04-14,interleaved-thinking-2025-05-14,"
            + "context-1m-2025-08-07");
    assertThat(call.headers().get("x-proxy")).isEqualTo("yes");
  }

  @Test
  void noBetaHeaderWhenNobodyAsksForOne() {
    assertThat(CODEC.passThroughCall(new byte[0], client(), deployment(Map.of())).headers()
        .contains("anthropic-beta")).isFalse();
  }

  @Test
  void countTokensHasItsOwnEndpointAndOtherOperationsAreRefused() {
    assertThat(CODEC.passThroughCall(AnthropicDialect.COUNT_TOKENS, new byte[0], client(),
        deployment(Map.of())).url()).isEqualTo("https://proxy.example/v1/messages/count_tokens");
    assertThatThrownBy(() -> CODEC.passThroughCall("batches", new byte[0], client(),
        deployment(Map.of()))).isInstanceOf(GatewayException.class)
        .extracting(e -> ((GatewayException) e).status()).isEqualTo(404);
  }
}
