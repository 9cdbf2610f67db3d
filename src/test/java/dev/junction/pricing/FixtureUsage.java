package dev.junction.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The usage a recorded fixture reports, read from the raw vendor JSON. For each vendor convention
 * it yields both the canonical {@link Usage} (built with the {@code Usage.fromX} factory, as the
 * gateway does) and the per-kind token counts derived here by hand, spelled out per convention.
 */
record FixtureUsage(String model, Usage usage, Map<TokenKind, Long> counts,
    @Nullable Long xaiTicks) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a fixture; empty when it carries no usage or no model id. */
  static Optional<FixtureUsage> read(Path file, String dir) throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    if (file.toString().endsWith(".sse")) {
      for (String line : Files.readAllLines(file)) {
        String l = line.strip();
        if (l.startsWith("data:") && !l.substring(5).isBlank() && !l.contains("[DONE]")) {
          objects.add(JSON.readTree(l.substring(5).strip()));
        }
      }
    } else {
      objects.add(JSON.readTree(file.toFile()));
    }
    String model = null;
    JsonNode usage = null;
    ObjectNode anthropic = JSON.createObjectNode();
    for (JsonNode o : objects) {
      if (model == null) {
        model = firstText(o.path("model"), o.path("modelVersion"), o.path("message").path("model"),
            o.path("response").path("model"));
      }
      if (dir.equals("anthropic")) {
        // message_start carries the prompt-side counts; message_delta the final (cumulative) ones.
        mergeNumbers(anthropic, o.path("message").path("usage"));
        mergeNumbers(anthropic, o.path("usage"));
      } else {
        for (JsonNode u : List.of(o.path("usage"), o.path("usageMetadata"),
            o.path("response").path("usage"), o.path("x_groq").path("usage"))) {
          if (u.isObject() && u.size() > 0) {
            usage = u;
          }
        }
      }
    }
    if (dir.equals("anthropic") && anthropic.has("output_tokens")) {
      usage = anthropic;
    }
    if (model == null || usage == null) {
      return Optional.empty();
    }
    if (dir.equals("anthropic")) {
      return Optional.of(anthropic(model, usage));
    }
    if (usage.has("promptTokenCount")) {
      return Optional.of(gemini(model, usage));
    }
    if (usage.has("prompt_tokens")) {
      return Optional.of(openAi(model, usage, usage.path("prompt_tokens").asLong(),
          usage.path("completion_tokens").asLong(), cachedOf(usage),
          usage.path("completion_tokens_details").path("reasoning_tokens").asLong()));
    }
    if (usage.has("input_tokens")) {
      // OpenAI Responses API: input_tokens includes cached, output_tokens includes reasoning.
      return Optional.of(openAi(model, usage, usage.path("input_tokens").asLong(),
          usage.path("output_tokens").asLong(),
          usage.path("input_tokens_details").path("cached_tokens").asLong(),
          usage.path("output_tokens_details").path("reasoning_tokens").asLong()));
    }
    return Optional.empty();
  }

  /**
   * OpenAI convention: prompt includes cached, completion includes reasoning; billed as (prompt -
   * cached) at input, cached at cache read, (completion - reasoning) at output, reasoning at the
   * reasoning (else output) rate. xAI reports reasoning outside completion: then total = prompt +
   * completion + reasoning, and completion is all non-reasoning output.
   */
  private static FixtureUsage openAi(String model, JsonNode u, long prompt, long completion,
      long cached, long reasoning) {
    long total = u.path("total_tokens").asLong(-1);
    boolean reasoningOutside = reasoning > 0 && total == prompt + completion + reasoning;
    long completionWithReasoning = reasoningOutside ? completion + reasoning : completion;
    Map<TokenKind, Long> c = zeroCounts();
    c.put(TokenKind.INPUT, prompt - cached);
    c.put(TokenKind.CACHE_READ, cached);
    c.put(TokenKind.OUTPUT, completionWithReasoning - reasoning);
    c.put(TokenKind.REASONING, reasoning);
    Long ticks = u.has("cost_in_usd_ticks") && u.path("num_server_side_tools_used").asLong() == 0
        ? u.path("cost_in_usd_ticks").asLong() : null;
    return new FixtureUsage(model,
        Usage.fromOpenAi(prompt, completionWithReasoning, cached, 0, reasoning), c, ticks);
  }

  /** DeepSeek's prompt_cache_hit_tokens and Moonshot's top-level cached_tokens are cache reads. */
  private static long cachedOf(JsonNode u) {
    return Math.max(u.path("prompt_tokens_details").path("cached_tokens").asLong(),
        Math.max(u.path("prompt_cache_hit_tokens").asLong(), u.path("cached_tokens").asLong()));
  }

  /**
   * Anthropic convention: input_tokens excludes cache reads and writes; cache_creation splits into
   * 5-minute and 1-hour writes; output_tokens includes thinking (billed as output).
   */
  private static FixtureUsage anthropic(String model, JsonNode u) {
    long input = u.path("input_tokens").asLong();
    long read = u.path("cache_read_input_tokens").asLong();
    long created = u.path("cache_creation_input_tokens").asLong();
    long oneHour = u.path("ephemeral_1h_input_tokens").asLong();
    long output = u.path("output_tokens").asLong();
    Map<TokenKind, Long> c = zeroCounts();
    c.put(TokenKind.INPUT, input);
    c.put(TokenKind.CACHE_READ, read);
    c.put(TokenKind.CACHE_WRITE_5M, created - oneHour);
    c.put(TokenKind.CACHE_WRITE_1H, oneHour);
    c.put(TokenKind.OUTPUT, output);
    return new FixtureUsage(model, Usage.fromAnthropic(input, read, created, oneHour, output), c,
        null);
  }

  /**
   * Gemini convention: promptTokenCount includes cachedContentTokenCount; tool-use prompt tokens
   * bill as input; candidatesTokenCount excludes thoughtsTokenCount (billed as reasoning).
   */
  private static FixtureUsage gemini(String model, JsonNode u) {
    long prompt = u.path("promptTokenCount").asLong();
    long cached = u.path("cachedContentTokenCount").asLong();
    long tool = u.path("toolUsePromptTokenCount").asLong();
    long candidates = u.path("candidatesTokenCount").asLong();
    long thoughts = u.path("thoughtsTokenCount").asLong();
    Map<TokenKind, Long> c = zeroCounts();
    c.put(TokenKind.INPUT, prompt - cached + tool);
    c.put(TokenKind.CACHE_READ, cached);
    c.put(TokenKind.OUTPUT, candidates);
    c.put(TokenKind.REASONING, thoughts);
    return new FixtureUsage(model, Usage.fromGemini(prompt, cached, tool, candidates, thoughts), c,
        null);
  }

  private static Map<TokenKind, Long> zeroCounts() {
    Map<TokenKind, Long> c = new EnumMap<>(TokenKind.class);
    for (TokenKind k : TokenKind.values()) {
      c.put(k, 0L);
    }
    return c;
  }

  private static void mergeNumbers(ObjectNode into, JsonNode usage) {
    if (!usage.isObject()) {
      return;
    }
    usage.properties().forEach(e -> {
      if (e.getValue().isNumber()) {
        into.set(e.getKey(), e.getValue());
      }
    });
    JsonNode creation = usage.path("cache_creation");
    if (creation.has("ephemeral_1h_input_tokens")) {
      into.set("ephemeral_1h_input_tokens", creation.get("ephemeral_1h_input_tokens"));
    }
  }

  private static @Nullable String firstText(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      if (n.isTextual() && !n.asText().isBlank()) {
        return n.asText();
      }
    }
    return null;
  }
}
