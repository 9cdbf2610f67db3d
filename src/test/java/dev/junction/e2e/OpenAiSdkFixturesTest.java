package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.junction.gateway.CallRecord;
import dev.junction.json.Json;
import dev.junction.testing.FakeUpstream;
import dev.junction.testing.RecordedRequest;
import dev.junction.testing.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jspecify.annotations.Nullable;

/**
 * Recorded answers of OpenAI and OpenAI-compatible vendors replayed by a fake upstream, through
 * the real gateway, to the real openai-java client: what the client gets (text, tool calls,
 * finish reasons, usage) equals what the recording says, what the vendor got is what the client
 * asked for (tool definitions, {@code n}, response format) with the deployment's model id and key,
 * and the gateway reports one call record with the recording's usage.
 */
class OpenAiSdkFixturesTest {

  private static FakeUpstream fake;
  private static RunningGateway gateway;

  /** A vendor as configured in the gateway: the client's model name and the deployment's. */
  enum Vendor {
    OPENAI("gpt-test", "openai", "gpt-upstream-id", true),
    DEEPSEEK("deepseek-test", "deepseek", "deepseek-upstream-id", true),
    QWEN("qwen-test", "qwen", "qwen-upstream-id", true),
    XAI("xai-test", "xai", "grok-upstream-id", true),
    GROQ("groq-test", "groq", "groq-upstream-id", true),
    MISTRAL("mistral-test", "mistral", "mistral-upstream-id", false);

    final String model;
    final String provider;
    final String upstreamModel;
    /** Whether the vendor accepts {@code stream_options} (Mistral rejects it). */
    final boolean streamOptions;

    Vendor(String model, String provider, String upstreamModel, boolean streamOptions) {
      this.model = model;
      this.provider = provider;
      this.upstreamModel = upstreamModel;
      this.streamOptions = streamOptions;
    }

    String key() {
      return "sk-" + provider + "-deployment-key";
    }
  }

