package dev.junction.simulator;

/**
 * The failure injected into one call, drawn from a uniform number {@code u} in [0, 1): the
 * configured rates are laid end to end in the order 429, 500, hang, drop, and {@code u} falls
 * into one of them or past them all ({@link #NONE}).
 */
enum Fault {
  NONE, RATE_LIMITED, SERVER_ERROR, HANG, DROP;

  static Fault of(double u, SimulatorConfig config) {
    double edge = config.errorRate429();
    if (u < edge) {
      return RATE_LIMITED;
    }
    edge += config.errorRate500();
    if (u < edge) {
      return SERVER_ERROR;
    }
    edge += config.timeoutRate();
    if (u < edge) {
      return HANG;
    }
    edge += config.dropRate();
    return u < edge ? DROP : NONE;
  }
}
