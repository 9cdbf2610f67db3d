package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.GatewayRig.Event;
import dev.junction.gateway.GatewayRig.Response;
import dev.junction.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI front after its stream and error handling moved to {@link SseResponse} and {@link
 * ErrorFormat}: streams end with {@code [DONE]}, errors keep the OpenAI shape and status, and a
 * rate limit keeps its {@code retry-after}.
 */
class OpenAiFrontTest {

  private static FakeUpstream upstream;
  private static GatewayRig rig;

  @BeforeAll
  static void start() throws Exception {
    upstream = FakeUpstream.start(s -> Reply.json(429,
        Fixtures.bytes("openrouter/error-429-upstream.json"))
        .withHeaders(Map.of("retry-after", "3")));
    rig = GatewayRig.start(
        GatewayRig.model("sim", GatewayRig.simulator("sim", JsonNodeFactory.instance.objectNode())),
        GatewayRig.model("limited", GatewayRig.deployment("openai", "gpt-4o-mini",
            upstream.url() + "/v1")));
  }

  @BeforeEach
  void fresh() {
    rig.clearRecords();
  }

  @AfterAll
  static void stop() throws Exception {
    rig.close();
    upstream.close();
  }

  @Test
  void aStreamEndsWithDoneAndUsage() throws Exception {
    Response r = rig.post("/v1/chat/completions", "{\"model\":\"sim\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Hi\"}]}");
    assertThat(r.status()).isEqualTo(200);
    List<Event> events = r.events();
    assertThat(events.get(events.size() - 1).text()).isEqualTo("[DONE]");
    assertThat(events.get(events.size() - 2).json().get("usage").isObject()).isTrue();
    CallRecord rec = rig.record();
    assertThat(rec.front()).isEqualTo("openai");
    assertThat(rec.usage()).isNotNull();
  }

  @Test
  void errorsKeepTheOpenAiShape() throws Exception {
    Response r = rig.post("/v1/chat/completions",
        "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("model_not_found");
    Response unknown = rig.send("GET", "/v1/nothing", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().at("/error/code").asText()).isEqualTo("unknown_url");
    Response method = rig.send("GET", "/v1/chat/completions", null);
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().at("/error/code").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void aRateLimitKeepsItsRetryAfter() throws Exception {
    dev.junction.testing.Fixtures.dir(); // skip early without fixtures
    Response r = rig.post("/v1/chat/completions", "{\"model\":\"limited\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("retry-after")).isEqualTo("3");
    assertThat(r.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
  }
}
