package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.gateway.GatewayRig.Event;
import dev.junction.testing.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Messages API event stream as a client received it, checked against the protocol: {@code
 * message_start} first (with a complete usage object), then blocks with indices 0, 1, 2, … each
 * started once, receiving deltas of its own kind only while open, stopped once; every block
 * stopped before the one {@code message_delta} (a known stop reason and a complete usage), and
 * {@code message_stop} last. Each event's {@code event:} name equals its data's {@code type}, and
 * a tool block's joined {@code input_json_delta}s parse as a JSON object. {@code ping} may come
 * anywhere after {@code message_start}. A stream that failed ends with one {@code error} event
 * instead of {@code message_delta}/{@code message_stop}.
 */
final class MessagesEvents {

  private static final Set<String> STOP_REASONS = Set.of("end_turn", "max_tokens",
      "stop_sequence", "tool_use", "pause_turn", "refusal");
  private static final List<String> USAGE = List.of("input_tokens", "output_tokens",
      "cache_read_input_tokens", "cache_creation_input_tokens");

  /** One block and what its deltas add up to. */
  static final class Block {
    final JsonNode start;
    final StringBuilder text = new StringBuilder();
    final StringBuilder thinking = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    final StringBuilder json = new StringBuilder();
    boolean stopped;

    Block(JsonNode start) {
      this.start = start;
    }

    String type() {
      return start.get("type").asText();
    }

    /** A tool block's input: its joined deltas (or the start's input when none came). */
    JsonNode input() {
      try {
        return json.isEmpty() ? start.get("input") : Fixtures.MAPPER.readTree(json.toString());
      } catch (IOException e) {
        throw new AssertionError("tool input does not parse: " + json, e);
      }
    }
  }

  final List<Block> blocks = new ArrayList<>();
  JsonNode message;
  JsonNode delta;
  JsonNode error;

  /** Checks a successful stream. */
  static MessagesEvents check(List<Event> events) {
    MessagesEvents s = read(events);
    assertThat(s.error).as("error event").isNull();
    assertThat(events.get(events.size() - 1).name()).isEqualTo("message_stop");
    assertThat(s.delta).as("message_delta").isNotNull();
    assertThat(STOP_REASONS).contains(s.delta.at("/delta/stop_reason").asText());
    assertUsage(s.delta.get("usage"));
    return s;
  }

  /** Checks a stream that failed after it began: valid up to its one, last, error event. */
  static MessagesEvents checkFailed(List<Event> events) {
    MessagesEvents s = read(events);
    assertThat(events.get(events.size() - 1).name()).isEqualTo("error");
    assertThat(s.error.at("/error/type").isTextual()).isTrue();
    assertThat(s.error.at("/error/message").isTextual()).isTrue();
    return s;
  }

  private static MessagesEvents read(List<Event> events) {
    MessagesEvents s = new MessagesEvents();
    assertThat(events).isNotEmpty();
    assertThat(events.get(0).name()).isEqualTo("message_start");
    boolean stopped = false;
    for (Event e : events) {
      assertThat(stopped).as("event after message_stop or error").isFalse();
      JsonNode d = e.json();
      assertThat(d.get("type").asText()).as("data.type of " + e.name()).isEqualTo(e.name());
      switch (e.name()) {
        case "message_start" -> {
          assertThat(s.message).as("one message_start").isNull();
          s.message = d.get("message");
          assertThat(s.message.get("type").asText()).isEqualTo("message");
          assertThat(s.message.get("role").asText()).isEqualTo("assistant");
          assertThat(s.message.get("id").asText()).isNotEmpty();
          assertThat(s.message.get("content").isArray()).isTrue();
          assertUsage(s.message.get("usage"));
        }
        case "content_block_start" -> {
          assertThat(s.delta).as("block after message_delta").isNull();
          assertThat(d.get("index").asInt()).as("consecutive indices").isEqualTo(s.blocks.size());
          s.blocks.add(new Block(d.get("content_block")));
        }
        case "content_block_delta" -> {
          Block b = s.blocks.get(d.get("index").asInt());
          assertThat(b.stopped).as("delta after stop").isFalse();
          JsonNode delta = d.get("delta");
          String type = delta.get("type").asText();
          switch (type) {
            case "text_delta" -> b.text.append(delta.get("text").asText());
            case "thinking_delta" -> b.thinking.append(delta.get("thinking").asText());
            case "signature_delta" -> b.signature.append(delta.get("signature").asText());
            case "input_json_delta" -> b.json.append(delta.get("partial_json").asText());
            case "citations_delta" -> { }
            default -> throw new AssertionError("unknown delta " + delta);
          }
          assertThat(kindOf(type)).as(type + " in a " + b.type() + " block").isIn(b.type(),
              "*");
        }
        case "content_block_stop" -> {
          Block b = s.blocks.get(d.get("index").asInt());
          assertThat(b.stopped).as("stopped twice").isFalse();
          b.stopped = true;
        }
        case "message_delta" -> {
          assertThat(s.delta).as("one message_delta").isNull();
          assertThat(s.blocks).allSatisfy(b -> assertThat(b.stopped).as("open block at "
              + "message_delta").isTrue());
          s.delta = d;
        }
        case "message_stop" -> stopped = true;
        case "error" -> {
          s.error = d;
          stopped = true;
        }
        case "ping" -> { }
        default -> throw new AssertionError("unexpected event " + e.name());
      }
    }
    for (Block b : s.blocks) {
      if (b.type().equals("tool_use")) {
        assertThat(b.start.get("id").asText()).isNotEmpty();
        assertThat(b.start.get("name").asText()).isNotEmpty();
        assertThat(b.input().isObject()).as("tool input is an object").isTrue();
      }
    }
    return s;
  }

  /** The block type a delta belongs to ({@code *}: any). */
  private static String kindOf(String deltaType) {
    return switch (deltaType) {
      case "text_delta" -> "text";
      case "thinking_delta", "signature_delta" -> "thinking";
      case "input_json_delta" -> "tool_use";
      default -> "*";
    };
  }

  private static void assertUsage(JsonNode usage) {
    assertThat(usage).as("usage").isNotNull();
    for (String f : USAGE) {
      assertThat(usage.path(f).isIntegralNumber()).as("usage." + f).isTrue();
    }
  }

  List<Block> ofType(String type) {
    return blocks.stream().filter(b -> b.type().equals(type)).toList();
  }

  String text() {
    return String.join("", ofType("text").stream().map(b -> b.text.toString()).toList());
  }

  String thinking() {
    return String.join("", ofType("thinking").stream().map(b -> b.thinking.toString()).toList());
  }

  String stopReason() {
    return delta.at("/delta/stop_reason").asText();
  }

  JsonNode usage() {
    return delta.get("usage");
  }
}
