package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.ModelConfig;
import dev.junction.config.ServerConfig;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.FakeUpstream.Seen;
import dev.junction.gateway.GatewayRig.Response;
import dev.junction.routing.HealthProbes;
import dev.junction.routing.RoutingConfig;
import dev.junction.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Active health probes in the running gateway: a deployment whose breaker opened is probed
 * through its real adapter with a one-token chat, comes back once a probe succeeds (long before
 * its ten-minute open duration), and every probe is a call record (front {@code probe}, tag
 * {@code junction-probe}) and a {@code junction_probes_total} sample. Probes run on real Vert.x
 * timers every 100 ms; waits are bounded polls, never assertions on time.
 */
class ProbesWiringTest {

  private static final String DEPLOYMENT = "openai/solo-x#1";

  private volatile boolean down = true;
  private FakeUpstream upstream;
  private GatewayRig rig;

  @AfterEach
  void stop() throws Exception {
    GatewayRig.closeAll(rig, upstream);
  }

  private Reply answer(Seen s) {
    if (down) {
      return Reply.json(500, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}"
          .getBytes(StandardCharsets.UTF_8));
    }
    return Reply.json(200, ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
        + "\"model\":\"solo-x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"pong\"},\"finish_reason\":\"length\"}],\"usage\":"
        + "{\"prompt_tokens\":8,\"completion_tokens\":1,\"total_tokens\":9}}")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anOpenDeploymentIsProbedAndTakesTrafficAgainOnceAProbeSucceeds() throws Exception {
    RoutingConfig.Breaker b = RoutingConfig.Breaker.DEFAULTS;
    RoutingConfig.Retry r = RoutingConfig.Retry.DEFAULTS;
    RoutingConfig routing = RoutingConfig.defaults()
        .withRetry(new RoutingConfig.Retry(2, r.base(), r.cap(), r.deadline(), r.maxWait()))
        .withBreaker(new RoutingConfig.Breaker(b.window(), 2, b.windowDuration(), 2, 0.5,
            Duration.ofMinutes(10), 1))
        .withProbes(new RoutingConfig.Probes(true, Duration.ofMillis(100), Duration.ofSeconds(5),
            RoutingConfig.ProbeMode.OPEN_ONLY));
    upstream = FakeUpstream.start(this::answer);
    rig = GatewayRig.start(routing, ServerConfig.DEFAULT_MAX_BODY_BYTES,
        GatewayRig.model("solo", GatewayRig.deployment("openai", "solo-x",
            upstream.url() + "/v1", 1, Map.of())));

    Response failed = rig.post("/v1/chat/completions", chat());
    assertThat(failed.status()).isEqualTo(502);
    Response refused = rig.post("/v1/chat/completions", chat());
    assertThat(refused.status()).as("breaker open").isEqualTo(503);
    int clientCalls = 2; // the first request and its retry; the refused one never went out
    assertThat(upstream.requests().size()).isGreaterThanOrEqualTo(clientCalls);

    down = false;
    CallRecord probe = nextSuccessfulProbe();
    assertThat(probe.front()).isEqualTo(ProbeSink.FRONT);
    assertThat(probe.tag()).isEqualTo(ProbeSink.TAG);
    assertThat(probe.endpoint()).isEqualTo("chat");
    assertThat(probe.requestedModel()).isEqualTo("solo");
    assertThat(probe.deploymentId()).isEqualTo(DEPLOYMENT);
    assertThat(probe.upstreamModel()).isEqualTo("solo-x");
    assertThat(probe.usage()).isNotNull();
    assertThat(probe.usage().output()).isEqualTo(1);
    assertThat(probe.cost()).as("priced (or flagged unpriced) like any call").isNotNull();

    JsonNode sent = Fixtures.json(upstream.requests().get(clientCalls).body());
    JsonNode cap = sent.has("max_completion_tokens") ? sent.get("max_completion_tokens")
        : sent.get("max_tokens");
    assertThat(cap.asInt()).isEqualTo(HealthProbes.MAX_TOKENS).isEqualTo(1);
    assertThat(sent.path("stream").asBoolean(false)).isFalse();
    assertThat(sent.get("messages")).hasSize(1);
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo(HealthProbes.PROMPT);
    assertThat(upstream.requests().get(clientCalls).headers().get("authorization"))
        .as("the deployment's own credentials").isEqualTo("Bearer " + GatewayRig.UPSTREAM_KEY);

    Response served = rig.post("/v1/chat/completions", chat());
    assertThat(served.status()).as("recovered before its 10 min open duration").isEqualTo(200);
    assertThat(served.header("x-junction-deployment")).isEqualTo(DEPLOYMENT);

    String metrics = rig.send("GET", "/metrics", null).text();
    assertThat(metrics).contains("junction_probes_total{deployment=\"" + DEPLOYMENT
        + "\",outcome=\"success\"} 1");
  }

  /** Polls the records (bounded by the rig's wait) until a probe that succeeded. */
  private CallRecord nextSuccessfulProbe() throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      CallRecord r = rig.record();
      if (ProbeSink.FRONT.equals(r.front()) && r.status() == 200) {
        return r;
      }
    }
    throw new AssertionError("no successful probe recorded");
  }

  private static String chat() {
    return "{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  }
}
