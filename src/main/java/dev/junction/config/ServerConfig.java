package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The HTTP listener: {@code host}, {@code port}, the largest request body accepted ({@code
 * max-body-size}, larger bodies get 413), how many event loops serve it ({@code event-loops}, 0 =
 * one per core) and the grace period for in-flight requests at shutdown ({@code shutdown-grace}).
 */
public record ServerConfig(
    String host, int port, long maxBodyBytes, int eventLoops, Duration shutdownGrace) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 4000;
  public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
  public static final int DEFAULT_EVENT_LOOPS = 0;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  public static final ServerConfig DEFAULTS = new ServerConfig(DEFAULT_HOST, DEFAULT_PORT,
      DEFAULT_MAX_BODY_BYTES, DEFAULT_EVENT_LOOPS, DEFAULT_SHUTDOWN_GRACE);

  public ServerConfig {
    requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("server.port: " + port + " (expected: 0..65535)");
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException(
          "server.max-body-size: " + maxBodyBytes + " bytes (expected: >= 1kb)");
    }
    if (eventLoops < 0) {
      throw new IllegalArgumentException(
          "server.event-loops: " + eventLoops + " (expected: >= 0)");
    }
    requireNonNull(shutdownGrace, "shutdownGrace");
  }

  /** The same listener on another port. */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, maxBodyBytes, eventLoops, shutdownGrace);
  }
}
