package dev.junction.provider.anthropic;

import static dev.junction.provider.anthropic.Fixtures.assertSameJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ContentPart;
import dev.junction.chat.FinishReason;
import dev.junction.chat.ToolCall;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Canonical answers written as Messages responses (front side). */
class ResponseWriterTest {

  final AnthropicCodec codec = new AnthropicCodec(ResponseDecoderTest.CLOCK);

  static List<String> responses() {
    return Fixtures.responses();
  }

  /**
   * Decoded, then written back: the recorded body, except what the canonical model does not
   * carry ({@code usage.service_tier}, {@code usage.inference_geo}, a null {@code stop_details}),
   * and the {@code cache_creation} breakdown, which is always written.
   */
  @ParameterizedTest
  @MethodSource("responses")
  void writesEveryRecordedAnswerBack(String file) {
    JsonNode original = Fixtures.json(file);
    ObjectNode written = AnthropicDialect.writeResponse(codec.decodeChat(Fixtures.bytes(file)));

    ObjectNode expected = original.deepCopy();
    ObjectNode usage = (ObjectNode) expected.get("usage");
    usage.remove(List.of("service_tier", "inference_geo"));
    if (expected.has("stop_details") && expected.get("stop_details").isNull()) {
      expected.remove("stop_details");
    }
    if (!usage.has("cache_creation")) {
      ((ObjectNode) written.get("usage")).remove("cache_creation");
    }
    assertSameJson(written, expected);
  }

  @Test
  void answerFromAnotherVendor() {
    Choice choice = new Choice(0, List.of(new ContentPart.Thinking("let me see", null),
        new ContentPart.Text("Calling."), new ContentPart.Text("")),
        List.of(new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}")), null,
        FinishReason.TOOL_CALLS, null, null, null);
    ChatResponse r = new ChatResponse("chatcmpl-1", "gpt-4o", 1, List.of(choice),
        Usage.fromOpenAi(100, 30, 40, 0, 10), null);
    JsonNode w = AnthropicDialect.writeResponse(r);
    assertThat(w.get("id").asText()).isEqualTo("chatcmpl-1");
    assertThat(w.get("type").asText()).isEqualTo("message");
    assertThat(w.get("role").asText()).isEqualTo("assistant");
    assertThat(w.get("content").findValuesAsText("type"))
        .containsExactly("thinking", "text", "tool_use");
    assertThat(w.at("/content/0/signature").asText()).isEmpty();
    assertThat(w.at("/content/2/input/city").asText()).isEqualTo("Paris");
    assertThat(w.get("stop_reason").asText()).isEqualTo("tool_use");
    assertThat(w.get("stop_sequence").isNull()).isTrue();
    // OpenAI: 100 prompt tokens of which 40 cached; 30 completion tokens of which 10 reasoning
    assertThat(w.at("/usage/input_tokens").asLong()).isEqualTo(60);
    assertThat(w.at("/usage/cache_read_input_tokens").asLong()).isEqualTo(40);
    assertThat(w.at("/usage/cache_creation_input_tokens").asLong()).isZero();
    assertThat(w.at("/usage/output_tokens").asLong()).isEqualTo(30);
  }

  @Test
  void openAiRefusalBecomesText() {
    Choice choice = new Choice(0, List.of(), List.of(), "I can't help with that.",
        FinishReason.STOP, null, null, null);
    JsonNode w = AnthropicDialect.writeResponse(
        new ChatResponse("c", "m", 1, List.of(choice), null, null));
    assertThat(w.at("/content/0/text").asText()).isEqualTo("I can't help with that.");
    assertThat(w.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(w.at("/usage/input_tokens").asLong()).isZero();
  }

  @Test
  void errorBody() {
    JsonNode e = AnthropicDialect.errorBody(GatewayException.of(ErrorKind.NOT_FOUND,
        "model_not_found", "model 'x' is not served here"));
    assertThat(e.toString()).isEqualTo("{\"type\":\"error\",\"error\":"
        + "{\"type\":\"not_found_error\",\"message\":\"model 'x' is not served here\"}}");
    assertThat(AnthropicDialect.errorBody(GatewayException.upstream(529, "overloaded_error",
        "Overloaded", -1)).at("/error/type").asText()).isEqualTo("overloaded_error");
    assertThat(Json.text(AnthropicDialect.errorBody(GatewayException.invalid("max_tokens",
        "max_tokens: field required")).get("error"), "type")).isEqualTo("invalid_request_error");
  }
}
