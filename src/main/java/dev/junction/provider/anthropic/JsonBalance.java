package dev.junction.provider.anthropic;

/**
 * Tracks whether streamed JSON text is complete (brackets balanced outside strings) without
 * keeping the text. Not thread-safe.
 */
final class JsonBalance {
  private int depth;
  private boolean inString;
  private boolean escape;
  private boolean sawValue;

  /** Takes the next piece of the text. */
  void feed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (escape) {
          escape = false;
        } else if (c == '\\') {
          escape = true;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '{', '[' -> {
          depth++;
          sawValue = true;
        }
        case '}', ']' -> depth--;
        case '"' -> {
          inString = true;
          sawValue = true;
        }
        case ' ', '\t', '\n', '\r' -> { }
        default -> sawValue = true;
      }
    }
  }

  /** True once anything but whitespace was fed. */
  boolean sawValue() {
    return sawValue;
  }

  /** True when what was fed is a whole JSON value (as far as brackets and strings tell). */
  boolean complete() {
    return sawValue && depth <= 0 && !inString;
  }
}
