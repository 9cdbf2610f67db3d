package dev.junction.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.FinishReason;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GenerateContentStreamTest {

  static final long CREATED = 1_767_322_245L;

  static GenerateContentStream decoder() {
    return new GenerateContentStream("gemini-alias", CREATED, new Random(7));
  }

  static Fixtures.Replay replay(String file) {
    return Fixtures.replay(decoder(), Fixtures.bytes(file), Integer.MAX_VALUE);
  }

  static Stream<String> streams() {
    return Fixtures.all().stream().filter(f -> f.endsWith(".sse"));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void everyStreamAssemblesToWhatItsEventsSay(String file) {
    List<JsonNode> events = Fixtures.events(file);
    StringBuilder text = new StringBuilder();
    StringBuilder thoughts = new StringBuilder();
    List<String> signatures = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String finish = null;
    JsonNode usage = null;
    for (JsonNode e : events) {
      for (JsonNode part : e.at("/candidates/0/content/parts")) {
        if (part.has("thoughtSignature")) {
          signatures.add(part.get("thoughtSignature").asText());
        }
        if (part.path("thought").asBoolean()) {
          thoughts.append(part.get("text").asText());
        } else if (part.has("text")) {
          text.append(part.get("text").asText());
        } else if (part.at("/functionCall/name").isTextual()) {
          names.add(part.at("/functionCall/name").asText());
        }
      }
      if (e.at("/candidates/0/finishReason").isTextual()) {
        finish = e.at("/candidates/0/finishReason").asText();
      }
      if (e.path("usageMetadata").has("promptTokenCount")) {
        usage = e.get("usageMetadata");
      }
    }

    Fixtures.Replay r = replay(file);

    assertThat(r.text(0)).isEqualTo(text.toString());
    assertThat(r.reasoning(0)).isEqualTo(thoughts.toString());
    assertThat(r.signatures(0)).isEqualTo(signatures);
    Map<Integer, String[]> calls = r.calls(0);
    assertThat(calls.keySet()).containsExactlyElementsOf(
        IntStream.range(0, names.size()).boxed().toList());
    assertThat(calls.values().stream().map(c -> c[1]).toList()).isEqualTo(names);
    for (String[] c : calls.values()) {
      assertThat(c[0]).isNotBlank();
      assertThat(Json.parse(c[2].getBytes(StandardCharsets.UTF_8)).isObject()).isTrue();
    }
    assertThat(calls.values().stream().map(c -> c[0]).distinct()).hasSize(calls.size());
    assertThat(finish).isEqualTo("STOP");
    assertThat(r.finishes(0)).containsExactly(
        names.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS);
    // usage: once, on the last chunk, and equal to the last usageMetadata that had counts
    assertThat(r.usages()).hasSize(1);
    StreamChunk last = r.chunks.get(r.chunks.size() - 1);
    assertThat(last.usage()).isNotNull();
    assertThat(last.choices()).isEmpty();
    GenerateContentResponseTest.checkUsage(usage, last.usage());
    JsonNode first = events.get(0);
    assertThat(r.chunks).allSatisfy(c -> {
      assertThat(c.id()).isEqualTo(first.path("responseId").asText());
      assertThat(c.model()).isEqualTo(first.path("modelVersion").asText());
      assertThat(c.created()).isEqualTo(CREATED);
    });
  }

  @ParameterizedTest
  @MethodSource("streams")
  void splittingTheBodyAnywhereChangesNothing(String file) {
    Fixtures.Replay whole = replay(file);
    for (int split : new int[] {1, 2, 7, 64}) {
      Fixtures.Replay pieces = Fixtures.replay(decoder(), Fixtures.bytes(file), split);
      assertThat(pieces.chunks).as("split %d", split).isEqualTo(whole.chunks);
    }
  }

  @Test
  void textStreamKeepsTheLastUsageNotTheLargest() {
    Fixtures.Replay r = replay("text-stream.sse");
    assertThat(r.text(0)).isEqualTo("The capital of France is Paris.\n");
    // earlier events say promptTokenCount 15, the final one 13 with 8 candidates tokens
    assertThat(r.usages()).containsExactly(new Usage(13, 0, 0, 0, 8, 0, false));
  }

  @Test
  void partialArgsStreamBecomesTwoWholeCalls() {
    Fixtures.Replay r = replay("function-call-stream-partial-args.sse");
    Map<Integer, String[]> calls = r.calls(0);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)[1]).isEqualTo("getWeather");
    assertThat(Json.parse(calls.get(0)[2].getBytes()))
        .isEqualTo(Json.parse("{\"location\":\"Boston\"}".getBytes()));
    assertThat(calls.get(1)[1]).isEqualTo("getWeather");
    assertThat(Json.parse(calls.get(1)[2].getBytes()))
        .isEqualTo(Json.parse("{\"location\":\"San Francisco\"}".getBytes()));
    assertThat(calls.get(0)[0]).isEqualTo("call_dqHOab6xGLzWodAPkPuViA4_0");
    assertThat(calls.get(1)[0]).isEqualTo("call_dqHOab6xGLzWodAPkPuViA4_1");
    // the arguments arrive in fragments as the upstream streams them, not in one piece
    long fragments = r.deltas(0).flatMap(d -> d.toolCalls().stream())
        .filter(t -> t.index() == 0 && t.id() == null).count();
    assertThat(fragments).isGreaterThan(1);
    assertThat(r.usages()).containsExactly(new Usage(26, 0, 0, 0, 23, 132, false));
  }

  @Test
  void noArgsCallThenThreeStreamedCalls() {
    Map<Integer, String[]> calls = replay("function-call-stream-no-args.sse").calls(0);
    assertThat(calls.values().stream().map(c -> c[1] + c[2]).toList()).containsExactly(
        "read_theme{}", "read_screen{\"id\":\"A\"}", "read_screen{\"id\":\"B\"}",
        "read_screen{\"id\":\"C\"}");
  }

  @Test
  void signatureOfAStreamedCallComesJustBeforeTheCall() {
    Fixtures.Replay r = replay("function-call-stream-thought-signature.sse");
    List<StreamChunk> chunks = r.chunks;
    assertThat(chunks.get(0).choices().get(0).reasoningSignature()).startsWith("EpwICpkI");
    assertThat(chunks.get(1).choices().get(0).toolCalls().get(0).name()).isEqualTo("get_country");
    assertThat(chunks.get(1).choices().get(0).toolCalls().get(0).arguments()).isEqualTo("{}");
    assertThat(r.finishes(0)).containsExactly(FinishReason.TOOL_CALLS);
  }

  @Test
  void codeExecutionPartsTravelAsExtras() {
    Fixtures.Replay r = replay("code-execution-stream.sse");
    List<JsonNode> parts = r.deltas(0).filter(d -> d.extras() != null && d.extras().has("parts"))
        .map(d -> d.extras().get("parts").get(0)).toList();
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).at("/executableCode/code").asText()).contains("65465 - 6544");
    assertThat(parts.get(1).at("/codeExecutionResult/output").asText())
        .isEqualTo("-428330955.97745\n");
    assertThat(r.usages()).containsExactly(new Usage(147 + 360, 0, 0, 0, 108, 168, false));
  }

  @Test
  void thinkingStreamSeparatesThoughtsFromAnswer() {
    Fixtures.Replay r = replay("thinking-stream.sse");
    assertThat(r.reasoning(0)).startsWith("**Clarifying User Goals**");
    assertThat(r.text(0)).startsWith("This is a great question!");
    assertThat(r.usages()).containsExactly(new Usage(34, 0, 0, 0, 469, 787, false));
  }

  @Test
  void aStreamCutShortIsABrokenStreamAfterItsUsage() {
    byte[] body = Fixtures.bytes("text-stream.sse");
    String s = new String(body, StandardCharsets.UTF_8);
    byte[] cut = s.substring(0, s.lastIndexOf("data: ")).getBytes(StandardCharsets.UTF_8);
    List<StreamChunk> seen = new ArrayList<>();
    assertThatThrownBy(() -> {
      GenerateContentStream d = decoder();
      new dev.junction.provider.SseParser((e, data) -> d.onEvent(e, data, seen::add)).feed(cut);
      d.onEnd(seen::add);
    }).isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.retryable()).isTrue());
    assertThat(seen.get(seen.size() - 1).usage()).isEqualTo(new Usage(15, 0, 0, 0, 0, 0, false));
  }

  @Test
  void anEmptyBodyIsABrokenStream() {
    assertThatThrownBy(() -> decoder().onEnd(c -> { }))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void anErrorEventMidStreamIsTheUpstreamError() {
    // Hand-written: Google's error model (google.rpc.Status) sent as an SSE event, the shape
    // Gemini uses when a stream fails after it started (no such recording exists).
    GenerateContentStream d = decoder();
    d.onEvent(null, Fixtures.events("text-stream.sse").get(0).toString().getBytes(), c -> { });
    byte[] error = "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}"
        .getBytes();
    assertThatThrownBy(() -> d.onEvent(null, error, c -> { }))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.upstreamStatus()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("UNAVAILABLE");
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void aBlockedPromptStreamsAContentFilterFinish() {
    // streamGenerateContent sends each GenerateContentResponse as one event: replay the recorded
    // blocked-prompt answer as the stream's only event.
    byte[] body = ("data: " + Fixtures.json("prompt-blocked-model-armor.json") + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    Fixtures.Replay r = Fixtures.replay(decoder(), body, Integer.MAX_VALUE);
    assertThat(r.finishes(0)).containsExactly(FinishReason.CONTENT_FILTER);
    assertThat(r.deltas(0).findFirst().orElseThrow().extras().at("/promptFeedback/blockReason")
        .asText()).isEqualTo("MODEL_ARMOR");
    assertThat(r.usages()).isEmpty(); // only trafficType, no counts
  }

  @Test
  void twoCandidatesKeepTheirOwnToolIndices() {
    // Hand-written candidateCount=2 stream (no recording has one): calls interleave per candidate.
    String[] events = {
        "{\"candidates\":[{\"index\":0,\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"a\","
            + "\"args\":{\"x\":1}}}]}},{\"index\":1,\"content\":{\"parts\":[{\"text\":\"hi\"}]}}],"
            + "\"responseId\":\"R\"}",
        "{\"candidates\":[{\"index\":1,\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"b\"}}]},"
            + "\"finishReason\":\"STOP\"},{\"index\":0,\"content\":{\"parts\":[{\"functionCall\":"
            + "{\"name\":\"c\"}}]},\"finishReason\":\"STOP\"}],\"responseId\":\"R\"}"};
    String body = String.join("", Arrays.stream(events).map(e -> "data: " + e + "\r\n\r\n")
        .toList());
    Fixtures.Replay r = Fixtures.replay(decoder(), body.getBytes(), Integer.MAX_VALUE);
    assertThat(r.calls(0).values().stream().map(c -> c[0] + ":" + c[1] + c[2]).toList())
        .containsExactly("call_R_0:a{\"x\":1}", "call_R_2:c{}");
    assertThat(r.calls(1).values().stream().map(c -> c[0] + ":" + c[1]).toList())
        .containsExactly("call_R_1:b");
    assertThat(r.calls(1)).containsOnlyKeys(0);
    assertThat(r.text(1)).isEqualTo("hi");
    assertThat(r.finishes(0)).containsExactly(FinishReason.TOOL_CALLS);
    assertThat(r.finishes(1)).containsExactly(FinishReason.TOOL_CALLS);
  }
}
