package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.ConfigNode;
import dev.junction.config.ConfigValues;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code routing:} section of the gateway configuration: how deployments are chosen, when a
 * call is retried, when a deployment is taken out of rotation, when a slow call is hedged and
 * which models stand in for others. Every key is optional; see {@code docs/ROUTING.md}.
 *
 * <pre>{@code
 * routing:
 *   strategy: least-in-flight     # weighted | least-in-flight | lowest-latency
 *   ewma-alpha: 0.3               # weight of the newest latency sample
 *   retry: {max-attempts: 3, base: 500ms, cap: 10s, deadline: 10m, max-wait: 30s}
 *   breaker: {window: count, window-size: 20, window-duration: 60s, min-calls: 10,
 *             failure-rate: 0.5, open-duration: 30s, probes: 1}
 *   cooldown: 5s                  # a 429 without a stated wait benches the deployment this long
 *   hedge: {enabled: true, threshold: p95, min-samples: 20, budget-percent: 5}
 *   fallbacks: {gpt-4o: [claude-sonnet-4-5, gemini-2.5-pro]}
 *   context-window-fallbacks: {gpt-4o-mini: [gpt-4.1-mini]}
 *   content-policy-fallbacks: {gpt-4o: [claude-sonnet-4-5]}
 *   context-windows: {gpt-4o-mini: 128000}
 *   probes: {enabled: false, interval: 30s, timeout: 10s, mode: open-only}   # or mode: all
 * }</pre>
 *
 * <p>Validation errors name the key path, the value and the expectation, e.g. {@code
 * routing.breaker.failure-rate: 1.5 (expected: 0..1)}. Immutable.
 */
