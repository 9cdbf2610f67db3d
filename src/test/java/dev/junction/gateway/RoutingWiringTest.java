package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.ModelConfig;
import dev.junction.config.ServerConfig;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.FakeUpstream.Seen;
import dev.junction.gateway.GatewayRig.Response;
import dev.junction.routing.RoutingConfig;
import dev.junction.testing.Fixtures;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing core wired into the request path, seen from a client: retries to another
 * deployment, 429 cooldowns, circuit breakers, fallbacks (exhausted and context window), hedges,
 * streams that are never retried once a byte went out, in-flight counts returning to zero after a
 * client hangs up, the {@code x-junction-*} headers on success and error, {@code /health/ready}
 * and {@code GET /admin/deployments}. Upstreams are told apart by the model id the gateway sends.
 */
class RoutingWiringTest {

  private FakeUpstream upstream;
  private GatewayRig rig;

  @AfterEach
  void stop() throws Exception {
    GatewayRig.closeAll(rig, upstream);
  }

  private DeploymentConfig dep(String model, int priority) {
    return GatewayRig.deployment("openai", model, upstream.url() + "/v1", priority, Map.of());
  }

  /** Deployments need the upstream's URL, so models are built once it runs. */
  private void start(RoutingConfig routing, Function<Seen, Reply> answer,
      Function<RoutingWiringTest, ModelConfig[]> models) throws Exception {
    upstream = FakeUpstream.start(answer);
    rig = GatewayRig.start(routing, ServerConfig.DEFAULT_MAX_BODY_BYTES, models.apply(this));
  }

  private static String model(Seen s) {
    return Fixtures.json(s.body()).get("model").asText();
  }

  private List<String> sentModels() {
    return upstream.requests().stream().map(RoutingWiringTest::model).toList();
  }

