package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.tokens.TokenCount;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolChoiceAuto;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.models.ModelInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.gateway.FakeUpstream.Reply;
import dev.junction.gateway.FakeUpstream.Seen;
import dev.junction.gateway.GatewayRig.Event;
import dev.junction.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Anthropic Java SDK ({@code com.anthropic:anthropic-java}) against the running gateway, with
 * the base URL set to it as {@code ANTHROPIC_BASE_URL} would: whole and streamed tool use
 * through an OpenAI-format upstream, thinking through a reasoning model (a recorded DeepSeek
 * stream and the simulator), thinking with signatures passed through from an Anthropic upstream,
 * an agent loop of several tool round trips against the simulator, token counting, the model
 * list and errors. The SDK's own types and its {@link MessageAccumulator} (which rejects a
 * malformed event sequence) are the judges of wire compatibility.
 */
class AnthropicSdkTest {

  private static final AtomicReference<Reply> NEXT = new AtomicReference<>();
  private static FakeUpstream upstream;
  private static GatewayRig rig;
  private static AnthropicClient client;

  @BeforeAll
  static void start() throws Exception {
    upstream = FakeUpstream.start(seen -> NEXT.get());
    String v1 = upstream.url() + "/v1";
    rig = GatewayRig.start(
        GatewayRig.model("gpt", GatewayRig.deployment("openai", "gpt-4o-mini", v1)),
        GatewayRig.model("reasoner", GatewayRig.deployment("deepseek", "deepseek-reasoner", v1)),
        GatewayRig.model("claude", GatewayRig.deployment("anthropic", "claude-sonnet-4-0",
            upstream.url())),
        GatewayRig.model("agent", GatewayRig.simulator("agent",
            JsonNodeFactory.instance.objectNode())));
    client = AnthropicOkHttpClient.builder().baseUrl(rig.url()).apiKey("sk-ant-test-client")
        .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
  }

  @BeforeEach
  void fresh() {
    rig.clearRecords();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    rig.close();
    upstream.close();
  }

  private static final Tool WEATHER = Tool.builder().name("get_weather")
      .description("Current weather in a city")
      .inputSchema(Tool.InputSchema.builder()
          .properties(Tool.InputSchema.Properties.builder()
              .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
              .build())
          .addRequired("city").build())
      .build();

  @Test
  void wholeToolUseThroughAnOpenAiUpstream() throws Exception {
    JsonNode fixture = Fixtures.json("openai-chat/parallel-tool-calls.json");
    NEXT.set(Reply.json(200, Fixtures.bytes("openai-chat/parallel-tool-calls.json")));
    int before = upstream.requests().size();

    Message m = client.messages().create(MessageCreateParams.builder().model("gpt")
        .maxTokens(1024).addTool(WEATHER).addUserMessage("Weather in Paris and Tokyo?").build());

    JsonNode calls = fixture.at("/choices/0/message/tool_calls");
    List<ToolUseBlock> uses = m.content().stream().filter(ContentBlock::isToolUse)
        .map(ContentBlock::asToolUse).toList();
    assertThat(uses).hasSize(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      assertThat(uses.get(i).id()).isEqualTo(calls.get(i).get("id").asText());
      assertThat(uses.get(i).name()).isEqualTo(calls.get(i).at("/function/name").asText());
      assertThat(uses.get(i)._input().convert(JsonNode.class)).isEqualTo(
          Fixtures.json(calls.get(i).at("/function/arguments").asText().getBytes()));
    }
    assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
    assertThat(m.usage().outputTokens())
        .isEqualTo(fixture.at("/usage/completion_tokens").asLong());
    assertThat(upstream.requests()).hasSize(before + 1);
  }

  @Test
  void streamedToolUseThroughAnOpenAiUpstream() throws Exception {
    byte[] sse = Fixtures.bytes("openai-chat/tool-call-stream.sse");
    NEXT.set(Reply.sse(sse));
    StringBuilder args = new StringBuilder();
    String name = null;
    for (Event e : Event.parse(sse)) {
      if (!e.text().equals("[DONE]")) {
        for (JsonNode t : e.json().at("/choices/0/delta/tool_calls")) {
          args.append(t.at("/function/arguments").asText(""));
          name = t.at("/function/name").isTextual() ? t.at("/function/name").asText() : name;
        }
      }
    }

    Message m = stream(MessageCreateParams.builder().model("gpt").maxTokens(1024)
        .addTool(WEATHER).addUserMessage("Weather in Boston?").build());

    ToolUseBlock use = m.content().stream().filter(ContentBlock::isToolUse)
        .map(ContentBlock::asToolUse).findFirst().orElseThrow();
    assertThat(use.name()).isEqualTo(name);
    assertThat(use._input().convert(JsonNode.class))
        .isEqualTo(Fixtures.json(args.toString().getBytes()));
    assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
  }

  @Test
  void thinkingThroughARecordedReasoningModel() throws Exception {
    byte[] sse = Fixtures.bytes("deepseek/reasoning-stream.sse");
    NEXT.set(Reply.sse(sse));
    StringBuilder reasoning = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (Event e : Event.parse(sse)) {
      if (!e.text().equals("[DONE]")) {
        reasoning.append(e.json().at("/choices/0/delta/reasoning_content").asText(""));
        text.append(e.json().at("/choices/0/delta/content").asText(""));
      }
    }
    assertThat(reasoning).isNotEmpty();
    int before = upstream.requests().size();

    Message m = stream(MessageCreateParams.builder().model("reasoner").maxTokens(4096)
        .enabledThinking(2048).addUserMessage("Why is the sky blue?").build());

    assertThat(m.content().get(0).isThinking()).isTrue();
    assertThat(m.content().get(0).asThinking().thinking()).isEqualTo(reasoning.toString());
    assertThat(m.content().get(1).asText().text()).isEqualTo(text.toString());
    Seen seen = upstream.requests().get(before);
    assertThat(Fixtures.json(seen.body()).get("reasoning_effort").asText()).isEqualTo("low");
  }

