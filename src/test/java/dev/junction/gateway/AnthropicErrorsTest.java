package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.FakeUpstream.Seen;
import dev.junction.gateway.GatewayRig.Response;
import dev.junction.testing.Fixtures;
import dev.junction.tokens.TokenCount;
import java.util.List;
import dev.junction.routing.RoutingConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Errors of the Messages front, in Anthropic's shape ({@code {"type":"error","error":{"type",
 * "message"},"request_id"}}) and statuses, and failover across deployments, Anthropic and not,
 * with exactly one upstream request per attempt.
 */
class AnthropicErrorsTest {

  private static final byte[] OVERLOADED = """
      {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""
      .getBytes();

  private FakeUpstream upstream;
  private GatewayRig rig;

  @AfterEach
  void stop() throws Exception {
    GatewayRig.closeAll(rig, upstream);
  }

  private void start(Function<Seen, Reply> answer, String... routes) throws Exception {
    start(RoutingConfig.defaults(), answer);
  }

  private void start(RoutingConfig routing, Function<Seen, Reply> answer) throws Exception {
    upstream = FakeUpstream.start(answer);
    String a = upstream.url();
    String o = upstream.url() + "/v1";
    rig = GatewayRig.start(routing, 1024,
        GatewayRig.model("claude", GatewayRig.deployment("anthropic", "claude-a", a, 1,
            Map.of()), GatewayRig.deployment("anthropic", "claude-b", a, 2, Map.of())),
        GatewayRig.model("gpt", GatewayRig.deployment("openai", "gpt-4o-mini", o)),
        GatewayRig.model("mixed", GatewayRig.deployment("anthropic", "claude-a", a, 1, Map.of()),
            GatewayRig.deployment("openai", "gpt-4o-mini", o, 2, Map.of())));
  }

  private static String body(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":64,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  }

  private static void assertAnthropicError(Response r, int status, String type) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    JsonNode e = r.json();
    assertThat(e.get("type").asText()).isEqualTo("error");
    assertThat(e.at("/error/type").asText()).isEqualTo(type);
    assertThat(e.at("/error/message").asText()).isNotBlank();
    assertThat(e.get("request_id").asText()).startsWith("req_")
        .isEqualTo(r.header("request-id")).isEqualTo(r.header("x-request-id"));
  }

  @Test
  void unknownModelIsNotFound() throws Exception {
    start(s -> Reply.json(500, new byte[0]));
    Response r = rig.post("/v1/messages", body("claude-nope", false));
    assertAnthropicError(r, 404, "not_found_error");
    assertThat(r.json().at("/error/message").asText()).contains("claude-nope");
    assertThat(upstream.requests()).isEmpty();
    assertThat(rig.record().status()).isEqualTo(404);
  }

  @Test
  void malformedRequestsAreInvalid() throws Exception {
    start(s -> Reply.json(500, new byte[0]));
    assertAnthropicError(rig.post("/v1/messages", "{\"model\": \"gpt\", "), 400,
        "invalid_request_error");
    assertAnthropicError(rig.post("/v1/messages", "[1]"), 400, "invalid_request_error");
    assertAnthropicError(rig.post("/v1/messages", "{\"max_tokens\": 5}"), 400,
        "invalid_request_error");
    Response noMax = rig.post("/v1/messages",
        "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertAnthropicError(noMax, 400, "invalid_request_error");
    assertThat(noMax.json().at("/error/message").asText()).contains("max_tokens");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void overloadedEverywhereIs529AfterMaxAttempts() throws Exception {
    start(s -> Reply.json(529, OVERLOADED));
    Response r = rig.post("/v1/messages", body("claude", false));
    assertAnthropicError(r, 529, "overloaded_error");
    // every deployment once (tier order), then the first again after backoff: retry.max-attempts
    assertThat(upstream.requests()).extracting(s -> Fixtures.json(s.body()).get("model")
        .asText()).containsExactly("claude-a", "claude-b", "claude-a");
    assertThat(r.header("x-junction-attempts")).isEqualTo("3");
    assertThat(r.header("x-junction-deployment")).isEqualTo("anthropic/claude-a#1");
    CallRecord rec = rig.record();
    assertThat(rec.attempts()).isEqualTo(3);
    assertThat(rec.status()).isEqualTo(529);
  }

  @Test
  void overloadedStreamIs529BeforeAnyEvent() throws Exception {
    start(s -> Reply.json(529, OVERLOADED));
    Response r = rig.post("/v1/messages", body("claude", true));
    assertAnthropicError(r, 529, "overloaded_error");
    assertThat(upstream.requests()).hasSize(3);
  }

  @Test
  void rateLimitedIs429WithTheUpstreamsRetryAfter() throws Exception {
    dev.junction.testing.Fixtures.dir(); // skip early without fixtures
    // a wait longer than retry.max-wait ends the retries at once: the client gets the 429
    RoutingConfig.Retry retry = RoutingConfig.Retry.DEFAULTS;
    start(RoutingConfig.defaults().withRetry(new RoutingConfig.Retry(retry.maxAttempts(),
            retry.base(), retry.cap(), retry.deadline(), Duration.ofSeconds(5))),
        s -> Reply.json(429, Fixtures.bytes("openrouter/error-429-upstream.json"))
            .withHeaders(Map.of("retry-after", "7")));
    Response r = rig.post("/v1/messages", body("gpt", false));
    assertAnthropicError(r, 429, "rate_limit_error");
    assertThat(r.header("retry-after")).isEqualTo("7");
    assertThat(upstream.requests()).hasSize(1);
  }

  @Test
  void aFailingUpstreamIsAnApiError() throws Exception {
    start(s -> Reply.json(500, "{\"error\":{\"message\":\"boom\"}}".getBytes()));
    Response r = rig.post("/v1/messages", body("gpt", false));
    assertAnthropicError(r, 500, "api_error");
    // one deployment: retried on it after backoff, up to retry.max-attempts
    assertThat(upstream.requests()).hasSize(3);
    assertThat(r.header("x-junction-attempts")).isEqualTo("3");
  }

  @Test
  void aMixedRouteFailsOverFromAnthropicToATranslatedDeployment() throws Exception {
    dev.junction.testing.Fixtures.dir(); // skip early without fixtures
    start(s -> s.uri().equals("/v1/messages") ? Reply.json(529, OVERLOADED)
        : Reply.json(200, Fixtures.bytes("openai-chat/text-basic.json")));
    Response r = rig.post("/v1/messages", body("mixed", false));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/content/0/text").asText()).isEqualTo(
        Fixtures.json("openai-chat/text-basic.json").at("/choices/0/message/content").asText());
    List<Seen> seen = upstream.requests();
    assertThat(seen).extracting(Seen::uri).containsExactly("/v1/messages",
        "/v1/chat/completions");
    assertThat(seen.get(0).text()).isEqualTo(body("claude-a", false));
    assertThat(Fixtures.json(seen.get(1).body()).at("/messages/0/content").asText())
        .isEqualTo("Hi");
    CallRecord rec = rig.record();
    assertThat(rec.attempts()).isEqualTo(2);
    assertThat(rec.provider()).isEqualTo("openai");
  }

  @Test
  void aMixedRouteStreamFailsOverBeforeAnyByteIsSent() throws Exception {
    dev.junction.testing.Fixtures.dir(); // skip early without fixtures
    start(s -> s.uri().equals("/v1/messages") ? Reply.json(529, OVERLOADED)
        : Reply.sse(Fixtures.bytes("openai-chat/tool-call-stream.sse")));
    Response r = rig.post("/v1/messages", body("mixed", true));
    assertThat(r.status()).isEqualTo(200);
    MessagesEvents got = MessagesEvents.check(r.events());
    assertThat(got.stopReason()).isEqualTo("tool_use");
    assertThat(upstream.requests()).hasSize(2);
    assertThat(r.header("x-junction-attempts")).isEqualTo("2");
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    start(s -> Reply.json(500, new byte[0]));
    String big = body("claude", false).replace("Hi", "x".repeat(2000));
    assertAnthropicError(rig.post("/v1/messages", big), 413, "request_too_large");
    assertAnthropicError(rig.post("/v1/messages/count_tokens", big), 413, "request_too_large");
    // the OpenAI front keeps its own error shape
    Response openAi = rig.post("/v1/chat/completions", big);
    assertThat(openAi.status()).isEqualTo(413);
    assertThat(openAi.json().at("/error/code").asText()).isEqualTo("request_too_large");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void wrongMethodAndUnknownPathAreAnsweredInAnthropicShape() throws Exception {
    start(s -> Reply.json(500, new byte[0]));
    Response get = rig.send("GET", "/v1/messages", null);
    assertAnthropicError(get, 405, "invalid_request_error");
    assertThat(get.header("allow")).isEqualTo("POST");
    assertAnthropicError(rig.post("/v1/messages/batches", "{}"), 404, "not_found_error");
    assertAnthropicError(rig.send("GET", "/v1/messages/count_tokens", null), 405,
        "invalid_request_error");
  }

  @Test
  void modelsInOpenAiShapeWithoutAnthropicVersion() throws Exception {
    start(s -> Reply.json(500, new byte[0]));
    Response anthropic = rig.send("GET", "/v1/models", null);
    assertThat(anthropic.json().get("has_more").asBoolean()).isFalse();
    assertThat(anthropic.json().get("first_id").asText()).isEqualTo("claude");
    assertThat(anthropic.json().get("last_id").asText()).isEqualTo("mixed");
    assertThat(anthropic.json().at("/data/0/type").asText()).isEqualTo("model");
    assertThat(anthropic.json().at("/data/0/display_name").asText()).isEqualTo("claude");
    java.net.http.HttpResponse<String> openAi = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(rig.url() + "/v1/models"))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(Fixtures.json(openAi.body().getBytes()).get("object").asText())
        .isEqualTo("list");
  }

  @Test
  void countTokensOnATranslatedModelIsAnEstimate() throws Exception {
    start(s -> Reply.json(500, new byte[0]));
    // counted with o200k_base: two messages (system and user) with framing, and the priming
    long expected = TokenCount.text("abcdefghijklmnop") + TokenCount.text("abcdefghijklmnopqrst")
        + 2 * TokenCount.PER_MESSAGE + TokenCount.REPLY_PRIMING;
    Response r = rig.post("/v1/messages/count_tokens", "{\"model\":\"gpt\",\"system\":"
        + "\"abcdefghijklmnop\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"abcdefghijklmnopqrst\"}]}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("input_tokens").asLong()).isEqualTo(expected);
    assertThat(upstream.requests()).isEmpty();
  }
}
