package dev.junction.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one stream event adds to choice {@code index}: text, reasoning text (with the reasoning's
 * signature when the vendor sends one), tool-call fragments, a refusal, and finally the finish
 * reason. Any field may be null/empty. {@code extras} keeps unmodelled choice fields (e.g. {@code
 * logprobs}) and may be null.
 */
public record ChoiceDelta(
    int index,
    @Nullable String text,
    @Nullable String reasoning,
    @Nullable String reasoningSignature,
    @Nullable String redactedReasoning,
    List<ToolCallDelta> toolCalls,
    @Nullable String refusal,
    @Nullable FinishReason finishReason,
    @Nullable String stopSequence,
    @Nullable ObjectNode extras) {

  public ChoiceDelta {
    toolCalls = List.copyOf(toolCalls);
  }

  /** A delta that carries text only. */
  public static ChoiceDelta text(int index, String text) {
    return new ChoiceDelta(index, text, null, null, null, List.of(), null, null, null, null);
  }

  /** A delta that carries reasoning text only. */
  public static ChoiceDelta reasoning(int index, String reasoning) {
    return new ChoiceDelta(index, null, reasoning, null, null, List.of(), null, null, null, null);
  }

  /** A delta that carries tool-call fragments only. */
  public static ChoiceDelta toolCalls(int index, List<ToolCallDelta> calls) {
    return new ChoiceDelta(index, null, null, null, null, calls, null, null, null, null);
  }

  /** A delta that ends the choice. */
  public static ChoiceDelta finish(int index, FinishReason reason, @Nullable String stopSequence) {
    return new ChoiceDelta(index, null, null, null, null, List.of(), null, reason, stopSequence,
        null);
  }
}