  @BeforeAll
  static void start() {
    fake = FakeUpstream.start();
    StringBuilder yaml = new StringBuilder("models:\n");
    for (Vendor v : Vendor.values()) {
      yaml.append("""
            - name: %s
              deployments:
                - id: %s-deployment
                  provider: %s
                  model: %s
                  base-url: %s
                  api-key: %s
          """.formatted(v.model, v.provider, v.provider, v.upstreamModel, fake.baseUrl(),
          v.key()));
    }
    gateway = RunningGateway.start(yaml.toString());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @BeforeEach
  void resetFake() {
    fake.reset();
    gateway.clearRecords();
  }

  /**
   * One recorded answer and the request that goes with it: {@code requestFixture} (may be null)
   * supplies the tool definitions, {@code tool_choice}, {@code n} and {@code response_format}
   * the client sends.
   */
  record Case(Vendor vendor, String fixture, @Nullable String requestFixture, boolean stream,
      int n) {
    @Override
    public String toString() {
      return vendor + " " + fixture;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(Vendor.OPENAI, "openai-chat/text-basic.json", null, false, 1),
        new Case(Vendor.OPENAI, "openai-chat/text-reasoning-tokens.json", null, false, 1),
        new Case(Vendor.OPENAI, "openai-chat/cached-tokens.json", null, false, 1),
        new Case(Vendor.OPENAI, "openai-chat/structured-output-json-schema.json",
            "openai-chat/structured-output-json-schema.request.json", false, 1),
        new Case(Vendor.OPENAI, "openai-chat/parallel-tool-calls.json",
            "openai-chat/parallel-tool-calls.request.json", false, 1),
        new Case(Vendor.OPENAI, "openai-chat/n2-text.json", null, false, 2),
        new Case(Vendor.OPENAI, "openai-chat/n2-tools.json",
            "openai-chat/n2-tools.request.json", false, 2),
        new Case(Vendor.OPENAI, "openai-chat/text-stream-include-usage.sse", null, true, 1),
        new Case(Vendor.OPENAI, "openai-chat/cached-tokens-stream.sse", null, true, 1),
        new Case(Vendor.OPENAI, "openai-chat/tool-call-stream.sse",
            "openai-chat/tool-call-stream.request.json", true, 1),
        new Case(Vendor.OPENAI, "openai-chat/parallel-tool-calls-stream.sse",
            "openai-chat/parallel-tool-calls-stream.request.json", true, 1),
        new Case(Vendor.OPENAI, "openai-chat/n2-stream.sse", null, true, 2),
        new Case(Vendor.OPENAI, "openai-chat/n2-stream-tools.sse",
            "openai-chat/n2-stream-tools.request.json", true, 2),
        new Case(Vendor.DEEPSEEK, "deepseek/reasoning-stream.sse", null, true, 1),
        new Case(Vendor.QWEN, "qwen/tool-call-stream.sse", null, true, 1),
        new Case(Vendor.XAI, "xai/tool-call-stream.sse", null, true, 1),
        new Case(Vendor.GROQ, "groq/tool-call-stream-x-groq-usage.sse",
            "groq/tool-call-stream-x-groq-usage.request.json", true, 1),
        new Case(Vendor.MISTRAL, "mistral/text-stream.sse", null, true, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void recordedAnswerReachesTheSdkIntact(Case c) {
    ExpectedAnswer expected = ExpectedAnswer.of(c.fixture);
    fake.enqueue(Reply.fixture(c.fixture));
    ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
        .model(c.vendor.model)
        .addUserMessage("Replay " + c.fixture);
    JsonNode recordedRequest = c.requestFixture == null ? null : ExpectedAnswer.json(c.requestFixture);
    if (recordedRequest != null) {
      applyRequest(params, recordedRequest);
    }
    if (c.n > 1) {
      params.n(c.n);
    }

    String requestId;
    if (c.stream) {
      params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
      ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
      StringBuilder reasoning = new StringBuilder();
      try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
          gateway.sdk().chat().completions().withRawResponse().createStreaming(params.build())) {
        assertThat(raw.statusCode()).isEqualTo(200);
        requestId = RunningGateway.requestId(raw);
        try (StreamResponse<ChatCompletionChunk> chunks = raw.parse()) {
          chunks.stream().forEach(chunk -> {
            acc.accumulate(chunk);
            chunk.choices().forEach(ch -> reasoning.append(reasoningOf(
                ch.delta()._additionalProperties())));
          });
        }
      }
      expected.assertMatches(acc.chatCompletion());
      assertThat(reasoning.toString()).as("reasoning_content relayed delta by delta")
          .isEqualTo(expected.choice(0).reasoning());
    } else {
      HttpResponseFor<ChatCompletion> raw =
          gateway.sdk().chat().completions().withRawResponse().create(params.build());
      assertThat(raw.statusCode()).isEqualTo(200);
      requestId = RunningGateway.requestId(raw);
      ChatCompletion completion = raw.parse();
      expected.assertMatches(completion);
      assertThat(reasoningOf(completion.choices().get(0).message()._additionalProperties()))
          .isEqualTo(expected.choice(0).reasoning());
    }

    RecordedRequest sent = fake.awaitRequest(0, RunningGateway.WAIT);
    assertThat(fake.requestCount()).as("upstream calls").isEqualTo(1);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.header("authorization")).isEqualTo("Bearer " + c.vendor.key());
    JsonNode body = sent.bodyJson();
    assertThat(body.path("model").asText()).as("model rewritten to the upstream id")
        .isEqualTo(c.vendor.upstreamModel);
    assertThat(body.path("stream").asBoolean(false)).isEqualTo(c.stream);
    if (c.stream && c.vendor.streamOptions) {
      assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    } else {
      assertThat(body.has("stream_options")).as("stream_options sent").isFalse();
    }
    if (c.n > 1) {
      assertThat(body.path("n").asInt()).isEqualTo(c.n);
    }
    if (recordedRequest != null) {
      for (String field : List.of("tools", "tool_choice", "response_format")) {
        assertThat(body.get(field)).as(field + " reaches the upstream as the client sent it")
            .isEqualTo(recordedRequest.get(field));
      }
    }

    CallRecord record = gateway.recordOf(requestId);
    assertThat(record.status()).isEqualTo(200);
    assertThat(record.errorCode()).isNull();
    assertThat(record.requestedModel()).isEqualTo(c.vendor.model);
    assertThat(record.deploymentId()).isEqualTo(c.vendor.provider + "-deployment");
    assertThat(record.upstreamModel()).isEqualTo(c.vendor.upstreamModel);
    assertThat(record.stream()).isEqualTo(c.stream);
    assertThat(record.attempts()).isEqualTo(1);
    if (expected.usage() != null) {
      expected.assertUsage(record.usage());
    }
  }

  @Test
  void xaiReasoningTokensOutsideCompletionTokensAreFoldedIn() {
    // xai/tool-call-stream.sse: prompt_tokens 291, completion_tokens 26, reasoning_tokens 196,
    // total_tokens 513 — xAI counts reasoning outside completion_tokens; OpenAI clients expect it
    // inside, so the gateway reports 26 + 196 = 222.
    fake.enqueue(Reply.fixture("xai/tool-call-stream.sse"));
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> s = gateway.sdk().chat().completions()
        .createStreaming(ChatCompletionCreateParams.builder().model(Vendor.XAI.model)
            .addUserMessage("weather in SF?")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build())) {
      s.stream().forEach(acc::accumulate);
    }
    var usage = acc.chatCompletion().usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(291);
    assertThat(usage.completionTokens()).isEqualTo(222);
    assertThat(usage.totalTokens()).isEqualTo(513);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(290L);
    var call = acc.chatCompletion().choices().get(0).message().toolCalls().orElseThrow().get(0)
        .asFunction();
    assertThat(call.id()).isEqualTo("call_55117580");
    assertThat(call.function().name()).isEqualTo("weather");
    assertThat(call.function().arguments()).isEqualTo("{\"location\":\"San Francisco\"}");
  }

  @Test
  void streamWithoutIncludeUsageStillAsksTheUpstreamForUsageAndRecordsIt() {
    // openai-chat/tool-call-stream.sse ends with usage 53 prompt / 15 completion / 68 total.
    fake.enqueue(Reply.fixture("openai-chat/tool-call-stream.sse"));
    List<ChatCompletionChunk> chunks;
    String requestId;
    try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = gateway.sdk().chat()
        .completions().withRawResponse().createStreaming(ChatCompletionCreateParams.builder()
            .model(Vendor.OPENAI.model).addUserMessage("capital of the UK?").build())) {
      requestId = RunningGateway.requestId(raw);
      try (StreamResponse<ChatCompletionChunk> s = raw.parse()) {
        chunks = s.stream().toList();
      }
    }
    assertThat(chunks).isNotEmpty().allSatisfy(ch -> assertThat(ch.usage()).isEmpty());
    JsonNode sent = fake.awaitRequest(0, RunningGateway.WAIT).bodyJson();
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
    CallRecord record = gateway.recordOf(requestId);
    assertThat(record.usage()).isNotNull();
    assertThat(record.usage().promptTokens()).isEqualTo(53);
    assertThat(record.usage().completionTokens()).isEqualTo(15);
  }

