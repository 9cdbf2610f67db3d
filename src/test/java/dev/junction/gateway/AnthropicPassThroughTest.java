package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.Usage;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.FakeUpstream.Seen;
import dev.junction.gateway.GatewayRig.Event;
import dev.junction.gateway.GatewayRig.Response;
import dev.junction.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anthropic client to Anthropic deployment: every recorded Anthropic stream and body, replayed
 * byte for byte by a fake upstream, reaches the client unchanged (event by event, same names and
 * same data bytes; whole bodies byte-identical); the upstream gets the client's body unchanged
 * but for {@code model}, with the deployment's key and the client's protocol headers; the call
 * record carries the fixture's usage, cache tokens included; and each client request makes
 * exactly one upstream request.
 */
class AnthropicPassThroughTest {

  private static final String ROUTE = "claude-route";
  private static final String UPSTREAM_MODEL = "claude-upstream-id";
  private static final AtomicReference<Reply> NEXT = new AtomicReference<>();
  private static FakeUpstream upstream;
  private static GatewayRig rig;

  @BeforeAll
  static void start() throws Exception {
    upstream = FakeUpstream.start(seen -> NEXT.get());
    rig = GatewayRig.start(GatewayRig.model(ROUTE, GatewayRig.deployment("anthropic",
        UPSTREAM_MODEL, upstream.url(), 1,
        Map.of("anthropic-beta", "deployment-beta", "x-deployment-header", "on"))));
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

  static Stream<String> streams() {
    return files(".sse");
  }

  static Stream<String> bodies() {
    return files(".json").filter(n -> !n.endsWith(".request.json"))
        .filter(n -> !Fixtures.json("anthropic/" + n).has("error"));
  }

  private static Stream<String> files(String suffix) {
    try (Stream<Path> s = Files.list(Fixtures.dir().resolve("anthropic"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
          .toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void relaysEveryRecordedStreamEventByEvent(String file) throws Exception {
    byte[] sse = Fixtures.bytes("anthropic/" + file);
    NEXT.set(Reply.sse(sse));
    String body = clientBody(file, true);
    int before = upstream.requests().size();

    Response r = rig.post("/v1/messages", body, "anthropic-beta", "client-beta-1, client-beta-2");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("text/event-stream");
    List<Event> want = Event.parse(sse);
    List<Event> got = r.events();
    assertThat(got).extracting(Event::name).containsExactlyElementsOf(
        want.stream().map(Event::name).toList());
    for (int i = 0; i < want.size(); i++) {
      assertThat(got.get(i).text()).as("data of event %d", i).isEqualTo(want.get(i).text());
      assertThat(got.get(i).json()).isEqualTo(want.get(i).json());
    }
    assertOneFaithfulUpstreamRequest(before, body, "/v1/messages", true);
    CallRecord rec = rig.record();
    assertThat(rec.front()).isEqualTo("anthropic");
    assertThat(rec.stream()).isTrue();
    assertThat(rec.status()).isEqualTo(200);
    assertThat(rec.errorCode()).isNull();
    assertThat(rec.upstreamModel()).isEqualTo(UPSTREAM_MODEL);
    assertUsage(rec.usage(), streamUsage(want));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void relaysEveryRecordedBodyByteForByte(String file) throws Exception {
    byte[] json = Fixtures.bytes("anthropic/" + file);
    NEXT.set(Reply.json(200, json));
    String body = clientBody(file, false);
    int before = upstream.requests().size();

    Response r = rig.post("/v1/messages", body, "anthropic-beta", "client-beta-1, client-beta-2");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(json);
    assertOneFaithfulUpstreamRequest(before, body, "/v1/messages", true);
    CallRecord rec = rig.record();
    assertThat(rec.stream()).isFalse();
    assertUsage(rec.usage(), Fixtures.json(json).get("usage"));
  }

  @Test
  void cacheTokensOfTheRecordedCacheWriteStreamReachTheRecord() throws Exception {
    NEXT.set(Reply.sse(Fixtures.bytes("anthropic/cache-write-stream.sse")));
    rig.post("/v1/messages", clientBody("cache-write-stream.sse", true));
    Usage u = rig.record().usage();
    // the fixture's message_start says input 3, cache_creation 18639 (5m), cache_read 0;
    // its message_delta says output_tokens 1
    assertThat(u).isEqualTo(new Usage(3, 0, 18639, 0, 1, 0, false));
  }

  @Test
  void cacheReadOfTheRecordedStreamReachesTheRecord() throws Exception {
    NEXT.set(Reply.sse(Fixtures.bytes("anthropic/cache-read-stream-max-tokens.sse")));
    rig.post("/v1/messages", clientBody("cache-read-stream-max-tokens.sse", true));
    // the fixture: input 3, cache_read 18639, output 1
    assertThat(rig.record().usage()).isEqualTo(new Usage(3, 18639, 0, 0, 1, 0, false));
  }

  @Test
  void countTokensIsRelayedToTheCountTokensEndpoint() throws Exception {
    byte[] answer = "{\"input_tokens\":2095}".getBytes();
    NEXT.set(Reply.json(200, answer));
    String body = "{\"model\":\"" + ROUTE + "\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"Hello\"}],\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":"
        + "{\"type\":\"ephemeral\"}}]}";
    int before = upstream.requests().size();
    Response r = rig.post("/v1/messages/count_tokens", body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(answer);
    assertOneFaithfulUpstreamRequest(before, body, "/v1/messages/count_tokens", false);
    assertThat(rig.record().endpoint()).isEqualTo("count_tokens");
  }

  @Test
  void recordedUpstreamErrorsKeepTheirTypeMessageAndStatus() throws Exception {
    for (String file : List.of("error-400-invalid-request-shape.json",
        "error-400-effort-unsupported.json", "error-404-model-not-found.json")) {
      JsonNode fixture = Fixtures.json("anthropic/" + file);
      int status = Integer.parseInt(file.substring(6, 9));
      NEXT.set(Reply.json(status, Fixtures.bytes("anthropic/" + file)));
      int before = upstream.requests().size();
      Response r = rig.post("/v1/messages", clientBody(file, false));
      assertThat(r.status()).as(file).isEqualTo(status);
      assertThat(r.json().get("type").asText()).isEqualTo("error");
      assertThat(r.json().at("/error/type")).isEqualTo(fixture.at("/error/type"));
      assertThat(r.json().at("/error/message")).isEqualTo(fixture.at("/error/message"));
      assertThat(r.json().get("request_id").asText()).isEqualTo(r.header("request-id"))
          .startsWith("req_");
      assertThat(upstream.requests()).hasSize(before + 1);
      assertThat(rig.record().status()).isEqualTo(status);
    }
  }

  @Test
  void theDeploymentsRejectedKeyIsTheGatewaysFaultNotTheClients() throws Exception {
    NEXT.set(Reply.json(401, Fixtures.bytes("anthropic/error-401-authentication.json")));
    // the recorded request streams: the refusal comes before any event
    Response r = rig.post("/v1/messages", clientBody("error-401-authentication.json", true));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.json().at("/error/type").asText()).isEqualTo("api_error");
    assertThat(r.json().at("/error/message").asText()).contains("invalid x-api-key")
        .doesNotContain(GatewayRig.UPSTREAM_KEY);
    rig.record();
  }

  @Test
  void recordedCountTokensErrorIsRelayedInAnthropicShape() throws Exception {
    JsonNode fixture = Fixtures.json("anthropic/count-tokens-error-404.json");
    NEXT.set(Reply.json(404, Fixtures.bytes("anthropic/count-tokens-error-404.json")));
    Response r = rig.post("/v1/messages/count_tokens",
        Fixtures.read("anthropic/count-tokens-error-404.request.json")
            .replace("claude-does-not-exist", ROUTE));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().at("/error/type")).isEqualTo(fixture.at("/error/type"));
    assertThat(r.json().at("/error/message")).isEqualTo(fixture.at("/error/message"));
    rig.record();
  }

  @Test
  void aStreamCutBeforeMessageStopEndsWithAnErrorEvent() throws Exception {
    String sse = Fixtures.read("anthropic/text-stream.sse");
    String cut = sse.substring(0, sse.indexOf("event: content_block_stop"));
    NEXT.set(Reply.sse(cut.getBytes()));
    Response r = rig.post("/v1/messages", clientBody("text-stream.sse", true));
    List<Event> got = r.events();
    assertThat(got.get(0).name()).isEqualTo("message_start");
    Event last = got.get(got.size() - 1);
    assertThat(last.name()).isEqualTo("error");
    assertThat(last.json().at("/error/type").asText()).isEqualTo("api_error");
    assertThat(got.subList(0, got.size() - 1)).extracting(Event::text)
        .containsExactlyElementsOf(Event.parse(cut.getBytes()).stream().map(Event::text)
            .toList());
    CallRecord rec = rig.record();
    assertThat(rec.errorCode()).isEqualTo("upstream_connection_error");
    // usage known so far: the fixture's message_start input_tokens
    assertThat(rec.usage().input()).isEqualTo(Event.parse(cut.getBytes()).get(0).json()
        .at("/message/usage/input_tokens").asLong());
  }

  @Test
  void aClientThatHangsUpCancelsTheUpstreamStream() throws Exception {
    String sse = Fixtures.read("anthropic/text-stream.sse");
    String head = sse.substring(0, sse.indexOf("event: content_block_stop"));
    NEXT.set(Reply.sse(head.getBytes()).hang());
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<java.io.InputStream> resp = client.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(rig.url() + "/v1/messages"))
            .header("content-type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                clientBody("text-stream.sse", true))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = resp.body()) {
      assertThat(in.read(new byte[64])).isPositive();
    }
    client.shutdownNow();
    upstream.disconnected().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(rig.record().status()).isEqualTo(499);
  }

  /** The fixture's request with its model replaced by the route name, or a minimal request. */
  private static String clientBody(String file, boolean stream) {
    String name = file.substring(0, file.lastIndexOf('.'));
    Path req = Fixtures.dir().resolve("anthropic/" + name + ".request.json");
    if (Files.exists(req)) {
      String text = Fixtures.read("anthropic/" + name + ".request.json");
      Matcher m = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"").matcher(text);
      assertThat(m.find()).isTrue();
      String replaced = text.substring(0, m.start(1)) + ROUTE + text.substring(m.end(1));
      assertThat(Fixtures.json(replaced.getBytes()).path("stream").asBoolean()).isEqualTo(stream);
      return replaced;
    }
    return "{\"model\": \"" + ROUTE + "\", \"max_tokens\": 1024,"
        + (stream ? " \"stream\": true," : "")
        + " \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";
  }

  /**
   * One new upstream request, to {@code path}, whose body is the client's with only the model
   * value changed, carrying the deployment's key and the client's protocol headers, never the
   * client's credentials.
   */
  private static void assertOneFaithfulUpstreamRequest(int before, String clientBody,
      String path, boolean clientBetas) {
    List<Seen> seen = upstream.requests();
    assertThat(seen).hasSize(before + 1);
    Seen s = seen.get(before);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.uri()).isEqualTo(path);
    assertThat(s.text()).isEqualTo(clientBody.replace("\"" + ROUTE + "\"",
        "\"" + UPSTREAM_MODEL + "\""));
    assertThat(s.headers().get("x-api-key")).isEqualTo(GatewayRig.UPSTREAM_KEY);
    assertThat(s.headers().get("authorization")).isNull();
    assertThat(s.headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(s.headers().get("x-deployment-header")).isEqualTo("on");
    assertThat(s.headers().get("anthropic-beta").split(",")).containsExactlyInAnyOrder(
        clientBetas ? new String[] {"client-beta-1", "client-beta-2", "deployment-beta"}
            : new String[] {"deployment-beta"});
  }

  /** A stream's usage as the fixture states it: the latest value of each field. */
  private static JsonNode streamUsage(List<Event> events) {
    com.fasterxml.jackson.databind.node.ObjectNode u = Fixtures.MAPPER.createObjectNode();
    for (Event e : events) {
      JsonNode usage = switch (String.valueOf(e.name())) {
        case "message_start" -> e.json().at("/message/usage");
        case "message_delta" -> e.json().get("usage");
        default -> null;
      };
      if (usage != null && usage.isObject()) {
        usage.properties().forEach(f -> u.set(f.getKey(), f.getValue()));
      }
    }
    return u;
  }

  private static void assertUsage(Usage actual, JsonNode expected) {
    assertThat(actual).isNotNull();
    assertThat(actual.input()).isEqualTo(expected.path("input_tokens").asLong());
    assertThat(actual.cacheRead()).isEqualTo(expected.path("cache_read_input_tokens").asLong());
    assertThat(actual.cacheWriteTotal())
        .isEqualTo(expected.path("cache_creation_input_tokens").asLong());
    assertThat(actual.output()).isEqualTo(expected.path("output_tokens").asLong());
    assertThat(actual.estimated()).isFalse();
  }
}
