package dev.junction.provider.openai;

import static dev.junction.provider.openai.OpenAiCases.isError;
import static dev.junction.provider.openai.OpenAiCases.isStream;
import static dev.junction.provider.openai.OpenAiCases.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.StreamChunk;
import dev.junction.testing.Fixtures;
import dev.junction.testing.Fixtures.Case;
import dev.junction.testing.OpenApiSchema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Vendor answer to client answer: every recorded answer is decoded and written back in the OpenAI
 * client format ({@link OpenAiResponseWriter}, {@link OpenAiStreamEncoder}); what the client gets
 * must say what the vendor said: content, reasoning, tool calls, finish reasons, every usage
 * number, and the fields the gateway does not model (system_fingerprint, service_tier,
 * annotations, logprobs, x_groq, citations, Azure filter results, ...).
 */
class OpenAiRoundTripTest {

  /** Fields the writer rebuilds from the canonical model; all others must survive as they were. */
  private static final Set<String> TOP = Set.of("id", "object", "created", "model", "choices",
      "usage");
  private static final Set<String> CHOICE = Set.of("index", "message", "finish_reason");
  private static final Set<String> MESSAGE = Set.of("role", "content", "reasoning_content",
      "reasoning", "tool_calls", "refusal");

  @TestFactory
  Stream<DynamicTest> answersKeepWhatTheVendorSaid() {
    return OpenAiCases.covered().stream().filter(c -> !isStream(c) && !isError(c))
        .map(c -> dynamicTest(c.id(), () -> answer(c)));
  }

  private static void answer(Case c) {
    JsonNode fixture = Fixtures.json(response(c));
    ChatResponse decoded = OpenAiResponseReader.readChat(Fixtures.bytes(response(c)));
    JsonNode out = Fixtures.json(OpenAiResponseWriter.chat(decoded));
    Transcript.assertSame(Transcript.ofBody(out), Transcript.ofBody(fixture).withToolCallsFinish(),
        c.id());
    assertThat(out.path("object").asText()).isEqualTo("chat.completion");
    for (String f : List.of("id", "model", "created")) {
      if (fixture.has(f) && !fixture.get(f).asText().isEmpty()) {
        assertThat(out.get(f)).as(c + ": " + f).isEqualTo(fixture.get(f));
      }
    }
    JsonNode usage = Tokens.usageIn(fixture);
    if (usage == null) {
      assertThat(out.has("usage")).as(c + ": no usage invented").isFalse();
    } else {
      Tokens.expected(usage).assertWritten(out.path("usage"), c.id());
    }
    assertKeptTopLevel(fixture, out, c + " $");
    for (int i = 0; i < fixture.path("choices").size(); i++) {
      JsonNode fc = fixture.path("choices").get(i);
      JsonNode oc = out.path("choices").get(i);
      assertKept(fc, oc, CHOICE, c + " $.choices[" + i + "]");
      assertKept(fc.path("message"), oc.path("message"), MESSAGE,
          c + " $.choices[" + i + "].message");
    }
  }

  @TestFactory
  Stream<DynamicTest> streamsKeepWhatTheVendorSaid() {
    return OpenAiCases.covered().stream().filter(c -> isStream(c) && !isError(c))
        .flatMap(c -> Stream.of(true, false).map(includeUsage -> dynamicTest(
            c.id() + (includeUsage ? " include_usage" : " without usage"),
            () -> stream(c, includeUsage))));
  }

