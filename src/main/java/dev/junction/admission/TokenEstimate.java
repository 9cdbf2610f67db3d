package dev.junction.admission;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolDefinition;
import dev.junction.embedding.EmbeddingRequest;

/**
 * Counts a request's input tokens before it is sent, from above: the count used for the
 * worst-case cost and the TPM charge.
 *
 * <p><b>Why bytes.</b> Every tokenizer the gateway's vendors use (byte-level BPE for OpenAI and
 * Anthropic, SentencePiece with byte fallback for Gemini) emits at least one UTF-8 byte per token,
 * so the UTF-8 length of the text is an upper bound of its token count, whatever the model or
 * language. It is about four times the real count for English: the excess is held only while
 * the call runs, then replaced by the real cost. Each message adds {@value #PER_MESSAGE} tokens
 * of chat-template framing and each request {@value #PER_REQUEST}.
 *
 * <p>Images and documents cannot be bounded from the request alone: an image counts {@value
 * #PER_IMAGE} tokens (above what OpenAI, Anthropic and Gemini charge for one image at their
 * default resolution limits), an inline document its base64 length (more than its bytes), a
 * document by URL {@value #PER_LINKED_DOCUMENT}. These are the documented exceptions to the
 * zero-overshoot bound (docs/KEYS.md). Stateless.
 */
public final class TokenEstimate {

  static final int PER_MESSAGE = 8;
  static final int PER_REQUEST = 16;
  static final int PER_IMAGE = 3_000;
  static final int PER_LINKED_DOCUMENT = 50_000;

  private TokenEstimate() {}

  /** An upper estimate of the prompt tokens of {@code r}. */
  public static long chat(ChatRequest r) {
    long n = PER_REQUEST;
    for (Message m : r.messages()) {
      n += PER_MESSAGE + bytes(m.name()) + bytes(m.toolCallId());
      for (ContentPart p : m.content()) {
        n += part(p);
      }
      for (ToolCall c : m.toolCalls()) {
        n += PER_MESSAGE + bytes(c.name()) + bytes(c.arguments());
      }
    }
    for (ToolDefinition t : r.tools()) {
      n += PER_MESSAGE + bytes(t.name()) + bytes(t.description())
          + (t.parameters() == null ? 0 : bytes(t.parameters().toString()));
    }
    if (r.responseFormat() != null && r.responseFormat().schema() != null) {
      n += bytes(r.responseFormat().schema().toString());
    }
    for (String s : r.stop()) {
      n += bytes(s);
    }
    return n;
  }

  /** An upper estimate of the tokens of every input of {@code r}. */
  public static long embeddings(EmbeddingRequest r) {
    long n = 0;
    for (String s : r.input()) {
      n += PER_MESSAGE + bytes(s);
    }
    return n;
  }

  private static long part(ContentPart p) {
    return switch (p) {
      case ContentPart.Text t -> bytes(t.text());
      case ContentPart.Image i -> PER_IMAGE;
      case ContentPart.Document d -> d.data() != null ? d.data().length()
          : PER_LINKED_DOCUMENT;
      case ContentPart.Thinking t -> bytes(t.text());
      case ContentPart.RedactedThinking t -> t.data().length();
    };
  }

  private static long bytes(@org.jspecify.annotations.Nullable String s) {
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
