package dev.junction.error;

import java.util.regex.Pattern;

/**
 * Removes anything that looks like (part of) a credential from text that may reach a client or a
 * log: vendors echo masked keys in their 401 messages ({@code Incorrect API key provided:
 * sk-proj-****abcd}), and even a masked key must not leak. Stateless and thread-safe.
 */
public final class Redaction {

  private static final Pattern KEY_LIKE = Pattern.compile(
      "(?i)(sk-[A-Za-z0-9_*\\-]{4,}|AIza[0-9A-Za-z_\\-]{10,}|(?:key|token)[=:]\\s*\\S{6,}"
          + "|<[^>\\s]*\\*{3,}[^>\\s]*>|\\\\u003c[^\\s]*\\*{3,}[^\\s]*\\\\u003e"
          + "|\\b[A-Za-z0-9_\\-]{2,}\\*{4,}[A-Za-z0-9_\\-]*)");

  private Redaction() {}

  /** The text with every key-like run replaced by {@code [redacted]}. */
  public static String redact(String text) {
    return KEY_LIKE.matcher(text).replaceAll("[redacted]");
  }
}
