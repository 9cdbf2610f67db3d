package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A complete (non-streamed) chat answer in canonical form.
 *
 * <p>{@code model} is the model the vendor says answered. {@code usage} is null only when the
 * vendor reported none. {@code extras} keeps unmodelled top-level fields (e.g. {@code
 * system_fingerprint}, {@code service_tier}, Perplexity's {@code citations}) and may be null.
 */
public record ChatResponse(
    String id,
    String model,
    long created,
    List<Choice> choices,
    @Nullable Usage usage,
    @Nullable ObjectNode extras) {

  public ChatResponse {
    requireNonNull(id, "id");
    requireNonNull(model, "model");
    choices = List.copyOf(choices);
  }

  /** The same answer with usage replaced. */
  public ChatResponse withUsage(@Nullable Usage newUsage) {
    return new ChatResponse(id, model, created, choices, newUsage, extras);
  }
}
