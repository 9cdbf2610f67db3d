package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Time limits of one upstream call.
 *
 * <ul>
 *   <li>{@code connect}: TCP (and TLS) connection set-up;
 *   <li>{@code firstToken}: from sending the request to the first response byte of a stream, or
 *       to the response headers of a non-streamed call;
 *   <li>{@code idle}: longest silence between two stream events;
 *   <li>{@code total}: the whole call.
 * </ul>
 *
 * YAML: {@code timeouts: {connect: 5s, first-token: 60s, idle: 60s, total: 600s}}.
 */
public record Timeouts(Duration connect, Duration firstToken, Duration idle, Duration total) {

  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_FIRST_TOKEN = Duration.ofSeconds(120);
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(120);
  public static final Duration DEFAULT_TOTAL = Duration.ofMinutes(10);

  /** The defaults: 5s connect, 120s first token, 120s idle, 10 min total. */
  public static final Timeouts DEFAULTS =
      new Timeouts(DEFAULT_CONNECT, DEFAULT_FIRST_TOKEN, DEFAULT_IDLE, DEFAULT_TOTAL);

  public Timeouts {
    positive("connect", connect);
    positive("first-token", firstToken);
    positive("idle", idle);
    positive("total", total);
  }

  private static void positive(String key, Duration d) {
    requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "timeouts." + key + ": " + ConfigValues.formatDuration(d) + " (expected: > 0)");
    }
  }
}