  /** Sends the recorded request's tools, tool choice and response format through the SDK. */
  private static void applyRequest(ChatCompletionCreateParams.Builder params, JsonNode request) {
    for (JsonNode tool : request.path("tools")) {
      JsonNode fn = tool.path("function");
      FunctionDefinition.Builder def = FunctionDefinition.builder().name(fn.path("name").asText());
      if (fn.has("description")) {
        def.description(fn.path("description").asText());
      }
      if (fn.has("parameters")) {
        def.parameters(FunctionParameters.builder()
            .additionalProperties(jsonValues(fn.path("parameters"))).build());
      }
      if (fn.has("strict")) {
        def.strict(fn.path("strict").asBoolean());
      }
      params.addTool(ChatCompletionFunctionTool.builder().function(def.build()).build());
    }
    if ("auto".equals(request.path("tool_choice").asText(null))) {
      params.toolChoice(ChatCompletionToolChoiceOption.Auto.AUTO);
    }
    JsonNode rf = request.get("response_format");
    if (rf != null && "json_schema".equals(rf.path("type").asText())) {
      JsonNode js = rf.path("json_schema");
      params.responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
          ResponseFormatJsonSchema.JsonSchema.builder()
              .name(js.path("name").asText())
              .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                  .additionalProperties(jsonValues(js.path("schema"))).build())
              .strict(js.path("strict").asBoolean())
              .build()).build());
    }
  }

  private static Map<String, JsonValue> jsonValues(JsonNode object) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    object.properties().forEach(e ->
        out.put(e.getKey(), JsonValue.from(Json.MAPPER.convertValue(e.getValue(), Object.class))));
    return out;
  }

  private static String reasoningOf(Map<String, JsonValue> extra) {
    JsonValue v = extra.get("reasoning_content");
    Optional<?> text = v == null ? Optional.empty() : v.asString();
    return text.map(Object::toString).orElse("");
  }

}
