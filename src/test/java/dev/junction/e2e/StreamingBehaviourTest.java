package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.junction.gateway.CallRecord;
import dev.junction.json.Json;
import dev.junction.testing.FakeUpstream;
import dev.junction.testing.RecordedRequest;
import dev.junction.testing.Reply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams that go wrong after their first byte (upstream cut, reset mid-event, silence), a client
 * that hangs up mid-stream, the one-record-per-request contract of {@code CallListener}, and
 * embeddings through the SDK.
 */
class StreamingBehaviourTest {

  private static final String TOOL_STREAM = "openai-chat/tool-call-stream.sse";
  private static final String STREAM_BODY = "{\"model\":\"%s\",\"stream\":true,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of the UK?\"}]}";

  private static FakeUpstream fake;
  private static RunningGateway gateway;

  @BeforeAll
  static void start() {
    fake = FakeUpstream.start();
    gateway = RunningGateway.start("""
        models:
          - name: gpt-test
            deployments:
              - id: main
                provider: openai
                model: gpt-upstream-id
                base-url: %1$s
                api-key: sk-deployment-key
          - name: idle-test
            deployments:
              - id: idle
                provider: openai
                model: gpt-upstream-id
                base-url: %1$s
                api-key: sk-deployment-key
                timeouts: {idle: 300ms}
          - name: embed-test
            kind: embedding
            deployments:
              - id: embedder
                provider: openai
                model: text-embedding-upstream-id
                base-url: %1$s
                api-key: sk-embed-key
        """.formatted(fake.baseUrl()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @BeforeEach
  void reset() {
    fake.reset();
    gateway.clearRecords();
  }

  private static ChatCompletionCreateParams streamParams(String model) {
    return ChatCompletionCreateParams.builder().model(model)
        .addUserMessage("What is the capital of the UK?")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .build();
  }

  /** The {@code data:} payloads of an SSE body, in order. */
  private static List<String> dataEvents(String sse) {
    List<String> out = new ArrayList<>();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: ")) {
        out.add(line.substring(6));
      }
    }
    return out;
  }

  @Test
  void upstreamDropMidStreamEndsTheSdkStreamWithAnError() {
    fake.enqueue(Reply.fixture(TOOL_STREAM).dropAfterEvents(3));
    List<ChatCompletionChunk> received = new ArrayList<>();
    String[] requestId = new String[1];
    OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class, () -> {
      try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = gateway.sdk().chat()
          .completions().withRawResponse().createStreaming(streamParams("gpt-test"))) {
        requestId[0] = RunningGateway.requestId(raw);
        try (StreamResponse<ChatCompletionChunk> s = raw.parse()) {
          s.stream().forEach(received::add);
        }
      }
    });
    assertThat(e).as("the SDK raises the in-stream error").isNotNull();
    assertThat(e.code()).contains("upstream_connection_error");
    // events 1-3 of the recording: the call's id/name, then the argument fragments {" and country
    assertThat(received).isNotEmpty();
    assertThat(received.get(0).choices().get(0).delta().toolCalls().orElseThrow().get(0)
        .function().orElseThrow().name()).contains("get_capital");
    CallRecord r = gateway.recordOf(requestId[0]);
    assertThat(r.status()).as("the client got 200 before the failure").isEqualTo(200);
    assertThat(r.errorCode()).isEqualTo("upstream_connection_error");
    assertThat(r.stream()).isTrue();
  }

  @Test
  void upstreamResetMidEventGivesARawErrorEventAndNoDone() {
    byte[] recording = Reply.fixture(TOOL_STREAM).bodyBytes();
    // cut half-way through the recording, which falls inside an event
    fake.enqueue(Reply.fixture(TOOL_STREAM).resetAfterBytes(recording.length / 2));
    HttpResponse<String> raw = gateway.post("/v1/chat/completions",
        STREAM_BODY.formatted("gpt-test"));
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.headers().firstValue("content-type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("text/event-stream"));
    List<String> events = dataEvents(raw.body());
    assertThat(events).hasSizeGreaterThan(1).doesNotContain("[DONE]");
    JsonNode last = Json.parse(events.get(events.size() - 1).getBytes(StandardCharsets.UTF_8));
    assertThat(last.path("error").path("code").asText()).isEqualTo("upstream_connection_error");
    for (String event : events.subList(0, events.size() - 1)) {
      assertThat(Json.parse(event.getBytes(StandardCharsets.UTF_8)).path("object").asText())
          .isEqualTo("chat.completion.chunk");
    }
  }

  @Test
  void upstreamSilentMidStreamTimesOutWithAnErrorEventAndClosesTheUpstream() {
    fake.enqueue(Reply.fixture(TOOL_STREAM).stallAfterEvents(2));
    HttpResponse<String> raw = gateway.post("/v1/chat/completions",
        STREAM_BODY.formatted("idle-test"));
    assertThat(raw.statusCode()).isEqualTo(200);
    List<String> events = dataEvents(raw.body());
    JsonNode last = Json.parse(events.get(events.size() - 1).getBytes(StandardCharsets.UTF_8));
    assertThat(last.path("error").path("code").asText()).isEqualTo("upstream_timeout");
    assertThat(last.path("error").path("message").asText()).contains("timeouts.idle");
    assertThat(events).hasSize(3); // the 2 events sent (neither is empty), then the error
    assertThat(fake.awaitRequest(0, RunningGateway.WAIT)
        .awaitConnectionClosed(RunningGateway.WAIT)).isTrue();
  }

  @Test
  void clientHangingUpMidStreamClosesTheUpstreamConnection() throws Exception {
    // The upstream sends 4 events and then holds the connection open: only the gateway
    // cancelling the call can close it.
    fake.enqueue(Reply.fixture(TOOL_STREAM).stallAfterEvents(4));
    int dataLines = 0;
    try (Socket socket = gateway.openPost("/v1/chat/completions",
        STREAM_BODY.formatted("gpt-test"))) {
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).startsWith("HTTP/1.1 200");
      String line;
      while (dataLines < 2 && (line = in.readLine()) != null) {
        if (line.startsWith("data: ")) {
          dataLines++;
        }
      }
    } // hang up after two events
    assertThat(dataLines).isEqualTo(2);
    assertUpstreamClosedAndRecordedAsClientClosed();
  }

  @Test
  void clientHangingUpBeforeTheStreamStartsClosesTheUpstreamConnection() throws Exception {
    fake.enqueue(Reply.fixture(TOOL_STREAM).stallBeforeFirstByte());
    Socket socket = gateway.openPost("/v1/chat/completions", STREAM_BODY.formatted("gpt-test"));
    try {
      fake.awaitRequest(0, RunningGateway.WAIT);
    } finally {
      socket.close(); // hang up while the gateway waits for the upstream's first byte
    }
    assertUpstreamClosedAndRecordedAsClientClosed();
  }

  @Test
  void clientHangingUpDuringAWholeAnswerClosesTheUpstreamConnection() throws Exception {
    fake.enqueue(Reply.fixture("openai-chat/text-basic.json").stallBeforeFirstByte());
    Socket socket = gateway.openPost("/v1/chat/completions",
        "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    try {
      fake.awaitRequest(0, RunningGateway.WAIT);
    } finally {
      socket.close(); // hang up while the gateway waits for the whole answer
    }
    assertUpstreamClosedAndRecordedAsClientClosed();
  }

  private static void assertUpstreamClosedAndRecordedAsClientClosed() {
    RecordedRequest sent = fake.awaitRequest(0, RunningGateway.WAIT);
    assertThat(sent.awaitConnectionClosed(RunningGateway.WAIT))
        .as("the upstream connection is closed once the client has gone").isTrue();
    assertThat(fake.requestCount()).as("no retry for a client that left").isEqualTo(1);
    CallRecord r = gateway.nextRecord();
    assertThat(r.status()).isEqualTo(499);
    assertThat(r.errorCode()).isEqualTo("client_closed");
  }

  @Test
  void everyRequestGivesExactlyOneCallRecordWithItsOutcome() {
    List<String> ids = new ArrayList<>();

    fake.enqueue(Reply.fixture("openai-chat/text-basic.json"));
    HttpResponseFor<ChatCompletion> ok = gateway.sdk().chat().completions().withRawResponse()
        .create(ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage("hi")
            .build());
    ok.parse();
    ids.add(RunningGateway.requestId(ok));

    fake.enqueue(Reply.fixture(TOOL_STREAM));
    try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> s = gateway.sdk().chat()
        .completions().withRawResponse().createStreaming(streamParams("gpt-test"))) {
      ids.add(RunningGateway.requestId(s));
      try (StreamResponse<ChatCompletionChunk> chunks = s.parse()) {
        chunks.stream().forEach(c -> { });
      }
    }

    HttpResponse<String> missing = gateway.post("/v1/chat/completions",
        STREAM_BODY.formatted("no-such-model"));
    ids.add(RunningGateway.requestId(missing));

    fake.enqueue(Reply.json(500, "{\"error\":{\"message\":\"boom\"}}"));
    HttpResponse<String> failed = gateway.post("/v1/chat/completions",
        STREAM_BODY.formatted("gpt-test"));
    ids.add(RunningGateway.requestId(failed));

    JsonNode text = ExpectedAnswer.json("openai-chat/text-basic.json").path("usage");
    CallRecord r1 = gateway.recordOf(ids.get(0));
    assertThat(r1.status()).isEqualTo(200);
    assertThat(r1.stream()).isFalse();
    assertThat(r1.usage().promptTokens()).isEqualTo(text.path("prompt_tokens").asLong());
    assertThat(r1.usage().completionTokens()).isEqualTo(text.path("completion_tokens").asLong());

    CallRecord r2 = gateway.recordOf(ids.get(1));
    assertThat(r2.status()).isEqualTo(200);
    assertThat(r2.stream()).isTrue();
    assertThat(r2.ttftMillis()).isGreaterThanOrEqualTo(0);
    // openai-chat/tool-call-stream.sse: usage 53 prompt, 15 completion
    assertThat(r2.usage().promptTokens()).isEqualTo(53);
    assertThat(r2.usage().completionTokens()).isEqualTo(15);

    CallRecord r3 = gateway.recordOf(ids.get(2));
    assertThat(r3.status()).isEqualTo(404);
    assertThat(r3.usage()).isNull();

    CallRecord r4 = gateway.recordOf(ids.get(3));
    assertThat(r4.status()).isEqualTo(502);
    assertThat(r4.usage()).isNull();
    assertThat(r4.deploymentId()).isEqualTo("main");

    // a last request: its record must come next, so no request above left a second one behind
    HttpResponse<String> last = gateway.send("POST", "/v1/chat/completions", "{");
    gateway.recordOf(RunningGateway.requestId(last));
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void embeddingsThroughTheSdk() {
    // A scripted /embeddings answer in OpenAI's format (no embeddings recording exists).
    fake.enqueue(Reply.json(200, """
        {"object":"list","model":"text-embedding-upstream-id",
         "data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,0.125]},
                 {"object":"embedding","index":1,"embedding":[1.0,0.0,-1.0]}],
         "usage":{"prompt_tokens":7,"total_tokens":7}}
        """));
    CreateEmbeddingResponse resp = gateway.sdk().embeddings().create(
        EmbeddingCreateParams.builder().model("embed-test")
            .inputOfArrayOfStrings(List.of("hello", "world")).build());
    assertThat(resp.data()).hasSize(2);
    assertThat(resp.data().get(0).embedding()).containsExactly(0.25f, -0.5f, 0.125f);
    assertThat(resp.data().get(1).embedding()).containsExactly(1.0f, 0.0f, -1.0f);
    assertThat(resp.usage().promptTokens()).isEqualTo(7);

    RecordedRequest sent = fake.awaitRequest(0, RunningGateway.WAIT);
    assertThat(sent.path()).isEqualTo("/v1/embeddings");
    assertThat(sent.header("authorization")).isEqualTo("Bearer sk-embed-key");
    assertThat(sent.bodyJson().path("model").asText()).isEqualTo("text-embedding-upstream-id");
    assertThat(sent.bodyJson().path("input").toString()).isEqualTo("[\"hello\",\"world\"]");
    CallRecord r = gateway.nextRecord();
    assertThat(r.endpoint()).isEqualTo("embeddings");
    assertThat(r.usage().promptTokens()).isEqualTo(7);
  }
}
