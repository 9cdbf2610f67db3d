package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.junction.gateway.CallRecord;
import dev.junction.testing.FakeUpstream;
import dev.junction.testing.RecordedRequest;
import dev.junction.testing.Reply;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the gateway fails, seen by the openai-java client and by raw HTTP: its own refusals (unknown
 * model, malformed JSON, oversized body, wrong method), vendor errors passed on (400, 401, 429
 * with its wait) or mapped (5xx to 502, 529 to 503), unreachable and silent upstreams (502, 504),
 * and failover to a second deployment.
 */
class ErrorBehaviourTest {

  private static final String CHAT = "/v1/chat/completions";

  private static FakeUpstream fake;
  private static FakeUpstream secondary;
  private static RunningGateway gateway;

  @BeforeAll
  static void start() {
    fake = FakeUpstream.start();
    secondary = FakeUpstream.start();
    gateway = RunningGateway.start("""
        server:
          max-body-size: 2kb
        # two calls per model (failover), retried at once; a vendor asking to wait longer than
        # 1s ends the retries, so its 429 reaches the client (more: RoutingWiringTest)
        routing:
          retry: {max-attempts: 2, base: 1ms, cap: 5ms, max-wait: 1s}
        models:
          - name: gpt-test
            deployments:
              - id: only
                provider: openai
                model: gpt-upstream-id
                base-url: %1$s
                api-key: sk-deployment-key
          - name: limited-test
            deployments:
              - id: limited
                provider: openai
                model: gpt-upstream-id
                base-url: %1$s
                api-key: sk-deployment-key
          - name: limited-again-test
            deployments:
              - id: limited-again
                provider: openai
                model: gpt-upstream-id
                base-url: %1$s
                api-key: sk-deployment-key
          - name: refused-test
            deployments:
              - id: nowhere
                provider: openai
                model: gpt-upstream-id
                base-url: %2$s
                api-key: sk-deployment-key
                timeouts: {connect: 2s}
          - name: slow-test
            deployments:
              - id: slow
                provider: openai
                model: gpt-upstream-id
                base-url: %1$s
                api-key: sk-deployment-key
                timeouts: {first-token: 300ms, idle: 5s, total: 10s}
          - name: failover-test
            deployments:
              - id: primary
                provider: openai
                model: gpt-primary-id
                base-url: %1$s
                api-key: sk-primary-key
                priority: 1
              - id: secondary
                provider: openai
                model: gpt-secondary-id
                base-url: %3$s
                api-key: sk-secondary-key
                priority: 2
          - name: failover-limited-test
            deployments:
              - id: primary-limited
                provider: openai
                model: gpt-primary-id
                base-url: %1$s
                api-key: sk-primary-key
                priority: 1
              - id: secondary-limited
                provider: openai
                model: gpt-secondary-id
                base-url: %3$s
                api-key: sk-secondary-key
                priority: 2
        """.formatted(fake.baseUrl(), FakeUpstream.refusedBaseUrl(), secondary.baseUrl()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (fake != null) {
      fake.close();
    }
    if (secondary != null) {
      secondary.close();
    }
  }

  @BeforeEach
  void reset() {
    fake.reset();
    secondary.reset();
    gateway.clearRecords();
  }

  private static ChatCompletionCreateParams chat(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("hi").build();
  }

  private static JsonNode fixtureError(String fixture) {
    return ExpectedAnswer.json(fixture).path("error");
  }

  @Test
  void unknownModelIs404ModelNotFound() {
    NotFoundException e = catchThrowableOfType(NotFoundException.class,
        () -> gateway.sdk().chat().completions().create(chat("no-such-model")));
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.code()).contains("model_not_found");

    HttpResponse<String> raw = gateway.post(CHAT,
        "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(raw.statusCode()).isEqualTo(404);
    assertThat(RunningGateway.error(raw).path("code").asText()).isEqualTo("model_not_found");
    assertThat(RunningGateway.error(raw).path("message").asText()).contains("no-such-model");
    assertThat(fake.requestCount()).as("upstream calls").isZero();
    CallRecord first = gateway.nextRecord();
    assertThat(first.status()).isEqualTo(404);
    assertThat(first.errorCode()).isEqualTo("model_not_found");
    assertThat(first.deploymentId()).isNull();
    CallRecord second = gateway.recordOf(RunningGateway.requestId(raw));
    assertThat(second.requestId()).isNotEqualTo(first.requestId());
  }

  @Test
  void malformedJsonIs400() {
    HttpResponse<String> raw = gateway.post(CHAT, "{\"model\": \"gpt-test\", \"messages\": [");
    assertThat(raw.statusCode()).isEqualTo(400);
    assertThat(RunningGateway.error(raw).path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void bodyOverMaxBodySizeIs413() {
    String big = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "x".repeat(4096) + "\"}]}";
    HttpResponse<String> raw = gateway.post(CHAT, big);
    assertThat(raw.statusCode()).isEqualTo(413);
    assertThat(RunningGateway.error(raw).path("code").asText()).isEqualTo("request_too_large");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void wrongMethodIs405WithAllow() {
    HttpResponse<String> raw = gateway.send("GET", CHAT, null);
    assertThat(raw.statusCode()).isEqualTo(405);
    assertThat(raw.headers().firstValue("allow")).contains("POST");
    assertThat(RunningGateway.error(raw).path("code").asText()).isEqualTo("method_not_allowed");

    HttpResponse<String> models = gateway.send("DELETE", "/v1/models", null);
    assertThat(models.statusCode()).isEqualTo(405);
    assertThat(models.headers().firstValue("allow")).contains("GET");
  }

  @Test
  void upstream400IsPassedOnWithTheVendorsMessage() {
    String fixture = "openai-chat/error-400-missing-required-parameter.json";
    JsonNode recorded = fixtureError(fixture);
    fake.enqueue(Reply.fixture(fixture));
    BadRequestException e = catchThrowableOfType(BadRequestException.class,
        () -> gateway.sdk().chat().completions().create(chat("gpt-test")));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains(recorded.path("message").asText());
    assertThat(e.code()).contains(recorded.path("code").asText());
    assertThat(fake.requestCount()).as("a 400 is not retried").isEqualTo(1);
    CallRecord r = gateway.nextRecord();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.deploymentId()).isEqualTo("only");
  }

  @Test
  void upstream401IsTheGatewaysProblemA502WithoutAnyKeyText() {
    // The deployment's key was refused: the client's request is not at fault, so it must not
    // see a 401 (it would blame its own key), and the vendor's echo of the key is redacted.
    String fixture = "openai-chat/error-401-invalid-api-key.json";
    fake.enqueue(Reply.fixture(fixture));
    com.openai.errors.InternalServerException e = catchThrowableOfType(
        com.openai.errors.InternalServerException.class,
        () -> gateway.sdk().chat().completions().create(chat("gpt-test")));
    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e.code()).contains("upstream_auth_error");
    assertThat(e.getMessage()).contains(fixtureError(fixture).path("code").asText())
        .doesNotContain("sk-deployment-key").doesNotContain("****");
  }

  @Test
  void upstream429IsPassedOnWithRetryAfter() {
    fake.enqueue(Reply.json(429, "{\"error\":{\"message\":\"Rate limit reached for requests\","
        + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}").retryAfter(7));
    RateLimitException e = catchThrowableOfType(RateLimitException.class,
        () -> gateway.sdk().chat().completions().create(chat("limited-test")));
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.headers().values("retry-after")).containsExactly("7");
    assertThat(e.getMessage()).contains("Rate limit reached for requests");

    // (limited-test's deployment now cools down for 7s: the next 429 comes from another one)
    fake.enqueue(Reply.fixture("openrouter/error-429-upstream.json").retryAfter(3));
    HttpResponse<String> raw = gateway.post(CHAT,
        "{\"model\":\"limited-again-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(raw.statusCode()).isEqualTo(429);
    assertThat(raw.headers().firstValue("retry-after")).contains("3");
    assertThat(RunningGateway.error(raw).path("type").asText()).isEqualTo("rate_limit_error");
    assertThat(RunningGateway.error(raw).path("message").asText()).isEqualTo("Provider returned error");
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void upstream500Is502() {
    Reply error = Reply.json(500, "{\"error\":{\"message\":\"The server had an error\","
        + "\"type\":\"server_error\"}}");
    fake.enqueue(error, error); // retried once on the only deployment (retry.max-attempts: 2)
    InternalServerException e = catchThrowableOfType(InternalServerException.class,
        () -> gateway.sdk().chat().completions().create(chat("gpt-test")));
    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e.getMessage()).contains("The server had an error");
    CallRecord r = gateway.nextRecord();
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void upstream529Is503() {
    Reply overloaded = Reply.json(529, "{\"type\":\"error\",\"error\":{\"type\":"
        + "\"overloaded_error\",\"message\":\"Overloaded\"}}");
    fake.enqueue(overloaded, overloaded); // retried once (retry.max-attempts: 2)
    HttpResponse<String> raw = gateway.post(CHAT,
        "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(raw.statusCode()).isEqualTo(503);
    assertThat(RunningGateway.error(raw).path("message").asText()).isEqualTo("Overloaded");
    assertThat(raw.headers().firstValue("x-junction-attempts")).contains("2");
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void connectionRefusedIs502() {
    InternalServerException e = catchThrowableOfType(InternalServerException.class,
        () -> gateway.sdk().chat().completions().create(chat("refused-test")));
    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e.code()).contains("upstream_connection_error");
    CallRecord r = gateway.nextRecord();
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.deploymentId()).isEqualTo("nowhere");
  }

  @Test
  void silentUpstreamIs504AfterTheFirstTokenTimeoutAndItsConnectionIsClosed() {
    Reply stall = Reply.fixture("openai-chat/text-basic.json").stallBeforeFirstByte();
    fake.enqueue(stall, stall); // a timeout is retried once (retry.max-attempts: 2)
    OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class,
        () -> gateway.sdk().chat().completions().create(chat("slow-test")));
    assertThat(e.statusCode()).isEqualTo(504);
    assertThat(e.code()).contains("upstream_timeout");
    RecordedRequest sent = fake.awaitRequest(0, RunningGateway.WAIT);
    assertThat(sent.awaitConnectionClosed(RunningGateway.WAIT))
        .as("the gateway closed the stalled upstream connection").isTrue();
  }

  @Test
  void silentUpstreamStreamIs504BeforeAnyByteReachesTheClient() {
    Reply stall = Reply.fixture("openai-chat/tool-call-stream.sse").stallBeforeFirstByte();
    fake.enqueue(stall, stall); // a timeout is retried once (retry.max-attempts: 2)
    OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> s =
          gateway.sdk().chat().completions().createStreaming(chat("slow-test"))) {
        s.stream().forEach(c -> { });
      }
    });
    assertThat(e.statusCode()).isEqualTo(504);
    assertThat(fake.awaitRequest(0, RunningGateway.WAIT)
        .awaitConnectionClosed(RunningGateway.WAIT)).isTrue();
  }

  @Test
  void failsOverToTheSecondDeploymentWhenTheFirstAnswers500() {
    fake.enqueue(Reply.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
    secondary.enqueue(Reply.fixture("openai-chat/text-basic.json"));
    HttpResponseFor<ChatCompletion> raw = gateway.sdk().chat().completions().withRawResponse()
        .create(chat("failover-test"));
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.headers().values("x-junction-attempts")).containsExactly("2");
    assertThat(raw.headers().values("x-junction-deployment")).containsExactly("secondary");
    JsonNode recorded = ExpectedAnswer.json("openai-chat/text-basic.json");
    assertThat(raw.parse().choices().get(0).message().content())
        .contains(recorded.path("choices").path(0).path("message").path("content").asText());

    RecordedRequest first = fake.awaitRequest(0, RunningGateway.WAIT);
    RecordedRequest second = secondary.awaitRequest(0, RunningGateway.WAIT);
    assertThat(first.bodyJson().path("model").asText()).isEqualTo("gpt-primary-id");
    assertThat(first.header("authorization")).isEqualTo("Bearer sk-primary-key");
    assertThat(second.bodyJson().path("model").asText()).isEqualTo("gpt-secondary-id");
    assertThat(second.header("authorization")).isEqualTo("Bearer sk-secondary-key");
    CallRecord r = gateway.nextRecord();
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.deploymentId()).isEqualTo("secondary");
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void aStreamFailsOverBeforeItsFirstByteWhenTheFirstDeploymentIsRateLimited() {
    fake.enqueue(Reply.json(429, "{\"error\":{\"message\":\"slow down\"}}").retryAfter(30));
    secondary.enqueue(Reply.fixture("openai-chat/text-stream-include-usage.sse"));
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = gateway.sdk().chat()
        .completions().withRawResponse().createStreaming(chat("failover-limited-test"))) {
      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(raw.headers().values("x-junction-attempts")).containsExactly("2");
      assertThat(raw.headers().values("x-junction-deployment"))
          .containsExactly("secondary-limited");
      try (StreamResponse<ChatCompletionChunk> chunks = raw.parse()) {
        chunks.stream().forEach(acc::accumulate);
      }
    }
    ExpectedAnswer expected = ExpectedAnswer.of("openai-chat/text-stream-include-usage.sse");
    assertThat(acc.chatCompletion().choices().get(0).message().content())
        .contains(expected.choice(0).text());
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(secondary.requestCount()).isEqualTo(1);
  }
}
