package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.FinishReason;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.StreamDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded Anthropic stream through the stream decoder. */
class StreamDecoderTest {

  final AnthropicCodec codec = new AnthropicCodec(ResponseDecoderTest.CLOCK);

  static List<String> streams() {
    return Fixtures.streams();
  }

  StreamDecoder decoder() {
    return codec.streamDecoder(ChatRequest.of("claude-test",
        List.of(Message.text(Role.USER, "hi"))).withStream(true, true));
  }

  /** What a fixture's events say, read straight from the file. */
  static final class Expected {
    final StringBuilder text = new StringBuilder();
    final StringBuilder thinking = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    final List<String> redacted = new ArrayList<>();
    final List<String[]> toolIdName = new ArrayList<>();
    final List<StringBuilder> toolJson = new ArrayList<>();
    final List<JsonNode> toolStartInput = new ArrayList<>();
    final Map<Integer, Integer> toolByBlock = new LinkedHashMap<>();
    int serverBlocks;
    String id;
    String model;
    String stopReason;
    String stopSequence;
    final Map<String, Long> usage = new LinkedHashMap<>();

    Expected(byte[] sse) {
      for (Fixtures.Event e : Fixtures.events(sse)) {
        JsonNode d = e.data();
        switch (d.get("type").asText()) {
          case "message_start" -> {
            id = d.at("/message/id").asText();
            model = d.at("/message/model").asText();
            usage(d.at("/message/usage"));
          }
          case "content_block_start" -> {
            JsonNode cb = d.get("content_block");
            switch (cb.get("type").asText()) {
              case "tool_use" -> {
                toolByBlock.put(d.get("index").asInt(), toolIdName.size());
                toolIdName.add(new String[] {cb.get("id").asText(), cb.get("name").asText()});
                toolJson.add(new StringBuilder());
                toolStartInput.add(cb.get("input"));
              }
              case "redacted_thinking" -> redacted.add(cb.get("data").asText());
              case "text", "thinking" -> { }
              default -> serverBlocks++;
            }
          }
          case "content_block_delta" -> {
            JsonNode delta = d.get("delta");
            switch (delta.get("type").asText()) {
              case "text_delta" -> text.append(delta.get("text").asText());
              case "thinking_delta" -> thinking.append(delta.get("thinking").asText());
              case "signature_delta" -> signature.append(delta.get("signature").asText());
              case "input_json_delta" -> {
                Integer t = toolByBlock.get(d.get("index").asInt());
                if (t != null) {
                  toolJson.get(t).append(delta.get("partial_json").asText());
                }
              }
              default -> { }
            }
          }
          case "message_delta" -> {
            stopReason = d.at("/delta/stop_reason").asText();
            stopSequence = Json.text(d.get("delta"), "stop_sequence");
            usage(d.get("usage"));
          }
          default -> { }
        }
      }
    }

    /** Later numbers replace earlier ones, field by field. */
    private void usage(JsonNode u) {
      for (String f : List.of("input_tokens", "cache_read_input_tokens",
          "cache_creation_input_tokens", "output_tokens")) {
        if (u.has(f)) {
          usage.put(f, u.get(f).asLong());
        }
      }
      if (u.path("cache_creation").has("ephemeral_1h_input_tokens")) {
        usage.put("1h", u.at("/cache_creation/ephemeral_1h_input_tokens").asLong());
      }
    }

    long u(String f) {
      return usage.getOrDefault(f, 0L);
    }
  }

  @ParameterizedTest
  @MethodSource("streams")
  void decodesEveryDeltaAndNumberOfTheFixture(String file) throws Exception {
    byte[] sse = Fixtures.bytes(file);
    assertDecodedAsRecorded(Fixtures.decode(sse, decoder(), 61), new Expected(sse));
  }

