package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.config.ModelConfig;
import dev.junction.provider.Upstream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A model name and the upstreams that serve it. Immutable and thread-safe.
 *
 * <p>{@link #candidates(RandomGenerator)} orders the upstreams for one request: priority tiers
 * first (tier 1 before tier 2), and within a tier a weighted random order (a deployment with
 * weight 3 comes first three times as often as one with weight 1; weight 0 only as a last
 * resort within its tier).
 */
public final class Route {

  private final String name;
  private final ModelConfig.Kind kind;
  private final List<Upstream> upstreams;

  public Route(String name, ModelConfig.Kind kind, List<Upstream> upstreams) {
    this.name = requireNonNull(name, "name");
    this.kind = requireNonNull(kind, "kind");
    List<Upstream> sorted = new ArrayList<>(upstreams);
    sorted.sort(Comparator.comparingInt(u -> u.deployment().priority()));
    this.upstreams = List.copyOf(sorted);
    if (this.upstreams.isEmpty()) {
      throw new IllegalArgumentException("route '" + name + "' has no upstreams");
    }
  }

  public String name() {
    return name;
  }

  public ModelConfig.Kind kind() {
    return kind;
  }

  /** Every upstream, by priority tier. */
  public List<Upstream> upstreams() {
    return upstreams;
  }

  /** The order in which to try upstreams for one request (weighted, ignoring health). */
  public List<Upstream> candidates(RandomGenerator random) {
    if (upstreams.size() == 1) {
      return upstreams;
    }
    List<Upstream> out = new ArrayList<>(upstreams.size());
    for (List<Upstream> tier : WeightedOrder.tiers(upstreams)) {
      WeightedOrder.shuffle(tier, random, out);
    }
    return out;
  }
}
