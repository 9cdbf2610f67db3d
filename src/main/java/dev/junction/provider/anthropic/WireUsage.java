package dev.junction.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.Usage;
import dev.junction.json.Json;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's {@code usage} object: its numbers as they stand in one stream (the latest value of
 * each field wins, as {@code message_delta} repeats and updates what {@code message_start} said),
 * read into canonical {@link Usage} through {@link Usage#fromAnthropic}, and canonical usage
 * written back in Anthropic's convention. Not thread-safe.
 */
final class WireUsage {

  private long input;
  private long cacheRead;
  private long cacheCreation;
  private long cacheCreation1h;
  private long output;

  /** Takes every field {@code usage} has, keeping the earlier value of those it lacks. */
  void absorb(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    input = Json.longValue(usage, "input_tokens", input);
    cacheRead = Json.longValue(usage, "cache_read_input_tokens", cacheRead);
    cacheCreation = Json.longValue(usage, "cache_creation_input_tokens", cacheCreation);
    cacheCreation1h = Json.longValue(usage.get("cache_creation"), "ephemeral_1h_input_tokens",
        cacheCreation1h);
    output = Json.longValue(usage, "output_tokens", output);
  }

  /** The numbers absorbed so far, normalised. */
  Usage toUsage() {
    return Usage.fromAnthropic(input, cacheRead, cacheCreation, cacheCreation1h, output);
  }

  /**
   * The {@code usage} of a whole Messages response body (or a {@code count_tokens} answer), read
   * without building the rest of the body; null when the body has none or is not a JSON object.
   */
  static @Nullable Usage ofBody(byte[] body) {
    try (JsonParser p = Json.MAPPER.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("usage".equals(name) && value == JsonToken.START_OBJECT) {
          return read(p.readValueAsTree());
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads one complete {@code usage} object. */
  static Usage read(JsonNode usage) {
    WireUsage w = new WireUsage();
    w.absorb(usage);
    return w.toUsage();
  }

  /**
   * Writes canonical usage in Anthropic's convention: {@code input_tokens} without cache traffic,
   * thinking folded into {@code output_tokens}, and the cache-write split by TTL.
   */
  static ObjectNode write(Usage u) {
    ObjectNode o = Json.object();
    o.put("input_tokens", u.input());
    o.put("cache_creation_input_tokens", u.cacheWriteTotal());
    o.put("cache_read_input_tokens", u.cacheRead());
    ObjectNode creation = o.putObject("cache_creation");
    creation.put("ephemeral_5m_input_tokens", u.cacheWrite());
    creation.put("ephemeral_1h_input_tokens", u.cacheWrite1h());
    o.put("output_tokens", u.completionTokens());
    return o;
  }
}
