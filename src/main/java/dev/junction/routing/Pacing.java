package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.provider.Upstream;
import dev.junction.ratelimit.Pacer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Upstream pacing: keeps calls within the vendor limits deployments declare ({@code limits: {rpm,
 * tpm}}). Each route with limited deployments has one {@link Pacer} whose lanes are those
 * deployments (lane id = deployment id). {@link Attempts} skips a deployment whose lane is at its
 * limit (so load spreads across keys and deployments) and, when every limited candidate is, waits
 * in the pacer's priority queue up to the route's {@code pacing.max-wait}, then fails with 429
 * {@code upstream_capacity}. Deployments without limits are never paced. Wildcard routes are not
 * paced. Immutable and thread-safe (the pacers are).
 */
public final class Pacing {

  private static final Pacing NONE = new Pacing(Map.of());

  /** A route's pacer and its limited deployments, by id. */
  record Paced(Pacer pacer, Map<String, Upstream> limited) {

    boolean limits(Upstream u) {
      return limited.containsKey(u.deployment().id());
    }
  }

  private final Map<String, Paced> byRoute;

  private Pacing(Map<String, Paced> byRoute) {
    this.byRoute = Map.copyOf(byRoute);
  }

  /** No pacing at all. */
  public static Pacing none() {
    return NONE;
  }

  /**
   * Pacers for every route of {@code router} with limited deployments; {@code maxWait} gives each
   * route's longest wait (absent: {@link dev.junction.config.ModelConfig#DEFAULT_PACING_MAX_WAIT}).
   */
  public static Pacing create(Router router, Map<String, Duration> maxWait, InstantSource clock,
      Scheduler scheduler) {
    requireNonNull(router, "router");
    requireNonNull(maxWait, "maxWait");
    requireNonNull(clock, "clock");
    requireNonNull(scheduler, "scheduler");
    dev.junction.ratelimit.Scheduler timers = (millis, task) -> {
      Scheduler.Cancellable c = scheduler.schedule(Duration.ofMillis(millis), task);
      return c::cancel;
    };
    Map<String, Paced> byRoute = new HashMap<>();
    for (Route r : router.routes()) {
      List<Pacer.Lane> lanes = new ArrayList<>();
      Map<String, Upstream> limited = new HashMap<>();
      for (Upstream u : r.upstreams()) {
        var l = u.deployment().limits();
        if (l.any() && !limited.containsKey(u.deployment().id())) {
          lanes.add(new Pacer.Lane(u.deployment().id(), l.rpm(), l.tpm()));
          limited.put(u.deployment().id(), u);
        }
      }
      if (!lanes.isEmpty()) {
        Duration wait = maxWait.getOrDefault(r.name(),
            dev.junction.config.ModelConfig.DEFAULT_PACING_MAX_WAIT);
        byRoute.put(r.name(), new Paced(Pacer.of(r.name(), lanes, wait, clock, timers),
            limited));
      }
    }
    return new Pacing(byRoute);
  }

  /** Whether calls to {@code route} are paced (some deployment declares limits). */
  public boolean paced(Route route) {
    return byRoute.containsKey(route.name());
  }

  @Nullable Paced of(Route route) {
    return byRoute.get(route.name());
  }

  /** Calls waiting for room on {@code route}'s deployments now. */
  public int waiting(Route route) {
    Paced p = byRoute.get(route.name());
    return p == null ? 0 : p.pacer().waiting();
  }
}
