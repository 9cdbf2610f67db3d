package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.completions.CompletionUsage;
import dev.junction.chat.Usage;
import dev.junction.json.Json;
import dev.junction.testing.FakeUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a recorded OpenAI-compatible answer says, read straight out of the fixture file: per
 * choice its text, reasoning text, tool calls and finish reason, and the vendor's usage object.
 * A deliberately naive reader (it concatenates the deltas of a stream as they appear in the
 * file), independent of the gateway's decoder, so a test compares the gateway's output with the
 * recording rather than with itself.
 */
record ExpectedAnswer(Map<Integer, Choice> choices, @Nullable JsonNode usage) {

  /** One choice of the recorded answer. */
  record Choice(String text, String reasoning, List<Call> toolCalls, @Nullable String finish) {}

  /** One tool call: the function name and its whole argument string. */
  record Call(String name, String arguments) {}

  /** Reads a {@code .json} (whole answer) or {@code .sse} (stream) fixture. */
  static ExpectedAnswer of(String fixture) {
    byte[] bytes = bytes(fixture);
    return fixture.endsWith(".sse") ? ofStream(new String(bytes, StandardCharsets.UTF_8))
        : ofWhole(Json.parse(bytes));
  }

  /** A JSON fixture file, parsed. */
  static JsonNode json(String fixture) {
    return Json.parse(bytes(fixture));
  }

