package dev.junction.routing;

import static java.util.Objects.requireNonNull;

/**
 * A route's hedging so far, for metrics and the admin view: {@code requests} that earned budget,
 * {@code hedges} sent, hedges {@code denied} for want of budget, hedges that {@code won} (answered
 * first), and the {@code budget} left, in hedges.
 */
public record HedgeStats(String route, long requests, long hedges, long denied, long won,
    double budget) {

  public HedgeStats {
    requireNonNull(route, "route");
  }
}
