package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

/**
 * Latency and errors of one model over a window of raw entries. Percentiles and the maximum are
 * over the successful requests (an error's latency says little about the model), nearest-rank;
 * -1 when there were none. Immutable.
 */
public record LatencyRow(String model, long requests, long errors, long p50Millis,
    long p95Millis, long maxMillis) {

  public LatencyRow {
    requireNonNull(model, "model");
  }

  /** Errors per request, 0 for no requests. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
