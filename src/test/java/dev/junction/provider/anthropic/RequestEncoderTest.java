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
import dev.junction.chat.ToolDefinition;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Secret;
import dev.junction.config.Timeouts;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.HttpCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical requests encoded for Anthropic, compared with recorded request bodies. */
class RequestEncoderTest {

  final AnthropicCodec codec = new AnthropicCodec(ResponseDecoderTest.CLOCK);

  static Message user(String text) {
    return Message.text(Role.USER, text);
  }

  static JsonNode encode(Req r) {
    return RequestEncoder.encode(r.build());
  }

  static JsonNode body(HttpCall call) {
    try {
      return Json.MAPPER.readTree(call.body().getBytes());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theComparisonUsedBelowCanFail() throws Exception {
    assertThat(Fixtures.sameJson(Json.MAPPER.readTree("{\"a\":1,\"b\":[1,2]}"),
        Json.MAPPER.readTree("{\"b\":[1,2.0],\"a\":1.0}"))).isTrue();
    assertThat(Fixtures.sameJson(Json.MAPPER.readTree("{\"a\":[1,2]}"),
        Json.MAPPER.readTree("{\"a\":[2,1]}"))).isFalse();
    assertThat(Fixtures.sameJson(Json.MAPPER.readTree("{\"a\":1}"),
        Json.MAPPER.readTree("{\"a\":1,\"b\":false}"))).isFalse();
    assertThat(Fixtures.sameJson(Json.MAPPER.readTree("{\"a\":\"1\"}"),
        Json.MAPPER.readTree("{\"a\":1}"))).isFalse();
  }

  // ---- against recorded requests ----

  @Test
  void thinking() {
    Req r = new Req("claude-sonnet-4-5", user("How do I cross the street?"));
    r.maxTokens = 4096;
    r.reasoning = new Reasoning(true, null, 1024);
    assertSameJson(encode(r), Fixtures.json("thinking.request.json"));
  }

  @Test
  void thinkingStreamWithTemperatureOne() {
    Req r = new Req("claude-haiku-4-5-20251001", user("Two names for a pet pelican, be brief"));
    r.maxTokens = 8192;
    r.temperature = 1.0;
    r.reasoning = new Reasoning(true, null, 1024);
    r.stream = true;
    assertSameJson(encode(r), Fixtures.json("thinking-stream-haiku.request.json"));
  }

  @Test
  void toolResultFollowup() {
    JsonNode fixture = Fixtures.json("tool-result-followup.request.json");
    String system = fixture.get("system").asText();
    String[] ids = {"toolu_0167cfEnoQaPviGdVXA95zcu", "toolu_01EEe2V5HD1Ac4rKiUR4HD2T",
        "toolu_01XFyAjstT3966qvRynZyVPo", "toolu_013mnQZbgtK2oe3Mo3XKJsx3"};
    String[] names = {"Alice", "Bob", "Charlie", "Daisy"};
    String[] results = {"alice is bob's wife", "bob is alice's husband", "charlie is alice's son",
        "daisy is bob's daughter and charlie's younger sister"};
    List<ToolCall> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(new ToolCall(ids[i], "retrieve_entity_info", "{\"name\": \"" + names[i] + "\"}"));
    }
    Req r = new Req("claude-haiku-4-5", Message.text(Role.SYSTEM, system),
        user("Alice, Bob, Charlie and Daisy are a family. Who is the youngest?"),
        new Message(Role.ASSISTANT, List.of(new ContentPart.Text("I'll help you find out who is "
            + "the youngest by retrieving information about each family member. I'll retrieve "
            + "their entity information to compare their ages.")), calls, null, null, false));
    for (int i = 0; i < 4; i++) {
      r.messages.add(new Message(Role.TOOL, List.of(new ContentPart.Text(results[i])), List.of(),
          ids[i], "retrieve_entity_info", false));
    }
    r.maxTokens = 4096;
    r.tools = List.of(new ToolDefinition("retrieve_entity_info",
        "Get the knowledge about the given entity.",
        fixture.at("/tools/0/input_schema"), null, null));
    r.toolChoice = ToolChoice.of(ToolChoice.Mode.AUTO);
    assertSameJson(encode(r), fixture);
  }

  @Test
  void imageUrl() {
    Req r = new Req("claude-haiku-4-5", new Message(Role.USER, List.of(
        new ContentPart.Text("What is this vegetable?"),
        ContentPart.Image.fromUrl("https://t3.ftcdn.net/jpg/00/85/79/92/"
            + "360_F_85799278_0BBGV9OAdQDTLnKwAPBCcg1J7QtiieJY.jpg", null)),
        List.of(), null, null, false));
    r.maxTokens = 4096;
    assertSameJson(encode(r), Fixtures.json("image-url-input.request.json"));
  }

  @Test
  void imageBase64FromADataUrl() {
    JsonNode fixture = Fixtures.json("image-base64-input-stream.request.json");
    String data = fixture.at("/messages/0/content/0/source/data").asText();
    Req r = new Req("claude-sonnet-4-5", new Message(Role.USER, List.of(
        ContentPart.Image.fromUrl("data:image/png;base64," + data, "auto"),
        new ContentPart.Text("Describe image in three words")), List.of(), null, null, false));
    r.maxTokens = 8192;
    r.temperature = 1.0;
    r.stream = true;
    assertSameJson(encode(r), fixture);
  }

  @Test
  void aDataUrlLeftInTheUrlFieldIsSentInline() {
    Req r = new Req("m", new Message(Role.USER, List.of(new ContentPart.Image(
        "data:image/jpeg;base64,/9j/4AAQ", null, null, null, null)), List.of(), null, null,
        false));
    assertThat(encode(r).at("/messages/0/content/0/source")).isEqualTo(Json.object()
        .put("type", "base64").put("media_type", "image/jpeg").put("data", "/9j/4AAQ"));
  }

  @Test
  void stopSequence() {
    Req r = new Req("claude-sonnet-4-5", user("What is the capital of France? Give me an answer "
        + "that contains the word \"Paris\", but is not the first word."));
    r.maxTokens = 1024;
    r.stop = List.of("Paris");
    assertSameJson(encode(r), Fixtures.json("stop-sequence.request.json"));
  }

  @Test
  void stopSequenceWithAssistantPrefill() {
    Req r = new Req("claude-haiku-4-5-20251001", user("Very short function describing a pelican"),
        Message.text(Role.ASSISTANT, "```python"));
    r.maxTokens = 8192;
    r.temperature = 1.0;
    r.stop = List.of("```");
    r.stream = true;
    assertSameJson(encode(r), Fixtures.json("stop-sequence-stream.request.json"));
  }

  @Test
  void structuredOutputUsesOutputConfigFormat() {
    JsonNode fixture = Fixtures.json("structured-output-json-schema.request.json");
    Req r = new Req("claude-sonnet-4-5", user("Tell me about London"));
    r.maxTokens = 4096;
    r.responseFormat = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "city",
        fixture.at("/output_config/format/schema"), true);
    assertSameJson(encode(r), fixture);
  }

