package dev.junction.provider.anthropic;

import static dev.junction.provider.anthropic.Fixtures.assertSameJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.Reasoning;
import dev.junction.chat.ResponseFormat;
import dev.junction.chat.Role;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolChoice;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Anthropic requests as clients send them, read into the canonical model (front side). */
class RequestReaderTest {

  /** Recorded requests that Anthropic itself refused as malformed, or sent elsewhere. */
  static final Set<String> REFUSED = Set.of("error-400-invalid-request-shape.request.json",
      "count-tokens-error-404.request.json");

  static List<String> valid() {
    return Fixtures.requests().stream().filter(n -> !REFUSED.contains(n)).toList();
  }

  static ChatRequest read(String json) {
    return AnthropicDialect.readRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Read, then encoded for an Anthropic upstream: the recorded body comes back. The two
   * equivalent spellings the encoder normalises are undone first: string content (sent as one
   * text block) and an absent {@code stream} (sent as false).
   */
  @ParameterizedTest
  @MethodSource("valid")
  void roundTripsEveryRecordedRequest(String file) {
    JsonNode original = Fixtures.json(file);
    ChatRequest canonical = AnthropicDialect.readRequest(Fixtures.bytes(file));
    assertThat(canonical.model()).isEqualTo(original.get("model").asText());
    assertThat(canonical.maxTokens()).isEqualTo(original.get("max_tokens").asInt());
    assertThat(canonical.stream()).isEqualTo(original.path("stream").asBoolean());

    ObjectNode expected = original.deepCopy();
    if (!expected.has("stream")) {
      expected.put("stream", false);
    }
    for (JsonNode m : expected.get("messages")) {
      if (m.get("content").isTextual()) {
        String text = m.get("content").asText();
        ((ObjectNode) m).putArray("content").addObject().put("type", "text").put("text", text);
      }
    }
    assertSameJson(RequestEncoder.encode(canonical), expected);
  }

  @Test
  void coversEveryRecordedRequest() {
    assertThat(Fixtures.requests()).hasSize(28);
    assertThat(valid()).hasSize(26);
  }

  @Test
  void recordedRequestsAnthropicRefusedAreRefusedHere() {
    byte[] body = Fixtures.bytes("error-400-invalid-request-shape.request.json");
    assertThatThrownBy(() -> AnthropicDialect.readRequest(body))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo("messages.0");
        });
    // a count_tokens body has no max_tokens: not a Messages request
    assertThatThrownBy(() -> AnthropicDialect.readRequest(
        Fixtures.bytes("count-tokens-error-404.request.json")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.param()).isEqualTo("max_tokens"));
  }

  @Test
  void thinkingBudget() {
    ChatRequest r = AnthropicDialect.readRequest(Fixtures.bytes("thinking.request.json"));
    assertThat(r.reasoning()).isEqualTo(new Reasoning(true, null, 1024));
    assertThat(r.messages()).containsExactly(Message.text(Role.USER, "How do I cross the street?"));
    assertThat(r.extras().isEmpty()).isTrue();
  }

  @Test
  void toolResultsBecomeToolMessagesNamedAfterTheirCall() {
    ChatRequest r = AnthropicDialect.readRequest(
        Fixtures.bytes("tool-result-followup.request.json"));
    assertThat(r.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER,
        Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.TOOL, Role.TOOL);
    Message assistant = r.messages().get(2);
    assertThat(assistant.toolCalls()).hasSize(4);
    assertThat(assistant.toolCalls().get(0)).isEqualTo(new ToolCall(
        "toolu_0167cfEnoQaPviGdVXA95zcu", "retrieve_entity_info", "{\"name\":\"Alice\"}"));
    Message lastResult = r.messages().get(6);
    assertThat(lastResult.toolCallId()).isEqualTo("toolu_013mnQZbgtK2oe3Mo3XKJsx3");
    assertThat(lastResult.name()).isEqualTo("retrieve_entity_info");
    assertThat(lastResult.text()).isEqualTo("daisy is bob's daughter and charlie's younger sister");
    assertThat(lastResult.toolError()).isFalse();
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.of(ToolChoice.Mode.AUTO));
    assertThat(r.tools().get(0).parameters().get("required").get(0).asText()).isEqualTo("name");
  }

  @Test
  void imagesAndStructuredOutput() {
    ChatRequest img = AnthropicDialect.readRequest(
        Fixtures.bytes("image-base64-input-stream.request.json"));
    ContentPart.Image image = (ContentPart.Image) img.messages().get(0).content().get(0);
    assertThat(image.mediaType()).isEqualTo("image/png");
    assertThat(image.data()).startsWith("iVBORw0KGgo");
    assertThat(image.url()).isNull();

    ChatRequest so = AnthropicDialect.readRequest(
        Fixtures.bytes("structured-output-json-schema.request.json"));
    assertThat(so.responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
    assertThat(so.responseFormat().schema().get("required")).hasSize(3);
  }

  @Test
  void serverToolsAndAdaptiveThinkingAreKeptForAnthropic() {
    ChatRequest web = AnthropicDialect.readRequest(
        Fixtures.bytes("web-search-citations-stream.request.json"));
    assertThat(web.tools()).isEmpty(); // a server tool is not a function the client runs
    assertThat(web.extras().at("/anthropic/tools/0/type").asText())
        .isEqualTo("web_search_20250305");

    ChatRequest opus = AnthropicDialect.readRequest(Fixtures.bytes("text-opus-47.request.json"));
    assertThat(opus.reasoning()).isEqualTo(new Reasoning(true, "xhigh", null));
    assertThat(opus.extras().at("/anthropic/thinking/type").asText()).isEqualTo("adaptive");
    assertThat(opus.extras().at("/anthropic/output_config/effort").asText()).isEqualTo("xhigh");

    ChatRequest cached = AnthropicDialect.readRequest(Fixtures.bytes("cache-read.request.json"));
    assertThat(cached.extras().at("/anthropic/cache_control/ttl").asText()).isEqualTo("5m");
  }

  @Test
  void everythingElse() {
    ChatRequest r = read("""
        {"model":"claude-x","max_tokens":10,"stream":true,
         "system":[{"type":"text","text":"sys","cache_control":{"type":"ephemeral"}}],
         "metadata":{"user_id":"u1"},"top_k":5,"top_p":0.9,"stop_sequences":["X"],
         "tool_choice":{"type":"tool","name":"f","disable_parallel_tool_use":true},
         "tools":[{"name":"f","input_schema":{"type":"object"},"strict":true}],
         "messages":[
          {"role":"user","content":[
            {"type":"document","source":{"type":"text","media_type":"text/plain","data":"hi"},
             "title":"T"},
            {"type":"image","source":{"type":"url","url":"https://x/y.png"}}]},
          {"role":"assistant","content":[
            {"type":"thinking","thinking":"hm","signature":"s1"},
            {"type":"redacted_thinking","data":"r1"},
            {"type":"server_tool_use","id":"srv","name":"web_search","input":{}},
            {"type":"tool_use","id":"t1","name":"f","input":{"a":1}}]},
          {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"t1","is_error":true,
             "content":[{"type":"text","text":"boom"}],"cache_control":{"type":"ephemeral"}},
            {"type":"text","text":"next"}]}]}""");
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.user()).isEqualTo("u1");
    assertThat(r.topK()).isEqualTo(5);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.stop()).containsExactly("X");
    assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.TOOL, "f", true));
    assertThat(r.parallelToolCalls()).isFalse();
    assertThat(r.tools().get(0).strict()).isTrue();
    Message system = r.messages().get(0);
    assertThat(((ContentPart.Text) system.content().get(0)).cacheControl()).isNotNull();
    ContentPart.Document doc = (ContentPart.Document) r.messages().get(1).content().get(0);
    assertThat(doc.mediaType()).isEqualTo("text/plain");
    assertThat(doc.data()).isEqualTo("aGk="); // base64 of "hi"
    assertThat(doc.title()).isEqualTo("T");
    Message assistant = r.messages().get(2);
    assertThat(assistant.content()).containsExactly(new ContentPart.Thinking("hm", "s1"),
        new ContentPart.RedactedThinking("r1"));
    assertThat(assistant.toolCalls()).containsExactly(new ToolCall("t1", "f", "{\"a\":1}"));
    Message result = r.messages().get(3);
    assertThat(result.role()).isEqualTo(Role.TOOL);
    assertThat(result.toolError()).isTrue();
    assertThat(result.name()).isEqualTo("f");
    assertThat(((ContentPart.Text) result.content().get(0)).cacheControl()).isNotNull();
    assertThat(r.messages().get(4)).isEqualTo(Message.text(Role.USER, "next"));
    assertThat(r.messages()).hasSize(5);

    // and back: the tool result keeps its cache marker, on its text
    JsonNode back = RequestEncoder.encode(r);
    assertThat(back.at("/messages/2/content/0/content/0/cache_control/type").asText())
        .isEqualTo("ephemeral");
    assertThat(back.at("/messages/2/content/1/text").asText()).isEqualTo("next");
    assertThat(back.at("/messages/0/content/0/source/data").asText()).isEqualTo("hi");
  }

  static final String MSG = "{\"role\":\"user\",\"content\":\"x\"}";

  /** A valid request with {@code fields} (a JSON object's members) set or, when null, removed. */
  static String patched(String fields) {
    ObjectNode base = (ObjectNode) Json.parse(
        ("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[" + MSG + "]}").getBytes());
    Json.parse(("{" + fields + "}").getBytes()).properties().forEach(e -> {
      if (e.getValue().isNull()) {
        base.remove(e.getKey());
      } else {
        base.set(e.getKey(), e.getValue());
      }
    });
    return base.toString();
  }

  static List<Arguments> malformed() {
    String user = "\"messages\":[{\"role\":\"user\",\"content\":";
    return List.of(
        Arguments.of("\"model\":null", "model"),
        Arguments.of("\"max_tokens\":null", "max_tokens"),
        Arguments.of("\"max_tokens\":0", "max_tokens"),
        Arguments.of("\"max_tokens\":1.5", "max_tokens"),
        Arguments.of("\"messages\":null", "messages"),
        Arguments.of("\"messages\":[]", "messages"),
        Arguments.of("\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]",
            "messages.0.role"),
        Arguments.of("\"messages\":[{\"role\":\"user\"}]", "messages.0.content"),
        Arguments.of(user + "[{\"type\":\"text\"}]}]", "messages.0.content.0.text"),
        Arguments.of(user + "[{\"type\":\"video\"}]}]", "messages.0.content.0.type"),
        Arguments.of(user + "[{\"type\":\"image\",\"source\":{\"type\":\"file\"}}]}]",
            "messages.0.content.0.source.type"),
        Arguments.of("\"tool_choice\":{\"type\":\"maybe\"}", "tool_choice.type"),
        Arguments.of("\"thinking\":{\"type\":\"enabled\"}", "thinking.budget_tokens"),
        Arguments.of("\"temperature\":\"hot\"", "temperature"),
        Arguments.of("\"stop_sequences\":[\"a\",1]", "stop_sequences"),
        Arguments.of("\"tools\":[{\"description\":\"no name\"}]", "tools.0.name"),
        Arguments.of("\"system\":[{\"type\":\"image\",\"source\":{\"type\":\"url\","
            + "\"url\":\"u\"}}]", "system.0.type"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedRequestsAreA400NamingTheParameter(String fields, String param) {
    assertThatThrownBy(() -> read(patched(fields))).isInstanceOfSatisfying(
        GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo(param);
          assertThat(e.getMessage()).startsWith(param);
        });
  }

  @Test
  void theValidBaseOfThoseCasesIsValid() {
    assertThat(read(patched("")).messages()).containsExactly(Message.text(Role.USER, "x"));
  }

  @Test
  void malformedJsonIsA400() {
    assertThatThrownBy(() -> read("{\"model\":")).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> read("[1]")).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void unknownTopLevelFieldsTravelAsAnthropicExtras() {
    ChatRequest r = read("{\"model\":\"m\",\"max_tokens\":1,\"service_tier\":\"auto\","
        + "\"container\":\"c1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(r.extras().get(AnthropicDialect.EXTRAS_KEY).get("service_tier").asText())
        .isEqualTo("auto");
    assertThat(r.extras().size()).isEqualTo(1); // nothing at the top, where OpenAI adapters look
    assertThat(RequestEncoder.encode(r).get("container").asText()).isEqualTo("c1");
  }
}
