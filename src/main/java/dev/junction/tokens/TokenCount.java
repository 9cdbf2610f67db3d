package dev.junction.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolDefinition;
import dev.junction.embedding.EmbeddingRequest;
import org.jspecify.annotations.Nullable;

/**
 * Tiktoken-compatible token counts ({@code o200k_base}, the encoding of OpenAI's current models;
 * for other vendors' tokenizers it is an estimate within a few percent on prose). The encoding is
 * loaded once from jtokkit's bundled resources; thread-safe.
 *
 * <p>Prompt counts follow OpenAI's chat accounting: each message costs its text plus 3 tokens of
 * framing, and the reply is primed with 3 more. Images and documents are counted at a flat 85
 * tokens each (the low-detail image price); they are estimates too.
 *
 * <p><b>Upper bounds.</b> Budgets need a count that is never below what any vendor bills, whatever
 * its tokenizer: {@link #promptBound} and {@link #embeddingsBound}. They count UTF-8 bytes, since
 * every tokenizer the gateway's vendors use (byte-level BPE at OpenAI and Anthropic, SentencePiece
 * with byte fallback at Gemini) emits at least one byte per token; each message adds {@value
 * #BOUND_PER_MESSAGE} tokens of framing and each request {@value #BOUND_PER_REQUEST}. An image
 * counts {@value #BOUND_PER_IMAGE}, an inline document its base64 length, a linked document
 * {@value #BOUND_PER_LINKED_DOCUMENT} (the documented exceptions to the zero-overshoot bound,
 * docs/KEYS.md). About four times the real count for English; the excess is held only while a
 * call runs. This class is the gateway's one place for counting tokens.
 */
public final class TokenCount {

  /** Framing tokens per message in OpenAI's chat format. */
  public static final int PER_MESSAGE = 3;
  /** Tokens that prime the assistant's reply. */
  public static final int REPLY_PRIMING = 3;
  /** Flat estimate for one image or document part. */
  public static final int PER_MEDIA_PART = 85;

  /** Framing tokens per message in {@link #promptBound}. */
  public static final int BOUND_PER_MESSAGE = 8;
  /** Framing tokens per request in {@link #promptBound}. */
  public static final int BOUND_PER_REQUEST = 16;
  /** Tokens {@link #promptBound} counts for one image. */
  public static final int BOUND_PER_IMAGE = 3_000;
  /** Tokens {@link #promptBound} counts for a document given by URL. */
  public static final int BOUND_PER_LINKED_DOCUMENT = 50_000;

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

  /** An upper bound of the prompt tokens of {@code r} under any vendor's tokenizer. */
  public static long promptBound(ChatRequest r) {
    long n = BOUND_PER_REQUEST;
    for (Message m : r.messages()) {
      n += BOUND_PER_MESSAGE + utf8(m.name()) + utf8(m.toolCallId());
      for (ContentPart p : m.content()) {
        n += switch (p) {
          case ContentPart.Text t -> utf8(t.text());
          case ContentPart.Image i -> BOUND_PER_IMAGE;
          case ContentPart.Document d -> d.data() != null ? d.data().length()
              : BOUND_PER_LINKED_DOCUMENT;
          case ContentPart.Thinking t -> utf8(t.text());
          case ContentPart.RedactedThinking t -> t.data().length();
        };
      }
      for (ToolCall c : m.toolCalls()) {
        n += BOUND_PER_MESSAGE + utf8(c.name()) + utf8(c.arguments());
      }
    }
    for (ToolDefinition t : r.tools()) {
      n += BOUND_PER_MESSAGE + utf8(t.name()) + utf8(t.description())
          + (t.parameters() == null ? 0 : utf8(t.parameters().toString()));
    }
    if (r.responseFormat() != null && r.responseFormat().schema() != null) {
      n += utf8(r.responseFormat().schema().toString());
    }
    for (String s : r.stop()) {
      n += utf8(s);
    }
    return n;
  }

  /** An upper bound of the tokens of every input of {@code r}. */
  public static long embeddingsBound(EmbeddingRequest r) {
    long n = 0;
    for (String s : r.input()) {
      n += BOUND_PER_MESSAGE + utf8(s);
    }
    return n;
  }

  /** The UTF-8 length of {@code s} (0 for null). */
  static long utf8(@Nullable String s) {
    if (s == null) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
