package dev.junction.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.Usage;
import org.jspecify.annotations.Nullable;

/**
 * The token counts an OpenAI-style {@code usage} object bills, read straight from the fixture
 * JSON: the oracle for canonical {@link Usage} and for the usage the gateway writes back.
 *
 * <ul>
 *   <li>{@code prompt}: {@code prompt_tokens};
 *   <li>{@code cached}: {@code prompt_tokens_details.cached_tokens}, else DeepSeek's {@code
 *       prompt_cache_hit_tokens}, else Moonshot's top-level {@code cached_tokens} (first that is
 *       positive);
 *   <li>{@code total}: {@code total_tokens}, or prompt + completion when absent;
 *   <li>{@code completion}: every generated token the vendor counted: {@code total - prompt}. For
 *       OpenAI that is {@code completion_tokens}; for xAI it adds {@code reasoning_tokens}, which
 *       xAI reports outside {@code completion_tokens} ({@code total = prompt + completion +
 *       reasoning}); for Gemini's OpenAI mode it adds the thinking tokens it only counts in {@code
 *       total_tokens}. Never less than {@code completion_tokens};
 *   <li>{@code reasoning}: {@code completion_tokens_details.reasoning_tokens}, or, when none are
 *       reported, the generated tokens counted only in the total.
 * </ul>
 */
record Tokens(long prompt, long completion, long cached, long reasoning, long total) {

  static Tokens expected(JsonNode usage) {
    long prompt = usage.path("prompt_tokens").asLong(0);
    long reported = usage.path("completion_tokens").asLong(0);
    long total = usage.has("total_tokens") ? usage.path("total_tokens").asLong()
        : prompt + reported;
    long completion = Math.max(reported, total - prompt);
    long reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
    if (reasoning == 0) {
      reasoning = completion - reported;
    }
    long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
    if (cached <= 0) {
      cached = usage.path("prompt_cache_hit_tokens").asLong(0);
    }
    if (cached <= 0) {
      cached = usage.path("cached_tokens").asLong(0);
    }
    return new Tokens(prompt, completion, cached, reasoning, prompt + completion);
  }

  /**
   * The usage object an OpenAI-format body or chunk carries: top-level {@code usage}, else Groq's
   * {@code x_groq.usage}, else one inside a choice (older Moonshot streams); null when none.
   */
  static @Nullable JsonNode usageIn(JsonNode bodyOrChunk) {
    JsonNode u = bodyOrChunk.get("usage");
    if (u != null && u.isObject()) {
      return u;
    }
    u = bodyOrChunk.path("x_groq").get("usage");
    if (u != null && u.isObject()) {
      return u;
    }
    for (JsonNode c : bodyOrChunk.path("choices")) {
      if (c.path("usage").isObject()) {
        return c.get("usage");
      }
    }
    return null;
  }

  /** Asserts canonical usage bills exactly these tokens. */
  void assertCanonical(@Nullable Usage u, String what) {
    assertThat(u).as(what + ": usage").isNotNull();
    assertThat(u.promptTokens()).as(what + ": prompt tokens").isEqualTo(prompt);
    assertThat(u.completionTokens()).as(what + ": completion tokens").isEqualTo(completion);
    assertThat(u.cacheRead()).as(what + ": cached tokens").isEqualTo(cached);
    assertThat(u.reasoning()).as(what + ": reasoning tokens").isEqualTo(reasoning);
    assertThat(u.totalTokens()).as(what + ": total tokens").isEqualTo(total);
  }

  /** Asserts an OpenAI {@code usage} object the gateway wrote carries exactly these tokens. */
  void assertWritten(JsonNode usage, String what) {
    assertThat(usage.path("prompt_tokens").asLong(-1)).as(what + ": prompt_tokens")
        .isEqualTo(prompt);
    assertThat(usage.path("completion_tokens").asLong(-1)).as(what + ": completion_tokens")
        .isEqualTo(completion);
    assertThat(usage.path("total_tokens").asLong(-1)).as(what + ": total_tokens")
        .isEqualTo(total);
    assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong(-1))
        .as(what + ": cached_tokens").isEqualTo(cached);
    assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asLong(-1))
        .as(what + ": reasoning_tokens").isEqualTo(reasoning);
  }
}