  @Test
  void toolWithEmptyDescription() {
    JsonNode fixture = Fixtures.json("tool-use-empty-input-stream.request.json");
    Req r = new Req("claude-haiku-4-5-20251001", user("Generate one name for a pet pelican"));
    r.maxTokens = 8192;
    r.temperature = 1.0;
    r.stream = true;
    r.tools = List.of(new ToolDefinition("pelican_name_generator", "",
        fixture.at("/tools/0/input_schema"), null, null));
    assertSameJson(encode(r), fixture);
  }

  @Test
  void topLevelCacheControlFromAnthropicExtras() {
    JsonNode fixture = Fixtures.json("cache-write.request.json");
    Req r = new Req("claude-sonnet-4-5", Message.text(Role.SYSTEM, "You are a helpful assistant."),
        user(fixture.at("/messages/0/content/0/text").asText()));
    r.maxTokens = 4096;
    r.extras.putObject(AnthropicDialect.EXTRAS_KEY).set("cache_control",
        fixture.get("cache_control"));
    assertSameJson(encode(r), fixture);
  }

  // ---- the rules ----

  @Test
  void systemAndDeveloperMessagesBecomeTheSystemString() {
    Req r = new Req("m", Message.text(Role.SYSTEM, "one"), Message.text(Role.DEVELOPER, "two"),
        user("hi"));
    JsonNode b = encode(r);
    assertThat(b.get("system").asText()).isEqualTo("one\n\ntwo");
    assertThat(b.get("messages")).hasSize(1);
    assertThat(b.get("max_tokens").asInt()).isEqualTo(RequestEncoder.DEFAULT_MAX_TOKENS);
  }

