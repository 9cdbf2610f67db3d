package dev.junction.gateway;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolDefinition;
import dev.junction.json.Json;

/**
 * The gateway's own estimate of a request's input tokens, for when no upstream counts them
 * ({@code count_tokens} on a model no Anthropic deployment serves, and the input tokens announced
 * in a translated stream's {@code message_start} before the upstream reports usage).
 *
 * <p>One token per 4 characters, rounded up, at least 1, over: every message's text and
 * reasoning, tool calls (name and arguments), tool results, and tool definitions (name,
 * description and input schema as JSON). Each image and each non-text document adds {@value
 * #PER_ATTACHMENT} tokens (about what Anthropic charges for an image of 1.15 megapixels); a
 * plain-text document counts as its text. Vendors' tokenizers differ, so this is a rough guide,
 * typically within 25% for English prose. Stateless.
 */
final class TokenEstimate {

  /** Tokens counted for each image or binary document. */
  static final long PER_ATTACHMENT = 1_600;

  private TokenEstimate() {}

  static long of(ChatRequest request) {
    long chars = 0;
    long attachments = 0;
    for (Message m : request.messages()) {
      for (ContentPart part : m.content()) {
        switch (part) {
          case ContentPart.Text t -> chars += t.text().length();
          case ContentPart.Thinking t -> chars += t.text().length();
          case ContentPart.Document d when d.data() != null
              && "text/plain".equals(d.mediaType()) -> chars += d.data().length();
          case ContentPart.Image i -> attachments++;
          case ContentPart.Document d -> attachments++;
          default -> { }
        }
      }
      for (ToolCall call : m.toolCalls()) {
        chars += call.name().length() + call.arguments().length();
      }
    }
    for (ToolDefinition t : request.tools()) {
      chars += t.name().length();
      chars += t.description() == null ? 0 : t.description().length();
      chars += t.parameters() == null ? 0 : Json.string(t.parameters()).length();
    }
    return Math.max(1, (chars + 3) / 4) + attachments * PER_ATTACHMENT;
  }
}
