package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.provider.Upstream;
import dev.junction.ratelimit.Pacer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A call {@link Attempts} got an answer for: the value, the deployment that gave it, the route
 * (model) it was served under, how many upstream calls were made (hedges and retries included),
 * the fallback taken if any, and whether a hedge was sent.
 *
 * <p>A streamed answer's deployment keeps the call in flight until the stream ends (its time to
 * first token was taken when the attempt's future completed): the front must call exactly one of
 * {@link #streamEnded()}, {@link #streamFailed(Throwable)} or {@link #streamAbandoned()}, which
 * give the deployment's health its verdict (a stream cut in the middle is a failure of the
 * deployment, although it is never retried) and end its in-flight count. For whole answers these
 * do nothing. Thread-safe.
 */
public final class Attempted<T> {

  private final T value;
  private final Upstream upstream;
  private final Route route;
  private final int attempts;
  private final @Nullable Fallback fallback;
  private final boolean hedged;
  private final DeploymentHealth.@Nullable Permit openPermit;
  private final Pacer.@Nullable Pass openPass;
  private final long estimatedTokens;
  private volatile long usedTokens = -1;

  Attempted(T value, Upstream upstream, Route route, int attempts, @Nullable Fallback fallback,
      boolean hedged, DeploymentHealth.@Nullable Permit openPermit, Pacer.@Nullable Pass openPass,
      long estimatedTokens) {
    this.openPass = openPass;
    this.estimatedTokens = estimatedTokens;
    this.value = requireNonNull(value, "value");
    this.upstream = upstream;
    this.route = route;
    this.attempts = attempts;
    this.fallback = fallback;
    this.hedged = hedged;
    this.openPermit = openPermit;
  }

  public T value() {
    return value;
  }

  /** The upstream that answered. */
  public Upstream upstream() {
    return upstream;
  }

  /** The route that answered: the requested one, or a fallback. */
  public Route route() {
    return route;
  }

  /** Upstream calls made for the request, the answering one included. */
  public int attempts() {
    return attempts;
  }

  /** The fallback taken, or null. */
  public @Nullable Fallback fallback() {
    return fallback;
  }

  /** Whether a hedge was sent (the deployment tells which call won). */
  public boolean hedged() {
    return hedged;
  }

  /**
   * The tokens a streamed answer used (its usage), for a paced deployment's TPM; call before
   * the stream's end. Without it the estimate stands.
   */
  public void usedTokens(long tokens) {
    this.usedTokens = tokens;
  }

  /** A streamed answer ended normally. */
  public void streamEnded() {
    if (openPermit != null) {
      openPermit.succeeded();
    }
    settlePass();
  }

  /** A streamed answer broke with {@code error}. */
  public void streamFailed(Throwable error) {
    if (openPermit != null) {
      openPermit.failed(error);
    }
    settlePass();
  }

  /** A streamed answer was abandoned (the client went away): no verdict on the deployment. */
  public void streamAbandoned() {
    if (openPermit != null) {
      openPermit.abandoned();
    }
    settlePass();
  }

  private void settlePass() {
    if (openPass != null) {
      long used = usedTokens;
      openPass.complete(used >= 0 ? used : estimatedTokens);
    }
  }

  /**
   * The response headers that report the routing: {@code x-junction-deployment}, {@code
   * x-junction-attempts}, and when they apply {@code x-junction-fallback} and {@code
   * x-junction-hedged: true}.
   */
  public Map<String, String> headers() {
    return headers(upstream, attempts, fallback, hedged);
  }

  static Map<String, String> headers(@Nullable Upstream upstream, int attempts,
      @Nullable Fallback fallback, boolean hedged) {
    Map<String, String> h = new LinkedHashMap<>();
    if (upstream != null) {
      h.put("x-junction-deployment", upstream.deployment().id());
    }
    h.put("x-junction-attempts", Integer.toString(attempts));
    if (fallback != null) {
      h.put("x-junction-fallback", fallback.header());
    }
    if (hedged) {
      h.put("x-junction-hedged", "true");
    }
    return h;
  }

  @Override
  public String toString() {
    return "Attempted[" + upstream.deployment().id() + ", attempts=" + attempts
        + (fallback == null ? "" : ", fallback=" + fallback.header())
        + (hedged ? ", hedged" : "") + "]";
  }
}