public record RoutingConfig(
    Strategy strategy,
    double ewmaAlpha,
    Retry retry,
    Breaker breaker,
    Duration cooldown,
    Hedge hedge,
    Map<String, List<String>> fallbacks,
    Map<String, List<String>> contextWindowFallbacks,
    Map<String, List<String>> contentPolicyFallbacks,
    Map<String, Long> contextWindows,
    Probes probes) {

  public static final Strategy DEFAULT_STRATEGY = Strategy.WEIGHTED;
  public static final double DEFAULT_EWMA_ALPHA = 0.3;
  public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(5);


  public RoutingConfig {
    requireNonNull(strategy, "strategy");
    requireNonNull(retry, "retry");
    requireNonNull(breaker, "breaker");
    requireNonNull(hedge, "hedge");
    requireNonNull(probes, "probes");
    if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) {
      throw bad("ewma-alpha", number(ewmaAlpha), "0..1, above 0");
    }
    positive("cooldown", cooldown);
    fallbacks = copy(fallbacks);
    contextWindowFallbacks = copy(contextWindowFallbacks);
    contentPolicyFallbacks = copy(contentPolicyFallbacks);
    contextWindows = Map.copyOf(new LinkedHashMap<>(contextWindows));
    contextWindows.forEach((model, tokens) -> {
      if (tokens <= 0) {
        throw bad("context-windows." + model, tokens.toString(), "> 0");
      }
    });
  }

  /** A config without active probes ({@link Probes#DEFAULTS}). */
  public RoutingConfig(Strategy strategy, double ewmaAlpha, Retry retry, Breaker breaker,
      Duration cooldown, Hedge hedge, Map<String, List<String>> fallbacks,
      Map<String, List<String>> contextWindowFallbacks,
      Map<String, List<String>> contentPolicyFallbacks, Map<String, Long> contextWindows) {
    this(strategy, ewmaAlpha, retry, breaker, cooldown, hedge, fallbacks, contextWindowFallbacks,
        contentPolicyFallbacks, contextWindows, Probes.DEFAULTS);
  }

  /**
   * Every default; no fallbacks. (A method, not a constant: the nested records' constructors use
   * this class's checks, so a constant here would make class initialisation circular.)
   */
  public static RoutingConfig defaults() {
    return new RoutingConfig(DEFAULT_STRATEGY, DEFAULT_EWMA_ALPHA, Retry.DEFAULTS,
        Breaker.DEFAULTS, DEFAULT_COOLDOWN, Hedge.DEFAULTS, Map.of(), Map.of(), Map.of(),
        Map.of());
  }

  /**
   * Reads the {@code routing} node (YAML or JSON), values as written; null or missing means
   * {@link #defaults()}.
   */
  public static RoutingConfig fromNode(@Nullable JsonNode routing) {
    return RoutingConfigReader.read(routing == null ? null : ConfigNode.of("routing", routing));
  }

  /**
   * Reads the {@code routing} section through the config loader's reader (environment
   * references resolved); null means {@link #defaults()}.
   */
  public static RoutingConfig read(@Nullable ConfigNode routing) {
    return RoutingConfigReader.read(routing);
  }

  /** This config with other fallbacks on exhausted retries. */
  public RoutingConfig withFallbacks(Map<String, List<String>> newFallbacks) {
    return new RoutingConfig(strategy, ewmaAlpha, retry, breaker, cooldown, hedge, newFallbacks,
        contextWindowFallbacks, contentPolicyFallbacks, contextWindows, probes);
  }

  /** This config with other breaker settings. */
  public RoutingConfig withBreaker(Breaker newBreaker) {
    return new RoutingConfig(strategy, ewmaAlpha, retry, newBreaker, cooldown, hedge, fallbacks,
        contextWindowFallbacks, contentPolicyFallbacks, contextWindows, probes);
  }

  /** This config with other retry settings. */
  public RoutingConfig withRetry(Retry newRetry) {
    return new RoutingConfig(strategy, ewmaAlpha, newRetry, breaker, cooldown, hedge, fallbacks,
        contextWindowFallbacks, contentPolicyFallbacks, contextWindows, probes);
  }

  /** This config with other hedge settings. */
  public RoutingConfig withHedge(Hedge newHedge) {
    return new RoutingConfig(strategy, ewmaAlpha, retry, breaker, cooldown, newHedge, fallbacks,
        contextWindowFallbacks, contentPolicyFallbacks, contextWindows, probes);
  }

  /** This config with other active-probe settings. */
  public RoutingConfig withProbes(Probes newProbes) {
    return new RoutingConfig(strategy, ewmaAlpha, retry, breaker, cooldown, hedge, fallbacks,
        contextWindowFallbacks, contentPolicyFallbacks, contextWindows, newProbes);
  }

  /** How a route's deployments are ordered within a priority tier. */
  public enum Strategy {
    /** Weighted random: a deployment of weight 3 goes first three times as often as weight 1. */
    WEIGHTED("weighted"),
    /** Fewest calls in flight first; ties in weighted random order. */
    LEAST_IN_FLIGHT("least-in-flight"),
    /**
     * Lowest moving average latency first (time to first token for streams, total time for
     * whole answers); deployments without a sample yet first, so they get measured.
     */
    LOWEST_LATENCY("lowest-latency");

    private final String configName;

    Strategy(String configName) {
      this.configName = configName;
    }

    /** The name used in YAML. */
    public String configName() {
      return configName;
    }

    /** The strategy with this YAML name. */
    public static Strategy parse(String key, String text) {
      for (Strategy s : values()) {
        if (s.configName.equals(text.trim().toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          key + ": " + text + " (expected: weighted, least-in-flight or lowest-latency)");
    }
  }

  /**
   * When and how a failed call is tried again: at most {@code maxAttempts} calls per model
   * (the first included); a retry on the same deployment waits a full-jitter backoff between 0
   * and {@code min(cap, base × 2^retry)}, or exactly the wait the vendor asked for; no wait is
   * longer than {@code maxWait}; nothing starts after {@code deadline} from the request's
   * arrival.
   */
  public record Retry(int maxAttempts, Duration base, Duration cap, Duration deadline,
      Duration maxWait) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_BASE = Duration.ofMillis(500);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    public static final Retry DEFAULTS = new Retry(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE,
        DEFAULT_CAP, DEFAULT_DEADLINE, DEFAULT_MAX_WAIT);

    public Retry {
      if (maxAttempts < 1) {
        throw bad("retry.max-attempts", Integer.toString(maxAttempts), ">= 1");
      }
      positive("retry.base", base);
      positive("retry.cap", cap);
      positive("retry.deadline", deadline);
      requireNonNull(maxWait, "maxWait");
      if (maxWait.isNegative()) {
        throw bad("retry.max-wait", ConfigValues.formatDuration(maxWait), ">= 0");
      }
      if (cap.compareTo(base) < 0) {
        throw bad("retry.cap", ConfigValues.formatDuration(cap),
            ">= retry.base (" + ConfigValues.formatDuration(base) + ")");
      }
    }
  }

  /**
   * The circuit breaker of every deployment. CLOSED: calls flow and their outcomes fill a
   * sliding window ({@code window: count}: the last {@code windowSize} calls; {@code window:
   * time}: the calls of the last {@code windowDuration}); once it holds at least {@code minCalls}
   * calls with at least one failure and a failure share of at least {@code failureRate}, the
   * breaker opens. OPEN: no calls for {@code openDuration}. HALF_OPEN: {@code probes} calls are
   * let through; when all succeed the breaker closes with an empty window, the first failure
   * opens it again.
   */
  public record Breaker(Window window, int windowSize, Duration windowDuration, int minCalls,
      double failureRate, Duration openDuration, int probes) {

    public static final Window DEFAULT_WINDOW = Window.COUNT;
    public static final int DEFAULT_WINDOW_SIZE = 20;
    public static final Duration DEFAULT_WINDOW_DURATION = Duration.ofSeconds(60);
    public static final int DEFAULT_MIN_CALLS = 10;
    public static final double DEFAULT_FAILURE_RATE = 0.5;
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
    public static final int DEFAULT_PROBES = 1;
    public static final Breaker DEFAULTS = new Breaker(DEFAULT_WINDOW, DEFAULT_WINDOW_SIZE,
        DEFAULT_WINDOW_DURATION, DEFAULT_MIN_CALLS, DEFAULT_FAILURE_RATE, DEFAULT_OPEN_DURATION,
        DEFAULT_PROBES);

    /** What the failure-rate window counts over. */
    public enum Window { COUNT, TIME }

    public Breaker {
      requireNonNull(window, "window");
      if (windowSize < 1) {
        throw bad("breaker.window-size", Integer.toString(windowSize), ">= 1");
      }
      positive("breaker.window-duration", windowDuration);
      if (minCalls < 1) {
        throw bad("breaker.min-calls", Integer.toString(minCalls), ">= 1");
      }
      if (window == Window.COUNT && minCalls > windowSize) {
        throw bad("breaker.min-calls", Integer.toString(minCalls),
            "<= breaker.window-size (" + windowSize + ")");
      }
      if (!(failureRate >= 0 && failureRate <= 1)) {
        throw bad("breaker.failure-rate", number(failureRate), "0..1");
      }
      positive("breaker.open-duration", openDuration);
      if (probes < 1) {
        throw bad("breaker.probes", Integer.toString(probes), ">= 1");
      }
    }
  }

  /**
   * Hedging: when the first token of a call is later than {@code threshold}, the same request is
   * also sent to another deployment and the first to answer wins. Each request of a route earns
   * {@code budgetPercent}/100 of a hedge; a hedge spends one, so hedges never exceed that share
   * of the route's requests (the bucket starts empty and holds at most {@link #MAX_BURST}).
   */
  public record Hedge(boolean enabled, Threshold threshold, double budgetPercent) {

    public static final double DEFAULT_QUANTILE = 0.95;
    public static final int DEFAULT_MIN_SAMPLES = 20;
    public static final Threshold DEFAULT_THRESHOLD =
        new Threshold.Observed(DEFAULT_QUANTILE, DEFAULT_MIN_SAMPLES);
    public static final double DEFAULT_BUDGET_PERCENT = 5;
    /** Most hedges a route can save up. */
    public static final int MAX_BURST = 10;
    public static final Hedge DEFAULTS =
        new Hedge(false, DEFAULT_THRESHOLD, DEFAULT_BUDGET_PERCENT);

    public Hedge {
      requireNonNull(threshold, "threshold");
      if (!(budgetPercent >= 0 && budgetPercent <= 100)) {
        throw bad("hedge.budget-percent", number(budgetPercent), "0..100");
      }
    }
  }

  /** When a first token counts as late. */
  public sealed interface Threshold {

    /** After a fixed time ({@code threshold: 2s}). */
    record Fixed(Duration after) implements Threshold {
      public Fixed {
        positive("hedge.threshold", after);
      }
    }

    /**
     * After the deployment's observed {@code quantile} of time to first token ({@code threshold:
     * p95}); no hedging until it has {@code minSamples} samples.
     */
    record Observed(double quantile, int minSamples) implements Threshold {
      public Observed {
        if (!(quantile > 0 && quantile < 1)) {
          throw bad("hedge.threshold", "p" + number(quantile * 100), "p1..p99.9");
        }
        if (minSamples < 1) {
          throw bad("hedge.min-samples", Integer.toString(minSamples), ">= 1");
        }
      }
    }
  }

  /**
   * Active health probes: every {@code interval}, the smallest real call each deployment can
   * serve (a one-token chat, a one-word embedding) is sent through its upstream, and the outcome
   * feeds its breaker (see {@link HealthProbes}). Off unless {@code enabled}. {@code mode}
   * {@link ProbeMode#OPEN_ONLY} probes only deployments whose breaker is not CLOSED; {@link
   * ProbeMode#ALL} probes every deployment. A probe not answered within {@code timeout} fails.
   */
  public record Probes(boolean enabled, Duration interval, Duration timeout, ProbeMode mode) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final ProbeMode DEFAULT_MODE = ProbeMode.OPEN_ONLY;
    public static final Probes DEFAULTS =
        new Probes(false, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_MODE);

    public Probes {
      positive("probes.interval", interval);
      positive("probes.timeout", timeout);
      requireNonNull(mode, "mode");
    }

    /** Probes switched on with the default interval, timeout and mode. */
    public static Probes on() {
      return new Probes(true, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_MODE);
    }
  }

  /** Which deployments active probes call. */
  public enum ProbeMode {
    /** Only deployments whose breaker is OPEN or HALF_OPEN: no cost while all is well. */
    OPEN_ONLY,
    /** Every deployment, every interval (a breaker can open before client traffic meets it). */
    ALL
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> in) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(requireNonNull(k, "model"), List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }

  static IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException(
        "routing." + key + ": " + value + " (expected: " + expected + ")");
  }

  static void positive(String key, Duration d) {
    requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw bad(key, ConfigValues.formatDuration(d), "> 0");
    }
  }

  /** {@code 1.5}, {@code 5}, {@code 0.25}: a number the way it is written in config. */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
