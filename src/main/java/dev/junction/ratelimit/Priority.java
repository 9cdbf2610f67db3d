package dev.junction.ratelimit;

import java.util.Locale;
import java.util.Optional;

/**
 * How urgent a request is when it must wait for upstream capacity: {@code x-junction-priority:
 * high|normal|low}, or the virtual key's default. Higher priorities leave the queue first; within
 * one priority, first come first served.
 */
public enum Priority {
  HIGH,
  NORMAL,
  LOW;

  /** The header name clients set. */
  public static final String HEADER = "x-junction-priority";

  /** Parses a header value ({@code high}, {@code normal}, {@code low}, any case). */
  public static Optional<Priority> parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "high" -> Optional.of(HIGH);
      case "normal" -> Optional.of(NORMAL);
      case "low" -> Optional.of(LOW);
      default -> Optional.empty();
    };
  }

  /** The lower-case name used in headers and config. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
