package dev.junction.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.FinishReason;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolCallDelta;
import dev.junction.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What an answer says, choice by choice: text, reasoning text, refusal, tool calls (id, name,
 * joined argument text per tool index) and finish reason in the OpenAI vocabulary.
 *
 * <p>Built from an OpenAI-format body or SSE stream by plain JSON reading (independent of the code
 * under test, so it can serve as the oracle for a fixture) and from the canonical objects the
 * code under test produces, so the two can be compared.
 */
record Transcript(Map<Integer, Answer> choices) {

  /** One choice's answer. Absent text is "". {@code finish} is null when none was given. */
  record Answer(String text, String reasoning, String refusal, List<Call> calls,
      @Nullable String finish) {}

  /** One tool call; {@code id} is "" when the vendor sent none (or only empty ones). */
  record Call(int index, String id, String name, String arguments) {}

  /** From a {@code chat.completion} body. */
  static Transcript ofBody(JsonNode body) {
    Map<Integer, Answer> out = new TreeMap<>();
    JsonNode choices = body.path("choices");
    for (int i = 0; i < choices.size(); i++) {
      JsonNode c = choices.get(i);
      JsonNode m = c.path("message");
      List<Call> calls = new ArrayList<>();
      JsonNode tc = m.path("tool_calls");
      for (int k = 0; k < tc.size(); k++) {
        JsonNode fn = tc.get(k).path("function");
        calls.add(new Call(k, tc.get(k).path("id").asText(""), fn.path("name").asText(""),
            fn.path("arguments").asText("")));
      }
      out.put(c.path("index").asInt(i), new Answer(content(m.get("content")), reasoning(m),
          m.path("refusal").asText(""), calls, textOrNull(c.get("finish_reason"))));
    }
    return new Transcript(out);
  }

  /**
   * From a {@code chat.completion.chunk} SSE stream (fixture or encoder output): every delta's
   * pieces joined per choice and per tool-call index, the last finish reason of each choice.
   */
  static Transcript ofSse(String sse) {
    Map<Integer, Builder> b = new TreeMap<>();
    for (Sse.Event e : Sse.parse(sse)) {
      if (e.isDone()) {
        break;
      }
      JsonNode chunk = Fixtures.json(e.data().getBytes(StandardCharsets.UTF_8));
      for (JsonNode c : chunk.path("choices")) {
        Builder a = b.computeIfAbsent(c.path("index").asInt(0), k -> new Builder());
        JsonNode d = c.path("delta");
        a.text.append(content(d.get("content")));
        a.reasoning.append(reasoning(d));
        a.refusal.append(d.path("refusal").asText(""));
        JsonNode tc = d.path("tool_calls");
        for (int k = 0; k < tc.size(); k++) {
          JsonNode call = tc.get(k);
          JsonNode fn = call.path("function");
          a.call(call.path("index").asInt(k), call.path("id").asText(""),
              fn.path("name").asText(""), fn.path("arguments").asText(""));
        }
        String finish = textOrNull(c.get("finish_reason"));
        if (finish != null) {
          a.finish = finish;
        }
      }
    }
    return build(b);
  }

  /** From a canonical answer. */
  static Transcript of(ChatResponse r) {
    Map<Integer, Answer> out = new TreeMap<>();
    for (Choice c : r.choices()) {
      List<Call> calls = new ArrayList<>();
      for (int k = 0; k < c.toolCalls().size(); k++) {
        ToolCall t = c.toolCalls().get(k);
        calls.add(new Call(k, t.id(), t.name(), t.arguments()));
      }
      out.put(c.index(), new Answer(orEmpty(c.text()), orEmpty(c.reasoningText()),
          orEmpty(c.refusal()), calls, openAi(c.finishReason())));
    }
    return new Transcript(out);
  }

  /** From canonical stream chunks. */
  static Transcript of(List<StreamChunk> chunks) {
    Map<Integer, Builder> b = new TreeMap<>();
    for (StreamChunk chunk : chunks) {
      for (ChoiceDelta d : chunk.choices()) {
        Builder a = b.computeIfAbsent(d.index(), k -> new Builder());
        a.text.append(orEmpty(d.text()));
        a.reasoning.append(orEmpty(d.reasoning()));
        a.refusal.append(orEmpty(d.refusal()));
        for (ToolCallDelta t : d.toolCalls()) {
          a.call(t.index(), orEmpty(t.id()), orEmpty(t.name()), orEmpty(t.arguments()));
        }
        if (d.finishReason() != null) {
          a.finish = openAi(d.finishReason());
        }
      }
    }
    return build(b);
  }

