package dev.junction.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Parsing and printing of config scalars: durations ({@code 250ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, {@code 1d}; a bare number is seconds) and byte sizes ({@code 512kb}, {@code 4mb}).
 */
public final class ConfigValues {

  private ConfigValues() {}

  /**
   * Parses a duration; a leading minus is kept so validation can report it.
   *
   * @throws IllegalArgumentException naming {@code key} for text that is no duration
   */
  public static Duration parseDuration(String key, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    boolean negative = t.startsWith("-");
    if (negative) {
      t = t.substring(1);
    }
    try {
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      } else if (t.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      } else if (t.endsWith("m")) {
        d = Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
      } else if (t.endsWith("h")) {
        d = Duration.ofMinutes(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
      } else if (t.endsWith("d")) {
        d = Duration.ofHours(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 24));
      } else {
        d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
      }
      return negative ? d.negated() : d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' (expected: a duration such as 250ms, 5s, 2m, 1h)");
    }
  }

  /** Prints a duration the way it is written in config ({@code -5s}, {@code 250ms}). */
  public static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 1000 == 0) {
      return (ms / 1000) + "s";
    }
    return ms + "ms";
  }

  /**
   * Parses a byte size: {@code 4mb}, {@code 512kb}, {@code 1gb}, or a bare number of bytes.
   *
   * @throws IllegalArgumentException naming {@code key} for text that is no size
   */
  public static long parseBytes(String key, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("ib", "b");
    long mult = 1;
    if (t.endsWith("kb")) {
      mult = 1024;
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("mb")) {
      mult = 1024 * 1024;
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("gb")) {
      mult = 1024L * 1024 * 1024;
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      return Math.round(Double.parseDouble(t.trim()) * mult);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' (expected: a size such as 4mb, 512kb)");
    }
  }
}
