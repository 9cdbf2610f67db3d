package dev.junction.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolDefinition;

/**
 * Tiktoken-compatible token counts ({@code o200k_base}, the encoding of OpenAI's current models;
 * for other vendors' tokenizers it is an estimate within a few percent on prose). The encoding is
 * loaded once from jtokkit's bundled resources; thread-safe.
 *
 * <p>Prompt counts follow OpenAI's chat accounting: each message costs its text plus 3 tokens of
 * framing, and the reply is primed with 3 more. Images and documents are counted at a flat 85
 * tokens each (the low-detail image price); they are estimates too.
 */
public final class TokenCount {

  /** Framing tokens per message in OpenAI's chat format. */
  public static final int PER_MESSAGE = 3;
  /** Tokens that prime the assistant's reply. */
  public static final int REPLY_PRIMING = 3;
  /** Flat estimate for one image or document part. */
  public static final int PER_MEDIA_PART = 85;

  private static final class Holder {
    static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }

  private TokenCount() {}

  /** Tokens in {@code text}. */
  public static long text(CharSequence text) {
    return text.isEmpty() ? 0 : Holder.ENCODING.countTokens(text.toString());
  }

  /** Tokens the request's prompt will take: messages, tool definitions and framing. */
  public static long prompt(ChatRequest request) {
    long n = REPLY_PRIMING;
    for (Message m : request.messages()) {
      n += PER_MESSAGE;
      for (ContentPart p : m.content()) {
        n += switch (p) {
          case ContentPart.Text t -> text(t.text());
          case ContentPart.Thinking t -> text(t.text());
          case ContentPart.Image i -> PER_MEDIA_PART;
          case ContentPart.Document d -> PER_MEDIA_PART;
          case ContentPart.RedactedThinking r -> 0;
        };
      }
      for (ToolCall c : m.toolCalls()) {
        n += text(c.name()) + text(c.arguments());
      }
    }
    for (ToolDefinition t : request.tools()) {
      n += text(t.name()) + (t.description() == null ? 0 : text(t.description()))
          + (t.parameters() == null ? 0 : text(t.parameters().toString()));
    }
    return n;
  }
}
