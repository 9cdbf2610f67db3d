package dev.junction.metrics;

import dev.junction.gateway.CallRecord;

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

  /** The current values in the Prometheus text format (version 0.0.4). */
  String scrape();

  /** A new empty registry. */
  static Metrics create() {
    return new MetricsRegistry();
  }
}