  @Test
  void cachedSystemPartsBecomeBlocks() {
    JsonNode cache = Json.object().put("type", "ephemeral");
    Req r = new Req("m", new Message(Role.SYSTEM, List.of(new ContentPart.Text("big", cache)),
        List.of(), null, null, false), user("hi"));
    JsonNode system = encode(r).get("system");
    assertThat(system.isArray()).isTrue();
    assertThat(system.get(0).get("text").asText()).isEqualTo("big");
    assertThat(system.get(0).get("cache_control")).isEqualTo(cache);
  }

  @Test
  void consecutiveTurnsOfOneRoleAreMerged() {
    Req r = new Req("m", user("a"), user("b"),
        new Message(Role.ASSISTANT, List.of(), List.of(new ToolCall("t1", "f", "{}"),
            new ToolCall("t2", "f", "{}")), null, null, false),
        new Message(Role.TOOL, List.of(new ContentPart.Text("r1")), List.of(), "t1", "f", false),
        new Message(Role.TOOL, List.of(new ContentPart.Text("r2")), List.of(), "t2", "f", true),
        user("and now?"));
    JsonNode msgs = encode(r).get("messages");
    assertThat(msgs).hasSize(3);
    assertThat(msgs.get(0).get("content").findValuesAsText("text")).containsExactly("a", "b");
    JsonNode results = msgs.get(2).get("content");
    assertThat(results.findValuesAsText("type"))
        .containsExactly("tool_result", "tool_result", "text");
    assertThat(results.get(1).get("tool_use_id").asText()).isEqualTo("t2");
    assertThat(results.get(1).get("is_error").asBoolean()).isTrue();
    assertThat(results.get(0).get("content").asText()).isEqualTo("r1");
  }

  @Test
  void assistantReasoningLeadsAndUnsignedReasoningIsDropped() {
    Req r = new Req("m", user("q"), new Message(Role.ASSISTANT, List.of(
        new ContentPart.Text("answer"), new ContentPart.Thinking("deepseek thoughts", null),
        new ContentPart.Thinking("claude thoughts", "sig"),
        new ContentPart.RedactedThinking("blob")),
        List.of(new ToolCall("t", "f", "not json")), null, null, false));
    JsonNode content = encode(r).at("/messages/1/content");
    assertThat(content.findValuesAsText("type"))
        .containsExactly("thinking", "redacted_thinking", "text", "tool_use");
    assertThat(content.get(0).get("signature").asText()).isEqualTo("sig");
    assertThat(content.get(3).get("input")).isEqualTo(Json.object()); // malformed args -> {}
  }

  @Test
  void emptyTextIsNotSentAndEmptyTurnsVanish() {
    Req r = new Req("m", user("q"), new Message(Role.ASSISTANT, List.of(new ContentPart.Text("")),
        List.of(new ToolCall("t", "f", "")), null, null, false));
    JsonNode content = encode(r).at("/messages/1/content");
    assertThat(content).hasSize(1);
    assertThat(content.get(0).get("type").asText()).isEqualTo("tool_use");
    assertThat(content.get(0).get("input")).isEqualTo(Json.object());
  }

