package dev.junction.provider.openai;

import static dev.junction.provider.openai.OpenAiCases.errorObject;
import static dev.junction.provider.openai.OpenAiCases.isError;
import static dev.junction.provider.openai.OpenAiCases.isStream;
import static dev.junction.provider.openai.OpenAiCases.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.testing.Fixtures;
import dev.junction.testing.Fixtures.Case;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every recorded OpenAI-format fixture (OpenAI and each compatible vendor) through the
 * production decoders and checks the canonical result against values read from the fixture
 * itself: content, reasoning, refusals, tool calls, finish reasons per choice, and every usage
 * number; error bodies and errors inside 200 streams; and streams cut short.
 */
class OpenAiFixtureReplayTest {

  @TestFactory
  Stream<DynamicTest> decodesEveryCoveredCase() {
    return OpenAiCases.covered().stream().map(c -> dynamicTest(c.id(), () -> {
      if (isStream(c) && isError(c)) {
        errorStream(c);
      } else if (isStream(c)) {
        stream(c);
      } else if (isError(c)) {
        errorBody(c);
      } else {
        body(c);
      }
    }));
  }

  private static void body(Case c) {
    JsonNode fixture = Fixtures.json(response(c));
    ChatResponse r = OpenAiResponseReader.readChat(Fixtures.bytes(response(c)));
    Transcript.assertSame(Transcript.of(r), Transcript.ofBody(fixture).withToolCallsFinish(),
        c.id());
    if (fixture.has("id")) {
      assertThat(r.id()).as(c + ": id").isEqualTo(fixture.get("id").asText());
    }
    assertThat(r.model()).as(c + ": model").isEqualTo(fixture.path("model").asText());
    assertThat(r.created()).as(c + ": created").isEqualTo(fixture.path("created").asLong());
    assertUsage(r.usage(), Tokens.usageIn(fixture), c.id());
    assertArgumentsAreJson(Transcript.of(r), c.id());
  }

  private static void stream(Case c) {
    byte[] body = Fixtures.bytes(response(c));
    List<StreamChunk> chunks = OpenAiCases.replay(body, body.length);
    assertThat(OpenAiCases.replay(body, 7)).as(c + ": same chunks whatever the buffer sizes")
        .isEqualTo(chunks);
    Transcript.assertSame(Transcript.of(chunks), Transcript.ofSse(Fixtures.read(response(c))),
        c.id());
    assertArgumentsAreJson(Transcript.of(chunks), c.id());
    JsonNode usage = null;
    List<String> ids = new ArrayList<>();
    for (Sse.Event e : Sse.parse(Fixtures.read(response(c)))) {
      if (!e.isDone()) {
        JsonNode chunk = Fixtures.json(e.data().getBytes(StandardCharsets.UTF_8));
        ids.add(chunk.path("id").asText());
        JsonNode u = Tokens.usageIn(chunk);
        usage = u == null ? usage : u;
      }
    }
    List<StreamChunk> withUsage = chunks.stream().filter(k -> k.usage() != null).toList();
    if (usage == null) {
      assertThat(withUsage).as(c + ": no usage reported, none invented").isEmpty();
    } else {
      assertThat(withUsage).as(c + ": usage emitted once").hasSize(1);
      assertThat(chunks.get(chunks.size() - 1).usage()).as(c + ": usage comes last").isNotNull();
      assertUsage(withUsage.get(0).usage(), usage, c.id());
    }
    // (an extras-only chunk before the first id, e.g. Azure's prompt_filter_results, keeps a
    // placeholder id)
    assertThat(chunks.stream().filter(k -> !k.choices().isEmpty()).toList())
        .as(c + ": chunk ids come from the stream")
        .allSatisfy(k -> assertThat(ids).contains(k.id()));
  }

