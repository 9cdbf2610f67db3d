package dev.junction.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.Usage;
import dev.junction.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code usage} object of OpenAI and OpenAI-compatible vendors into canonical {@link
 * Usage}, undoing each vendor's convention:
 *
 * <ul>
 *   <li>cached prompt tokens: {@code prompt_tokens_details.cached_tokens} (OpenAI, xAI, Qwen),
 *       {@code prompt_cache_hit_tokens} (DeepSeek), top-level {@code cached_tokens} (Moonshot);
 *   <li>cache writes: {@code prompt_tokens_details.cache_write_tokens} or {@code
 *       cache_creation_input_tokens} where a vendor (or a gateway in front of Anthropic) reports
 *       them;
 *   <li>reasoning: {@code completion_tokens_details.reasoning_tokens}. OpenAI counts them inside
 *       {@code completion_tokens}; xAI does not ({@code total_tokens = prompt + completion +
 *       reasoning}). Gemini's OpenAI mode reports no reasoning at all and counts its thinking
 *       only in {@code total_tokens}; that remainder is billed as reasoning. The convention is
 *       detected from {@code total_tokens}, so all three price right.
 * </ul>
 */
public final class OpenAiUsage {

  private OpenAiUsage() {}

  /** Reads a usage object; null when {@code usage} is absent or JSON null. */
  public static @Nullable Usage read(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return null;
    }
    long prompt = Json.longValue(usage, "prompt_tokens", 0);
    long completion = Json.longValue(usage, "completion_tokens", 0);
    JsonNode promptDetails = usage.get("prompt_tokens_details");
    JsonNode completionDetails = usage.get("completion_tokens_details");
    long cached = Json.longValue(promptDetails, "cached_tokens", -1);
    if (cached <= 0) {
      long hit = Json.longValue(usage, "prompt_cache_hit_tokens", -1);
      long top = Json.longValue(usage, "cached_tokens", -1);
      cached = Math.max(Math.max(cached, hit), top);
    }
    long writes = Math.max(Json.longValue(promptDetails, "cache_write_tokens", 0),
        Json.longValue(usage, "cache_creation_input_tokens", 0));
    long reasoning = Math.max(0, Json.longValue(completionDetails, "reasoning_tokens", 0));
    long total = Json.longValue(usage, "total_tokens", -1);
    if (reasoning > 0 && (reasoning > completion
        || (total >= 0 && total == prompt + completion + reasoning))) {
      // Reasoning reported outside completion_tokens (xAI): fold it in before normalising.
      completion += reasoning;
    } else if (reasoning == 0 && total > prompt + completion) {
      // Thinking counted only in total_tokens (Gemini's OpenAI mode): bill it as reasoning.
      reasoning = total - prompt - completion;
      completion += reasoning;
    }
    return Usage.fromOpenAi(prompt, completion, Math.max(0, cached), writes, reasoning);
  }
}