  /** Chunks decoded from a stream say exactly what the recorded events {@code x} say. */
  static void assertDecodedAsRecorded(List<StreamChunk> chunks, Expected x) throws Exception {

    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    StringBuilder signature = new StringBuilder();
    List<String> redacted = new ArrayList<>();
    Map<Integer, StringBuilder> args = new LinkedHashMap<>();
    Map<Integer, String[]> idName = new LinkedHashMap<>();
    List<FinishReason> finishes = new ArrayList<>();
    String stopSequence = null;
    int serverBlocks = 0;
    for (int i = 0; i < chunks.size(); i++) {
      StreamChunk c = chunks.get(i);
      assertThat(c.id()).isEqualTo(x.id);
      assertThat(c.model()).isEqualTo(x.model);
      if (i < chunks.size() - 1) {
        assertThat(c.usage()).as("usage only on the final chunk").isNull();
      }
      for (ChoiceDelta d : c.choices()) {
        assertThat(d.index()).isZero();
        append(text, d.text());
        append(reasoning, d.reasoning());
        append(signature, d.reasoningSignature());
        if (d.redactedReasoning() != null) {
          redacted.add(d.redactedReasoning());
        }
        for (ToolCallDelta t : d.toolCalls()) {
          if (t.id() != null) {
            assertThat(idName).doesNotContainKey(t.index());
            idName.put(t.index(), new String[] {t.id(), t.name()});
          }
          args.computeIfAbsent(t.index(), k -> new StringBuilder());
          append(args.get(t.index()), t.arguments());
        }
        if (d.finishReason() != null) {
          finishes.add(d.finishReason());
          stopSequence = d.stopSequence();
        }
        if (d.extras() != null && d.extras().has(AnthropicDialect.CONTENT_KEY)) {
          serverBlocks += d.extras().get(AnthropicDialect.CONTENT_KEY).size();
        }
      }
    }
    assertThat(text.toString()).isEqualTo(x.text.toString());
    assertThat(reasoning.toString()).isEqualTo(x.thinking.toString());
    assertThat(signature.toString()).isEqualTo(x.signature.toString());
    assertThat(redacted).isEqualTo(x.redacted);
    assertThat(serverBlocks).isEqualTo(x.serverBlocks);

    // tool calls numbered 0, 1, … in order, whatever their block index
    assertThat(idName.keySet()).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, x.toolIdName.size()).boxed().toList());
    for (int t = 0; t < x.toolIdName.size(); t++) {
      assertThat(idName.get(t)).containsExactly(x.toolIdName.get(t));
      String recorded = x.toolJson.get(t).toString();
      JsonNode expectedInput = recorded.isEmpty() ? x.toolStartInput.get(t)
          : Json.MAPPER.readTree(recorded);
      assertThat(Json.MAPPER.readTree(args.get(t).toString())).isEqualTo(expectedInput);
    }

    assertThat(finishes).containsExactly(FinishReason.fromAnthropic(x.stopReason));
    assertThat(stopSequence).isEqualTo(x.stopSequence);

    StreamChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    Usage u = last.usage();
    assertThat(u.input()).isEqualTo(x.u("input_tokens"));
    assertThat(u.cacheRead()).isEqualTo(x.u("cache_read_input_tokens"));
    assertThat(u.cacheWriteTotal()).isEqualTo(x.u("cache_creation_input_tokens"));
    assertThat(u.cacheWrite1h()).isEqualTo(x.u("1h"));
    assertThat(u.output()).isEqualTo(x.u("output_tokens"));
  }

  private static void append(StringBuilder sb, String s) {
    if (s != null) {
      sb.append(s);
    }
  }

  @Test
  void coversEveryRecordedStream() {
    assertThat(streams()).hasSize(16);
  }

  @Test
  void literalNumbersOfTheCacheStreams() {
    // cache-read-stream-max-tokens.sse: input 3, cache_read 18639, output 1, stop max_tokens
    List<StreamChunk> read = Fixtures.decode(
        Fixtures.bytes("cache-read-stream-max-tokens.sse"), decoder(), 4096);
    assertThat(read.get(read.size() - 1).usage()).isEqualTo(new Usage(3, 18639, 0, 0, 1, 0, false));
    assertThat(read.get(read.size() - 2).choices().get(0).finishReason())
        .isEqualTo(FinishReason.LENGTH);
    // cache-write-stream.sse: cache_creation 18639, all with the 5-minute TTL
    List<StreamChunk> write = Fixtures.decode(Fixtures.bytes("cache-write-stream.sse"), decoder(),
        4096);
    assertThat(write.get(write.size() - 1).usage())
        .isEqualTo(new Usage(3, 0, 18639, 0, 1, 0, false));
  }

  @Test
  void messageDeltaUsageReplacesMessageStart() {
    // refusal-stream-sdk.sse: message_start output_tokens 1, message_delta output_tokens 0
    List<StreamChunk> c = Fixtures.decode(Fixtures.bytes("refusal-stream-sdk.sse"), decoder(), 9);
    assertThat(c.get(c.size() - 1).usage()).isEqualTo(new Usage(20, 0, 0, 0, 0, 0, false));
    ChoiceDelta finish = c.get(c.size() - 2).choices().get(0);
    assertThat(finish.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(finish.refusal()).isEqualTo("This request was refused due to policy.");
    assertThat(finish.extras().get("stop_details").get("category").asText()).isEqualTo("cyber");
  }

  @Test
  void toolCallIndexIsTheOrdinalAmongToolBlocks() {
    // tool-use-stream-with-text.sse: the tool_use block has index 1 (after a text block)
    List<StreamChunk> c = Fixtures.decode(Fixtures.bytes("tool-use-stream-with-text.sse"),
        decoder(), 13);
    List<ToolCallDelta> calls = c.stream().flatMap(k -> k.choices().stream())
        .flatMap(d -> d.toolCalls().stream()).toList();
    assertThat(calls).isNotEmpty().allSatisfy(t -> assertThat(t.index()).isZero());
    assertThat(calls.get(0).id()).isEqualTo("toolu_01NRLabsLyVHZPKxbKvkfSMn");
    assertThat(calls.stream().map(ToolCallDelta::arguments).filter(a -> a != null)
        .reduce("", String::concat)).isEqualTo("{\"location\": \"Paris\"}");
  }

  @Test
  void toolWithoutArgumentsGetsAnEmptyObject() {
    List<StreamChunk> c = Fixtures.decode(Fixtures.bytes("tool-use-empty-input-stream.sse"),
        decoder(), 4096);
    List<String> args = c.stream().flatMap(k -> k.choices().stream())
        .flatMap(d -> d.toolCalls().stream()).map(ToolCallDelta::arguments)
        .filter(a -> a != null).toList();
    assertThat(args).containsExactly("{}");
  }

  @Test
  void streamWithoutMessageStopIsAConnectionError() {
    String sse = Fixtures.text(Fixtures.bytes("text-stream.sse"));
    String cut = sse.substring(0, sse.indexOf("event: message_delta"));
    StreamDecoder d = decoder();
    assertThatThrownBy(() -> Fixtures.decode(cut.getBytes(StandardCharsets.UTF_8), d, 100))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("stream ended before message_stop");
          assertThat(e.retryable()).isTrue();
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
        });
  }

  @ParameterizedTest
  @CsvSource({"overloaded_error,529,UNAVAILABLE", "rate_limit_error,429,RATE_LIMITED",
      "api_error,500,UPSTREAM", "invalid_request_error,400,INVALID_REQUEST",
      "request_too_large,413,REQUEST_TOO_LARGE", "some_new_error,500,UPSTREAM"})
  void errorEventMidStream(String type, int status, ErrorKind kind) {
    String sse = Fixtures.text(Fixtures.bytes("text-stream.sse"));
    // the documented shape, after some text has been sent
    String errored = sse.substring(0, sse.indexOf("event: content_block_stop"))
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"" + type
        + "\",\"message\":\"Overloaded\"}}\n\n";
    List<StreamChunk> seen = new ArrayList<>();
    StreamDecoder d = decoder();
    assertThatThrownBy(() -> {
      for (Fixtures.Event e : Fixtures.events(errored.getBytes(StandardCharsets.UTF_8))) {
        d.onEvent(e.name(), Json.bytes(e.data()), seen::add);
      }
    }).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.upstreamStatus()).isEqualTo(status);
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.code()).isEqualTo(type);
      assertThat(e.getMessage()).isEqualTo("Overloaded");
    });
    assertThat(seen).isNotEmpty(); // text deltas were emitted as they came, before the error
  }

  @Test
  void eventsAfterMessageStopAreIgnored() {
    StreamDecoder d = decoder();
    List<StreamChunk> out = Fixtures.decode(Fixtures.bytes("text-stream.sse"), d, 4096);
    int n = out.size();
    d.onEvent("ping", "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), out::add);
    d.onEvent("content_block_delta", ("{\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}").getBytes(StandardCharsets.UTF_8),
        out::add);
    assertThat(out).hasSize(n);
  }
}
