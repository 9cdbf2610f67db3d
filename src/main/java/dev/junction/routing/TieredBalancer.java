package dev.junction.routing;

import dev.junction.provider.Upstream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@link Balancer} by priority tier, then strategy. Within a tier every strategy starts from a
 * weighted random order, so ties (equal in-flight counts, equal or unknown latencies) are broken
 * by weight; least-in-flight and lowest-latency then sort stably by their key, read once per
 * deployment before sorting.
 */
final class TieredBalancer implements Balancer {

  private final RoutingConfig.Strategy strategy;
  private final HealthBoard board;
  private final RandomGenerator random;

  TieredBalancer(RoutingConfig.Strategy strategy, HealthBoard board, RandomGenerator random) {
    this.strategy = strategy;
    this.board = board;
    this.random = random;
  }

  @Override
  public List<Upstream> candidates(Route route, boolean stream) {
    List<Upstream> out = new ArrayList<>(route.upstreams().size());
    for (List<Upstream> tier : WeightedOrder.tiers(route.upstreams())) {
      List<Upstream> open = new ArrayList<>(tier.size());
      for (Upstream u : tier) {
        if (board.of(u).available()) {
          open.add(u);
        }
      }
      List<Upstream> ordered = new ArrayList<>(open.size());
      WeightedOrder.shuffle(open, random, ordered);
      if (strategy != RoutingConfig.Strategy.WEIGHTED && ordered.size() > 1) {
        sortByKey(ordered, stream);
      }
      out.addAll(ordered);
    }
    return out;
  }

  private void sortByKey(List<Upstream> ordered, boolean stream) {
    Map<Upstream, Double> key = new IdentityHashMap<>();
    for (Upstream u : ordered) {
      key.put(u, key(board.of(u), stream));
    }
    ordered.sort(Comparator.<Upstream>comparingInt(u -> u.deployment().weight() == 0 ? 1 : 0)
        .thenComparingDouble(key::get));
  }

  /** Lower is better; a deployment without a latency sample yet sorts first, to be measured. */
  private double key(DeploymentHealth h, boolean stream) {
    return switch (strategy) {
      case LEAST_IN_FLIGHT -> h.inFlight();
      case LOWEST_LATENCY -> (stream ? h.ewmaTimeToFirstToken() : h.ewmaTotal())
          .map(d -> (double) d.toNanos()).orElse(-1.0);
      case WEIGHTED -> 0;
    };
  }
}
