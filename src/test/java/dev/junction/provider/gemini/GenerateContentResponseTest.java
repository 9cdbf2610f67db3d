package dev.junction.provider.gemini;

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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GenerateContentResponseTest {

  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-02T03:04:05Z"));

  static ChatResponse decode(String file) {
    return new GeminiCodec(CLOCK, new Random(7)).decodeChat(Fixtures.bytes(file));
  }

  /** Every recorded non-streamed native answer (errors and the OpenAI-compatible one aside). */
  static Stream<String> answers() {
    return Fixtures.all().stream().filter(f -> f.endsWith(".json") && !f.endsWith(".request.json")
        && !f.startsWith("error-") && !f.startsWith("openai-compat-"));
  }

  @ParameterizedTest
  @MethodSource("answers")
  void everyAnswerDecodesToWhatTheFixtureSays(String file) {
    JsonNode root = Fixtures.json(file);
    ChatResponse r = decode(file);

    assertThat(r.id()).isEqualTo(root.path("responseId").asText());
    assertThat(r.model()).isEqualTo(root.path("modelVersion").asText());
    JsonNode candidates = root.path("candidates");
    assertThat(r.choices()).hasSize(Math.max(1, candidates.size()));
    for (int i = 0; i < candidates.size(); i++) {
      checkChoice(candidates.get(i), r.choices().get(i));
    }
    checkUsage(root.path("usageMetadata"), r.usage());
  }

  static void checkChoice(JsonNode candidate, Choice choice) {
    StringBuilder text = new StringBuilder();
    StringBuilder thoughts = new StringBuilder();
    List<String> signatures = new ArrayList<>();
    List<JsonNode> calls = new ArrayList<>();
    boolean anyText = false;
    boolean anyThought = false;
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.has("thoughtSignature")) {
        signatures.add(part.get("thoughtSignature").asText());
      }
      if (part.path("thought").asBoolean()) {
        thoughts.append(part.get("text").asText());
        anyThought = true;
      } else if (part.has("text") && !part.get("text").asText().isEmpty()) {
        text.append(part.get("text").asText());
        anyText = true;
      } else if (part.has("functionCall")) {
        calls.add(part.get("functionCall"));
      }
    }
    assertThat(choice.text()).isEqualTo(anyText ? text.toString() : null);
    List<ContentPart.Thinking> thinking = choice.content().stream()
        .filter(p -> p instanceof ContentPart.Thinking).map(p -> (ContentPart.Thinking) p).toList();
    assertThat(String.join("", thinking.stream().map(ContentPart.Thinking::text).toList()))
        .isEqualTo(anyThought ? thoughts.toString() : "");
    assertThat(thinking.stream().map(ContentPart.Thinking::signature)
        .filter(s -> s != null).toList()).isEqualTo(signatures);
    assertThat(choice.toolCalls()).hasSize(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      ToolCall call = choice.toolCalls().get(i);
      assertThat(call.name()).isEqualTo(calls.get(i).path("name").asText());
      JsonNode args = calls.get(i).has("args") ? calls.get(i).get("args") : Json.object();
      assertThat(Json.parse(call.arguments().getBytes())).isEqualTo(args);
    }
    String reason = candidate.path("finishReason").asText(null);
    FinishReason expected = switch (reason) {
      case "STOP" -> calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
      case "MAX_TOKENS" -> FinishReason.LENGTH;
      case "SAFETY", "MODEL_ARMOR" -> FinishReason.CONTENT_FILTER;
      default -> throw new AssertionError("fixture with unexpected finishReason " + reason);
    };
    assertThat(choice.finishReason()).isEqualTo(expected);
    for (String field : List.of("groundingMetadata", "logprobsResult", "avgLogprobs",
        "safetyRatings", "finishMessage", "citationMetadata")) {
      if (candidate.has(field)) {
        assertThat(choice.extras()).isNotNull();
        assertThat(choice.extras().get(field)).as(field).isEqualTo(candidate.get(field));
      }
    }
  }

  /** Gemini's counts, read from the fixture, in the canonical disjoint buckets. */
  static void checkUsage(JsonNode meta, Usage usage) {
    long prompt = meta.path("promptTokenCount").asLong();
    long cached = meta.path("cachedContentTokenCount").asLong();
    long toolUse = meta.path("toolUsePromptTokenCount").asLong();
    assertThat(usage).isNotNull();
    assertThat(usage.cacheRead()).isEqualTo(cached);
    assertThat(usage.input()).isEqualTo(prompt - cached + toolUse);
    assertThat(usage.output()).isEqualTo(meta.path("candidatesTokenCount").asLong());
    assertThat(usage.reasoning()).isEqualTo(meta.path("thoughtsTokenCount").asLong());
    assertThat(usage.cacheWriteTotal()).isZero();
    assertThat(usage.estimated()).isFalse();
    if (meta.has("totalTokenCount")) {
      assertThat(usage.totalTokens()).isEqualTo(meta.get("totalTokenCount").asLong());
    }
  }

  @Test
  void plainTextWithThinkingTokens() {
    ChatResponse r = decode("text.json");
    Choice c = r.choices().get(0);
    assertThat(c.text()).isEqualTo("Hello! How can I help you today?");
    assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(c.extras()).isNull();
    assertThat(r.usage()).isEqualTo(new Usage(9, 0, 0, 0, 9, 34, false));
    assertThat(r.created()).isEqualTo(CLOCK.instant().getEpochSecond());
  }

  @Test
  void cachedContentIsReadFromTheCache() {
    assertThat(decode("cached-content.json").usage())
        .isEqualTo(new Usage(3520 - 3512, 3512, 0, 0, 2, 42, false));
  }

  @Test
  void toolUsePromptTokensAreInputAndGroundingIsKept() {
    ChatResponse r = decode("web-search-grounding.json");
    assertThat(r.usage()).isEqualTo(new Usage(17 + 119, 0, 0, 0, 201, 213, false));
    assertThat(r.choices().get(0).extras().path("groundingMetadata").path("webSearchQueries")
        .isArray()).isTrue();
  }

  @Test
  void functionCallGetsASyntheticIdAndItsSignatureRidesAsThinking() {
    JsonNode fixture = Fixtures.json("function-call.json");
    ChatResponse r = decode("function-call.json");
    Choice c = r.choices().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(c.toolCalls()).containsExactly(new ToolCall("call_Y1KWadvNMKz1jMcPiJeJmAI_0",
        "calculator", "{\"expression\":\"15 * 8\"}"));
    assertThat(c.content()).containsExactly(new ContentPart.Thinking("", fixture.at(
        "/candidates/0/content/parts/0/thoughtSignature").asText()));
    assertThat(c.extras().path("finishMessage").asText())
        .isEqualTo("Model generated function call(s).");
  }

  @Test
  void parallelCallsGetDistinctConsecutiveIds() {
    List<ToolCall> calls = decode("function-call-parallel.json").choices().get(0).toolCalls();
    assertThat(calls).extracting(ToolCall::id).containsExactly("call_alKWacytCLi5jMcPhISaoAI_0",
        "call_alKWacytCLi5jMcPhISaoAI_1", "call_alKWacytCLi5jMcPhISaoAI_2");
    assertThat(new HashSet<>(calls.stream().map(ToolCall::name).toList())).containsExactlyInAnyOrder(
        "parallel_local_search_one", "parallel_local_search_two", "parallel_local_search_three");
  }

  @Test
  void thoughtSummaryThenSignedAnswer() {
    JsonNode parts = Fixtures.json("thinking.json").at("/candidates/0/content/parts");
    List<ContentPart> content = decode("thinking.json").choices().get(0).content();
    assertThat(content).containsExactly(
        new ContentPart.Thinking(parts.get(0).get("text").asText(), null),
        new ContentPart.Thinking("", parts.get(1).get("thoughtSignature").asText()),
        new ContentPart.Text(parts.get(1).get("text").asText()));
  }

  @Test
  void gemini3SignatureOnTextComesBeforeTheText() {
    List<ContentPart> content = decode("gemini3-text-thought-signature.json").choices().get(0)
        .content();
    assertThat(content).hasSize(2);
    assertThat(content.get(0)).isInstanceOf(ContentPart.Thinking.class);
    assertThat(content.get(1)).isEqualTo(new ContentPart.Text("The capital of France is **Paris**."));
  }

  @Test
  void lengthStops() {
    assertThat(decode("max-tokens.json").choices().get(0).finishReason())
        .isEqualTo(FinishReason.LENGTH);
    Choice empty = decode("max-tokens-thinking-empty.json").choices().get(0);
    assertThat(empty.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(empty.content()).isEmpty();
    assertThat(decode("max-tokens-thinking-empty.json").usage())
        .isEqualTo(new Usage(15, 0, 0, 0, 0, 2, false));
  }

  @Test
  void safetyBlockIsAContentFilterWithTheRawReasonKept() {
    Choice c = decode("safety-blocked.json").choices().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(c.content()).isEmpty();
    assertThat(c.extras().path("finishReason").asText()).isEqualTo("SAFETY");
    assertThat(c.extras().path("safetyRatings").get(0).path("blocked").asBoolean()).isTrue();
  }

  @Test
  void blockedPromptIsOneFilteredChoiceNotAnError() {
    ChatResponse r = decode("prompt-blocked-model-armor.json");
    assertThat(r.choices()).hasSize(1);
    Choice c = r.choices().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(c.content()).isEmpty();
    assertThat(c.extras().at("/promptFeedback/blockReason").asText()).isEqualTo("MODEL_ARMOR");
    assertThat(r.usage()).isEqualTo(Usage.ZERO);
    assertThat(r.created()).isEqualTo(Instant.parse("2026-05-27T16:53:45.443719Z").getEpochSecond());
  }

  @Test
  void responseBlockedByModelArmor() {
    Choice c = decode("vertex-response-blocked-model-armor.json").choices().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(c.extras().path("finishReason").asText()).isEqualTo("MODEL_ARMOR");
    assertThat(c.extras().path("finishMessage").asText()).startsWith("The response violated");
  }

  @Test
  void vertexLogprobsAndCreateTimeAreKept() {
    ChatResponse r = decode("vertex-logprobs.json");
    JsonNode fixture = Fixtures.json("vertex-logprobs.json");
    assertThat(r.choices().get(0).extras().get("logprobsResult"))
        .isEqualTo(fixture.at("/candidates/0/logprobsResult"));
    assertThat(r.extras().path("usageMetadata").path("trafficType").asText())
        .isEqualTo("ON_DEMAND");
    assertThat(decode("vertex-text.json").created())
        .isEqualTo(Instant.parse("2025-06-27T08:48:21.154666Z").getEpochSecond());
  }

  @Test
  void theOpenAiCompatibleBodyIsNotANativeAnswer() {
    // gemini/openai-compat-tool-calls-without-id is Gemini's OpenAI-compatible endpoint (an OpenAI
    // chat.completion with tool_calls lacking ids): the OpenAI adapter reads it, not this one.
    byte[] body = Fixtures.bytes("openai-compat-tool-calls-without-id.json");
    assertThatThrownBy(() -> new GeminiCodec(CLOCK, new Random(7)).decodeChat(body))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM));
  }

  @Test
  void unreadableBodiesAreUpstreamErrors() {
    GeminiCodec codec = new GeminiCodec(CLOCK, new Random(7));
    assertThatThrownBy(() -> codec.decodeChat("not json".getBytes()))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.code()).isEqualTo("invalid_upstream_response"));
    assertThatThrownBy(() -> codec.decodeChat("[]".getBytes()))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void answerWithoutResponseIdGetsRandomButWellFormedIds() {
    String body = "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\"}}]},"
        + "\"finishReason\":\"STOP\"}]}";
    ChatResponse r = new GeminiCodec(CLOCK, new Random(7)).decodeChat(body.getBytes());
    assertThat(r.id()).matches("gemini-[0-9a-f]{16}");
    assertThat(r.choices().get(0).toolCalls().get(0).id()).matches("call_[0-9a-f]{16}_0");
    assertThat(r.choices().get(0).toolCalls().get(0).arguments()).isEqualTo("{}");
  }
}
