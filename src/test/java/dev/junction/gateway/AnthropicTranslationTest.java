package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.FakeUpstream.Seen;
import dev.junction.gateway.GatewayRig.Event;
import dev.junction.gateway.GatewayRig.Response;
import dev.junction.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anthropic client to OpenAI-format and Gemini deployments: every recorded chat-completions and
 * Gemini stream, replayed by a fake upstream behind {@code /v1/messages}, comes out as a valid
 * Messages event sequence ({@link MessagesEvents}) that says what the recording says: the same
 * text, reasoning as thinking blocks, each tool call as a tool_use block whose joined input
 * equals the recorded arguments, the stop reason mapped, and the recorded usage. Whole answers
 * likewise. Each client request makes one upstream request in the vendor's own format.
 */
class AnthropicTranslationTest {

  private static final AtomicReference<Reply> NEXT = new AtomicReference<>();
  private static FakeUpstream upstream;
  private static GatewayRig rig;

  @BeforeAll
  static void start() throws Exception {
    upstream = FakeUpstream.start(seen -> NEXT.get());
    String v1 = upstream.url() + "/v1";
    rig = GatewayRig.start(
        GatewayRig.model("openai", GatewayRig.deployment("openai", "gpt-4o-mini", v1)),
        GatewayRig.model("deepseek", GatewayRig.deployment("deepseek", "deepseek-chat", v1)),
        GatewayRig.model("qwen", GatewayRig.deployment("qwen", "qwen3-max", v1)),
        GatewayRig.model("xai", GatewayRig.deployment("xai", "grok-4", v1)),
        GatewayRig.model("moonshot", GatewayRig.deployment("moonshot", "kimi-k2", v1)),
        GatewayRig.model("mistral", GatewayRig.deployment("mistral", "mistral-small", v1)),
        GatewayRig.model("groq", GatewayRig.deployment("groq", "llama", v1)),
        GatewayRig.model("openrouter", GatewayRig.deployment("openrouter", "x/y", v1)),
        GatewayRig.model("gemini", GatewayRig.deployment("gemini", "gemini-2.5-pro",
            upstream.url())));
  }

  @BeforeEach
  void fresh() {
    rig.clearRecords();
  }

  @AfterAll
  static void stop() throws Exception {
    rig.close();
    upstream.close();
  }

  /** Every recorded chat-completions stream of a vendor Junction serves, but mid-stream errors. */
  static Stream<String> openAiStreams() {
    return Fixtures.manifest().stream()
        .filter(c -> List.of("openai-chat", "deepseek", "qwen", "xai", "moonshot", "mistral",
            "groq", "openrouter").contains(c.provider()))
        .filter(c -> !c.hasTag("error") && !c.hasTag("responses-api"))
        .flatMap(c -> c.files().stream()).filter(f -> f.endsWith(".sse"));
  }