  @Test
  void toolWithoutSchemaGetsAnObjectSchemaAndKeepsItsCacheMarker() {
    JsonNode cache = Json.object().put("type", "ephemeral");
    Req r = new Req("m", user("q"));
    r.tools = List.of(new ToolDefinition("now", null, null, true, cache));
    JsonNode tool = encode(r).at("/tools/0");
    assertThat(tool.get("input_schema")).isEqualTo(Json.object().put("type", "object"));
    assertThat(tool.has("description")).isFalse();
    assertThat(tool.get("cache_control")).isEqualTo(cache);
    assertThat(encode(r).has("tool_choice")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "AUTO,null,null,'{\"type\":\"auto\"}'",
      "NONE,null,null,'{\"type\":\"none\"}'",
      "REQUIRED,null,null,'{\"type\":\"any\"}'",
      "TOOL,f,null,'{\"type\":\"tool\",\"name\":\"f\"}'",
      "REQUIRED,null,false,'{\"type\":\"any\",\"disable_parallel_tool_use\":true}'",
      "null,null,false,'{\"type\":\"auto\",\"disable_parallel_tool_use\":true}'",
      "null,null,true,null"})
  void toolChoice(String mode, String name, Boolean parallel, String expected) throws Exception {
    Req r = new Req("m", user("q"));
    r.tools = List.of(new ToolDefinition("f", "d", null, null, null));
    r.toolChoice = mode == null ? null
        : new ToolChoice(ToolChoice.Mode.valueOf(mode), name, false);
    r.parallelToolCalls = parallel;
    JsonNode tc = encode(r).get("tool_choice");
    if (expected == null) {
      assertThat(tc).isNull();
    } else {
      assertThat(tc).isEqualTo(Json.MAPPER.readTree(expected));
    }
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      // maxTokens, effort, budget -> max_tokens, budget_tokens
      "null,high,null,4096,3276",
      "null,null,8000,12096,8000",
      "4000,null,8000,12000,8000",
      "null,null,500,4096,1024",
      "1000,minimal,null,2024,1024",
      "20000,low,null,20000,5000"})
  void thinkingBudgetAndMaxTokens(Integer maxTokens, String effort, Integer budget,
      int wireMax, int wireBudget) {
    Req r = new Req("m", user("q"));
    r.maxTokens = maxTokens;
    r.reasoning = new Reasoning(true, effort, budget);
    JsonNode b = encode(r);
    assertThat(b.get("max_tokens").asInt()).isEqualTo(wireMax);
    assertThat(b.at("/thinking/budget_tokens").asInt()).isEqualTo(wireBudget);
    assertThat(b.at("/thinking/type").asText()).isEqualTo("enabled");
    assertThat(wireBudget).isGreaterThanOrEqualTo(1024).isLessThan(wireMax);
  }

  @Test
  void thinkingDropsSamplingTheApiRefuses() {
    Req r = new Req("m", user("q"));
    r.reasoning = new Reasoning(true, "low", null);
    r.temperature = 0.2;
    r.topK = 40;
    r.topP = 0.5;
    JsonNode b = encode(r);
    assertThat(b.has("temperature")).isFalse();
    assertThat(b.has("top_k")).isFalse();
    assertThat(b.has("top_p")).isFalse();
    r.reasoning = new Reasoning(false, null, null);
    JsonNode off = encode(r);
    assertThat(off.has("thinking")).isFalse();
    assertThat(off.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(off.get("top_k").asInt()).isEqualTo(40);
    assertThat(off.has("top_p")).as("not together with temperature").isFalse();
  }

  @Test
  void temperatureIsClampedToAnthropicsRange() {
    Req r = new Req("m", user("q"));
    r.temperature = 1.7;
    r.topP = 0.9;
    assertThat(encode(r).get("temperature").asDouble()).isEqualTo(1.0);
    r.temperature = null;
    assertThat(encode(r).get("top_p").asDouble()).isEqualTo(0.9);
  }

  @Test
  void thinkingStaysOffWhenTheClientDroppedTheToolLoopsReasoning() {
    Req r = new Req("m", user("weather?"), new Message(Role.ASSISTANT, List.of(),
        List.of(new ToolCall("t", "weather", "{}")), null, null, false),
        new Message(Role.TOOL, List.of(new ContentPart.Text("sunny")), List.of(), "t", null,
            false));
    r.reasoning = new Reasoning(true, null, 2000);
    assertThat(encode(r).has("thinking")).isFalse();
    // with the signed reasoning kept, thinking stays on
    r.messages.set(1, new Message(Role.ASSISTANT, List.of(new ContentPart.Thinking("hm", "sig")),
        List.of(new ToolCall("t", "weather", "{}")), null, null, false));
    assertThat(encode(r).at("/thinking/budget_tokens").asInt()).isEqualTo(2000);
  }

  @Test
  void jsonObjectBecomesASystemInstruction() {
    Req r = new Req("m", Message.text(Role.SYSTEM, "Be terse."), user("q"));
    r.responseFormat = new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null);
    JsonNode b = encode(r);
    assertThat(b.get("system").asText())
        .isEqualTo("Be terse.\n\n" + RequestEncoder.JSON_OBJECT_INSTRUCTION);
    assertThat(b.has("output_config")).isFalse();
  }

  @Test
  void userAndStreamAndStops() {
    Req r = new Req("m", user("q"));
    r.user = "u-42";
    r.stream = true;
    r.stop = List.of("END", "STOP");
    JsonNode b = encode(r);
    assertThat(b.at("/metadata/user_id").asText()).isEqualTo("u-42");
    assertThat(b.get("stream").asBoolean()).isTrue();
    assertThat(b.get("stop_sequences").toString()).isEqualTo("[\"END\",\"STOP\"]");
  }

  @Test
  void documents() {
    Req r = new Req("m", new Message(Role.USER, List.of(
        new ContentPart.Document(null, "application/pdf", "JVBERi0=", "Report", null),
        new ContentPart.Document(null, "text/plain", "aGVsbG8gd29ybGQ=", null, null),
        new ContentPart.Document("https://example.com/a.pdf", null, null, null, null)),
        List.of(), null, null, false));
    JsonNode c = encode(r).at("/messages/0/content");
    assertThat(c.get(0).get("source")).isEqualTo(Json.object().put("type", "base64")
        .put("media_type", "application/pdf").put("data", "JVBERi0="));
    assertThat(c.get(0).get("title").asText()).isEqualTo("Report");
    assertThat(c.get(1).get("source")).isEqualTo(Json.object().put("type", "text")
        .put("media_type", "text/plain").put("data", "hello world"));
    assertThat(c.get(2).get("source")).isEqualTo(Json.object().put("type", "url")
        .put("url", "https://example.com/a.pdf"));
  }

  @Test
  void anthropicExtrasAreMerged() throws Exception {
    Req r = new Req("m", user("q"));
    r.tools = List.of(new ToolDefinition("f", null, null, null, null));
    r.responseFormat = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, null,
        Json.object().put("type", "object"), null);
    ObjectNode a = r.extras.putObject(AnthropicDialect.EXTRAS_KEY);
    a.putArray("tools").addObject().put("type", "web_search_20250305").put("name", "web_search");
    a.putObject("output_config").put("effort", "low");
    a.put("service_tier", "auto");
    r.extras.put("seed", 7); // an OpenAI-only extra: not for Anthropic
    JsonNode b = encode(r);
    assertThat(b.get("tools").findValuesAsText("name")).containsExactly("f", "web_search");
    assertThat(b.at("/output_config/effort").asText()).isEqualTo("low");
    assertThat(b.at("/output_config/format/type").asText()).isEqualTo("json_schema");
    assertThat(b.get("service_tier").asText()).isEqualTo("auto");
    assertThat(b.has("seed")).isFalse();
  }

  @Test
  void adaptiveThinkingGoesAsSent() {
    Req r = new Req("m", user("q"));
    r.maxTokens = 1000;
    r.reasoning = new Reasoning(true, "high", null);
    r.temperature = 0.3;
    r.extras.putObject(AnthropicDialect.EXTRAS_KEY).putObject("thinking").put("type", "adaptive");
    JsonNode b = encode(r);
    assertThat(b.get("thinking")).isEqualTo(Json.object().put("type", "adaptive"));
    assertThat(b.get("max_tokens").asInt()).isEqualTo(1000);
    assertThat(b.has("temperature")).isFalse();
  }

  @Test
  void refusals() {
    Req several = new Req("m", user("q"));
    several.n = 2;
    assertThatThrownBy(() -> encode(several)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.param()).isEqualTo("n"));
    Req orphan = new Req("m", user("q"), new Message(Role.TOOL,
        List.of(new ContentPart.Text("r")), List.of(), null, null, false));
    assertThatThrownBy(() -> encode(orphan)).isInstanceOf(GatewayException.class)
        .hasMessageContaining("tool_call_id");
  }

  // ---- the HTTP call ----

  static DeploymentConfig deployment(String baseUrl, Secret key, Map<String, String> headers) {
    return new DeploymentConfig("anthropic/claude", "anthropic", "claude-sonnet-4-5", baseUrl, key,
        headers, 1, 1, Timeouts.DEFAULTS, Json.object());
  }

  @Test
  void httpCall() {
    ChatRequest req = new Req("claude-sonnet-4-5", user("q")).build().withStream(true, true);
    HttpCall call = codec.chatCall(req, deployment(null, Secret.of("sk-ant-test"),
        Map.of("anthropic-beta", "context-1m-2025-08-07")));
    assertThat(call.url()).isEqualTo("https://api.anthropic.com/v1/messages");
    assertThat(call.headers().get("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(call.headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(call.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(call.headers().get("accept")).isEqualTo("text/event-stream");
    assertThat(call.headers().get("anthropic-beta")).isEqualTo("context-1m-2025-08-07");
    assertThat(body(call).get("stream").asBoolean()).isTrue();
    assertThat(call.toString()).doesNotContain("sk-ant-test");

    HttpCall proxied = codec.chatCall(req.withStream(false, false),
        deployment("http://localhost:8080/anthropic/", null, Map.of()));
    assertThat(proxied.url()).isEqualTo("http://localhost:8080/anthropic/v1/messages");
    assertThat(proxied.headers().contains("x-api-key")).isFalse();
    assertThat(proxied.headers().contains("accept")).isFalse();
  }
}
