package dev.junction.routing;

import dev.junction.provider.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A weighted random permutation: each next place goes to a remaining upstream with probability
 * proportional to its weight, so weight 3 comes first three times as often as weight 1; weight-0
 * upstreams come last (in their given order). Stateless.
 */
final class WeightedOrder {

  private WeightedOrder() {}

  /** Appends {@code upstreams} to {@code out} in weighted random order. */
  static void shuffle(List<Upstream> upstreams, RandomGenerator random, List<Upstream> out) {
    List<Upstream> pool = new ArrayList<>(upstreams);
    while (!pool.isEmpty()) {
      long total = 0;
      for (Upstream u : pool) {
        total += u.deployment().weight();
      }
      int pick = 0;
      if (total > 0) {
        long r = random.nextLong(total);
        for (int k = 0; k < pool.size(); k++) {
          r -= pool.get(k).deployment().weight();
          if (r < 0) {
            pick = k;
            break;
          }
        }
      }
      out.add(pool.remove(pick));
    }
  }

  /** Splits upstreams sorted by priority into their tiers, lowest tier first. */
  static List<List<Upstream>> tiers(List<Upstream> byPriority) {
    List<List<Upstream>> tiers = new ArrayList<>();
    int i = 0;
    while (i < byPriority.size()) {
      int tier = byPriority.get(i).deployment().priority();
      int j = i;
      while (j < byPriority.size() && byPriority.get(j).deployment().priority() == tier) {
        j++;
      }
      tiers.add(byPriority.subList(i, j));
      i = j;
    }
    return tiers;
  }
}