  private static byte[] bytes(String fixture) {
    try {
      return Files.readAllBytes(FakeUpstream.fixture(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ExpectedAnswer ofWhole(JsonNode root) {
    Map<Integer, Choice> out = new TreeMap<>();
    for (JsonNode c : root.path("choices")) {
      JsonNode m = c.path("message");
      List<Call> calls = new ArrayList<>();
      for (JsonNode t : m.path("tool_calls")) {
        calls.add(new Call(t.path("function").path("name").asText(),
            t.path("function").path("arguments").asText()));
      }
      out.put(c.path("index").asInt(), new Choice(text(m, "content"),
          text(m, "reasoning_content") + text(m, "reasoning"), calls, finish(c)));
    }
    JsonNode usage = root.get("usage");
    return new ExpectedAnswer(out, usage == null || usage.isNull() ? null : usage);
  }

  private static ExpectedAnswer ofStream(String sse) {
    Map<Integer, StringBuilder> texts = new TreeMap<>();
    Map<Integer, StringBuilder> reasoning = new TreeMap<>();
    Map<Integer, Map<Integer, String[]>> calls = new TreeMap<>();
    Map<Integer, String> finishes = new TreeMap<>();
    JsonNode usage = null;
    for (String line : sse.replace("\r\n", "\n").split("\n")) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String data = line.substring(5).trim();
      if (data.equals("[DONE]") || data.isEmpty()) {
        continue;
      }
      JsonNode chunk = Json.parse(data.getBytes(StandardCharsets.UTF_8));
      JsonNode u = chunk.get("usage");
      if (u == null || u.isNull()) {
        u = chunk.path("x_groq").get("usage");
      }
      if (u != null && !u.isNull()) {
        usage = u;
      }
      for (JsonNode c : chunk.path("choices")) {
        int i = c.path("index").asInt();
        JsonNode d = c.path("delta");
        texts.computeIfAbsent(i, k -> new StringBuilder()).append(text(d, "content"));
        reasoning.computeIfAbsent(i, k -> new StringBuilder())
            .append(text(d, "reasoning_content")).append(text(d, "reasoning"));
        for (JsonNode t : d.path("tool_calls")) {
          String[] call = calls.computeIfAbsent(i, k -> new TreeMap<>())
              .computeIfAbsent(t.path("index").asInt(), k -> new String[] {"", ""});
          call[0] += text(t.path("function"), "name");
          call[1] += text(t.path("function"), "arguments");
        }
        String f = finish(c);
        if (f != null) {
          finishes.put(i, f);
        }
      }
    }
    Map<Integer, Choice> out = new TreeMap<>();
    for (int i : texts.keySet()) {
      List<Call> cs = new ArrayList<>();
      calls.getOrDefault(i, Map.of()).values().forEach(c -> cs.add(new Call(c[0], c[1])));
      out.put(i, new Choice(texts.get(i).toString(), reasoning.get(i).toString(), cs,
          finishes.get(i)));
    }
    return new ExpectedAnswer(out, usage);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static @Nullable String finish(JsonNode choice) {
    JsonNode f = choice.get("finish_reason");
    return f == null || f.isNull() ? null : f.asText();
  }

  Choice choice(int index) {
    Choice c = choices.get(index);
    if (c == null) {
      throw new IllegalArgumentException("the fixture has no choice " + index);
    }
    return c;
  }

  /** A number in the fixture's usage object ({@code a.b} for nested fields), or -1. */
  long usage(String path) {
    JsonNode n = usage;
    for (String part : path.split("\\.")) {
      n = n == null ? null : n.get(part);
    }
    return n == null || !n.isNumber() ? -1 : n.asLong();
  }

  /** Asserts that an answer the client got says what the recording says, choice by choice. */
  void assertMatches(ChatCompletion actual) {
    assertThat(actual.choices()).as("choices").hasSize(choices.size());
    for (ChatCompletion.Choice c : actual.choices()) {
      Choice e = choice((int) c.index());
      assertThat(c.message().content().orElse("")).as("choice %d text", c.index())
          .isEqualTo(e.text());
      List<Call> calls = c.message().toolCalls().orElse(List.of()).stream()
          .map(t -> new Call(t.asFunction().function().name(), t.asFunction().function().arguments()))
          .toList();
      assertThat(calls).as("choice %d tool calls", c.index()).isEqualTo(e.toolCalls());
      assertThat(c.finishReason().asString()).as("choice %d finish reason", c.index())
          .isEqualTo(e.finish());
    }
    if (usage == null) {
      assertThat(actual.usage()).as("usage (the recording has none)").isEmpty();
    } else {
      assertThat(actual.usage()).as("usage").isPresent();
      assertUsage(actual.usage().get());
    }
  }

  /**
   * Asserts OpenAI-wire usage against the recording: prompt and total tokens, cached and
   * reasoning tokens where the vendor reported them, and completion tokens where the vendor's
   * numbers follow OpenAI's convention ({@code prompt + completion = total}).
   */
  void assertUsage(CompletionUsage u) {
    assertThat(u.promptTokens()).as("prompt_tokens").isEqualTo(usage("prompt_tokens"));
    assertThat(u.totalTokens()).as("total_tokens").isEqualTo(usage("total_tokens"));
    if (openAiConvention()) {
      assertThat(u.completionTokens()).as("completion_tokens")
          .isEqualTo(usage("completion_tokens"));
    }
    long cached = cachedTokens();
    if (cached >= 0) {
      assertThat(u.promptTokensDetails()).isPresent();
      assertThat(u.promptTokensDetails().get().cachedTokens()).as("cached_tokens")
          .contains(cached);
    }
    long reasoning = usage("completion_tokens_details.reasoning_tokens");
    if (reasoning >= 0) {
      assertThat(u.completionTokensDetails()).isPresent();
      assertThat(u.completionTokensDetails().get().reasoningTokens()).as("reasoning_tokens")
          .contains(reasoning);
    }
  }

  /** Asserts the gateway's canonical usage (a CallRecord's) against the recording. */
  void assertUsage(Usage u) {
    assertThat(u).as("usage").isNotNull();
    assertThat(u.promptTokens()).as("prompt tokens").isEqualTo(usage("prompt_tokens"));
    assertThat(u.totalTokens()).as("total tokens").isEqualTo(usage("total_tokens"));
    if (openAiConvention()) {
      assertThat(u.completionTokens()).as("completion tokens")
          .isEqualTo(usage("completion_tokens"));
    }
    long cached = cachedTokens();
    if (cached >= 0) {
      assertThat(u.cacheRead()).as("cache read tokens").isEqualTo(cached);
    }
    long reasoning = usage("completion_tokens_details.reasoning_tokens");
    if (reasoning >= 0) {
      assertThat(u.reasoning()).as("reasoning tokens").isEqualTo(reasoning);
    }
    assertThat(u.estimated()).as("estimated").isFalse();
  }

  private boolean openAiConvention() {
    return usage("prompt_tokens") + usage("completion_tokens") == usage("total_tokens");
  }

  /** Cached prompt tokens as the vendor reported them, or -1. */
  private long cachedTokens() {
    long details = usage("prompt_tokens_details.cached_tokens");
    return details >= 0 ? details : usage("prompt_cache_hit_tokens");
  }
}