  static Stream<String> geminiStreams() {
    return Fixtures.manifest().stream().filter(c -> c.provider().equals("gemini"))
        .flatMap(c -> c.files().stream()).filter(f -> f.endsWith(".sse"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("openAiStreams")
  void everyRecordedChatCompletionsStreamBecomesAValidMessagesStream(String file)
      throws Exception {
    byte[] sse = Fixtures.bytes(file);
    Expected want = Expected.openAi(sse);
    NEXT.set(Reply.sse(sse));
    String route = route(file);
    int before = upstream.requests().size();

    Response r = rig.post("/v1/messages", request(route, true));

    assertThat(r.status()).isEqualTo(200);
    MessagesEvents got = MessagesEvents.check(r.events());
    want.assertSaidBy(got);
    Seen seen = oneUpstreamRequest(before);
    assertThat(seen.uri()).endsWith("/chat/completions");
    JsonNode sent = Fixtures.json(seen.body());
    assertThat(sent.get("stream").asBoolean()).isTrue();
    assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(sent.get("reasoning_effort").asText()).isEqualTo("low"); // budget 2048
    assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + GatewayRig.UPSTREAM_KEY);
    assertThat(seen.headers().get("x-api-key")).isNull();
    assertThat(seen.headers().get("anthropic-version")).isNull();
    CallRecord rec = rig.record();
    assertThat(rec.front()).isEqualTo("anthropic");
    assertThat(rec.status()).isEqualTo(200);
    assertThat(rec.errorCode()).isNull();
    if (want.usage != null) {
      assertThat(rec.usage().promptTokens()).isEqualTo(want.promptTokens());
      assertThat(rec.usage().completionTokens()).isEqualTo(want.completionTokens());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("geminiStreams")
  void everyRecordedGeminiStreamBecomesAValidMessagesStream(String file) throws Exception {
    byte[] sse = Fixtures.bytes(file);
    Expected want = Expected.gemini(sse);
    NEXT.set(Reply.sse(sse));
    int before = upstream.requests().size();

    Response r = rig.post("/v1/messages", request("gemini", true));

    assertThat(r.status()).isEqualTo(200);
    MessagesEvents got = MessagesEvents.check(r.events());
    want.assertSaidBy(got);
    Seen seen = oneUpstreamRequest(before);
    assertThat(seen.uri()).contains(":streamGenerateContent");
    JsonNode sent = Fixtures.json(seen.body());
    assertThat(sent.at("/generationConfig/thinkingConfig/thinkingBudget").asInt())
        .isEqualTo(2048);
    assertThat(sent.at("/tools/0/functionDeclarations/0/name").asText())
        .isEqualTo("get_weather");
    assertThat(seen.headers().get("x-goog-api-key")).isEqualTo(GatewayRig.UPSTREAM_KEY);
    CallRecord rec = rig.record();
    assertThat(rec.status()).isEqualTo(200);
    if (want.usage != null) {
      assertThat(rec.usage().promptTokens()).isEqualTo(want.promptTokens());
      assertThat(rec.usage().completionTokens()).isEqualTo(want.completionTokens());
    }
  }

  @Test
  void aRecordedMidStreamErrorEndsTheStreamWithAnErrorEvent() throws Exception {
    for (String file : List.of("openrouter/error-mid-stream-chunk.sse",
        "groq/error-stream-tool-use-failed.sse")) {
      NEXT.set(Reply.sse(Fixtures.bytes(file)));
      Response r = rig.post("/v1/messages", request(route(file), true));
      assertThat(r.status()).as(file).isEqualTo(200);
      MessagesEvents got = MessagesEvents.checkFailed(r.events());
      assertThat(got.error.at("/error/message").asText()).isNotEmpty();
      CallRecord rec = rig.record();
      assertThat(rec.status()).isEqualTo(200);
      assertThat(rec.errorType()).isNotNull();
    }
  }

  /** Whole recorded answers, OpenAI-format and Gemini, as Messages bodies. */
  static Stream<String> bodies() {
    return Stream.of("openai-chat/parallel-tool-calls.json", "openai-chat/text-basic.json",
        "openai-chat/finish-length.json", "openai-chat/cached-tokens.json",
        "openai-chat/text-reasoning-tokens.json", "deepseek/reasoning.json",
        "deepseek/tool-call.json", "deepseek/reasoning-tool-calls-cached.json",
        "gemini/function-call.json", "gemini/function-call-parallel.json", "gemini/text.json",
        "gemini/thinking.json", "gemini/max-tokens.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void recordedWholeAnswersBecomeMessages(String file) throws Exception {
    JsonNode fixture = Fixtures.json(file);
    NEXT.set(Reply.json(200, Fixtures.bytes(file)));
    int before = upstream.requests().size();

    Response r = rig.post("/v1/messages", request(route(file), false));

    assertThat(r.status()).isEqualTo(200);
    JsonNode m = r.json();
    assertThat(m.get("type").asText()).isEqualTo("message");
    assertThat(m.get("role").asText()).isEqualTo("assistant");
    Expected want = file.startsWith("gemini/") ? Expected.gemini(fixture)
        : Expected.openAi(fixture);
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    List<JsonNode> tools = new ArrayList<>();
    for (JsonNode b : m.get("content")) {
      switch (b.get("type").asText()) {
        case "text" -> text.append(b.get("text").asText());
        case "thinking" -> thinking.append(b.get("thinking").asText());
        case "tool_use" -> tools.add(b);
        default -> throw new AssertionError("unexpected block " + b);
      }
    }
    assertThat(text.toString()).isEqualTo(want.text.toString());
    assertThat(thinking.toString()).isEqualTo(want.reasoning.toString());
    assertThat(tools).extracting(t -> t.get("name").asText())
        .containsExactlyElementsOf(want.toolNames());
    for (int i = 0; i < tools.size(); i++) {
      assertThat(tools.get(i).get("input")).isEqualTo(want.toolInput(i));
    }
    assertThat(m.get("stop_reason").asText()).isEqualTo(want.stopReason());
    if (want.usage != null) {
      JsonNode u = m.get("usage");
      assertThat(u.get("input_tokens").asLong() + u.get("cache_read_input_tokens").asLong()
          + u.get("cache_creation_input_tokens").asLong()).isEqualTo(want.promptTokens());
      assertThat(u.get("output_tokens").asLong()).isEqualTo(want.completionTokens());
    }
    oneUpstreamRequest(before);
    assertThat(rig.record().status()).isEqualTo(200);
  }

  private static String route(String file) {
    String vendor = file.substring(0, file.indexOf('/'));
    return vendor.equals("openai-chat") ? "openai" : vendor;
  }

  /** An Anthropic request with a system prompt, a tool and a thinking budget. */
  static String request(String model, boolean stream) {
    return """
        {"model": "%s", "max_tokens": 4096, "stream": %s,
         "system": [{"type": "text", "text": "Be brief."}],
         "thinking": {"type": "enabled", "budget_tokens": 2048},
         "tools": [{"name": "get_weather", "description": "Weather in a city",
                    "input_schema": {"type": "object",
                                     "properties": {"city": {"type": "string"}},
                                     "required": ["city"]}}],
         "messages": [{"role": "user", "content": "What is the weather in Paris?"}]}
        """.formatted(model, stream);
  }

  private static Seen oneUpstreamRequest(int before) {
    List<Seen> seen = upstream.requests();
    assertThat(seen).hasSize(before + 1);
    return seen.get(before);
  }

  /** What a recording says, read straight from its JSON (choice / candidate 0). */
  static final class Expected {
    final StringBuilder text = new StringBuilder();
    final StringBuilder reasoning = new StringBuilder();
    final Map<Integer, String> names = new LinkedHashMap<>();
    final Map<Integer, StringBuilder> args = new LinkedHashMap<>();
    final Map<Integer, JsonNode> wholeArgs = new LinkedHashMap<>();
    @Nullable String finish;
    @Nullable JsonNode usage;
    boolean gemini;
    boolean partialArgs;

    static Expected openAi(byte[] sse) {
      Expected e = new Expected();
      for (Event ev : Event.parse(sse)) {
        if (!ev.text().strip().equals("[DONE]")) {
          e.openAiChunk(ev.json(), "delta");
        }
      }
      return e;
    }

    static Expected openAi(JsonNode body) {
      Expected e = new Expected();
      e.openAiChunk(body, "message");
      return e;
    }

    private void openAiChunk(JsonNode chunk, String field) {
      for (JsonNode c : chunk.path("choices")) {
        if (c.path("index").asInt() != 0) {
          continue;
        }
        JsonNode d = c.path(field);
        text.append(d.path("content").isTextual() ? d.get("content").asText() : "");
        JsonNode r = d.path("reasoning_content").isTextual() ? d.get("reasoning_content")
            : d.path("reasoning");
        reasoning.append(r.isTextual() ? r.asText() : "");
        int k = 0;
        for (JsonNode t : d.path("tool_calls")) {
          int i = t.has("index") ? t.get("index").asInt() : k;
          k++;
          if (t.at("/function/name").isTextual() && !t.at("/function/name").asText().isEmpty()) {
            names.put(i, t.at("/function/name").asText());
          }
          args.computeIfAbsent(i, x -> new StringBuilder())
              .append(t.at("/function/arguments").isTextual()
                  ? t.at("/function/arguments").asText() : "");
        }
        if (c.path("finish_reason").isTextual()) {
          finish = c.get("finish_reason").asText();
        }
        if (c.path("usage").isObject()) {
          usage = c.get("usage");
        }
      }
      if (chunk.path("usage").isObject()) {
        usage = chunk.get("usage");
      }
    }

    static Expected gemini(byte[] sse) {
      Expected e = new Expected();
      for (Event ev : Event.parse(sse)) {
        e.geminiChunk(ev.json());
      }
      return e;
    }

    static Expected gemini(JsonNode body) {
      Expected e = new Expected();
      e.geminiChunk(body);
      return e;
    }

    private void geminiChunk(JsonNode chunk) {
      gemini = true;
      JsonNode cand = chunk.path("candidates").path(0);
      for (JsonNode p : cand.path("content").path("parts")) {
        if (p.path("text").isTextual()) {
          (p.path("thought").asBoolean() ? reasoning : text).append(p.get("text").asText());
        }
        JsonNode fc = p.get("functionCall");
        if (fc != null) {
          if (fc.path("name").isTextual()) {
            int i = names.size();
            names.put(i, fc.get("name").asText());
            if (fc.has("args")) {
              wholeArgs.put(i, fc.get("args"));
            }
          }
          partialArgs |= fc.has("partialArgs");
        }
      }
      if (cand.path("finishReason").isTextual()) {
        finish = cand.get("finishReason").asText();
      }
      if (chunk.path("usageMetadata").has("promptTokenCount")) {
        usage = chunk.get("usageMetadata");
      }
    }

    List<String> toolNames() {
      return List.copyOf(names.values());
    }

    /** The recorded arguments of call {@code i}, parsed ({@code {}} when none were sent). */
    JsonNode toolInput(int i) {
      if (gemini) {
        return wholeArgs.getOrDefault(i, Fixtures.MAPPER.createObjectNode());
      }
      String a = new ArrayList<>(args.values()).get(i).toString();
      return a.isBlank() ? Fixtures.MAPPER.createObjectNode() : Fixtures.json(a.getBytes());
    }

    String stopReason() {
      boolean tools = !names.isEmpty();
      return switch (finish == null ? "" : finish) {
        case "length", "MAX_TOKENS" -> "max_tokens";
        case "content_filter", "SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST" ->
            "refusal";
        default -> tools ? "tool_use" : "end_turn";
      };
    }

    long promptTokens() {
      return gemini ? usage.path("promptTokenCount").asLong()
          + usage.path("toolUsePromptTokenCount").asLong()
          : usage.path("prompt_tokens").asLong();
    }

    /**
     * Every generated token. Read as {@code total_tokens - prompt_tokens} where the recording has
     * a total: xAI's {@code completion_tokens} leaves out the reasoning tokens its total counts.
     */
    long completionTokens() {
      if (gemini) {
        return usage.path("candidatesTokenCount").asLong()
            + usage.path("thoughtsTokenCount").asLong();
      }
      return usage.has("total_tokens")
          ? usage.get("total_tokens").asLong() - usage.path("prompt_tokens").asLong()
          : usage.path("completion_tokens").asLong();
    }

    /** Asserts that {@code got} says what the recording says. */
    void assertSaidBy(MessagesEvents got) {
      assertThat(got.text()).isEqualTo(text.toString());
      assertThat(got.thinking()).isEqualTo(reasoning.toString());
      List<MessagesEvents.Block> tools = got.ofType("tool_use");
      assertThat(tools).extracting(b -> b.start.get("name").asText())
          .containsExactlyElementsOf(toolNames());
      if (!partialArgs) {
        for (int i = 0; i < tools.size(); i++) {
          assertThat(tools.get(i).input()).as("input of tool " + i).isEqualTo(toolInput(i));
        }
      }
      assertThat(got.stopReason()).isEqualTo(stopReason());
      if (usage != null) {
        JsonNode u = got.usage();
        assertThat(u.get("input_tokens").asLong() + u.get("cache_read_input_tokens").asLong()
            + u.get("cache_creation_input_tokens").asLong()).isEqualTo(promptTokens());
        assertThat(u.get("output_tokens").asLong()).isEqualTo(completionTokens());
      }
    }
  }
}
