package dev.junction.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.ConfigValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code routing} node into a {@link RoutingConfig}: kebab-case keys, unknown keys
 * refused, every error naming its key path ({@code routing.retry.base: 'soon' (expected: a
 * duration such as 250ms, 5s, 2m, 1h)}). Stateless.
 */
final class RoutingConfigReader {

  private RoutingConfigReader() {}

  static RoutingConfig read(@Nullable JsonNode routing) {
    if (routing == null || routing.isNull() || routing.isMissingNode()) {
      return RoutingConfig.defaults();
    }
    At r = new At("routing", routing);
    r.allow("strategy", "ewma-alpha", "retry", "breaker", "cooldown", "hedge", "fallbacks",
        "context-window-fallbacks", "content-policy-fallbacks", "context-windows");
    String strategy = r.text("strategy");
    return new RoutingConfig(
        strategy == null ? RoutingConfig.DEFAULT_STRATEGY
            : RoutingConfig.Strategy.parse(r.path("strategy"), strategy),
        r.decimal("ewma-alpha", RoutingConfig.DEFAULT_EWMA_ALPHA),
        retry(r.child("retry")),
        breaker(r.child("breaker")),
        r.duration("cooldown", RoutingConfig.DEFAULT_COOLDOWN),
        hedge(r.child("hedge")),
        r.modelLists("fallbacks"),
        r.modelLists("context-window-fallbacks"),
        r.modelLists("content-policy-fallbacks"),
        r.windows("context-windows"));
  }

  private static RoutingConfig.Retry retry(@Nullable At n) {
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

  private static RoutingConfig.Breaker breaker(@Nullable At n) {
    if (n == null) {
      return RoutingConfig.Breaker.DEFAULTS;
    }
    n.allow("window", "window-size", "window-duration", "min-calls", "failure-rate",
        "open-duration", "probes");
    String window = n.text("window");
    RoutingConfig.Breaker.Window w = RoutingConfig.Breaker.DEFAULT_WINDOW;
    if (window != null) {
      w = switch (window.trim().toLowerCase(Locale.ROOT)) {
        case "count" -> RoutingConfig.Breaker.Window.COUNT;
        case "time" -> RoutingConfig.Breaker.Window.TIME;
        default -> throw n.error("window", window, "count or time");
      };
    }
    return new RoutingConfig.Breaker(w,
        n.integer("window-size", RoutingConfig.Breaker.DEFAULT_WINDOW_SIZE),
        n.duration("window-duration", RoutingConfig.Breaker.DEFAULT_WINDOW_DURATION),
        n.integer("min-calls", RoutingConfig.Breaker.DEFAULT_MIN_CALLS),
        n.decimal("failure-rate", RoutingConfig.Breaker.DEFAULT_FAILURE_RATE),
        n.duration("open-duration", RoutingConfig.Breaker.DEFAULT_OPEN_DURATION),
        n.integer("probes", RoutingConfig.Breaker.DEFAULT_PROBES));
  }

  private static RoutingConfig.Hedge hedge(@Nullable At n) {
    if (n == null) {
      return RoutingConfig.Hedge.DEFAULTS;
    }
    n.allow("enabled", "threshold", "min-samples", "budget-percent");
    String t = n.text("threshold");
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
          ConfigValues.parseDuration(n.path("threshold"), t));
    }
    return new RoutingConfig.Hedge(n.bool("enabled", false), threshold,
        n.decimal("budget-percent", RoutingConfig.Hedge.DEFAULT_BUDGET_PERCENT));
  }

  /** A position in the tree, for reading values with their key path. */
  private record At(String at, JsonNode node) {

    String path(String key) {
      return at + "." + key;
    }

    void allow(String... keys) {
      if (!node.isObject()) {
        throw new IllegalArgumentException(at + ": " + node + " (expected: a mapping)");
      }
      Set<String> allowed = Set.of(keys);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k)) {
          throw new IllegalArgumentException(path(k) + ": unknown key (expected one of: "
              + String.join(", ", keys) + ")");
        }
      }
    }

    @Nullable At child(String key) {
      JsonNode c = node.get(key);
      return c == null || c.isNull() ? null : new At(path(key), c);
    }

    @Nullable String text(String key) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isValueNode()) {
        throw error(key, v.toString(), "a single value");
      }
      return v.asText();
    }

    int integer(String key, int dflt) {
      String v = text(key);
      if (v == null) {
        return dflt;
      }
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw error(key, v, "an integer");
      }
    }

    double decimal(String key, double dflt) {
      String v = text(key);
      if (v == null) {
        return dflt;
      }
      try {
        return Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        throw error(key, v, "a number");
      }
    }

    boolean bool(String key, boolean dflt) {
      String v = text(key);
      if (v == null) {
        return dflt;
      }
      return switch (v.trim()) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw error(key, v, "true or false");
      };
    }

    Duration duration(String key, Duration dflt) {
      String v = text(key);
      return v == null ? dflt : ConfigValues.parseDuration(path(key), v);
    }

    /** {@code {model: [other, …]}}. */
    Map<String, List<String>> modelLists(String key) {
      At m = child(key);
      Map<String, List<String>> out = new LinkedHashMap<>();
      if (m == null) {
        return out;
      }
      m.allowAnyKeys();
      m.node.properties().forEach(e -> {
        JsonNode list = e.getValue();
        String at = m.path(e.getKey());
        if (!list.isArray()) {
          throw new IllegalArgumentException(
              at + ": " + list + " (expected: a list of model names)");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          JsonNode n = list.get(i);
          if (!n.isValueNode() || n.asText().isBlank()) {
            throw new IllegalArgumentException(at + "[" + i + "]: " + n
                + " (expected: a model name)");
          }
          names.add(n.asText().trim());
        }
        out.put(e.getKey(), names);
      });
      return out;
    }

    /** {@code {model: tokens}}. */
    Map<String, Long> windows(String key) {
      At m = child(key);
      Map<String, Long> out = new LinkedHashMap<>();
      if (m == null) {
        return out;
      }
      m.allowAnyKeys();
      m.node.properties().forEach(e -> {
        String v = e.getValue().asText().trim().replace("_", "");
        try {
          out.put(e.getKey(), Long.parseLong(v));
        } catch (NumberFormatException ex) {
          throw m.error(e.getKey(), v, "a token count such as 128000");
        }
      });
      return out;
    }

    private void allowAnyKeys() {
      if (!node.isObject()) {
        throw new IllegalArgumentException(at + ": " + node + " (expected: a mapping)");
      }
    }

    IllegalArgumentException error(String key, String value, String expected) {
      return new IllegalArgumentException(
          path(key) + ": " + value + " (expected: " + expected + ")");
    }
  }
}
