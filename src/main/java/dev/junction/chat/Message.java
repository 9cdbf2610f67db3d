package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One turn of a conversation.
 *
 * <ul>
 *   <li>{@code content}: the parts in order (text, images, documents, and for assistant turns the
 *       reasoning blocks that preceded the answer).
 *   <li>{@code toolCalls}: calls an assistant turn made.
 *   <li>{@code toolCallId}: on a {@link Role#TOOL} turn, the call it answers; {@code toolError}
 *       says the tool failed (Anthropic {@code is_error}).
 *   <li>{@code name}: optional participant name (OpenAI) or the function name of a tool result
 *       (needed by Gemini, whose function responses are matched by name).
 * </ul>
 */
public record Message(
    Role role,
    List<ContentPart> content,
    List<ToolCall> toolCalls,
    @Nullable String toolCallId,
    @Nullable String name,
    boolean toolError) {

  public Message {
    requireNonNull(role, "role");
    content = List.copyOf(content);
    toolCalls = List.copyOf(toolCalls);
  }

  /** A message holding one text part. */
  public static Message text(Role role, String text) {
    return new Message(role, List.of(new ContentPart.Text(text)), List.of(), null, null, false);
  }

  /** The concatenated text parts (reasoning and media excluded). */
  public String text() {
    if (content.size() == 1 && content.get(0) instanceof ContentPart.Text t) {
      return t.text();
    }
    StringBuilder sb = new StringBuilder();
    for (ContentPart p : content) {
      if (p instanceof ContentPart.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** True when every part is text, so vendors that want a plain string can be given one. */
  public boolean isTextOnly() {
    for (ContentPart p : content) {
      if (!(p instanceof ContentPart.Text t) || t.cacheControl() != null) {
        return false;
      }
    }
    return true;
  }
}
