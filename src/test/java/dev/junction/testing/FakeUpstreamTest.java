package dev.junction.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake upstream itself: byte-exact replay, faults, request and connection records. */
class FakeUpstreamTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SSE = "openai-chat/tool-call-stream.sse";

  private static FakeUpstream fake;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    fake = FakeUpstream.start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    http.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private static HttpRequest post(String body, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
        .timeout(timeout)
        .header("authorization", "Bearer sk-x")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  @Test
  void replaysAStreamFixtureByteForByteInOnePiecePerEvent() throws Exception {
    byte[] recorded = Files.readAllBytes(FakeUpstream.fixture(SSE));
    Reply reply = Reply.fixture(SSE);
    // tool-call-stream.sse holds 9 events: 7 chunks, the usage chunk and [DONE]
    assertThat(reply.pieces()).hasSize(9);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    reply.pieces().forEach(joined::writeBytes);
    assertThat(joined.toByteArray()).isEqualTo(recorded);

    fake.enqueue(reply);
    HttpResponse<byte[]> resp = http.send(post("{\"model\":\"m\"}", WAIT),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("content-type"))
        .contains("text/event-stream; charset=utf-8");
    assertThat(resp.body()).isEqualTo(recorded);

    RecordedRequest r = fake.awaitRequest(0, WAIT);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.header("Authorization")).isEqualTo("Bearer sk-x");
    assertThat(r.bodyJson().path("model").asText()).isEqualTo("m");
  }

  @Test
  void splitsCrlfFramedEventsToo() {
    byte[] body = "data: {\"a\":1}\r\n\r\ndata: {\"b\":2}\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    List<byte[]> pieces = Reply.body(200, "text/event-stream", body).pieces();
    assertThat(pieces).hasSize(2);
    assertThat(new String(pieces.get(1), StandardCharsets.UTF_8))
        .isEqualTo("data: {\"b\":2}\r\n\r\n");
  }

  @Test
  void usesTheManifestStatusForErrorFixtures() throws Exception {
    fake.enqueue(Reply.fixture("openai-chat/error-401-invalid-api-key.json").retryAfter(5));
    HttpResponse<String> resp = http.send(post("{}", WAIT), HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(401);
    assertThat(resp.headers().firstValue("retry-after")).contains("5");
    assertThat(resp.body()).isEqualTo(Files.readString(
        FakeUpstream.fixture("openai-chat/error-401-invalid-api-key.json")));
  }

  @Test
  void dropAfterEventsSendsThoseEventsThenClosesTheConnection() throws Exception {
    Reply reply = Reply.fixture(SSE);
    fake.enqueue(reply.dropAfterEvents(2));
    HttpResponse<InputStream> resp = http.send(post("{}", WAIT),
        HttpResponse.BodyHandlers.ofInputStream());
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    assertThatThrownBy(() -> {
      try (InputStream in = resp.body()) {
        in.transferTo(got);
      }
    }).isInstanceOf(IOException.class);
    byte[] firstTwo = new byte[reply.pieces().get(0).length + reply.pieces().get(1).length];
    System.arraycopy(reply.bodyBytes(), 0, firstTwo, 0, firstTwo.length);
    assertThat(got.toByteArray()).isEqualTo(firstTwo);
    assertThat(fake.awaitRequest(0, WAIT).awaitConnectionClosed(WAIT)).isTrue();
  }

  @Test
  void stallBeforeFirstByteNeverAnswersButKeepsTheConnectionCounted() {
    fake.enqueue(Reply.fixture("openai-chat/text-basic.json").stallBeforeFirstByte());
    assertThatThrownBy(() -> http.send(post("{}", Duration.ofMillis(300)),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
    RecordedRequest r = fake.awaitRequest(0, WAIT);
    assertThat(fake.acceptedConnections()).isPositive();
    // the client gave up and closed its side; the fake sees the connection go
    assertThat(r.awaitConnectionClosed(WAIT)).isTrue();
  }

  @Test
  void answersUnscriptedRequestsWith500() throws Exception {
    HttpResponse<String> resp = http.send(post("{}", WAIT), HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(500);
    assertThat(resp.body()).contains("no reply scripted");
  }
}
