package dev.junction.gateway;

import dev.junction.metrics.Metrics;
import io.vertx.core.http.HttpServerRequest;
import java.time.InstantSource;

/**
 * What every {@link Exchange} shares, in one place for the fronts: where its one {@link
 * CallRecord} goes, the metrics, the enforcement point and the clock. Immutable and thread-safe.
 */
record Exchanges(CallListener listener, Metrics metrics, Enforcement enforcement,
    InstantSource clock) {

  /** The exchange for one request that arrived now on {@code front}'s {@code endpoint}. */
  Exchange open(HttpServerRequest req, String front, String endpoint) {
    return new Exchange(req, front, endpoint, listener, metrics, enforcement, clock.instant());
  }
}
