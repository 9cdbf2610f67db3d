package dev.junction.simulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of one simulator upstream, for tests and benchmarks: calls received (chat,
 * stream and embedding alike), streams started, calls in flight (accepted and neither answered,
 * failed nor cancelled yet; a stream counts until it completes, fails or is cancelled) and faults
 * injected. Read-only to callers; thread-safe.
 */
public final class SimulatorStats {

  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong streamsStarted = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();

  SimulatorStats() {}

  /** Calls received, refused ones included. */
  public long calls() {
    return calls.get();
  }

  /** Streams whose {@code start} was called. */
  public long streamsStarted() {
    return streamsStarted.get();
  }

  /** Calls under way now. */
  public long inFlight() {
    return inFlight.get();
  }

  /** Failures injected by the configured rates (429, 500, hang, drop). */
  public long faults() {
    return faults.get();
  }

  void called() {
    calls.incrementAndGet();
  }

  void streamStarted() {
    streamsStarted.incrementAndGet();
  }

  void began() {
    inFlight.incrementAndGet();
  }

  void ended() {
    inFlight.decrementAndGet();
  }

  void faulted() {
    faults.incrementAndGet();
  }

  @Override
  public String toString() {
    return "SimulatorStats[calls=" + calls() + ", streamsStarted=" + streamsStarted()
        + ", inFlight=" + inFlight() + ", faults=" + faults() + "]";
  }
}
