package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.FinishReason;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Canonical streams, from Anthropic and from OpenAI-style vendors, written as Anthropic SSE. */
class StreamEncoderTest {

  final AnthropicCodec codec = new AnthropicCodec(ResponseDecoderTest.CLOCK);

  static List<String> anthropicStreams() {
    return Fixtures.streams();
  }

  static byte[] encodeAll(List<StreamChunk> chunks, AnthropicStreamEncoder enc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(c -> out.writeBytes(enc.encode(c)));
    out.writeBytes(enc.finish());
    return out.toByteArray();
  }

  // ---- Anthropic -> canonical -> Anthropic ----

  @ParameterizedTest
  @MethodSource("anthropicStreams")
  void reEncodesEveryRecordedAnthropicStream(String file) throws Exception {
    byte[] recorded = Fixtures.bytes(file);
    List<StreamChunk> chunks = Fixtures.decode(recorded, new StreamDecoderTest().decoder(), 512);
    AnthropicStreamEncoder enc = AnthropicStreamEncoder.create("msg_fallback", "fallback", 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(c -> out.writeBytes(enc.encode(c)));
    // the final chunk carried the usage after the finish reason: nothing is left for finish()
    assertThat(enc.finish()).isEmpty();
    byte[] sse = out.toByteArray();

    EventSequence seq = EventSequence.check(sse);
    assertThat(seq.overlapping).isFalse();
    // decoding our own output gives back what the recording said
    StreamDecoderTest.assertDecodedAsRecorded(
        Fixtures.decode(sse, new StreamDecoderTest().decoder(), 100),
        new StreamDecoderTest.Expected(recorded));
  }

  @Test
  void thinkingThenTextAsRecorded() throws Exception {
    List<StreamChunk> chunks = Fixtures.decode(Fixtures.bytes("thinking-stream-haiku.sse"),
        new StreamDecoderTest().decoder(), 4096);
    EventSequence seq = EventSequence.check(
        encodeAll(chunks, AnthropicStreamEncoder.create("x", "x", 0)));
    assertThat(seq.blocks).extracting(EventSequence.Block::type)
        .containsExactly("thinking", "text");
    assertThat(seq.blocks.get(0).signature.toString()).startsWith("EuYDCmMIDBgCKkC05Zda4P");
    assertThat(seq.messageStart.get("id").asText()).isEqualTo("msg_01Eg56TYRnKCEgWtZu2yjR1t");
    assertThat(seq.messageStart.get("model").asText()).isEqualTo("claude-haiku-4-5-20251001");
    // thinking-stream-haiku.sse: input 46, output 133; usage reaches the client at the end
    assertThat(seq.messageDelta.at("/usage/input_tokens").asLong()).isEqualTo(46);
    assertThat(seq.messageDelta.at("/usage/output_tokens").asLong()).isEqualTo(133);
    assertThat(seq.messageStart.at("/usage/input_tokens").asLong()).isZero();
  }

  @Test
  void serverToolBlocksAndRefusalDetailsPassThrough() throws Exception {
    List<StreamChunk> web = Fixtures.decode(Fixtures.bytes("web-fetch-server-tool-stream.sse"),
        new StreamDecoderTest().decoder(), 4096);
    EventSequence seq = EventSequence.check(
        encodeAll(web, AnthropicStreamEncoder.create("x", "x", 0)));
    assertThat(seq.blocks).extracting(EventSequence.Block::type).containsExactly("thinking",
        "server_tool_use", "web_fetch_tool_result", "text");
    assertThat(seq.blocks.get(1).input().get("url").asText()).isEqualTo("https://ai.pydantic.dev");

    List<StreamChunk> refusal = Fixtures.decode(Fixtures.bytes("refusal-stream.sse"),
        new StreamDecoderTest().decoder(), 4096);
    EventSequence r = EventSequence.check(
        encodeAll(refusal, AnthropicStreamEncoder.create("x", "x", 0)));
    assertThat(r.blocks).isEmpty();
    assertThat(r.messageDelta.at("/delta/stop_reason").asText()).isEqualTo("refusal");
    assertThat(r.messageDelta.at("/delta/stop_details/category").asText()).isEqualTo("cyber");
  }

  // ---- OpenAI-style streams -> Anthropic ----

  /** Just enough of an OpenAI chunk reader to drive the encoder with recorded vendor streams. */
  static List<StreamChunk> openAiChunks(String path) {
    List<StreamChunk> out = new ArrayList<>();
    byte[] body;
    try {
      body = Files.readAllBytes(Fixtures.root().resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new dev.junction.provider.SseParser((name, data) -> {
      if (new String(data).equals("[DONE]")) {
        return;
      }
      JsonNode c = Json.parse(data);
      List<ChoiceDelta> deltas = new ArrayList<>();
      for (JsonNode ch : c.path("choices")) {
        JsonNode d = ch.path("delta");
        List<ToolCallDelta> calls = new ArrayList<>();
        for (JsonNode t : d.path("tool_calls")) {
          String id = Json.text(t, "id");
          calls.add(new ToolCallDelta(t.get("index").asInt(), id == null || id.isEmpty() ? null
              : id, Json.text(t.path("function"), "name"),
              Json.text(t.path("function"), "arguments")));
        }
        String finish = Json.text(ch, "finish_reason");
        deltas.add(new ChoiceDelta(ch.get("index").asInt(), Json.text(d, "content"),
            Json.text(d, "reasoning_content"), null, null, calls, Json.text(d, "refusal"),
            finish == null ? null : FinishReason.fromOpenAi(finish), null, null));
      }
      JsonNode u = c.get("usage");
      Usage usage = u == null || u.isNull() ? null : Usage.fromOpenAi(
          u.get("prompt_tokens").asLong(), u.get("completion_tokens").asLong(),
          u.at("/prompt_tokens_details/cached_tokens").asLong(0), 0,
          u.at("/completion_tokens_details/reasoning_tokens").asLong(0));
      out.add(new StreamChunk(Json.text(c, "id") == null ? "" : Json.text(c, "id"),
          c.get("model").asText(), c.path("created").asLong(), deltas, usage, null));
    }).feed(body);
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai-chat/tool-call-stream.sse",
      "openai-chat/parallel-tool-calls-stream.sse",
      "openai-chat/parallel-tool-calls-stream-gpt4o.sse",
      "openai-chat/text-stream-include-usage.sse", "openai-chat/n2-stream-tools.sse",
      "openai-chat/cached-tokens-stream.sse", "openai-chat/finish-length-stream.sse",
      "deepseek/tool-call-stream.sse", "qwen/tool-call-stream.sse", "xai/tool-call-stream.sse",
      "moonshot/synthetic-stream.sse"})
  void encodesRecordedOpenAiStyleStreams(String path) throws Exception {
    List<StreamChunk> chunks = openAiChunks(path);
    EventSequence seq = EventSequence.check(
        encodeAll(chunks, AnthropicStreamEncoder.create("msg_x", "alias", 0)));

    // what choice 0 of the recording says
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    Map<Integer, StringBuilder> args = new LinkedHashMap<>();
    Map<Integer, String> ids = new LinkedHashMap<>();
    FinishReason finish = null;
    Usage usage = null;
    for (StreamChunk c : chunks) {
      usage = c.usage() != null ? c.usage() : usage;
      for (ChoiceDelta d : c.choices()) {
        if (d.index() != 0) {
          continue;
        }
        text.append(d.text() == null ? "" : d.text());
        reasoning.append(d.reasoning() == null ? "" : d.reasoning());
        for (ToolCallDelta t : d.toolCalls()) {
          args.computeIfAbsent(t.index(), k -> new StringBuilder())
              .append(t.arguments() == null ? "" : t.arguments());
          if (t.id() != null) {
            ids.putIfAbsent(t.index(), t.id());
          }
        }
        finish = d.finishReason() != null ? d.finishReason() : finish;
      }
    }
    assertThat(seq.allText()).isEqualTo(text.toString());
    assertThat(seq.allThinking()).isEqualTo(reasoning.toString());
    List<EventSequence.Block> tools = seq.ofType("tool_use");
    assertThat(tools).hasSize(args.size());
    int k = 0;
    for (Map.Entry<Integer, StringBuilder> e : args.entrySet()) {
      EventSequence.Block b = tools.get(k++);
      assertThat(b.start.get("id").asText()).isEqualTo(ids.get(e.getKey()));
      assertThat(b.input()).isEqualTo(Json.MAPPER.readTree(e.getValue().toString()));
    }
    assertThat(seq.overlapping).as("OpenAI sends calls one after another").isFalse();
    assertThat(seq.messageDelta.at("/delta/stop_reason").asText()).isEqualTo(finish.anthropic());
    assertThat(seq.messageStart.get("id").asText()).isEqualTo(chunks.get(0).id());

    // usage as the recording reports it (prompt tokens split into fresh and cached), or the
    // estimate given to the encoder (here 0) when the recording has none
    JsonNode u = seq.messageDelta.get("usage");
    if (usage == null) {
      usage = Usage.ZERO;
    }
    assertThat(u.get("input_tokens").asLong() + u.get("cache_read_input_tokens").asLong())
        .isEqualTo(usage.promptTokens());
    assertThat(u.get("output_tokens").asLong()).isEqualTo(usage.completionTokens());
  }

  @Test
  void usageFromTheRecordingItself() throws Exception {
    // openai-chat/cached-tokens-stream.sse reports prompt/completion/cached in its last chunk
    JsonNode last = null;
    for (String line : Files.readAllLines(Fixtures.root().resolve(
        "openai-chat/cached-tokens-stream.sse"))) {
      if (line.startsWith("data: {") && line.contains("\"usage\":{")) {
        last = Json.MAPPER.readTree(line.substring(6)).get("usage");
      }
    }
    EventSequence seq = EventSequence.check(encodeAll(
        openAiChunks("openai-chat/cached-tokens-stream.sse"),
        AnthropicStreamEncoder.create("m", "m", 0)));
    long cached = last.at("/prompt_tokens_details/cached_tokens").asLong();
    assertThat(cached).isPositive();
    assertThat(seq.messageDelta.at("/usage/cache_read_input_tokens").asLong()).isEqualTo(cached);
    assertThat(seq.messageDelta.at("/usage/input_tokens").asLong())
        .isEqualTo(last.get("prompt_tokens").asLong() - cached);
    assertThat(seq.messageDelta.at("/usage/output_tokens").asLong())
        .isEqualTo(last.get("completion_tokens").asLong());
  }

  // ---- the tricky orders ----

  static StreamChunk chunk(ChoiceDelta... deltas) {
    return new StreamChunk("chatcmpl-1", "gpt-x", 1, List.of(deltas), null, null);
  }

  static ChoiceDelta call(int index, String id, String name, String args) {
    return ChoiceDelta.toolCalls(0, List.of(new ToolCallDelta(index, id, name, args)));
  }

  @Test
  void interleavedParallelCallsKeepTheirOwnBlocks() throws Exception {
    AnthropicStreamEncoder enc = AnthropicStreamEncoder.create("m", "m", 12);
    List<StreamChunk> chunks = List.of(
        chunk(call(0, "call_a", "fa", "{\"a\":")),
        chunk(call(1, "call_b", "fb", "{\"b\":")),
        chunk(call(0, null, null, "1}")),
        chunk(ChoiceDelta.toolCalls(0, List.of(new ToolCallDelta(1, null, null, "2"),
            new ToolCallDelta(2, "call_c", "fc", "")))),
        chunk(call(1, null, null, "}")),
        chunk(ChoiceDelta.finish(0, FinishReason.TOOL_CALLS, null)));
    EventSequence seq = EventSequence.check(encodeAll(chunks, enc));
    assertThat(seq.overlapping).isTrue();
    assertThat(seq.blocks).hasSize(3);
    assertThat(seq.blocks.get(0).input()).isEqualTo(Json.object().put("a", 1));
    assertThat(seq.blocks.get(1).input()).isEqualTo(Json.object().put("b", 2));
    assertThat(seq.blocks.get(2).input()).isEqualTo(Json.object()); // no arguments: {}
    assertThat(seq.blocks.get(2).start.get("name").asText()).isEqualTo("fc");
    assertThat(seq.messageDelta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    // no usage ever came: the estimate stands in
    assertThat(seq.messageStart.at("/usage/input_tokens").asLong()).isEqualTo(12);
    assertThat(seq.messageDelta.at("/usage/input_tokens").asLong()).isEqualTo(12);
  }

  @Test
  void sequentialCallsAreClosedBeforeTheNextStarts() throws Exception {
    List<StreamChunk> chunks = List.of(
        chunk(call(0, "call_a", "fa", "{\"a\":\"x\\\"}\"}")), // a brace inside a string
        chunk(call(1, "call_b", "fb", "{}")),
        chunk(ChoiceDelta.finish(0, FinishReason.TOOL_CALLS, null)));
    EventSequence seq = EventSequence.check(
        encodeAll(chunks, AnthropicStreamEncoder.create("m", "m", 0)));
    assertThat(seq.overlapping).isFalse();
    assertThat(seq.blocks.get(0).input().get("a").asText()).isEqualTo("x\"}");
  }

  @Test
  void kindChangesCloseTheOpenBlock() throws Exception {
    List<StreamChunk> chunks = List.of(
        chunk(ChoiceDelta.text(0, "")), // OpenAI's empty first delta opens nothing
        chunk(ChoiceDelta.reasoning(0, "think")),
        chunk(new ChoiceDelta(0, null, null, "sig-1", null, List.of(), null, null, null, null)),
        chunk(ChoiceDelta.reasoning(0, "more")),
        chunk(new ChoiceDelta(0, null, null, null, "opaque", List.of(), null, null, null, null)),
        chunk(ChoiceDelta.text(0, "Hello")),
        chunk(ChoiceDelta.text(0, " there")),
        chunk(call(0, "call_a", "fa", "{}")),
        chunk(ChoiceDelta.text(0, "after")),
        new StreamChunk("chatcmpl-1", "gpt-x", 1,
            List.of(ChoiceDelta.finish(0, FinishReason.STOP_SEQUENCE, "###")),
            new Usage(5, 1, 2, 3, 7, 4, false), null));
    AnthropicStreamEncoder enc = AnthropicStreamEncoder.create("m", "m", 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(c -> out.writeBytes(enc.encode(c)));
    // finish and usage arrived together: the message is complete without finish()
    EventSequence seq = EventSequence.check(out.toByteArray());
    assertThat(enc.finish()).isEmpty();
    assertThat(seq.blocks).extracting(EventSequence.Block::type).containsExactly("thinking",
        "thinking", "redacted_thinking", "text", "tool_use", "text");
    assertThat(seq.blocks.get(0).signature.toString()).isEqualTo("sig-1");
    assertThat(seq.blocks.get(1).thinking.toString()).isEqualTo("more");
    assertThat(seq.blocks.get(2).start.get("data").asText()).isEqualTo("opaque");
    assertThat(seq.blocks.get(3).text.toString()).isEqualTo("Hello there");
    assertThat(seq.overlapping).isFalse();
    JsonNode delta = seq.messageDelta;
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("stop_sequence");
    assertThat(delta.at("/delta/stop_sequence").asText()).isEqualTo("###");
    assertThat(delta.at("/usage/input_tokens").asLong()).isEqualTo(5);
    assertThat(delta.at("/usage/cache_read_input_tokens").asLong()).isEqualTo(1);
    assertThat(delta.at("/usage/cache_creation_input_tokens").asLong()).isEqualTo(5);
    assertThat(delta.at("/usage/output_tokens").asLong()).isEqualTo(11); // thinking included
    assertThat(enc.encode(chunk(ChoiceDelta.text(0, "late")))).isEmpty();
  }

  @Test
  void emptyStreamStillMakesAMessage() throws Exception {
    AnthropicStreamEncoder enc = AnthropicStreamEncoder.create("msg_1", "claude-alias", 3);
    EventSequence seq = EventSequence.check(enc.finish());
    assertThat(seq.blocks).isEmpty();
    assertThat(seq.messageStart.get("id").asText()).isEqualTo("msg_1");
    assertThat(seq.messageStart.get("model").asText()).isEqualTo("claude-alias");
    assertThat(seq.messageDelta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(enc.finish()).isEmpty();
  }

  @Test
  void anErrorEndsTheStream() {
    AnthropicStreamEncoder enc = AnthropicStreamEncoder.create("m", "m", 0);
    byte[] first = enc.encode(chunk(ChoiceDelta.text(0, "partial")));
    assertThat(Fixtures.text(first)).startsWith("event: message_start\ndata: {");
    byte[] err = enc.error(GatewayException.upstream(529, "overloaded_error", "Overloaded", -1));
    assertThat(Fixtures.text(err)).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":"
        + "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
    assertThat(enc.finish()).isEmpty();
    assertThat(enc.encode(chunk(ChoiceDelta.text(0, "more")))).isEmpty();
  }

  @Test
  void onlyChoiceZeroIsEncoded() throws Exception {
    List<StreamChunk> chunks = List.of(
        chunk(ChoiceDelta.text(0, "zero"), ChoiceDelta.text(1, "one")),
        chunk(ChoiceDelta.finish(0, FinishReason.LENGTH, null),
            ChoiceDelta.finish(1, FinishReason.STOP, null)));
    EventSequence seq = EventSequence.check(
        encodeAll(chunks, AnthropicStreamEncoder.create("m", "m", 0)));
    assertThat(seq.allText()).isEqualTo("zero");
    assertThat(seq.messageDelta.at("/delta/stop_reason").asText()).isEqualTo("max_tokens");
  }

  @Test
  void sseFraming() {
    AnthropicStreamEncoder enc = AnthropicStreamEncoder.create("m", "m", 0);
    String s = Fixtures.text(enc.encode(chunk(ChoiceDelta.text(0, "a\nb"))));
    assertThat(s).isEqualTo("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
        + "{\"id\":\"chatcmpl-1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gpt-x\","
        + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
        + "{\"input_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"cache_creation\":"
        + "{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":0}}}"
        + "\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\nb\"}}\n\n");
  }
}
