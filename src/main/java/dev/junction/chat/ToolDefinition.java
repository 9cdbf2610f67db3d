package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A function the model may call: its name, description and JSON-schema {@code parameters}.
 * {@code cacheControl} keeps an Anthropic prompt-cache marker placed on a tool.
 */
public record ToolDefinition(
    String name,
    @Nullable String description,
    @Nullable JsonNode parameters,
    @Nullable Boolean strict,
    @Nullable JsonNode cacheControl) {
  public ToolDefinition {
    requireNonNull(name, "name");
  }
}
