package dev.junction.metrics;

import static java.util.Objects.requireNonNull;

import dev.junction.gateway.CallRecord;
import dev.junction.routing.Fallback;
import dev.junction.routing.HealthSnapshot;
import dev.junction.routing.HedgeStats;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's metrics registry. {@link #onCall} is non-blocking and thread-safe (counters are
 * {@link java.util.concurrent.atomic.LongAdder}s); {@link #scrape()} renders the Prometheus text
 * format. Label values come from configuration (model, deployment, provider) or small fixed sets
 * (status, kind), and each metric holds at most {@value MetricsRegistry#MAX_SERIES} series, so a
 * client cannot blow up cardinality.
 */
public interface Metrics {

  /** Records one finished request. */
  void onCall(CallRecord record);

  /**
   * Records how a request was routed, once per request that reached the routing (success or
   * failure): its upstream {@code attempts}, whether a hedge was sent, and the fallback taken.
   */
  void onRouted(String model, int attempts, boolean hedged, @Nullable Fallback fallback);

  /**
   * Records one active health probe of {@code deployment} and its {@code outcome} ({@code
   * success}, {@code rejected}, {@code rate_limited} or {@code failure}).
   */
  void onProbe(String deployment, String outcome);

  /** The current values in the Prometheus text format (version 0.0.4). */
  String scrape();

  /** A new empty registry, without deployment gauges. */
  static Metrics create() {
    return new MetricsRegistry(List::of, List::of);
  }

  /**
   * A new empty registry that also reads, at each scrape, every deployment's health (breaker
   * state, calls in flight) and every route's hedge counters.
   */
  static Metrics create(Supplier<List<HealthSnapshot>> deployments,
      Supplier<List<HedgeStats>> hedges) {
    return new MetricsRegistry(requireNonNull(deployments, "deployments"),
        requireNonNull(hedges, "hedges"));
  }
}