  private static void stream(Case c, boolean includeUsage) {
    String fixture = Fixtures.read(response(c));
    List<StreamChunk> chunks = OpenAiCases.replay(Fixtures.bytes(response(c)), 64);
    String written = encode(chunks, includeUsage);
    List<Sse.Event> events = Sse.parse(written);
    assertThat(written).as(c + ": ends with [DONE]").endsWith("data: [DONE]\n\n");
    assertThat(events.stream().filter(Sse.Event::isDone)).as(c + ": one [DONE]").hasSize(1);
    Transcript.assertSame(Transcript.ofSse(written), Transcript.ofSse(fixture), c.id());

    List<JsonNode> written0 = new ArrayList<>();
    events.stream().filter(e -> !e.isDone())
        .forEach(e -> written0.add(Fixtures.json(e.data().getBytes(StandardCharsets.UTF_8))));
    assertThat(written0).as(c + ": chunk objects")
        .allSatisfy(j -> assertThat(j.path("object").asText()).isEqualTo("chat.completion.chunk"));
    Set<Integer> seen = new HashSet<>();
    for (JsonNode j : written0) {
      for (JsonNode ch : j.path("choices")) {
        if (seen.add(ch.path("index").asInt())) {
          assertThat(ch.path("delta").path("role").asText()).as(c + ": first delta's role")
              .isEqualTo("assistant");
        }
      }
    }
    List<JsonNode> usageChunks = written0.stream().filter(j -> j.has("usage")).toList();
    JsonNode usage = lastUsage(fixture);
    if (includeUsage && usage != null) {
      assertThat(usageChunks).as(c + ": exactly one usage chunk").hasSize(1);
      JsonNode u = usageChunks.get(0);
      assertThat(written0.get(written0.size() - 1)).as(c + ": usage chunk is last").isSameAs(u);
      assertThat(u.path("choices").isArray() && u.path("choices").isEmpty())
          .as(c + ": usage chunk has choices: []").isTrue();
      Tokens.expected(usage).assertWritten(u.path("usage"), c.id());
    } else {
      assertThat(usageChunks).as(c + ": no usage chunk").isEmpty();
    }
  }

  /** What a client receives for these chunks. */
  static String encode(List<StreamChunk> chunks, boolean includeUsage) {
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(includeUsage);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StreamChunk k : chunks) {
      byte[] b = encoder.chunk(k);
      if (b != null) {
        out.writeBytes(b);
      }
    }
    out.writeBytes(encoder.end());
    return out.toString(StandardCharsets.UTF_8);
  }

  static @Nullable JsonNode lastUsage(String sse) {
    JsonNode usage = null;
    for (Sse.Event e : Sse.parse(sse)) {
      if (!e.isDone()) {
        JsonNode u = Tokens.usageIn(Fixtures.json(e.data().getBytes(StandardCharsets.UTF_8)));
        usage = u == null ? usage : u;
      }
    }
    return usage;
  }

  /**
   * Top-level fields survive as far as the OpenAI schema lets a client accept them: a JSON null
   * may be left out (absent means the same), and a {@code service_tier} that is not one of
   * OpenAI's ({@code ServiceTier} in its spec; Groq sends {@code on_demand}) must be.
   */
  static void assertKeptTopLevel(JsonNode from, JsonNode to, String where) {
    ObjectNode kept = from.deepCopy();
    from.properties().forEach(e -> {
      if (e.getValue().isNull()) {
        kept.remove(e.getKey());
        assertThat(to.path(e.getKey()).isNull() || to.path(e.getKey()).isMissingNode())
            .as(where + "." + e.getKey() + " null or absent").isTrue();
      }
    });
    JsonNode tier = from.get("service_tier");
    if (tier != null && !OpenApiSchema.openAi().validate("ServiceTier", tier).isEmpty()) {
      kept.remove("service_tier");
      assertThat(to.has("service_tier")).as(where + ".service_tier " + tier + " left out")
          .isFalse();
    }
    assertKept(kept, to, TOP, where);
  }

  /** Every field of {@code from} outside {@code modelled} is in {@code to}, equal by value. */
  static void assertKept(JsonNode from, JsonNode to, Set<String> modelled, String where) {
    from.properties().forEach(e -> {
      if (!modelled.contains(e.getKey())) {
        assertThat(to.has(e.getKey())).as(where + "." + e.getKey() + " kept").isTrue();
        assertThat(sameValue(e.getValue(), to.get(e.getKey())))
            .as(where + "." + e.getKey() + " unchanged: " + e.getValue() + " vs "
                + to.get(e.getKey())).isTrue();
      }
    });
  }

  /** JSON equality with numbers compared by value (the gateway keeps decimals exact). */
  static boolean sameValue(JsonNode a, JsonNode b) {
    return a.equals((x, y) -> x.isNumber() && y.isNumber()
        ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1, b);
  }
}
