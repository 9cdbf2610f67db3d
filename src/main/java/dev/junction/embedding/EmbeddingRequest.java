package dev.junction.embedding;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Texts to embed. {@code raw} is the client's request body when it came in the OpenAI shape, so
 * an OpenAI-compatible upstream receives fields the gateway does not model (token-array inputs
 * among them: then {@code input} is empty and only such upstreams can serve the request).
 * {@code encodingFormat} is {@code float} or {@code base64} as the client asked.
 */
public record EmbeddingRequest(
    String model,
    List<String> input,
    @Nullable Integer dimensions,
    @Nullable String encodingFormat,
    @Nullable String user,
    ObjectNode raw) {

  public EmbeddingRequest {
    requireNonNull(model, "model");
    input = List.copyOf(input);
    requireNonNull(raw, "raw");
  }

  /** A request for plain texts with no options. */
  public static EmbeddingRequest of(String model, List<String> input) {
    return new EmbeddingRequest(model, input, null, null, null,
        JsonNodeFactory.instance.objectNode());
  }

  /** This request for another model (the chosen deployment's upstream id). */
  public EmbeddingRequest withModel(String newModel) {
    return new EmbeddingRequest(newModel, input, dimensions, encodingFormat, user, raw);
  }
}
