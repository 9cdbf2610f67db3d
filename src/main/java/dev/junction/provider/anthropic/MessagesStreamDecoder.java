package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.FinishReason;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.StreamDecoder;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one Messages API event stream into canonical chunks, each emitted as its event arrives.
 *
 * <ul>
 *   <li>{@code message_start} records id, model and usage; it emits nothing.
 *   <li>Text, thinking ({@code thinking_delta}, {@code signature_delta}) and redacted thinking
 *       become text, reasoning, reasoning-signature and redacted-reasoning deltas.
 *   <li>A {@code tool_use} block becomes tool call number <i>k</i> (its rank among the message's
 *       tool_use blocks, not its block index): its start emits id and name, each {@code
 *       input_json_delta} an argument fragment; a block that streamed no arguments gets {@code {}}
 *       at its stop, so the joined arguments always parse.
 *   <li>Other blocks (server tool calls with their streamed input, server tool results) are
 *       assembled and emitted whole at their stop, in {@code ChoiceDelta.extras()} under {@value
 *       AnthropicDialect#CONTENT_KEY}. {@code citations_delta} is ignored.
 *   <li>{@code message_delta} emits the finish reason; its usage updates the running numbers.
 *   <li>{@code message_stop} emits the final chunk, with no choices and the call's total usage;
 *       usage is reported there only.
 *   <li>{@code error} throws the upstream's error; a body that ends before {@code message_stop}
 *       throws a connection error.
 * </ul>
 *
 * <p>Not thread-safe: one instance per stream.
 */
final class MessagesStreamDecoder implements StreamDecoder {

  private final InstantSource clock;
  private String id = "";
  private String model;
  private long created;
  private boolean stopped;
  private final WireUsage usage = new WireUsage();
  private final Map<Integer, Block> blocks = new HashMap<>();
  private int toolCalls;

  /** The state of one open content block. */
  private static final class Block {
    final String type;
    final int toolIndex;
    boolean argumentsSent;
    @Nullable ObjectNode raw;
    @Nullable StringBuilder input;

    Block(String type, int toolIndex) {
      this.type = type;
      this.toolIndex = toolIndex;
    }
  }

  MessagesStreamDecoder(String requestModel, InstantSource clock) {
    this.model = requestModel;
    this.clock = clock;
    this.created = clock.instant().getEpochSecond();
  }

  @Override
  public void onEvent(@Nullable String event, byte[] data, Consumer<StreamChunk> out) {
    if (stopped) {
      return;
    }
    JsonNode e = ResponseDecoder.parse(data);
    String type = Json.text(e, "type");
    switch (type == null ? (event == null ? "" : event) : type) {
      case "message_start" -> start(e.path("message"));
      case "content_block_start" -> blockStart(e.path("index").asInt(), e.path("content_block"),
          out);
      case "content_block_delta" -> blockDelta(e.path("index").asInt(), e.path("delta"), out);
      case "content_block_stop" -> blockStop(e.path("index").asInt(), out);
      case "message_delta" -> messageDelta(e, out);
      case "message_stop" -> {
        stopped = true;
        out.accept(new StreamChunk(id, model, created, List.of(), usage.toUsage(), null));
      }
      case "error" -> throw ErrorType.inStream(e.path("error"));
      default -> { } // ping, and event types added after this was written
    }
  }

  @Override
  public void onEnd(Consumer<StreamChunk> out) {
    if (!stopped) {
      throw GatewayException.connection("stream ended before message_stop", null);
    }
  }

  /** The usage the stream has reported so far (all of it once {@code message_stop} came). */
  Usage usageSoFar() {
    return usage.toUsage();
  }

  private void start(JsonNode message) {
    String msgId = Json.text(message, "id");
    if (msgId != null) {
      id = msgId;
    }
    String msgModel = Json.text(message, "model");
    if (msgModel != null) {
      model = msgModel;
    }
    created = clock.instant().getEpochSecond();
    usage.absorb(message.get("usage"));
  }

  private void blockStart(int index, JsonNode cb, Consumer<StreamChunk> out) {
    String type = Json.text(cb, "type");
    type = type == null ? "" : type;
    Block b = new Block(type, "tool_use".equals(type) ? toolCalls++ : -1);
    blocks.put(index, b);
    switch (type) {
      case "text" -> {
        String text = Json.text(cb, "text");
        if (text != null && !text.isEmpty()) {
          emit(out, ChoiceDelta.text(0, text));
        }
      }
      case "thinking" -> {
        String thinking = Json.text(cb, "thinking");
        if (thinking != null && !thinking.isEmpty()) {
          emit(out, ChoiceDelta.reasoning(0, thinking));
        }
        signature(Json.text(cb, "signature"), out);
      }
      case "redacted_thinking" -> emit(out, new ChoiceDelta(0, null, null, null,
          Json.text(cb, "data"), List.of(), null, null, null, null));
      case "tool_use" -> {
        emit(out, ChoiceDelta.toolCalls(0, List.of(new ToolCallDelta(b.toolIndex,
            Json.text(cb, "id"), Json.text(cb, "name"), null))));
        JsonNode input = cb.get("input");
        if (input != null && input.isObject() && !input.isEmpty()) {
          // a whole input in the start event (no deltas follow for it)
          toolArguments(b, Json.string(input), out);
        }
      }
      default -> {
        b.raw = cb.deepCopy();
        if (cb.get("input") != null) {
          b.input = new StringBuilder();
        }
      }
    }
  }

  private void blockDelta(int index, JsonNode delta, Consumer<StreamChunk> out) {
    Block b = blocks.get(index);
    String type = Json.text(delta, "type");
    switch (type == null ? "" : type) {
      case "text_delta" -> {
        String text = Json.text(delta, "text");
        if (text != null && !text.isEmpty()) {
          emit(out, ChoiceDelta.text(0, text));
        }
      }
      case "thinking_delta" -> {
        String thinking = Json.text(delta, "thinking");
        if (thinking != null && !thinking.isEmpty()) {
          emit(out, ChoiceDelta.reasoning(0, thinking));
        }
      }
      case "signature_delta" -> signature(Json.text(delta, "signature"), out);
      case "input_json_delta" -> {
        String partial = Json.text(delta, "partial_json");
        if (b == null || partial == null || partial.isEmpty()) {
          return;
        }
        if (b.toolIndex >= 0) {
          toolArguments(b, partial, out);
        } else if (b.input != null) {
          b.input.append(partial);
        }
      }
      default -> { } // citations_delta and future delta types
    }
  }

  private void blockStop(int index, Consumer<StreamChunk> out) {
    Block b = blocks.remove(index);
    if (b == null) {
      return;
    }
    if (b.toolIndex >= 0 && !b.argumentsSent) {
      toolArguments(b, "{}", out);
    } else if (b.raw != null) {
      if (b.input != null && !b.input.isEmpty()) {
        b.raw.set("input", ContentBlocks.arguments(b.input.toString()));
      }
      ObjectNode extras = Json.object();
      ArrayNode content = extras.putArray(AnthropicDialect.CONTENT_KEY);
      content.add(b.raw);
      emit(out, new ChoiceDelta(0, null, null, null, null, List.of(), null, null, null, extras));
    }
  }

  private void messageDelta(JsonNode e, Consumer<StreamChunk> out) {
    usage.absorb(e.get("usage"));
    JsonNode delta = e.path("delta");
    String stopReason = Json.text(delta, "stop_reason");
    if (stopReason == null) {
      return;
    }
    JsonNode details = delta.get("stop_details");
    ObjectNode extras = null;
    if (details != null && !details.isNull()) {
      extras = Json.object();
      extras.set("stop_details", details);
    }
    emit(out, new ChoiceDelta(0, null, null, null, null, List.of(),
        ResponseDecoder.refusal(stopReason, details), FinishReason.fromAnthropic(stopReason),
        Json.text(delta, "stop_sequence"), extras));
  }

  private void signature(@Nullable String signature, Consumer<StreamChunk> out) {
    if (signature != null && !signature.isEmpty()) {
      emit(out, new ChoiceDelta(0, null, null, signature, null, List.of(), null, null, null,
          null));
    }
  }

  private void toolArguments(Block b, String fragment, Consumer<StreamChunk> out) {
    b.argumentsSent = true;
    emit(out, ChoiceDelta.toolCalls(0,
        List.of(new ToolCallDelta(b.toolIndex, null, null, fragment))));
  }

  private void emit(Consumer<StreamChunk> out, ChoiceDelta delta) {
    out.accept(new StreamChunk(id, model, created, List.of(delta), null, null));
  }
}
