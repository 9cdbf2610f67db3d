package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ContentPart;
import dev.junction.chat.FinishReason;
import dev.junction.chat.ToolCall;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded non-streamed Anthropic answer, decoded and compared with the file itself. */
class ResponseDecoderTest {

  static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000));
  static final Set<String> MODELLED = Set.of("text", "thinking", "redacted_thinking", "tool_use");
  final AnthropicCodec codec = new AnthropicCodec(CLOCK);

  static List<String> responses() {
    return Fixtures.responses();
  }

  @ParameterizedTest
  @MethodSource("responses")
  void decodesEveryBlockAndNumberOfTheFixture(String file) throws Exception {
    JsonNode fixture = Fixtures.json(file);
    ChatResponse r = codec.decodeChat(Fixtures.bytes(file));

    assertThat(r.id()).isEqualTo(fixture.get("id").asText());
    assertThat(r.model()).isEqualTo(fixture.get("model").asText());
    assertThat(r.created()).isEqualTo(1_700_000_000L);
    assertThat(r.choices()).hasSize(1);
    Choice c = r.choices().get(0);

    // content: the modelled blocks, in order
    List<ContentPart> expectedParts = new ArrayList<>();
    List<ToolCall> calls = c.toolCalls();
    int call = 0;
    boolean unmodelled = false;
    for (JsonNode b : fixture.get("content")) {
      String type = b.get("type").asText();
      switch (type) {
        case "text" -> expectedParts.add(new ContentPart.Text(b.get("text").asText()));
        case "thinking" -> expectedParts.add(new ContentPart.Thinking(b.get("thinking").asText(),
            b.get("signature").asText()));
        case "redacted_thinking" ->
            expectedParts.add(new ContentPart.RedactedThinking(b.get("data").asText()));
        case "tool_use" -> {
          ToolCall tc = calls.get(call++);
          assertThat(tc.id()).isEqualTo(b.get("id").asText());
          assertThat(tc.name()).isEqualTo(b.get("name").asText());
          assertThat(Json.MAPPER.readTree(tc.arguments())).isEqualTo(b.get("input"));
        }
        default -> unmodelled = true;
      }
      unmodelled |= b.has("citations") && !b.get("citations").isEmpty();
    }
    assertThat(c.content()).containsExactlyElementsOf(expectedParts);
    assertThat(calls).hasSize(call);

    // blocks without a canonical home are kept, whole and in order
    if (unmodelled) {
      assertThat(c.messageExtras().get(AnthropicDialect.CONTENT_KEY))
          .isEqualTo(fixture.get("content"));
    } else {
      assertThat(c.messageExtras()).isNull();
    }

    assertThat(c.finishReason())
        .isEqualTo(FinishReason.fromAnthropic(fixture.get("stop_reason").asText()));
    assertThat(c.stopSequence()).isEqualTo(Json.text(fixture, "stop_sequence"));

    JsonNode u = fixture.get("usage");
    Usage usage = r.usage();
    assertThat(usage.input()).isEqualTo(u.get("input_tokens").asLong());
    assertThat(usage.cacheRead()).isEqualTo(u.path("cache_read_input_tokens").asLong());
    assertThat(usage.cacheWriteTotal())
        .isEqualTo(u.path("cache_creation_input_tokens").asLong());
    assertThat(usage.cacheWrite1h())
        .isEqualTo(u.path("cache_creation").path("ephemeral_1h_input_tokens").asLong());
    assertThat(usage.output()).isEqualTo(u.get("output_tokens").asLong());
    assertThat(usage.reasoning()).isZero();
    assertThat(usage.estimated()).isFalse();
  }

  @Test
  void coversEveryRecordedAnswer() {
    assertThat(responses()).hasSize(15);
  }

  @Test
  void cacheReadNumbersAsRecorded() {
    Usage u = codec.decodeChat(Fixtures.bytes("cache-read.json")).usage();
    // cache-read.json: input_tokens 3, cache_read 1111, cache_creation 418 (all 5m), output 33
    assertThat(u).isEqualTo(new Usage(3, 1111, 418, 0, 33, 0, false));
    assertThat(u.promptTokens()).isEqualTo(3 + 1111 + 418);
  }

  @Test
  void stopSequenceAnswer() {
    Choice c = codec.decodeChat(Fixtures.bytes("stop-sequence.json")).choices().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(c.stopSequence()).isEqualTo("Paris");
    assertThat(c.text()).isEqualTo("The beautiful city of ");
  }

  @Test
  void thinkingWithSignature() {
    Choice c = codec.decodeChat(Fixtures.bytes("tool-use-with-thinking.json")).choices().get(0);
    assertThat(c.content().get(0)).isInstanceOfSatisfying(ContentPart.Thinking.class,
        t -> assertThat(t.signature()).startsWith("EqEECkYICxgCKkAo3UA4"));
    assertThat(c.toolCalls()).containsExactly(
        new ToolCall("toolu_01YGzqpRE16Vricda3Aqcejo", "get_user_country", "{}"));
    assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void refusalKeepsStopDetails() {
    Choice c = codec.decodeChat(Fixtures.bytes("refusal.json")).choices().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(c.refusal()).startsWith("This request triggered restrictions on violative cyber");
    assertThat(c.extras().get("stop_details").get("category").asText()).isEqualTo("cyber");
    assertThat(c.content()).isEmpty();
  }

  @Test
  void pauseTurnKeepsServerToolBlocksAndSearchCount() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("pause-turn-web-search.json"));
    Choice c = r.choices().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.PAUSE_TURN);
    assertThat(c.toolCalls()).isEmpty(); // server tools are not the client's to call
    assertThat(c.messageExtras().get(AnthropicDialect.CONTENT_KEY).findValuesAsText("type"))
        .contains("server_tool_use", "web_search_tool_result");
    assertThat(r.extras().get("server_tool_use").get("web_search_requests").asInt())
        .isEqualTo(10);
  }

  @Test
  void plainAnswerHasNoExtras() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("text.json"));
    assertThat(r.extras()).isNull();
    assertThat(r.choices().get(0).extras()).isNull();
    assertThat(r.choices().get(0).text()).startsWith("Hello! I'm doing well");
  }

  @Test
  void garbageIsAnUpstreamError() {
    assertThatThrownBy(() -> codec.decodeChat("<html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM));
    byte[] noId = "{\"content\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.decodeChat(noId))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).contains("'id'"));
  }

  @Test
  void anErrorBodyWithStatus200IsStillAnError() {
    byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"Overloaded\"}}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.decodeChat(body)).isInstanceOfSatisfying(
        GatewayException.class, e -> {
          assertThat(e.upstreamStatus()).isEqualTo(529);
          assertThat(e.retryable()).isTrue();
        });
  }
}
