package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * An Anthropic event stream checked against the protocol's rules, and its blocks' joined deltas:
 * message_start first, message_delta then message_stop last, each event named after its type,
 * block indices 0, 1, 2, … in start order, deltas only inside a started and not yet stopped
 * block, every block stopped before message_delta, usage in message_start and message_delta,
 * and every tool block's input JSON parsing as an object.
 */
final class EventSequence {

  /** One content block and what its deltas add up to. */
  static final class Block {
    final int index;
    final JsonNode start;
    final StringBuilder text = new StringBuilder();
    final StringBuilder thinking = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    final StringBuilder json = new StringBuilder();
    boolean stopped;

    Block(int index, JsonNode start) {
      this.index = index;
      this.start = start;
    }

    String type() {
      return start.get("type").asText();
    }

    JsonNode input() throws Exception {
      return json.isEmpty() ? start.get("input") : Json.MAPPER.readTree(json.toString());
    }
  }

  final List<Fixtures.Event> events;
  final List<Block> blocks = new ArrayList<>();
  JsonNode messageStart;
  JsonNode messageDelta;
  /** True when some block started while another was still open. */
  boolean overlapping;

  private EventSequence(List<Fixtures.Event> events) {
    this.events = events;
  }

  static EventSequence check(byte[] sse) throws Exception {
    EventSequence s = new EventSequence(Fixtures.events(sse));
    List<Fixtures.Event> ev = s.events;
    assertThat(ev).isNotEmpty();
    assertThat(ev.get(0).name()).isEqualTo("message_start");
    assertThat(ev.get(ev.size() - 1).name()).isEqualTo("message_stop");
    assertThat(ev.get(ev.size() - 2).name()).isEqualTo("message_delta");
    int open = 0;
    for (Fixtures.Event e : ev) {
      JsonNode d = e.data();
      assertThat(d.get("type").asText()).isEqualTo(e.name());
      switch (e.name()) {
        case "message_start" -> {
          assertThat(s.messageStart).as("one message_start").isNull();
          s.messageStart = d.get("message");
        }
        case "content_block_start" -> {
          assertThat(s.messageDelta).isNull();
          assertThat(d.get("index").asInt()).as("consecutive indices").isEqualTo(s.blocks.size());
          s.overlapping |= open > 0;
          open++;
          s.blocks.add(new Block(d.get("index").asInt(), d.get("content_block")));
        }
        case "content_block_delta" -> {
          Block b = s.blocks.get(d.get("index").asInt());
          assertThat(b.stopped).as("delta after stop").isFalse();
          JsonNode delta = d.get("delta");
          switch (delta.get("type").asText()) {
            case "text_delta" -> b.text.append(delta.get("text").asText());
            case "thinking_delta" -> b.thinking.append(delta.get("thinking").asText());
            case "signature_delta" -> b.signature.append(delta.get("signature").asText());
            case "input_json_delta" -> b.json.append(delta.get("partial_json").asText());
            default -> throw new AssertionError("unknown delta " + delta);
          }
        }
        case "content_block_stop" -> {
          Block b = s.blocks.get(d.get("index").asInt());
          assertThat(b.stopped).as("stopped twice").isFalse();
          b.stopped = true;
          open--;
        }
        case "message_delta" -> {
          assertThat(s.messageDelta).as("one message_delta").isNull();
          s.messageDelta = d;
        }
        case "message_stop" -> { }
        default -> throw new AssertionError("unexpected event " + e.name());
      }
    }
    assertThat(s.blocks).allSatisfy(b -> assertThat(b.stopped).isTrue());
    for (JsonNode usage : List.of(s.messageStart.get("usage"), s.messageDelta.get("usage"))) {
      for (String f : List.of("input_tokens", "output_tokens", "cache_read_input_tokens",
          "cache_creation_input_tokens")) {
        assertThat(usage.get(f).isIntegralNumber()).as(f).isTrue();
      }
    }
    assertThat(s.messageDelta.at("/delta/stop_reason").isTextual()).isTrue();
    for (Block b : s.blocks) {
      if (b.type().equals("tool_use")) {
        assertThat(b.input().isObject()).as("tool input of block " + b.index).isTrue();
      }
    }
    return s;
  }

  List<Block> ofType(String type) {
    return blocks.stream().filter(b -> b.type().equals(type)).toList();
  }

  String allText() {
    return ofType("text").stream().map(b -> b.text.toString()).reduce("", String::concat);
  }

  String allThinking() {
    return ofType("thinking").stream().map(b -> b.thinking.toString()).reduce("",
        String::concat);
  }
}
