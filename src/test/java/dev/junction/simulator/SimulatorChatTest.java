package dev.junction.simulator;

import static dev.junction.simulator.SimulatorRig.PROMPT;
import static dev.junction.simulator.SimulatorRig.ask;
import static dev.junction.simulator.SimulatorRig.await;
import static dev.junction.simulator.SimulatorRig.failure;
import static dev.junction.simulator.SimulatorRig.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ContentPart;
import dev.junction.chat.FinishReason;
import dev.junction.chat.Message;
import dev.junction.chat.Reasoning;
import dev.junction.chat.Role;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.chat.Usage;
import dev.junction.config.Timeouts;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.CallContext;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SimulatorChatTest {

  private static final SimulatorRig rig = new SimulatorRig();

  /** A weather tool: location and unit required, days optional and bounded. */
  static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Weather for a place",
      Json.parse("""
          {"type": "object",
           "properties": {
             "location": {"type": "string"},
             "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
             "days": {"type": "integer", "minimum": 1, "maximum": 7},
             "when": {"type": "object", "required": ["date"],
                      "properties": {"date": {"type": "string", "format": "date"}}}
           },
           "required": ["location", "unit", "when"]}
          """.getBytes(StandardCharsets.UTF_8)), null, null);
  static final ToolDefinition CLOCK = new ToolDefinition("get_time", null, Json.parse("""
      {"type": "object", "properties": {"zone": {"type": ["string", "null"]},
       "count": {"type": "integer", "minimum": 3, "maximum": 3}}, "required": ["zone", "count"]}
      """.getBytes(StandardCharsets.UTF_8)), null, null);

  @AfterAll
  static void close() throws Exception {
    rig.close();
  }

  private static List<Message> user(String text) {
    return List.of(Message.text(Role.USER, text));
  }

  @Test
  void answersWithAGreetingNamingTheDeploymentModel() throws Exception {
    SimulatorUpstream up = rig.upstream("");
    ChatResponse r = await(up.chat(ask(PROMPT), CallContext.create("r1")));
    assertThat(r.id()).isEqualTo("chatcmpl-sim-1");
    assertThat(r.model()).isEqualTo("fast");
    assertThat(r.created()).isEqualTo(1740830400L); // 2025-03-01T12:00:00Z, the rig's clock
    assertThat(r.choices()).hasSize(1);
    Choice c = r.choices().getFirst();
    assertThat(c.text()).startsWith("Hello from the Junction simulator (model fast).");
    assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(c.toolCalls()).isEmpty();
    assertThat(await(up.chat(ask(PROMPT), CallContext.create("r2"))).id())
        .isEqualTo("chatcmpl-sim-2");
  }

  @Test
  void sameSeedAndPromptGiveTheSameAnswerOtherwiseAnother() throws Exception {
    String a = text(rig.upstream("seed: 7"), PROMPT);
    String b = text(rig.upstream("seed: 7"), PROMPT);
    String otherSeed = text(rig.upstream("seed: 8"), PROMPT);
    String otherPrompt = text(rig.upstream("seed: 7"), "What is the capital of Spain?");
    assertThat(a).isEqualTo(b);
    assertThat(otherSeed).isNotEqualTo(a);
    assertThat(otherPrompt).isNotEqualTo(a);
  }

  private static String text(SimulatorUpstream up, String prompt) throws Exception {
    return await(up.chat(ask(prompt), CallContext.create("r"))).choices().getFirst().text();
  }

  @Test
  void usageCountsThePromptAndEveryEmittedToken() throws Exception {
    ChatResponse r = await(rig.upstream("output-tokens: 24").chat(ask(PROMPT),
        CallContext.create("r")));
    // "What is the capital of France?" is 30 characters: 30 / 4 rounded up = 8 tokens.
    assertThat(r.usage()).isEqualTo(new Usage(8, 0, 0, 0, 24, 0, false));
    // 24 tokens, each one word with its leading space, the first without.
    String text = r.choices().getFirst().text();
    assertThat(text.split(" ")).hasSize(24);
  }

  @Test
  void maxTokensCapsTheAnswerAndFinishesWithLength() throws Exception {
    SimulatorUpstream up = rig.upstream("output-tokens: 24");
    ChatResponse full = await(up.chat(ask(PROMPT), CallContext.create("r")));
    ChatResponse capped = await(up.chat(request(user(PROMPT), 5, List.of(), null, null, null),
        CallContext.create("r")));
    Choice c = capped.choices().getFirst();
    assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(c.text()).isEqualTo("Hello from the Junction simulator");
    assertThat(full.choices().getFirst().text()).startsWith(c.text());
    assertThat(capped.usage().output()).isEqualTo(5);
    ChatResponse exact = await(up.chat(request(user(PROMPT), 24, List.of(), null, null, null),
        CallContext.create("r")));
    assertThat(exact.choices().getFirst().finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void answersOneChoicePerN() throws Exception {
    ChatResponse r = await(rig.upstream("output-tokens: 10").chat(
        request(user(PROMPT), null, List.of(), null, null, 3), CallContext.create("r")));
    assertThat(r.choices()).extracting(Choice::index).containsExactly(0, 1, 2);
    assertThat(r.choices()).extracting(Choice::text).doesNotHaveDuplicates();
    assertThat(r.usage().output()).isEqualTo(30);
    GatewayException e = failure(rig.upstream("").chat(
        request(user(PROMPT), null, List.of(), null, null, 0), CallContext.create("r")));
    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void callsTheFirstToolWithArgumentsThatFitItsSchema() throws Exception {
    ChatResponse r = await(rig.upstream("").chat(
        request(user("Weather in Paris?"), null, List.of(WEATHER, CLOCK), null, null, null),
        CallContext.create("r")));
    Choice c = r.choices().getFirst();
    assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(c.text()).isNull();
    ToolCall call = c.toolCalls().getFirst();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.id()).startsWith("call_sim_");
    JsonNode args = Json.parse(call.arguments().getBytes(StandardCharsets.UTF_8));
    assertThat(args.get("location").isTextual()).isTrue();
    assertThat(args.get("unit").asText()).isIn("celsius", "fahrenheit");
    assertThat(args.get("when").get("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(args.has("days")).isFalse(); // not required
    assertThat(r.usage().output()).isEqualTo((call.arguments().length() + 3) / 4);
  }

  @Test
  void callsTheNamedToolAndHonoursNoneAndToolResults() throws Exception {
    SimulatorUpstream up = rig.upstream("");
    ToolCall call = await(up.chat(request(user("time?"), null, List.of(WEATHER, CLOCK),
        ToolChoice.tool("get_time"), null, null), CallContext.create("r")))
        .choices().getFirst().toolCalls().getFirst();
    assertThat(call.name()).isEqualTo("get_time");
    JsonNode args = Json.parse(call.arguments().getBytes(StandardCharsets.UTF_8));
    assertThat(args.get("zone").isTextual()).isTrue();
    assertThat(args.get("count").asInt()).isEqualTo(3); // minimum = maximum = 3

    Choice none = await(up.chat(request(user("time?"), null, List.of(WEATHER, CLOCK),
        ToolChoice.of(ToolChoice.Mode.NONE), null, null), CallContext.create("r")))
        .choices().getFirst();
    assertThat(none.toolCalls()).isEmpty();
    assertThat(none.finishReason()).isEqualTo(FinishReason.STOP);

    List<Message> afterResult = List.of(Message.text(Role.USER, "time?"),
        new Message(Role.ASSISTANT, List.of(), List.of(call), null, null, false),
        new Message(Role.TOOL, List.of(new ContentPart.Text("12:00")),
            List.of(), call.id(), "get_time", false));
    Choice answer = await(up.chat(request(afterResult, null, List.of(WEATHER, CLOCK), null, null,
        null), CallContext.create("r"))).choices().getFirst();
    assertThat(answer.toolCalls()).isEmpty();
    assertThat(answer.text()).startsWith("Hello from the Junction simulator");

    GatewayException unknown = failure(up.chat(request(user("time?"), null, List.of(WEATHER),
        ToolChoice.tool("get_time"), null, null), CallContext.create("r")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.getMessage()).contains("get_time");

    Choice off = await(rig.upstream("tool-calls: false").chat(request(user("time?"), null,
        List.of(CLOCK), null, null, null), CallContext.create("r"))).choices().getFirst();
    assertThat(off.toolCalls()).isEmpty();
  }

  @Test
  void reasonsFirstWhenAskedAndCountsReasoningApart() throws Exception {
    ChatRequest thinking = request(user(PROMPT), null, List.of(), null,
        new Reasoning(true, "low", null), null);
    ChatResponse r = await(rig.upstream("{reasoning-tokens: 6, output-tokens: 10}")
        .chat(thinking, CallContext.create("r")));
    Choice c = r.choices().getFirst();
    assertThat(c.reasoningText()).startsWith("Let me think.");
    assertThat(c.reasoningText().split(" ")).hasSize(6);
    assertThat(r.usage().reasoning()).isEqualTo(6);
    assertThat(r.usage().output()).isEqualTo(10);

    ChatResponse off = await(rig.upstream("reasoning: false").chat(thinking,
        CallContext.create("r")));
    assertThat(off.choices().getFirst().reasoningText()).isNull();
    assertThat(off.usage().reasoning()).isZero();

    ChatResponse capped = await(rig.upstream("{reasoning-tokens: 6}").chat(request(user(PROMPT),
        4, List.of(), null, new Reasoning(true, null, 1024), null), CallContext.create("r")));
    assertThat(capped.usage().reasoning()).isEqualTo(4);
    assertThat(capped.usage().output()).isZero();
    assertThat(capped.choices().getFirst().finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void refusesPromptsOverTheContextWindow() throws Exception {
    GatewayException e = failure(rig.upstream("context-window: 7").chat(ask(PROMPT),
        CallContext.create("r")));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.upstreamStatus()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("context_length_exceeded");
    assertThat(e.retryable()).isFalse();
    assertThat(await(rig.upstream("context-window: 8").chat(ask(PROMPT), CallContext.create("r")))
        .usage().input()).isEqualTo(8);
  }

  @Test
  void reportsTheCachedShareOfTheInput() throws Exception {
    Usage u = await(rig.upstream("cache-read-ratio: 0.5").chat(ask(PROMPT),
        CallContext.create("r"))).usage();
    assertThat(u.cacheRead()).isEqualTo(4);
    assertThat(u.input()).isEqualTo(4);
    assertThat(u.promptTokens()).isEqualTo(8);
  }

  @Test
  void rate429OfOneAlwaysRefusesWithRetryAfter() throws Exception {
    SimulatorUpstream up = rig.upstream("{error-rate-429: 1.0, retry-after: 3s}");
    for (int i = 0; i < 5; i++) {
      GatewayException e = failure(up.chat(ask(PROMPT), CallContext.create("r")));
      assertThat(e.upstreamStatus()).isEqualTo(429);
      assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(e.code()).isEqualTo("rate_limit_exceeded");
      assertThat(e.retryAfterMillis()).isEqualTo(3000);
      assertThat(e.retryable()).isTrue();
    }
    assertThat(up.stats().faults()).isEqualTo(5);
    assertThat(up.stats().calls()).isEqualTo(5);
  }

  @Test
  void rate500OfOneAlwaysFails() throws Exception {
    SimulatorUpstream up = rig.upstream("error-rate-500: 1");
    for (int i = 0; i < 5; i++) {
      GatewayException e = failure(up.chat(ask(PROMPT), CallContext.create("r")));
      assertThat(e.upstreamStatus()).isEqualTo(500);
      assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
      assertThat(e.retryAfterMillis()).isEqualTo(-1);
    }
  }

  @Test
  void dropRateOfOneBreaksTheConnection() throws Exception {
    GatewayException e = failure(rig.upstream("drop-rate: 1").chat(ask(PROMPT),
        CallContext.create("r")));
    assertThat(e.code()).isEqualTo("upstream_connection_error");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void ratesOfZeroNeverFail() throws Exception {
    SimulatorUpstream up = rig.upstream("");
    for (int i = 0; i < 50; i++) {
      await(up.chat(ask(PROMPT), CallContext.create("r")));
    }
    assertThat(up.stats().faults()).isZero();
  }

  @Test
  void failuresRepeatInSequenceForTheSameSeed() throws Exception {
    String options = "{seed: 11, error-rate-429: 0.3, error-rate-500: 0.2}";
    List<Integer> first = outcomes(rig.upstream(options));
    List<Integer> second = outcomes(rig.upstream(options));
    List<Integer> otherSeed = outcomes(rig.upstream(options.replace("11", "12")));
    assertThat(first).isEqualTo(second).contains(200, 429, 500);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  private static List<Integer> outcomes(SimulatorUpstream up) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Future<ChatResponse> f = up.chat(ask(PROMPT), CallContext.create("r"));
      f.toCompletionStage().toCompletableFuture().handle((r, t) -> null).get();
      out.add(f.succeeded() ? 200 : ((GatewayException) f.cause()).upstreamStatus());
    }
    return out;
  }

  @Test
  void aHungCallEndsOnlyByCancelOrTheFirstTokenTimeout() throws Exception {
    SimulatorUpstream up = rig.upstream("timeout-rate: 1");
    CallContext ctx = CallContext.create("r");
    Future<ChatResponse> hung = up.chat(ask(PROMPT), ctx);
    rig.idle(50);
    assertThat(hung.isComplete()).isFalse();
    assertThat(up.stats().inFlight()).isEqualTo(1);
    ctx.cancel();
    assertThat(failure(hung).code()).isEqualTo("cancelled");
    assertThat(up.stats().inFlight()).isZero();

    Timeouts quick = new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(30),
        Duration.ofSeconds(1), Duration.ofSeconds(5));
    GatewayException e = failure(rig.upstream("timeout-rate: 1", quick).chat(ask(PROMPT),
        CallContext.create("r")));
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.getMessage()).contains("timeouts.first-token");
  }

  @Test
  void cancellingDuringLatencyFailsTheCallAndReleasesIt() throws Exception {
    SimulatorUpstream up = rig.upstream("latency: 1h");
    CallContext ctx = CallContext.create("r");
    Future<ChatResponse> slow = up.chat(ask(PROMPT), ctx);
    rig.idle(20);
    assertThat(up.stats().inFlight()).isEqualTo(1);
    ctx.cancel();
    assertThat(failure(slow).code()).isEqualTo("cancelled");
    assertThat(up.stats().inFlight()).isZero();
  }

  @Test
  void answersAfterLatency() throws Exception {
    ChatResponse r = await(rig.upstream("latency: 20ms").chat(ask(PROMPT),
        CallContext.create("r")));
    assertThat(r.choices().getFirst().text()).startsWith("Hello");
  }

  @Test
  void embedsTextsAsDeterministicUnitVectors() throws Exception {
    SimulatorUpstream up = rig.upstream("");
    EmbeddingResponse r = await(up.embed(EmbeddingRequest.of("emb", List.of("hello world",
        "goodbye", "hello world")), CallContext.create("r")));
    assertThat(r.model()).isEqualTo("fast");
    assertThat(r.vectors()).hasSize(3);
    for (float[] v : r.vectors()) {
      assertThat(v).hasSize(256);
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertThat(norm).isCloseTo(1.0, Offset.offset(1e-4));
    }
    assertThat(r.vectors().get(0)).isEqualTo(r.vectors().get(2));
    assertThat(r.vectors().get(0)).isNotEqualTo(r.vectors().get(1));
    // "hello world" (11) + "goodbye" (7) + "hello world" (11) = 29 characters -> 8 tokens
    assertThat(r.usage()).isEqualTo(new Usage(8, 0, 0, 0, 0, 0, false));

    EmbeddingResponse again = await(rig.upstream("").embed(EmbeddingRequest.of("emb",
        List.of("hello world")), CallContext.create("r")));
    assertThat(again.vectors().getFirst()).isEqualTo(r.vectors().getFirst());

    EmbeddingRequest small = new EmbeddingRequest("emb", List.of("x"), 8, null, null,
        Json.object());
    assertThat(await(up.embed(small, CallContext.create("r"))).vectors().getFirst()).hasSize(8);
    assertThat(await(rig.upstream("embedding-dimensions: 16").embed(EmbeddingRequest.of("emb",
        List.of("x")), CallContext.create("r"))).vectors().getFirst()).hasSize(16);
    assertThat(failure(up.embed(EmbeddingRequest.of("emb", List.of()), CallContext.create("r")))
        .status()).isEqualTo(400);
  }
}
