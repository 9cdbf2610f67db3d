package dev.junction.embedding;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import java.util.List;

/**
 * Embedding vectors, in input order, with the call's usage (input tokens only). The float arrays
 * are owned by this response and must not be modified.
 */
public record EmbeddingResponse(String model, List<float[]> vectors, Usage usage) {
  public EmbeddingResponse {
    requireNonNull(model, "model");
    vectors = List.copyOf(vectors);
    requireNonNull(usage, "usage");
  }
}
