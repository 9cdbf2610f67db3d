package dev.junction.gateway;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ToolCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A prompt's fingerprint for the ledger: the first 128 bits of a SHA-256, as 32 hex digits. Only
 * the hash is kept, never the text; it lets the ledger count repeated prompts (see docs/LEDGER.md)
 * and nothing else.
 *
 * <p>{@link #of(ChatRequest)} hashes the requested model and each message's role, text parts, tool
 * calls (name and arguments) and tool-call id, in order, with separators; sampling options are not
 * part of it. A request with images, documents or reasoning parts gets no hash (their bytes would
 * cost more to hash than the hint is worth). {@link #ofBody} hashes a body relayed unchanged
 * (Anthropic pass-through), as received, when it is at most {@link #MAX_BODY_BYTES}. Stateless
 * and thread-safe.
 */
final class PromptHash {

  private static final int BYTES = 16;

  private PromptHash() {}

  /** The fingerprint of a canonical request, or null when it holds non-text content. */
  static @Nullable String of(ChatRequest request) {
    MessageDigest d = sha256();
    field(d, request.model());
    for (Message m : request.messages()) {
      field(d, m.role().name());
      for (ContentPart p : m.content()) {
        if (!(p instanceof ContentPart.Text t)) {
          return null;
        }
        field(d, t.text());
      }
      for (ToolCall c : m.toolCalls()) {
        field(d, c.name());
        field(d, c.arguments());
      }
      field(d, m.toolCallId() == null ? "" : m.toolCallId());
      d.update((byte) 1); // end of message
    }
    return hex(d);
  }

  /**
   * Bodies larger than this relayed unchanged get no fingerprint: they carry images or documents,
   * and hashing megabytes on the event loop would cost more than the hint is worth.
   */
  static final int MAX_BODY_BYTES = 256 * 1024;

  /** The fingerprint of a request body as received; null when over {@link #MAX_BODY_BYTES}. */
  static @Nullable String ofBody(byte[] body) {
    if (body.length > MAX_BODY_BYTES) {
      return null;
    }
    MessageDigest d = sha256();
    d.update(body);
    return hex(d);
  }

  private static void field(MessageDigest d, String s) {
    d.update(s.getBytes(StandardCharsets.UTF_8));
    d.update((byte) 0);
  }

  private static String hex(MessageDigest d) {
    byte[] h = d.digest();
    return HexFormat.of().formatHex(h, 0, BYTES);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
