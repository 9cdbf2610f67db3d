package dev.junction.chat;

import static java.util.Objects.requireNonNull;

/**
 * A function call made by the model. {@code arguments} is the JSON text exactly as the model
 * produced it (OpenAI's convention); adapters of vendors that use JSON objects parse or print it.
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(arguments, "arguments");
  }
}
