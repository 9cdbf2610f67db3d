package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.ModelConfig;
import dev.junction.config.ServerConfig;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.GatewayRig.Response;
import dev.junction.routing.RoutingConfig;
import dev.junction.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Aliases seen from a client: an exact alias ({@code smart}) is served by its model's
 * deployments with their model id, a pattern alias ({@code gpt-*}) on a wildcard model sends the
 * client's name as the upstream model id, the ledger keeps the name the client sent, {@code
 * /v1/models} lists exact aliases, and a fallback may name an alias.
 */
class AliasesTest {

  private FakeUpstream upstream;
  private GatewayRig rig;

  @AfterEach
  void stop() throws Exception {
    GatewayRig.closeAll(rig, upstream);
  }

  private void start(RoutingConfig routing, int failFirst) throws Exception {
    int[] calls = {0};
    upstream = FakeUpstream.start(seen -> calls[0]++ < failFirst
        ? Reply.json(500, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}"
            .getBytes(StandardCharsets.UTF_8))
        : Reply.json(200, ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
            + "\"completion_tokens\":2,\"total_tokens\":5}}").getBytes(StandardCharsets.UTF_8)));
    String url = upstream.url() + "/v1";
    ModelConfig gpt4o = new ModelConfig("gpt-4o", ModelConfig.Kind.CHAT,
        List.of(GatewayRig.deployment("openai", "gpt-4o-2024-08-06", url)),
        ModelConfig.DEFAULT_PACING_MAX_WAIT, List.of("smart", "default"));
    ModelConfig broken = GatewayRig.model("broken",
        GatewayRig.deployment("openai", "broken-model", url));
    ModelConfig vendor = new ModelConfig("openai/*", ModelConfig.Kind.CHAT,
        List.of(GatewayRig.deployment("openai", "*", url)), ModelConfig.DEFAULT_PACING_MAX_WAIT,
        List.of("gpt-*"));
    rig = GatewayRig.start(routing, ServerConfig.DEFAULT_MAX_BODY_BYTES, gpt4o, broken, vendor);
  }

  private Response chat(String model) throws Exception {
    return rig.post("/v1/chat/completions", "{\"model\":\"" + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
  }

  private List<String> sentModels() {
    List<String> out = new ArrayList<>();
    upstream.requests().forEach(s -> out.add(Fixtures.json(s.body()).get("model").asText()));
    return out;
  }

  @Test
  void exactAndPatternAliasesReachTheRightUpstreamModel() throws Exception {
    start(RoutingConfig.defaults(), 0);
    Response smart = chat("smart");
    assertThat(smart.status()).isEqualTo(200);
    assertThat(smart.headers().firstValue("x-junction-deployment")).hasValue(
        "openai/gpt-4o-2024-08-06#1");
    CallRecord r = rig.record();
    assertThat(r.requestedModel()).isEqualTo("smart");
    assertThat(r.upstreamModel()).isEqualTo("gpt-4o-2024-08-06");

    assertThat(chat("gpt-4.1-nano").status()).isEqualTo(200);
    assertThat(rig.record().upstreamModel()).isEqualTo("gpt-4.1-nano");
    // the configured model still wins over the pattern alias
    assertThat(chat("gpt-4o").status()).isEqualTo(200);
    assertThat(sentModels()).containsExactly("gpt-4o-2024-08-06", "gpt-4.1-nano",
        "gpt-4o-2024-08-06");
    assertThat(chat("mistral-large").status()).isEqualTo(404);
  }

  @Test
  void modelsListsExactAliases() throws Exception {
    start(RoutingConfig.defaults(), 0);
    JsonNode list = rig.send("GET", "/v1/models", null).json();
    List<String> ids = new ArrayList<>();
    list.get("data").forEach(m -> ids.add(m.get("id").asText()));
    assertThat(ids).containsExactly("gpt-4o", "broken", "smart", "default");
    JsonNode anthropic = rig.send("GET", "/v1/models", null, "anthropic-version", "2023-06-01")
        .json();
    List<String> names = new ArrayList<>();
    anthropic.get("data").forEach(m -> names.add(m.get("id").asText()));
    assertThat(names).contains("smart", "default");
  }

  @Test
  void aFallbackMayNameAnAlias() throws Exception {
    RoutingConfig.Retry r = RoutingConfig.Retry.DEFAULTS;
    RoutingConfig routing = RoutingConfig.defaults()
        .withRetry(new RoutingConfig.Retry(1, Duration.ofMillis(1), Duration.ofMillis(1),
            r.deadline(), r.maxWait()))
        .withFallbacks(Map.of("broken", List.of("smart")));
    start(routing, 1);
    Response res = chat("broken");
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.headers().firstValue("x-junction-fallback").orElseThrow()).contains("smart");
    assertThat(sentModels()).containsExactly("broken-model", "gpt-4o-2024-08-06");
  }
}
