package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.error.GatewayException;
import dev.junction.provider.Upstream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every attempt of a request failed (or none could start): the error to answer with, the
 * upstream that gave it (null when no call was made), the upstream calls made, the last route
 * tried and the fallback taken. No stack trace: an expected outcome.
 */
public final class AttemptsFailed extends RuntimeException {

  private final GatewayException error;
  private final @Nullable Upstream upstream;
  private final int attempts;
  private final Route route;
  private final @Nullable Fallback fallback;
  private final boolean hedged;

  AttemptsFailed(GatewayException error, @Nullable Upstream upstream, int attempts, Route route,
      @Nullable Fallback fallback, boolean hedged) {
    super(error.getMessage(), error, false, false);
    this.error = requireNonNull(error, "error");
    this.upstream = upstream;
    this.attempts = attempts;
    this.route = route;
    this.fallback = fallback;
    this.hedged = hedged;
  }

  /** The error the client is told about. */
  public GatewayException error() {
    return error;
  }

  /** The upstream whose failure this is, or null. */
  public @Nullable Upstream upstream() {
    return upstream;
  }

  public int attempts() {
    return attempts;
  }

  /** The last route tried. */
  public Route route() {
    return route;
  }

  public @Nullable Fallback fallback() {
    return fallback;
  }

  /** Whether a hedge was sent. */
  public boolean hedged() {
    return hedged;
  }

  /** The routing headers of the failed request (see {@link Attempted#headers()}). */
  public Map<String, String> headers() {
    return Attempted.headers(upstream, attempts, fallback, hedged);
  }
}
