package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One step of a streamed answer: the deltas of zero or more choices, and, on the step that
 * carries it, the call's usage. {@code usage} when present is the total for the call so far (not
 * an increment). {@code extras} keeps unmodelled top-level fields (e.g. {@code
 * system_fingerprint}) and may be null. Immutable.
 */
public record StreamChunk(
    String id,
    String model,
    long created,
    List<ChoiceDelta> choices,
    @Nullable Usage usage,
    @Nullable ObjectNode extras) {

  public StreamChunk {
    requireNonNull(id, "id");
    requireNonNull(model, "model");
    choices = List.copyOf(choices);
  }
}