  /**
   * Asserts {@code actual} says what {@code expected} (the fixture) says. Where the fixture's
   * tool-call id is empty (Gemini's OpenAI mode), the actual one must be a non-blank id that is
   * unique within its answer.
   */
  static void assertSame(Transcript actual, Transcript expected, String what) {
    assertThat(actual.choices.keySet()).as(what + ": choice indexes")
        .isEqualTo(expected.choices.keySet());
    for (var e : expected.choices.entrySet()) {
      Answer want = e.getValue();
      Answer got = actual.choices.get(e.getKey());
      String at = what + ", choice " + e.getKey();
      assertThat(got.text()).as(at + ": content").isEqualTo(want.text());
      assertThat(got.reasoning()).as(at + ": reasoning").isEqualTo(want.reasoning());
      assertThat(got.refusal()).as(at + ": refusal").isEqualTo(want.refusal());
      assertThat(got.finish()).as(at + ": finish_reason").isEqualTo(want.finish());
      assertThat(got.calls()).as(at + ": tool calls").hasSameSizeAs(want.calls());
      for (int i = 0; i < want.calls().size(); i++) {
        Call w = want.calls().get(i);
        Call g = got.calls().get(i);
        assertThat(g.index()).as(at + ": tool index").isEqualTo(w.index());
        assertThat(g.name()).as(at + ": tool name").isEqualTo(w.name());
        assertThat(g.arguments()).as(at + ": tool arguments").isEqualTo(w.arguments());
        if (w.id().isEmpty()) {
          assertThat(g.id()).as(at + ": generated tool id").isNotBlank();
        } else {
          assertThat(g.id()).as(at + ": tool id").isEqualTo(w.id());
        }
      }
      assertThat(got.calls().stream().map(Call::id).distinct().count()).as(at + ": unique ids")
          .isEqualTo(got.calls().size());
    }
  }

  /** The same transcript with a non-stream reader's normalisation: "stop" + tool calls. */
  Transcript withToolCallsFinish() {
    Map<Integer, Answer> out = new TreeMap<>();
    choices.forEach((i, a) -> out.put(i, "stop".equals(a.finish()) && !a.calls().isEmpty()
        ? new Answer(a.text(), a.reasoning(), a.refusal(), a.calls(), "tool_calls") : a));
    return new Transcript(out);
  }

  /** Canonical finish reason in the OpenAI vocabulary, spelled out here as the test's oracle. */
  static @Nullable String openAi(@Nullable FinishReason r) {
    if (r == null) {
      return null;
    }
    return switch (r) {
      case STOP, STOP_SEQUENCE, PAUSE_TURN -> "stop";
      case LENGTH -> "length";
      case TOOL_CALLS -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
    };
  }

  private static String content(@Nullable JsonNode c) {
    if (c == null || c.isNull()) {
      return "";
    }
    if (c.isArray()) {
      StringBuilder sb = new StringBuilder();
      c.forEach(p -> sb.append(p.path("text").asText("")));
      return sb.toString();
    }
    return c.asText();
  }

  /** {@code reasoning_content} (DeepSeek, Qwen, xAI, Moonshot, Z.ai) or {@code reasoning}. */
  private static String reasoning(JsonNode m) {
    JsonNode r = m.get("reasoning_content");
    if (r == null || !r.isTextual()) {
      r = m.get("reasoning");
    }
    return r != null && r.isTextual() ? r.asText() : "";
  }

  private static @Nullable String textOrNull(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static Transcript build(Map<Integer, Builder> b) {
    Map<Integer, Answer> out = new TreeMap<>();
    b.forEach((i, a) -> out.put(i, a.build()));
    return new Transcript(out);
  }

  private static final class Builder {
    final StringBuilder text = new StringBuilder();
    final StringBuilder reasoning = new StringBuilder();
    final StringBuilder refusal = new StringBuilder();
    final Map<Integer, String[]> calls = new TreeMap<>(); // id, name, arguments
    @Nullable String finish;

    void call(int index, String id, String name, String args) {
      String[] c = calls.computeIfAbsent(index, k -> new String[] {"", "", ""});
      if (c[0].isEmpty()) {
        c[0] = id;
      }
      if (c[1].isEmpty()) {
        c[1] = name;
      }
      c[2] += args;
    }

    Answer build() {
      List<Call> out = new ArrayList<>();
      calls.forEach((i, c) -> out.add(new Call(i, c[0], c[1], c[2])));
      return new Answer(text.toString(), reasoning.toString(), refusal.toString(), out, finish);
    }
  }
}