  private static Reply ok(String text) {
    return Reply.json(200, ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],\"usage\":"
        + "{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}")
        .getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] chunk(String text) {
    return ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":"
        + "\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},"
        + "\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Reply stream(String text) {
    String done = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"
        + "\n\ndata: [DONE]\n\n";
    return Reply.sse((new String(chunk(text), StandardCharsets.UTF_8) + done)
        .getBytes(StandardCharsets.UTF_8));
  }

  private static Reply status(int status) {
    return Reply.json(status, ("{\"error\":{\"message\":\"status " + status + "\",\"type\":"
        + "\"server_error\"}}").getBytes(StandardCharsets.UTF_8));
  }

  private static String chat(String model, boolean stream, String text) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"" + text + "\"}]}";
  }

  private Response post(String model, boolean stream) throws Exception {
    return rig.post("/v1/chat/completions", chat(model, stream, "Hi"));
  }

  private JsonNode deployment(String id) throws Exception {
    JsonNode all = rig.send("GET", "/admin/deployments", null).json();
    for (JsonNode d : all.get("deployments")) {
      if (d.get("deployment").asText().equals(id)) {
        return d;
      }
    }
    throw new AssertionError("no deployment " + id + " in " + all);
  }

  private static RoutingConfig attempts(int max) {
    RoutingConfig.Retry r = RoutingConfig.Retry.DEFAULTS;
    return RoutingConfig.defaults().withRetry(new RoutingConfig.Retry(max, r.base(), r.cap(),
        r.deadline(), r.maxWait()));
  }

  @Test
  void a500IsRetriedOnAnotherDeploymentAndTheHeadersSaySo() throws Exception {
    start(RoutingConfig.defaults(), s -> model(s).equals("gpt-a") ? status(500) : ok("from b"),
        t -> new ModelConfig[] {GatewayRig.model("gpt", t.dep("gpt-a", 1), t.dep("gpt-b", 2))});
    Response r = post("gpt", false);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("from b");
    assertThat(sentModels()).containsExactly("gpt-a", "gpt-b");
    assertThat(r.header("x-junction-deployment")).isEqualTo("openai/gpt-b#2");
    assertThat(r.header("x-junction-attempts")).isEqualTo("2");
    assertThat(r.header("x-junction-fallback")).isNull();
    CallRecord rec = rig.record();
    assertThat(rec.deploymentId()).isEqualTo("openai/gpt-b#2");
    assertThat(rec.attempts()).isEqualTo(2);
  }

  @Test
  void theRoutingHeadersAreOnErrorsToo() throws Exception {
    start(attempts(2), s -> status(500),
        t -> new ModelConfig[] {GatewayRig.model("gpt", t.dep("gpt-a", 1), t.dep("gpt-b", 2))});
    Response r = post("gpt", false);
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.header("x-junction-attempts")).isEqualTo("2");
    assertThat(r.header("x-junction-deployment")).isEqualTo("openai/gpt-b#2");
    assertThat(rig.record().attempts()).isEqualTo(2);
  }

  @Test
  void aFallbackToAModelNotServedIsRefusedAtStart() throws Exception {
    upstream = FakeUpstream.start(s -> ok("x"));
    RoutingConfig routing = RoutingConfig.defaults().withFallbacks(
        Map.of("gpt", List.of("gtp-typo")));
    assertThatThrownBy(() -> GatewayRig.start(routing, ServerConfig.DEFAULT_MAX_BODY_BYTES,
        GatewayRig.model("gpt", dep("gpt-a", 1))))
        .hasRootCauseMessage("routing.fallbacks.gpt[0]: 'gtp-typo' (expected: a served model)");
  }

  @Test
  void a429WithRetryAfterCoolsTheDeploymentDown() throws Exception {
    start(RoutingConfig.defaults(), s -> model(s).equals("gpt-a")
            ? status(429).withHeaders(Map.of("retry-after", "60")) : ok("b"),
        t -> new ModelConfig[] {GatewayRig.model("gpt", t.dep("gpt-a", 1), t.dep("gpt-b", 2))});
    assertThat(post("gpt", false).header("x-junction-deployment")).isEqualTo("openai/gpt-b#2");
    Response second = post("gpt", false);
    assertThat(second.header("x-junction-deployment")).isEqualTo("openai/gpt-b#2");
    assertThat(second.header("x-junction-attempts")).isEqualTo("1");
    assertThat(sentModels()).as("the cooling deployment is skipped")
        .containsExactly("gpt-a", "gpt-b", "gpt-b");
    JsonNode a = deployment("openai/gpt-a#1");
    assertThat(a.get("cooldown_until").isNull()).isFalse();
    assertThat(a.get("rate_limited").asLong()).isEqualTo(1);
    assertThat(a.get("breaker").asText()).isEqualTo("CLOSED");
  }

  @Test
  void theBreakerOpensAfterFailuresAndReadinessFollows() throws Exception {
    RoutingConfig.Breaker b = RoutingConfig.Breaker.DEFAULTS;
    RoutingConfig routing = attempts(2).withBreaker(new RoutingConfig.Breaker(b.window(), 2,
        b.windowDuration(), 2, 0.5, Duration.ofMinutes(10), 1));
    start(routing, s -> model(s).startsWith("gpt-a") || model(s).equals("solo-x") ? status(500)
            : ok("b"),
        t -> new ModelConfig[] {
            GatewayRig.model("gpt", t.dep("gpt-a", 1), t.dep("gpt-b", 2)),
            GatewayRig.model("solo", t.dep("solo-x", 1))});
    assertThat(rig.send("GET", "/health/ready", null).status()).isEqualTo(200);
    post("gpt", false);
    post("gpt", false);
    assertThat(deployment("openai/gpt-a#1").get("breaker").asText()).isEqualTo("OPEN");
    Response third = post("gpt", false);
    assertThat(third.header("x-junction-attempts")).isEqualTo("1");
    assertThat(sentModels()).containsExactly("gpt-a", "gpt-b", "gpt-a", "gpt-b", "gpt-b");
    assertThat(rig.send("GET", "/health/ready", null).status()).as("gpt still has gpt-b")
        .isEqualTo(200);

    Response solo = post("solo", false); // two failures on its only deployment: open
    assertThat(solo.status()).isEqualTo(502);
    assertThat(deployment("openai/solo-x#1").get("breaker").asText()).isEqualTo("OPEN");
    Response ready = rig.send("GET", "/health/ready", null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().get("unserviceable")).extracting(JsonNode::asText)
        .containsExactly("solo");
    Response refused = post("solo", false);
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().at("/error/code").asText()).isEqualTo("no_healthy_deployment");
    assertThat(refused.header("x-junction-attempts")).isEqualTo("0");
    String metrics = rig.send("GET", "/metrics", null).text();
    assertThat(metrics).contains(
        "junction_deployment_breaker_state{deployment=\"openai/solo-x#1\",state=\"open\"} 1")
        .contains("junction_retries_total{model=\"gpt\"} 2");
  }

  @Test
  void aFallbackModelServesWhenTheRetriesAreExhausted() throws Exception {
    RoutingConfig routing = attempts(1).withFallbacks(Map.of("gpt", List.of("backup")));
    start(routing, s -> model(s).equals("gpt-a") ? status(500) : ok("backup says hi"),
        t -> new ModelConfig[] {GatewayRig.model("gpt", t.dep("gpt-a", 1)),
            GatewayRig.model("backup", t.dep("backup-x", 1))});
    Response r = post("gpt", false);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-junction-fallback")).isEqualTo("backup; reason=exhausted; from=gpt");
    assertThat(r.header("x-junction-deployment")).isEqualTo("openai/backup-x#1");
    assertThat(r.header("x-junction-attempts")).isEqualTo("2");
    assertThat(sentModels()).containsExactly("gpt-a", "backup-x");
    CallRecord rec = rig.record();
    assertThat(rec.deploymentId()).isEqualTo("openai/backup-x#1");
    assertThat(rec.upstreamModel()).isEqualTo("backup-x");
    assertThat(rec.fallback()).isNotNull();
    assertThat(rec.fallback().header()).isEqualTo(r.header("x-junction-fallback"));
    assertThat(rec.hedged()).isFalse();
    assertThat(rig.send("GET", "/metrics", null).text()).contains(
        "junction_fallbacks_total{from=\"gpt\",to=\"backup\",reason=\"exhausted\"} 1");
  }

  @Test
  void aPromptTooLongForTheModelGoesToItsContextWindowFallback() throws Exception {
    RoutingConfig d = RoutingConfig.defaults();
    RoutingConfig routing = new RoutingConfig(d.strategy(), d.ewmaAlpha(), d.retry(),
        d.breaker(), d.cooldown(), d.hedge(), Map.of(), Map.of("small", List.of("big")),
        Map.of(), Map.of("small", 10L));
    start(routing, s -> ok(model(s)),
        t -> new ModelConfig[] {GatewayRig.model("small", t.dep("small-x", 1)),
            GatewayRig.model("big", t.dep("big-x", 1))});
    Response shortPrompt = rig.post("/v1/chat/completions", chat("small", false, "Hi"));
    assertThat(shortPrompt.header("x-junction-fallback")).isNull();
    Response longPrompt = rig.post("/v1/chat/completions", chat("small", false,
        "a prompt of many words that cannot fit into a window of ten tokens at all"));
    assertThat(longPrompt.status()).isEqualTo(200);
    assertThat(longPrompt.header("x-junction-fallback"))
        .isEqualTo("big; reason=context-window; from=small");
    assertThat(sentModels()).containsExactly("small-x", "big-x");
  }

  @Test
  void aWholeAnswerCutByAContentFilterGoesToTheContentPolicyFallback() throws Exception {
    RoutingConfig d = RoutingConfig.defaults();
    RoutingConfig routing = new RoutingConfig(d.strategy(), d.ewmaAlpha(), d.retry(),
        d.breaker(), d.cooldown(), d.hedge(), Map.of(), Map.of(),
        Map.of("strict", List.of("lenient")), Map.of());
    Reply filtered = Reply.json(200, ("{\"id\":\"c\",\"object\":\"chat.completion\","
        + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"\"},\"finish_reason\":\"content_filter\"}]}")
        .getBytes(StandardCharsets.UTF_8));
    start(routing, s -> model(s).equals("strict-x") ? filtered : ok("lenient answer"),
        t -> new ModelConfig[] {GatewayRig.model("strict", t.dep("strict-x", 1)),
            GatewayRig.model("lenient", t.dep("lenient-x", 1))});
    Response r = post("strict", false);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("lenient answer");
    assertThat(r.header("x-junction-fallback"))
        .isEqualTo("lenient; reason=content-policy; from=strict");
    assertThat(sentModels()).containsExactly("strict-x", "lenient-x");
  }

  @Test
  void aLateFirstTokenIsHedgedAndTheFasterDeploymentWins() throws Exception {
    RoutingConfig routing = RoutingConfig.defaults().withHedge(new RoutingConfig.Hedge(true,
        new RoutingConfig.Threshold.Fixed(Duration.ofMillis(150)), 100));
    start(routing, s -> model(s).equals("gpt-a") ? stream("slow").after(5_000) : stream("fast"),
        t -> new ModelConfig[] {GatewayRig.model("gpt", t.dep("gpt-a", 1), t.dep("gpt-b", 2))});
    Response r = post("gpt", true);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("fast").doesNotContain("slow");
    assertThat(r.header("x-junction-hedged")).isEqualTo("true");
    assertThat(r.header("x-junction-deployment")).isEqualTo("openai/gpt-b#2");
    assertThat(r.header("x-junction-attempts")).isEqualTo("2");
    assertThat(sentModels()).containsExactly("gpt-a", "gpt-b");
    CallRecord rec = rig.record();
    assertThat(rec.hedged()).isTrue();
    assertThat(rec.attempts()).isEqualTo(2);
    JsonNode hedging = rig.send("GET", "/admin/deployments", null).json().get("hedging");
    assertThat(hedging.get(0).get("hedges").asLong()).isEqualTo(1);
    assertThat(hedging.get(0).get("won").asLong()).isEqualTo(1);
    awaitInFlight("openai/gpt-a#1", 0);
    awaitInFlight("openai/gpt-b#2", 0);
  }

  @Test
  void aStreamIsNeverRetriedAfterItsFirstByte() throws Exception {
    // the first deployment sends one chunk and ends without [DONE]: the stream broke off
    start(RoutingConfig.defaults(), s -> model(s).equals("gpt-a") ? Reply.sse(chunk("part"))
            : stream("whole"),
        t -> new ModelConfig[] {GatewayRig.model("gpt", t.dep("gpt-a", 1), t.dep("gpt-b", 2))});
    Response r = post("gpt", true);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("part").doesNotContain("whole");
    assertThat(sentModels()).containsExactly("gpt-a");
    assertThat(rig.record().errorCode()).isNotNull();
    JsonNode a = deployment("openai/gpt-a#1");
    assertThat(a.get("failures").asLong()).as("a cut stream counts against its deployment")
        .isEqualTo(1);
    assertThat(a.get("in_flight").asInt()).isZero();
  }

  @Test
  void inFlightReturnsToZeroWhenTheClientHangsUp() throws Exception {
    start(RoutingConfig.defaults(), s -> Reply.sse(chunk("first")).hang(),
        t -> new ModelConfig[] {GatewayRig.model("gpt", t.dep("gpt-a", 1))});
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(
            URI.create(rig.url() + "/v1/chat/completions"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(chat("gpt", true, "Hi"))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("x-junction-deployment")).contains("openai/gpt-a#1");
    InputStream body = r.body();
    assertThat(body.read()).as("the first byte arrived").isNotNegative();
    assertThat(deployment("openai/gpt-a#1").get("in_flight").asInt()).isEqualTo(1);
    body.close();
    http.close();
    upstream.disconnected().get(10, TimeUnit.SECONDS);
    awaitInFlight("openai/gpt-a#1", 0);
    JsonNode a = deployment("openai/gpt-a#1");
    assertThat(a.get("failures").asLong()).as("a client leaving is no verdict").isZero();
    assertThat(rig.record().status()).isEqualTo(499);
  }

  /** Polls the admin view (bounded: 10 s) until the deployment's in-flight count is {@code n}. */
  private void awaitInFlight(String id, int n) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int seen;
    do {
      seen = deployment(id).get("in_flight").asInt();
      if (seen == n) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < end);
    assertThat(seen).as("in flight on " + id).isEqualTo(n);
  }
}
