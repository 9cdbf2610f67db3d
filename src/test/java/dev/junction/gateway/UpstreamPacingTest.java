package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.ModelConfig;
import dev.junction.config.ServerConfig;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.FakeUpstream.Seen;
import dev.junction.gateway.GatewayRig.Response;
import dev.junction.routing.RoutingConfig;
import dev.junction.testing.Fixtures;
import dev.junction.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream pacing through the gateway: deployments declare their vendor limits ({@code limits:
 * {rpm}}), the gateway skips a deployment whose limit is reached, queues calls by {@code
 * x-junction-priority} when every deployment is at its limit, and answers 429 {@code
 * upstream_capacity} after the model's {@code pacing.max-wait}. Time is a manual clock: limits
 * refill only when the test moves it.
 */
class UpstreamPacingTest {

  private final ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");
  private FakeUpstream upstream;
  private GatewayRig rig;
  private final List<CompletableFuture<Response>> pending = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    GatewayRig.closeAll(rig, upstream);
  }

  private static Reply ok() {
    return Reply.json(200, ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":"
        + "\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,"
        + "\"total_tokens\":4}}").getBytes(StandardCharsets.UTF_8));
  }

  private DeploymentConfig limited(String model, int priority, long rpm) {
    return GatewayRig.deployment("openai", model, upstream.url() + "/v1", priority, Map.of())
        .withLimits(new DeploymentConfig.Limits(rpm, 0));
  }

  private void start(Duration maxWait, java.util.function.Function<UpstreamPacingTest,
      DeploymentConfig[]> deployments) throws Exception {
    upstream = FakeUpstream.start(s -> ok());
    ModelConfig m = new ModelConfig("paced", ModelConfig.Kind.CHAT,
        List.of(deployments.apply(this)), maxWait);
    rig = GatewayRig.start(RoutingConfig.defaults(), clock, ServerConfig.DEFAULT_MAX_BODY_BYTES,
        m);
  }

  private static String chat(String text) {
    return "{\"model\":\"paced\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text
        + "\"}]}";
  }

  /** What the upstream received, by message text, in arrival order. */
  private List<String> upstreamOrder() {
    return upstream.requests().stream().map(UpstreamPacingTest::text).toList();
  }

  private static String text(Seen s) {
    return Fixtures.json(s.body()).at("/messages/0/content").asText();
  }

  private void send(String text, String priority) {
    pending.add(CompletableFuture.supplyAsync(() -> {
      try {
        return rig.post("/v1/chat/completions", chat(text), "x-junction-priority", priority);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
  }

  private int waiting() throws Exception {
    JsonNode pacing = rig.send("GET", "/admin/deployments", null).json().get("pacing");
    return pacing.get(0).get("waiting").asInt();
  }

  /** Polls (bounded: 10 s) until {@code condition} holds; fails otherwise. */
  private static void await(String what, BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < end).as(what).isTrue();
      Thread.sleep(10);
    }
  }

  private int waitingOrFail() {
    try {
      return waiting();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDeploymentAtItsLimitIsSkippedForOneWithRoom() throws Exception {
    start(ModelConfig.DEFAULT_PACING_MAX_WAIT,
        t -> new DeploymentConfig[] {t.limited("gpt-a", 1, 1), t.limited("gpt-b", 2, 1)});
    Response first = rig.post("/v1/chat/completions", chat("one"));
    Response second = rig.post("/v1/chat/completions", chat("two"));
    assertThat(first.header("x-junction-deployment")).isEqualTo("openai/gpt-a#1");
    assertThat(second.header("x-junction-deployment")).as("gpt-a used its one request a minute")
        .isEqualTo("openai/gpt-b#2");
    assertThat(second.header("x-junction-attempts")).isEqualTo("1");
  }

  @Test
  void whenEveryDeploymentIsAtItsLimitCallsAreSentByPriority() throws Exception {
    start(Duration.ofMinutes(10), t -> new DeploymentConfig[] {t.limited("gpt-a", 1, 1)});
    assertThat(rig.post("/v1/chat/completions", chat("first")).status()).isEqualTo(200);
    send("low", "low");
    await("low waits", () -> waitingOrFail() == 1);
    send("normal", "normal");
    await("normal waits", () -> waitingOrFail() == 2);
    send("high", "high");
    await("high waits", () -> waitingOrFail() == 3);
    assertThat(upstreamOrder()).containsExactly("first");
    for (int released = 2; released <= 4; released++) {
      clock.advance(Duration.ofMinutes(1)); // room for one more call
      send("nudge-" + released, "low"); // an arrival makes the pacer look at its queue
      int n = released;
      await(n + " upstream calls", () -> upstream.requests().size() == n);
    }
    assertThat(upstreamOrder()).containsExactly("first", "high", "normal", "low");
    assertThat(pending.get(2).get(10, TimeUnit.SECONDS).header("x-junction-deployment"))
        .isEqualTo("openai/gpt-a#1");
  }

  @Test
  void aCallThatCannotBePacedInTimeIs429UpstreamCapacity() throws Exception {
    start(Duration.ZERO, t -> new DeploymentConfig[] {t.limited("gpt-a", 1, 1)});
    assertThat(rig.post("/v1/chat/completions", chat("first")).status()).isEqualTo(200);
    Response r = rig.post("/v1/chat/completions", chat("second"));
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("upstream_capacity");
    assertThat(r.header("retry-after")).isNotNull();
    Response anthropic = rig.post("/v1/messages", "{\"model\":\"paced\",\"max_tokens\":8,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"third\"}]}");
    assertThat(anthropic.status()).isEqualTo(429);
    assertThat(anthropic.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(upstreamOrder()).containsExactly("first");
  }
}
