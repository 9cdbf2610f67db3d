package dev.junction.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.Reasoning;
import dev.junction.chat.ResponseFormat;
import dev.junction.chat.Role;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Encodes canonical requests built from what each recorded request says, and compares the body
 * with the recording. The recordings come from Google's Python SDK, so before comparing this test
 * removes what the SDK adds and the canonical model has no notion of: {@code
 * generationConfig.responseModalities: ["TEXT"]} (the default), {@code systemInstruction.role}
 * (ignored by the API), and an empty {@code generationConfig}; and it spells proto field names
 * the SDK wrote in snake_case ({@code parameters_json_schema}, {@code include_thoughts}, {@code
 * thinking_budget}) in lowerCamelCase, both spellings being valid proto3 JSON.
 */
class GenerateContentRequestTest {

  static ChatRequest request(List<Message> messages, List<ToolDefinition> tools,
      @Nullable Integer maxTokens, @Nullable Double temperature, List<String> stop,
      @Nullable ResponseFormat format, @Nullable Reasoning reasoning, ObjectNode extras) {
    return new ChatRequest("gemini-2.5-flash", messages, false, false, maxTokens, temperature, null,
        null, stop, tools, null, null, format, reasoning, null, null, extras);
  }

  static ChatRequest simple(List<Message> messages) {
    return ChatRequest.of("gemini-2.5-flash", messages);
  }

  /** Text of a part of the recorded request, e.g. {@code /contents/0/parts/0/text}. */
  static String at(JsonNode recorded, String pointer) {
    JsonNode n = recorded.at(pointer);
    assertThat(n.isTextual()).as(pointer).isTrue();
    return n.asText();
  }

  static List<Message> systemAndUser(JsonNode recorded) {
    List<Message> messages = new ArrayList<>();
    if (recorded.has("systemInstruction")) {
      messages.add(Message.text(Role.SYSTEM, at(recorded, "/systemInstruction/parts/0/text")));
    }
    messages.add(Message.text(Role.USER, at(recorded, "/contents/0/parts/0/text")));
    return messages;
  }

  static List<ToolDefinition> tools(JsonNode recorded) {
    List<ToolDefinition> tools = new ArrayList<>();
    for (JsonNode d : recorded.at("/tools/0/functionDeclarations")) {
      tools.add(new ToolDefinition(d.get("name").asText(), d.get("description").asText(),
          d.get("parameters_json_schema"), null, null));
    }
    return tools;
  }

  static List<String> stop(JsonNode recorded) {
    List<String> stop = new ArrayList<>();
    recorded.at("/generationConfig/stopSequences").forEach(s -> stop.add(s.asText()));
    return stop;
  }

  static void assertEncodesAs(ChatRequest request, String fixture) {
    byte[] sent = new GeminiCodec(GenerateContentResponseTest.CLOCK, new Random(1))
        .chatCall(request, GeminiProviderTest.deployment("http://localhost:1")).body().getBytes();
    assertThat(Json.parse(sent)).isEqualTo(normalised(Fixtures.json(fixture)));
  }

  static JsonNode normalised(JsonNode recorded) {
    ObjectNode r = (ObjectNode) recorded.deepCopy();
    ObjectNode config = (ObjectNode) r.get("generationConfig");
    if (config != null) {
      config.remove("responseModalities");
      ObjectNode thinking = (ObjectNode) config.get("thinkingConfig");
      if (thinking != null) {
        rename(thinking, "include_thoughts", "includeThoughts");
        rename(thinking, "thinking_budget", "thinkingBudget");
      }
      if (config.isEmpty()) {
        r.remove("generationConfig");
      }
    }
    if (r.has("systemInstruction")) {
      ((ObjectNode) r.get("systemInstruction")).remove("role");
    }
    for (JsonNode d : r.at("/tools/0/functionDeclarations")) {
      rename((ObjectNode) d, "parameters_json_schema", "parametersJsonSchema");
    }
    return r;
  }

  private static void rename(ObjectNode o, String from, String to) {
    if (o.has(from)) {
      o.set(to, o.remove(from));
    }
  }

  @Test
  void plainTextRequestsMatchTheirRecordings() {
    for (String f : List.of("text.request.json", "text-with-system-instruction.request.json",
        "vertex-text.request.json", "gemini3-text-thought-signature.request.json",
        "error-404-model-not-found.request.json")) {
      assertEncodesAs(simple(systemAndUser(Fixtures.json(f))), f);
    }
  }

