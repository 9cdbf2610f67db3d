package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Structured output: free text, any JSON object, or JSON that matches {@code schema}.
 */
public record ResponseFormat(
    Type type, @Nullable String name, @Nullable JsonNode schema, @Nullable Boolean strict) {

  /** The kinds of structured output. */
  public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }

  public ResponseFormat {
    requireNonNull(type, "type");
  }
}
