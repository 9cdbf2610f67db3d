package dev.junction.chat;

import org.jspecify.annotations.Nullable;

/**
 * A fragment of a streamed tool call. The first fragment of call {@code index} carries its {@code
 * id} and {@code name}; later ones carry pieces of {@code arguments} JSON text to append.
 */
public record ToolCallDelta(
    int index, @Nullable String id, @Nullable String name, @Nullable String arguments) {}
