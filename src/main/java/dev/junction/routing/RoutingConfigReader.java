package dev.junction.routing;

import dev.junction.config.ConfigNode;
import dev.junction.config.ConfigValues;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code routing} node into a {@link RoutingConfig} through {@link ConfigNode} (the
 * config loader's reader: kebab-case keys, unknown keys refused, {@code ${ENV}} references
 * resolved, every error naming its key path, e.g. {@code routing.retry.base: 'soon' (expected: a
 * duration such as 250ms, 5s, 2m, 1h)}). Stateless.
 */
final class RoutingConfigReader {

  private RoutingConfigReader() {}

  static RoutingConfig read(@Nullable ConfigNode r) {
    if (r == null || r.node().isNull() || r.node().isMissingNode()) {
      return RoutingConfig.defaults();
    }
    r.allow("strategy", "ewma-alpha", "retry", "breaker", "cooldown", "hedge", "fallbacks",
        "context-window-fallbacks", "content-policy-fallbacks", "context-windows", "probes");
    return new RoutingConfig(
        r.choice("strategy", RoutingConfig.DEFAULT_STRATEGY, RoutingConfig.Strategy.class),
        r.decimal("ewma-alpha", RoutingConfig.DEFAULT_EWMA_ALPHA),
        retry(r.child("retry")),
        breaker(r.child("breaker")),
        r.duration("cooldown", RoutingConfig.DEFAULT_COOLDOWN),
        hedge(r.child("hedge")),
        r.lists("fallbacks", "model name"),
        r.lists("context-window-fallbacks", "model name"),
        r.lists("content-policy-fallbacks", "model name"),
        r.longs("context-windows", "a token count such as 128000"),
        probes(r.child("probes")));
  }

  private static RoutingConfig.Probes probes(@Nullable ConfigNode n) {
    if (n == null) {
      return RoutingConfig.Probes.DEFAULTS;
    }
    n.allow("enabled", "interval", "timeout", "mode");
    return new RoutingConfig.Probes(n.bool("enabled", false),
        n.duration("interval", RoutingConfig.Probes.DEFAULT_INTERVAL),
        n.duration("timeout", RoutingConfig.Probes.DEFAULT_TIMEOUT),
        n.choice("mode", RoutingConfig.Probes.DEFAULT_MODE, RoutingConfig.ProbeMode.class));
  }

  private static RoutingConfig.Retry retry(@Nullable ConfigNode n) {
    if (n == null) {
      return RoutingConfig.Retry.DEFAULTS;
    }
    n.allow("max-attempts", "base", "cap", "deadline", "max-wait");
    return new RoutingConfig.Retry(
        n.integer("max-attempts", RoutingConfig.Retry.DEFAULT_MAX_ATTEMPTS),
        n.duration("base", RoutingConfig.Retry.DEFAULT_BASE),
        n.duration("cap", RoutingConfig.Retry.DEFAULT_CAP),
        n.duration("deadline", RoutingConfig.Retry.DEFAULT_DEADLINE),
        n.duration("max-wait", RoutingConfig.Retry.DEFAULT_MAX_WAIT));
  }

  private static RoutingConfig.Breaker breaker(@Nullable ConfigNode n) {
    if (n == null) {
      return RoutingConfig.Breaker.DEFAULTS;
    }
    n.allow("window", "window-size", "window-duration", "min-calls", "failure-rate",
        "open-duration", "probes");
    return new RoutingConfig.Breaker(
        n.choice("window", RoutingConfig.Breaker.DEFAULT_WINDOW,
            RoutingConfig.Breaker.Window.class),
        n.integer("window-size", RoutingConfig.Breaker.DEFAULT_WINDOW_SIZE),
        n.duration("window-duration", RoutingConfig.Breaker.DEFAULT_WINDOW_DURATION),
        n.integer("min-calls", RoutingConfig.Breaker.DEFAULT_MIN_CALLS),
        n.decimal("failure-rate", RoutingConfig.Breaker.DEFAULT_FAILURE_RATE),
        n.duration("open-duration", RoutingConfig.Breaker.DEFAULT_OPEN_DURATION),
        n.integer("probes", RoutingConfig.Breaker.DEFAULT_PROBES));
  }

  private static RoutingConfig.Hedge hedge(@Nullable ConfigNode n) {
    if (n == null) {
      return RoutingConfig.Hedge.DEFAULTS;
    }
    n.allow("enabled", "threshold", "min-samples", "budget-percent");
    String t = n.text("threshold", null);
    int minSamples = n.integer("min-samples", RoutingConfig.Hedge.DEFAULT_MIN_SAMPLES);
    RoutingConfig.Threshold threshold;
    if (t == null) {
      threshold = new RoutingConfig.Threshold.Observed(RoutingConfig.Hedge.DEFAULT_QUANTILE,
          minSamples);
    } else if (t.trim().toLowerCase(Locale.ROOT).startsWith("p")) {
      double q;
      try {
        q = Double.parseDouble(t.trim().substring(1)) / 100;
      } catch (NumberFormatException e) {
        throw n.error("threshold", t, "a duration such as 2s, or a percentile such as p95");
      }
      threshold = new RoutingConfig.Threshold.Observed(q, minSamples);
    } else {
      threshold = new RoutingConfig.Threshold.Fixed(
          ConfigValues.parseDuration(n.at("threshold"), t));
    }
    return new RoutingConfig.Hedge(n.bool("enabled", false), threshold,
        n.decimal("budget-percent", RoutingConfig.Hedge.DEFAULT_BUDGET_PERCENT));
  }
}