  @Test
  void temperatureAndStopSequences() {
    JsonNode r = Fixtures.json("text-stream.request.json");
    assertEncodesAs(request(systemAndUser(r), List.of(), null,
        r.at("/generationConfig/temperature").asDouble(), List.of(), null, null, Json.object()),
        "text-stream.request.json");
    for (String f : List.of("error-400-api-key-invalid.request.json")) {
      JsonNode e = Fixtures.json(f);
      assertEncodesAs(request(systemAndUser(e), List.of(), null, null, stop(e), null, null,
          Json.object()), f);
    }
  }

  @Test
  void functionDeclarationsPassTheJsonSchemaOn() {
    for (String f : List.of("function-call.request.json", "function-call-parallel.request.json",
        "function-call-stream-thought-signature.request.json")) {
      JsonNode r = Fixtures.json(f);
      assertEncodesAs(request(systemAndUser(r), tools(r), null, null, stop(r), null, null,
          Json.object()), f);
    }
  }

  @Test
  void inlineVideoAsADocument() {
    JsonNode r = Fixtures.json("error-429-resource-exhausted.request.json");
    JsonNode video = r.at("/contents/0/parts/1/inlineData");
    List<Message> messages = List.of(
        Message.text(Role.SYSTEM, at(r, "/systemInstruction/parts/0/text")),
        new Message(Role.USER, List.of(new ContentPart.Text(at(r, "/contents/0/parts/0/text")),
            new ContentPart.Document(null, video.get("mimeType").asText(),
                video.get("data").asText(), null, null)), List.of(), null, null, false));
    assertEncodesAs(request(messages, List.of(), null, null, stop(r), null, null, Json.object()),
        "error-429-resource-exhausted.request.json");
  }

  @Test
  void openApiToolRecordingsDifferOnlyInTheSchemaField() {
    // These older recordings declared tools in the OpenAPI subset ("parameters", type "STRING");
    // the adapter sends the client's JSON Schema as "parametersJsonSchema". All else is equal.
    for (String f : List.of("function-call-stream.request.json", "thinking-stream.request.json")) {
      JsonNode r = Fixtures.json(f);
      List<ToolDefinition> tools = new ArrayList<>();
      for (JsonNode d : r.at("/tools/0/functionDeclarations")) {
        tools.add(new ToolDefinition(d.get("name").asText(), d.get("description").asText(),
            Json.object().put("type", "object"), null, null));
      }
      Reasoning reasoning = r.at("/generationConfig/thinkingConfig/includeThoughts").asBoolean()
          ? new Reasoning(true, null, null) : null;
      JsonNode sent = body(request(systemAndUser(r), tools, null, null, List.of(), null, reasoning,
          Json.object()));
      ObjectNode expected = (ObjectNode) normalised(r);
      for (int i = 0; i < tools.size(); i++) {
        ObjectNode d = (ObjectNode) expected.at("/tools/0/functionDeclarations/" + i);
        d.remove("parameters");
        d.set("parametersJsonSchema", Json.object().put("type", "object"));
      }
      assertThat(sent).as(f).isEqualTo(expected);
    }
  }

  @Test
  void functionResponseFollowUpRoundTripsCallIdAndSignature() {
    JsonNode r = Fixtures.json("function-response-followup.request.json");
    JsonNode call = r.at("/contents/1/parts/0");
    JsonNode response = r.at("/contents/2/parts/0/functionResponse");
    List<Message> messages = new ArrayList<>(systemAndUser(r));
    messages.add(new Message(Role.ASSISTANT,
        List.of(new ContentPart.Thinking("", call.get("thoughtSignature").asText())),
        List.of(new ToolCall(call.at("/functionCall/id").asText(),
            call.at("/functionCall/name").asText(), Json.string(call.at("/functionCall/args")))),
        null, null, false));
    // the tool result names no function: the name comes from the call it answers
    messages.add(new Message(Role.TOOL, List.of(new ContentPart.Text(
        response.at("/response/error").asText())), List.of(), response.get("id").asText(), null,
        true));
    assertEncodesAs(request(messages, tools(r), null,
        r.at("/generationConfig/temperature").asDouble(), List.of(), null, null, Json.object()),
        "function-response-followup.request.json");
  }