  @Test
  void thinkingThroughTheSimulator() {
    Message m = stream(MessageCreateParams.builder().model("agent").maxTokens(4096)
        .enabledThinking(1024).addUserMessage("Think first.").build());
    assertThat(m.content().get(0).asThinking().thinking()).isNotBlank();
    assertThat(m.content().get(1).asText().text()).isNotBlank();
    assertThat(m.stopReason()).contains(StopReason.END_TURN);
  }

  @Test
  void thinkingSignaturesPassThroughFromAnAnthropicUpstream() throws Exception {
    byte[] sse = Fixtures.bytes("anthropic/thinking-stream.sse");
    NEXT.set(Reply.sse(sse));
    StringBuilder signature = new StringBuilder();
    for (Event e : Event.parse(sse)) {
      signature.append(e.json().at("/delta/signature").asText(""));
    }
    assertThat(signature).isNotEmpty();

    Message m = stream(MessageCreateParams.builder().model("claude").maxTokens(4096)
        .enabledThinking(2048).addUserMessage("Think.").build());

    assertThat(m.content().get(0).asThinking().signature()).isEqualTo(signature.toString());
    assertThat(rig.record().usage().output()).isPositive();
  }

  @Test
  void anAgentLoopOfSeveralToolRoundTrips() throws Exception {
    List<MessageParam> history = new ArrayList<>();
    history.add(MessageParam.builder().role(MessageParam.Role.USER)
        .content("Check the weather in three cities, one at a time.").build());
    int rounds = 3;
    for (int turn = 0; turn <= rounds; turn++) {
      MessageCreateParams.Builder p = MessageCreateParams.builder().model("agent")
          .maxTokens(1024).addTool(WEATHER).messages(history);
      if (turn < rounds) {
        p.toolChoice(ToolChoiceAny.builder().build());
      } else {
        p.toolChoice(ToolChoiceAuto.builder().build());
      }
      Message m = turn % 2 == 0 ? stream(p.build()) : client.messages().create(p.build());
      CallRecord rec = rig.record();
      assertThat(rec.attempts()).isEqualTo(1);
      assertThat(rec.status()).isEqualTo(200);
      if (turn == rounds) {
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.content()).anySatisfy(b -> assertThat(b.isText()).isTrue());
        break;
      }
      assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
      ToolUseBlock use = m.content().stream().filter(ContentBlock::isToolUse)
          .map(ContentBlock::asToolUse).findFirst().orElseThrow();
      assertThat(use.name()).isEqualTo("get_weather");
      assertThat(use._input().convert(JsonNode.class).get("city").isTextual()).isTrue();
      history.add(m.toParam());
      history.add(MessageParam.builder().role(MessageParam.Role.USER).contentOfBlockParams(
          List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
              .toolUseId(use.id()).content("Sunny, 21 C").build()))).build());
    }
    assertThat(history).hasSize(1 + 2 * rounds);
  }

  @Test
  void bearerAuthIsAcceptedAndNeverForwarded() throws Exception {
    NEXT.set(Reply.json(200, Fixtures.bytes("openai-chat/text-basic.json")));
    int before = upstream.requests().size();
    AnthropicClient bearer = AnthropicOkHttpClient.builder().baseUrl(rig.url())
        .authToken("client-oauth-token").maxRetries(0).build();
    try {
      Message m = bearer.messages().create(MessageCreateParams.builder().model("gpt")
          .maxTokens(64).addUserMessage("Hi").build());
      assertThat(m.content().get(0).asText().text()).isEqualTo(
          Fixtures.json("openai-chat/text-basic.json").at("/choices/0/message/content")
              .asText());
    } finally {
      bearer.close();
    }
    Seen seen = upstream.requests().get(before);
    assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + GatewayRig.UPSTREAM_KEY);
    assertThat(seen.text()).doesNotContain("client-oauth-token");
  }

  @Test
  void countTokensOnATranslatedModelIsEstimated() {
    long tokens = client.messages().countTokens(MessageCountTokensParams.builder()
        .model("agent").addUserMessage("x".repeat(400)).build()).inputTokens();
    assertThat(tokens).isEqualTo(TokenCount.text("x".repeat(400)) + TokenCount.PER_MESSAGE
        + TokenCount.REPLY_PRIMING);
  }

  @Test
  void modelsAreListedInAnthropicShape() {
    List<String> ids = client.models().list().data().stream().map(ModelInfo::id).toList();
    assertThat(ids).containsExactly("gpt", "reasoner", "claude", "agent");
  }

  @Test
  void anUnknownModelIsNotFound() {
    assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder()
        .model("no-such-model").maxTokens(10).addUserMessage("Hi").build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no-such-model");
  }

  /** Streams through the SDK and accumulates the events as the SDK does. */
  private static Message stream(MessageCreateParams params) {
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
      s.stream().forEach(acc::accumulate);
    }
    return acc.message();
  }
}
