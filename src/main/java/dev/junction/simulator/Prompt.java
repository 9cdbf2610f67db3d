package dev.junction.simulator;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ToolCall;
import java.util.List;

/**
 * What the simulator reads from a prompt: a 64-bit fingerprint of its content (which seeds the
 * answer, so the same content gets the same answer) and its size in tokens, estimated as
 * characters / 4 rounded up, at least 1. One pass over the text; no allocation.
 */
record Prompt(long fingerprint, long tokens) {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** Reads every message's role, text, reasoning and tool calls. */
  static Prompt of(ChatRequest request) {
    long hash = FNV_OFFSET;
    long chars = 0;
    for (Message m : request.messages()) {
      hash = (hash ^ m.role().ordinal()) * FNV_PRIME;
      for (ContentPart part : m.content()) {
        String text = switch (part) {
          case ContentPart.Text t -> t.text();
          case ContentPart.Thinking t -> t.text();
          default -> "";
        };
        hash = fingerprint(hash, text);
        chars += text.length();
      }
      for (ToolCall call : m.toolCalls()) {
        hash = fingerprint(fingerprint(hash, call.name()), call.arguments());
        chars += call.name().length() + call.arguments().length();
      }
    }
    return new Prompt(mix(hash), tokens(chars));
  }

  /** Reads a list of texts (embedding inputs). */
  static long tokens(List<String> texts) {
    long chars = 0;
    for (String t : texts) {
      chars += t.length();
    }
    return tokens(chars);
  }

  /** Tokens in {@code chars} characters: a quarter, rounded up, at least 1. */
  static long tokens(long chars) {
    return Math.max(1, (chars + 3) / 4);
  }

  /** Folds {@code text} into an FNV-1a hash. */
  static long fingerprint(long hash, String text) {
    long h = hash;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * FNV_PRIME;
    }
    return (h ^ 0xff) * FNV_PRIME; // separator, so "ab"+"c" differs from "a"+"bc"
  }

  /** The fingerprint of one text on its own. */
  static long fingerprint(String text) {
    return mix(fingerprint(FNV_OFFSET, text));
  }

  /** Spreads the bits of {@code z} (the SplitMix64 finaliser). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
