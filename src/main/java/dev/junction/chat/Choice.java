package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One completed answer of a {@link ChatResponse}.
 *
 * <p>{@code content} holds the answer's parts in vendor order: {@link ContentPart.Text} and the
 * reasoning parts ({@link ContentPart.Thinking}, {@link ContentPart.RedactedThinking}). {@code
 * stopSequence} is the sequence that ended the answer when {@code finishReason} is {@link
 * FinishReason#STOP_SEQUENCE}. {@code extras} holds unmodelled choice-level fields (e.g. {@code
 * logprobs}), {@code messageExtras} unmodelled message fields (e.g. {@code annotations}); both
 * are read-only by convention and may be null.
 */
public record Choice(
    int index,
    List<ContentPart> content,
    List<ToolCall> toolCalls,
    @Nullable String refusal,
    @Nullable FinishReason finishReason,
    @Nullable String stopSequence,
    @Nullable ObjectNode extras,
    @Nullable ObjectNode messageExtras) {

  public Choice {
    content = List.copyOf(content);
    toolCalls = List.copyOf(toolCalls);
  }

  /** A plain text answer. */
  public static Choice text(int index, String text, FinishReason finishReason) {
    requireNonNull(text, "text");
    return new Choice(index, List.of(new ContentPart.Text(text)), List.of(), null, finishReason,
        null, null, null);
  }

  /** The answer's text parts joined, or null when it has none. */
  public @Nullable String text() {
    StringBuilder sb = null;
    for (ContentPart p : content) {
      if (p instanceof ContentPart.Text t) {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(t.text());
      }
    }
    return sb == null ? null : sb.toString();
  }

  /** The reasoning parts' text joined, or null when there is none. */
  public @Nullable String reasoningText() {
    StringBuilder sb = null;
    for (ContentPart p : content) {
      if (p instanceof ContentPart.Thinking t) {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(t.text());
      }
    }
    return sb == null ? null : sb.toString();
  }
}