  @Test
  void inlineImage() {
    JsonNode r = Fixtures.json("image-input.request.json");
    JsonNode image = r.at("/contents/0/parts/1/inlineData");
    List<Message> messages = List.of(
        Message.text(Role.SYSTEM, at(r, "/systemInstruction/parts/0/text")),
        new Message(Role.USER, List.of(new ContentPart.Text(at(r, "/contents/0/parts/0/text")),
            ContentPart.Image.fromUrl("data:" + image.get("mimeType").asText() + ";base64,"
                + image.get("data").asText(), null)), List.of(), null, null, false));
    assertEncodesAs(simple(messages), "image-input.request.json");
  }

  @Test
  void structuredOutput() {
    JsonNode r = Fixtures.json("structured-output.request.json");
    assertEncodesAs(request(systemAndUser(r), List.of(), null, null, List.of(),
        new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "CityLocation",
            r.at("/generationConfig/responseJsonSchema"), true), null, Json.object()),
        "structured-output.request.json");
  }

  @Test
  void thinkingOnWithoutBudgetAndOff() {
    JsonNode r = Fixtures.json("thinking.request.json");
    assertEncodesAs(request(systemAndUser(r), tools(r), null, null, List.of(), null,
        new Reasoning(true, null, null), Json.object()), "thinking.request.json");
    JsonNode m = Fixtures.json("max-tokens.request.json");
    assertEncodesAs(request(systemAndUser(m), List.of(),
        m.at("/generationConfig/maxOutputTokens").asInt(), null, List.of(), null,
        new Reasoning(false, null, null), Json.object()), "max-tokens.request.json");
    JsonNode e = Fixtures.json("max-tokens-thinking-empty.request.json");
    assertEncodesAs(request(systemAndUser(e), List.of(),
        e.at("/generationConfig/maxOutputTokens").asInt(), null, List.of(), null, null,
        Json.object()), "max-tokens-thinking-empty.request.json");
  }

  @Test
  void nativeFieldsAndLogprobsFromExtras() {
    JsonNode safety = Fixtures.json("safety-blocked.request.json");
    ObjectNode extras = Json.object();
    extras.set("safety_settings", safety.get("safetySettings"));
    assertEncodesAs(request(systemAndUser(safety), List.of(), null, null, List.of(), null, null,
        extras), "safety-blocked.request.json");

    JsonNode cached = Fixtures.json("cached-content.request.json");
    ObjectNode cache = Json.object().put("cachedContent", cached.get("cachedContent").asText());
    assertEncodesAs(request(systemAndUser(cached), List.of(), null, null, List.of(), null, null,
        cache), "cached-content.request.json");

    JsonNode logprobs = Fixtures.json("vertex-logprobs.request.json");
    ObjectNode lp = Json.object().put("logprobs", true)
        .put("top_logprobs", logprobs.at("/generationConfig/logprobs").asInt());
    assertEncodesAs(request(systemAndUser(logprobs), List.of(), null, null, List.of(), null, null,
        lp), "vertex-logprobs.request.json");
  }

  @Test
  void theV1betaProtoHasTheFieldsThisEncodingRelies() throws Exception {
    java.nio.file.Path dir = Fixtures.specs()
        .resolve("gemini-proto/google/ai/generativelanguage/v1beta");
    String content = java.nio.file.Files.readString(dir.resolve("content.proto"));
    String service = java.nio.file.Files.readString(dir.resolve("generative_service.proto"));
    assertThat(content).contains("google.protobuf.Value parameters_json_schema = 6",
        "bytes thought_signature = 13", "FileData file_data = 6", "Blob inline_data = 3",
        "repeated string allowed_function_names");
    assertThat(service).contains("json_name = \"responseJsonSchema\"",
        "optional bool include_thoughts = 1;", "optional int32 thinking_budget = 2;",
        "optional int32 candidate_count", "repeated string stop_sequences",
        "int32 tool_use_prompt_token_count", "int32 cached_content_token_count",
        "optional int32 output_dimensionality");
  }

  // ---- behaviour without a recording ----

  static JsonNode body(ChatRequest request) {
    return Json.parse(new GeminiCodec(GenerateContentResponseTest.CLOCK, new Random(1))
        .chatCall(request, GeminiProviderTest.deployment("http://localhost:1")).body().getBytes());
  }

  static Message toolResult(String id, @Nullable String name, String text) {
    return new Message(Role.TOOL, List.of(new ContentPart.Text(text)), List.of(), id, name, false);
  }

  @Test
  void consecutiveToolResultsShareOneUserTurn() {
    JsonNode b = body(simple(List.of(Message.text(Role.USER, "weather?"),
        new Message(Role.ASSISTANT, List.of(), List.of(new ToolCall("c1", "temp", "{\"c\":\"A\"}"),
            new ToolCall("c2", "wind", "")), null, null, false),
        toolResult("c1", null, "{\"celsius\":21}"), toolResult("c2", "wind", "calm"),
        Message.text(Role.USER, "and tomorrow?"))));
    assertThat(b.path("contents")).hasSize(4);
    JsonNode results = b.at("/contents/2");
    assertThat(results.path("role").asText()).isEqualTo("user");
    assertThat(results.at("/parts/0/functionResponse")).isEqualTo(Json.parse(
        "{\"id\":\"c1\",\"name\":\"temp\",\"response\":{\"result\":{\"celsius\":21}}}".getBytes()));
    assertThat(results.at("/parts/1/functionResponse")).isEqualTo(Json.parse(
        "{\"id\":\"c2\",\"name\":\"wind\",\"response\":{\"result\":\"calm\"}}".getBytes()));
    assertThat(b.at("/contents/1/parts/1/functionCall/args")).isEqualTo(Json.object());
  }

  @Test
  void aToolResultThatAnswersNothingIsRefused() {
    assertThatThrownBy(() -> body(simple(List.of(Message.text(Role.USER, "x"),
        toolResult("nope", null, "1"))))).isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> body(simple(List.of(Message.text(Role.USER, "x"),
        new Message(Role.ASSISTANT, List.of(), List.of(new ToolCall("c", "f", "[1]")), null, null,
            false))))).isInstanceOf(GatewayException.class).hasMessageContaining("JSON object");
  }

  @Test
  void aSignatureMovesToTheFirstCallWhicheverBlockCarriedIt() {
    // as an Anthropic client would hand it back: one thinking block with text and signature
    JsonNode b = body(simple(List.of(Message.text(Role.USER, "x"), new Message(Role.ASSISTANT,
        List.of(new ContentPart.Thinking("I should call f", "SIG"), new ContentPart.Text("ok")),
        List.of(new ToolCall("c1", "f", "{}"), new ToolCall("c2", "g", "{}")), null, null,
        false))));
    assertThat(b.at("/contents/1/parts")).isEqualTo(Json.parse(("[{\"text\":\"I should call f\","
        + "\"thought\":true},{\"text\":\"ok\"},{\"functionCall\":{\"id\":\"c1\",\"name\":\"f\","
        + "\"args\":{}},\"thoughtSignature\":\"SIG\"},{\"functionCall\":{\"id\":\"c2\","
        + "\"name\":\"g\",\"args\":{}}}]").getBytes()));
  }

  @Test
  void decodedAnswersRoundTripTheirSignaturesToTheSameParts() {
    for (String f : List.of("function-call.json", "thinking.json",
        "gemini3-text-thought-signature.json", "function-call-parallel.json")) {
      ChatResponse r = GenerateContentResponseTest.decode(f);
      Message turn = new Message(Role.ASSISTANT, r.choices().get(0).content(),
          r.choices().get(0).toolCalls(), null, null, false);
      JsonNode parts = body(simple(List.of(Message.text(Role.USER, "x"), turn)))
          .at("/contents/1/parts");
      JsonNode recorded = Fixtures.json(f).at("/candidates/0/content/parts");
      assertThat(parts).as(f).hasSize(recorded.size());
      for (int i = 0; i < recorded.size(); i++) {
        assertThat(parts.get(i).path("thoughtSignature"))
            .as(f + " part " + i).isEqualTo(recorded.get(i).path("thoughtSignature"));
        assertThat(parts.get(i).path("text")).isEqualTo(recorded.get(i).path("text"));
        assertThat(parts.get(i).at("/functionCall/args"))
            .isEqualTo(recorded.get(i).at("/functionCall/args"));
      }
    }
  }

  @Test
  void trailingSignatureWithoutCallsRidesOnAnEmptyText() {
    JsonNode b = body(simple(List.of(Message.text(Role.USER, "x"), new Message(Role.ASSISTANT,
        List.of(new ContentPart.Text("done"), new ContentPart.Thinking("", "S")), List.of(), null,
        null, false))));
    assertThat(b.at("/contents/1/parts")).isEqualTo(Json.parse(
        "[{\"text\":\"done\"},{\"text\":\"\",\"thoughtSignature\":\"S\"}]".getBytes()));
  }

  @Test
  void mediaByUrlIsFileData() {
    JsonNode b = body(simple(List.of(new Message(Role.USER, List.of(
        ContentPart.Image.fromUrl("https://example.com/cat.PNG?x=1", "high"),
        new ContentPart.Document("gs://bucket/report.pdf", null, null, "r", null),
        new ContentPart.Document(null, null, "JVBERi0xLjQK", null, null),
        ContentPart.Image.fromUrl("https://example.com/image", null)), List.of(), null, null,
        false))));
    assertThat(b.at("/contents/0/parts")).isEqualTo(Json.parse(("["
        + "{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"https://example.com/cat.PNG?x=1\"}},"
        + "{\"fileData\":{\"mimeType\":\"application/pdf\",\"fileUri\":\"gs://bucket/report.pdf\"}},"
        + "{\"inlineData\":{\"mimeType\":\"application/pdf\",\"data\":\"JVBERi0xLjQK\"}},"
        + "{\"fileData\":{\"fileUri\":\"https://example.com/image\"}}]").getBytes()));
  }

  @Test
  void toolChoiceModes() {
    ToolDefinition f = new ToolDefinition("f", null, Json.parse(
        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}".getBytes()),
        true, null);
    for (Object[] c : new Object[][] {
        {ToolChoice.of(ToolChoice.Mode.AUTO), "{\"mode\":\"AUTO\"}"},
        {ToolChoice.of(ToolChoice.Mode.NONE), "{\"mode\":\"NONE\"}"},
        {ToolChoice.of(ToolChoice.Mode.REQUIRED), "{\"mode\":\"ANY\"}"},
        {ToolChoice.tool("f"), "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}"}}) {
      ChatRequest r = new ChatRequest("m", List.of(Message.text(Role.USER, "x")), false, false,
          null, null, null, null, List.of(), List.of(f), (ToolChoice) c[0], true, null, null, null,
          null, Json.object());
      JsonNode b = body(r);
      assertThat(b.at("/toolConfig/functionCallingConfig"))
          .isEqualTo(Json.parse(((String) c[1]).getBytes()));
      assertThat(b.at("/tools/0/functionDeclarations/0")).isEqualTo(Json.parse(
          "{\"name\":\"f\",\"parametersJsonSchema\":{\"type\":\"object\"}}".getBytes()));
    }
  }

  @Test
  void generationSettings() {
    ChatRequest r = new ChatRequest("m", List.of(Message.text(Role.DEVELOPER, "be brief"),
        Message.text(Role.USER, "x")), true, true, 1000, 0.5, 0.9, 40, List.of("END"), List.of(),
        null, null, new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null),
        new Reasoning(true, "high", null), 2, "u1", Json.object().put("seed", 7)
            .put("presence_penalty", 0.5));
    assertThat(body(r).get("generationConfig")).isEqualTo(Json.parse(("{\"maxOutputTokens\":1000,"
        + "\"temperature\":0.5,\"topP\":0.9,\"topK\":40,\"stopSequences\":[\"END\"],"
        + "\"candidateCount\":2,\"responseMimeType\":\"application/json\",\"thinkingConfig\":"
        + "{\"includeThoughts\":true,\"thinkingBudget\":1024},\"seed\":7}").getBytes()));
    assertThat(body(r).at("/systemInstruction/parts/0/text").asText()).isEqualTo("be brief");
    ChatRequest budget = new ChatRequest("m", List.of(Message.text(Role.USER, "x")), false, false,
        null, null, null, null, List.of(), List.of(), null, null, null,
        new Reasoning(true, null, 2048), null, null, Json.object());
    assertThat(body(budget).at("/generationConfig/thinkingConfig/thinkingBudget").asInt())
        .isEqualTo(2048);
    ChatRequest effort = new ChatRequest("m", List.of(Message.text(Role.USER, "x")), false, false,
        null, null, null, null, List.of(), List.of(), null, null, null,
        new Reasoning(true, "medium", null), null, null, Json.object());
    assertThat(body(effort).at("/generationConfig/thinkingConfig/thinkingBudget").asInt())
        .isEqualTo(GenerateContentRequest.BUDGET_BASE / 2);
  }
}
