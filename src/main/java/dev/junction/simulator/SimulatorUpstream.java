package dev.junction.simulator;

import dev.junction.provider.Upstream;

/**
 * The simulator's {@link Upstream}: answers in process, without HTTP, and exposes its settings
 * and counters. Thread-safe; one instance serves every call routed to its deployment.
 */
public interface SimulatorUpstream extends Upstream {

  /** The settings this upstream answers by. */
  SimulatorConfig config();

  /** Its live counters. */
  SimulatorStats stats();
}