  private static void errorStream(Case c) {
    JsonNode err = errorObject(c);
    byte[] body = Fixtures.bytes(response(c));
    OpenAiCases.Replay replay = new OpenAiCases.Replay();
    assertThatThrownBy(() -> replay.feed(body, 64).end())
        .as(c + ": an error inside a 200 stream fails the stream")
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(err.path("message").asText());
          assertThat(e.code()).isEqualTo(err.path("code").asText());
        });
    // What came before the error was delivered as it arrived, not held back.
    Transcript.assertSame(Transcript.of(replay.chunks),
        Transcript.ofSse(Fixtures.read(response(c))), c + " before the error");
  }

  private static void errorBody(Case c) {
    JsonNode err = errorObject(c);
    byte[] body = Fixtures.bytes(response(c));
    // Recorded status; else the one the body states (Azure's edited 200); else 400, which the
    // fixture README gives for the one body recorded without a status.
    int status = c.httpStatus() != null && c.httpStatus() >= 400 ? c.httpStatus()
        : err.path("status").isInt() ? err.path("status").asInt() : 400;
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    c.responseHeaders().forEach(headers::set);
    GatewayException e = new OpenAiCodec(OpenAiCases.vendor(c)).decodeError(status, headers, body);
    assertThat(e.upstreamStatus()).as(c + ": upstream status").isEqualTo(status);
    JsonNode code = err.path("code");
    String vendorCode = code.isMissingNode() || code.isNull() ? err.path("type").asText()
        : code.asText();
    if (status == 401 || status == 403) {
      // The deployment's own key was refused: a 502 for the client, the key text redacted.
      assertThat(e.status()).as(c + ": credential failure").isEqualTo(502);
      assertThat(e.code()).isEqualTo("upstream_auth_error");
      assertThat(e.getMessage()).as(c + ": message").contains(vendorCode)
          .doesNotContain("****");
    } else {
      assertThat(e.status()).as(c + ": status passed on").isEqualTo(status);
      assertThat(e.getMessage()).as(c + ": message").isEqualTo(err.path("message").asText());
      assertThat(e.code()).as(c + ": code").isEqualTo(vendorCode);
    }
    // The same body with a 200 status (Azure's edited recording) is an error too.
    assertThatThrownBy(() -> OpenAiResponseReader.readChat(body))
        .isInstanceOfSatisfying(GatewayException.class,
            x -> assertThat(x.getMessage()).isEqualTo(
                dev.junction.error.Redaction.redact(err.path("message").asText())));
  }

  private static void assertUsage(@Nullable Usage actual, @Nullable JsonNode fixtureUsage,
      String what) {
    if (fixtureUsage == null) {
      assertThat(actual).as(what + ": no usage in the fixture").isNull();
    } else {
      Tokens.expected(fixtureUsage).assertCanonical(actual, what);
    }
  }

  private static void assertArgumentsAreJson(Transcript t, String what) {
    t.choices().values().forEach(a -> a.calls().forEach(call -> assertThatCode(
        () -> Fixtures.MAPPER.readTree(call.arguments()))
        .as(what + ": arguments of " + call.name() + " parse as JSON").doesNotThrowAnyException()));
  }

  /** A stream cut before its finish chunk (connection lost) must fail at its end. */
  @TestFactory
  Stream<DynamicTest> streamCutBeforeItsFinishFailsAtTheEnd() {
    return OpenAiCases.covered().stream().filter(c -> isStream(c) && !isError(c))
        .map(c -> dynamicTest(c.id(), () -> {
          List<Sse.Event> events = Sse.parse(Fixtures.read(response(c)));
          StringBuilder prefix = new StringBuilder();
          for (Sse.Event e : events) {
            if (!e.isDone() && e.data().matches("(?s).*\"finish_reason\":\\s*\"[a-z_]+\".*")) {
              break;
            }
            prefix.append(e.raw());
          }
          assertThat(prefix.length()).as("the fixture has a finish chunk")
              .isLessThan(Fixtures.read(response(c)).length());
          OpenAiCases.Replay replay = new OpenAiCases.Replay()
              .feed(prefix.toString().getBytes(StandardCharsets.UTF_8), 64);
          Transcript.assertSame(Transcript.of(replay.chunks), Transcript.ofSse(prefix.toString()),
              c + " up to the cut");
          assertThatThrownBy(replay::end).isInstanceOfSatisfying(GatewayException.class,
              e -> assertThat(e.code()).isEqualTo("upstream_connection_error"));
        }));
  }

  @Test
  void streamCutInsideAnEventFails() {
    String text = Fixtures.read("openai-chat/text-stream-long.sse");
    int cut = text.indexOf("\"content\":", text.length() / 2) + 14;
    byte[] prefix = text.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OpenAiCases.replay(prefix, 64))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void choicesOfAnNGreaterThanOneAnswerAreKeptApart() {
    for (String file : List.of("openai-chat/n2-text.json", "openai-chat/n2-tools.json")) {
      Transcript t = Transcript.of(OpenAiResponseReader.readChat(Fixtures.bytes(file)));
      assertThat(t.choices()).as(file).containsOnlyKeys(0, 1);
      assertThat(t.choices().get(0)).as(file).isNotEqualTo(t.choices().get(1));
    }
    for (String file : List.of("openai-chat/n2-stream.sse", "openai-chat/n2-stream-tools.sse")) {
      Transcript t = Transcript.of(OpenAiCases.replay(Fixtures.bytes(file), 64));
      assertThat(t.choices()).as(file).containsOnlyKeys(0, 1);
      assertThat(t.choices().get(0)).as(file).isNotEqualTo(t.choices().get(1));
    }
  }

  /** Usage conventions, with the literals that appear in the fixtures. */
  @Test
  void usageConventionsOfEachVendor() {
    // xAI: total_tokens 241 = prompt 12 + completion 1 + reasoning 228 (reasoning outside).
    Usage xai = OpenAiResponseReader.readChat(Fixtures.bytes("xai/text.json")).usage();
    assertThat(xai).isEqualTo(new Usage(10, 2, 0, 0, 1, 228, false));
    // OpenAI: completion_tokens 87 includes reasoning_tokens 64.
    Usage o3 = OpenAiResponseReader.readChat(
        Fixtures.bytes("openai-chat/text-reasoning-tokens.json")).usage();
    assertThat(o3).isEqualTo(new Usage(7, 0, 0, 0, 23, 64, false));
    // OpenAI prompt caching: prompt_tokens 1220 includes cached_tokens 1152.
    Usage cached = OpenAiResponseReader.readChat(
        Fixtures.bytes("openai-chat/cached-tokens.json")).usage();
    assertThat(cached).isEqualTo(new Usage(68, 1152, 0, 0, 100, 0, false));
    // DeepSeek: prompt_cache_hit_tokens 320 of prompt_tokens 339.
    Usage deepseek = OpenAiResponseReader.readChat(Fixtures.bytes("deepseek/tool-call.json"))
        .usage();
    assertThat(deepseek).isEqualTo(new Usage(19, 320, 0, 0, 44, 48, false));
    // Moonshot: top-level usage.cached_tokens 10.
    Usage kimi = OpenAiResponseReader.readChat(
        Fixtures.bytes("moonshot/synthetic-reasoning-cached.json")).usage();
    assertThat(kimi).isEqualTo(new Usage(10, 10, 0, 0, 8, 22, false));
    // Gemini's OpenAI mode: total_tokens 109 = prompt 35 + completion 12 + 62 unreported thinking.
    Usage gemini = OpenAiResponseReader.readChat(
        Fixtures.bytes("gemini/openai-compat-tool-calls-without-id.json")).usage();
    assertThat(gemini).isEqualTo(new Usage(35, 0, 0, 0, 12, 62, false));
    // Groq stream: usage on the finish chunk and again under x_groq; counted once.
    List<StreamChunk> groq = OpenAiCases.replay(
        Fixtures.bytes("groq/tool-call-stream-x-groq-usage.sse"), 64);
    assertThat(groq.stream().filter(k -> k.usage() != null).map(StreamChunk::usage).toList())
        .containsExactly(new Usage(304, 0, 0, 0, 26, 23, false));
  }

  @Test
  void errorsInsideA200StreamCarryTheVendorsMessage() {
    byte[] sse = Fixtures.bytes("openrouter/error-mid-stream-chunk.sse");
    assertThatThrownBy(() -> OpenAiCases.replay(sse, 64))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("Token limit reached");
          assertThat(e.upstreamStatus()).isEqualTo(400);
        });
    assertThatThrownBy(() -> OpenAiCases.replay(
        Fixtures.bytes("groq/error-stream-tool-use-failed.sse"), 64))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.getMessage()).startsWith("Tool call validation failed");
          assertThat(e.code()).isEqualTo("tool_use_failed");
          assertThat(e.upstreamStatus()).isEqualTo(400);
        });
  }

  /** Prints the coverage and checks nothing in scope was silently dropped. */
  @Test
  void coverageOfTheInScopeFixtures() {
    List<Case> covered = OpenAiCases.covered();
    Map<Case, String> excluded = OpenAiCases.excluded();
    long inScopeFolders = Fixtures.manifest().stream()
        .filter(c -> OpenAiCases.VENDORS.contains(c.provider()))
        .filter(c -> !c.provider().equals("gemini") || c.name().startsWith("openai-compat"))
        .count();
    assertThat(covered.size() + excluded.size()).isEqualTo(inScopeFolders);
    assertThat(covered).allSatisfy(c -> assertThat(c.response()).isPresent());
    Map<String, Long> byVendor = covered.stream()
        .collect(Collectors.groupingBy(Case::provider, TreeMap::new, Collectors.counting()));
    System.out.println("OpenAI conformance: " + covered.size() + " cases replayed " + byVendor
        + "; not covered: " + excluded.entrySet().stream()
            .map(e -> e.getKey().id() + " (" + e.getValue() + ")").toList());
    assertThat(covered).hasSizeGreaterThanOrEqualTo(70);
  }
}
