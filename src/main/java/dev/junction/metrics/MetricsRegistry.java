package dev.junction.metrics;

import dev.junction.chat.Usage;
import dev.junction.gateway.CallRecord;
import dev.junction.routing.BreakerState;
import dev.junction.routing.Fallback;
import dev.junction.routing.HealthSnapshot;
import dev.junction.routing.HedgeStats;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import dev.junction.pricing.Cost;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and histograms keyed by label values. Metrics:
 *
 * <ul>
 *   <li>{@code junction_requests_total{front,endpoint,model,provider,status}}
 *   <li>{@code junction_request_errors_total{front,model,code}}
 *   <li>{@code junction_request_duration_seconds{front,endpoint,model}} (histogram)
 *   <li>{@code junction_time_to_first_token_seconds{model}} (histogram, streams)
 *   <li>{@code junction_tokens_total{model,provider,kind}} (kind: input, cache_read,
 *       cache_write, output, reasoning)
 *   <li>{@code junction_usage_estimated_total{model}}
 *   <li>{@code junction_upstream_attempts_total{model}} and {@code
 *       junction_requests_failed_over_total{model}}
 *   <li>{@code junction_cost_nanos_total{model,provider,currency}} (exact, 1e-9 units) and
 *       {@code junction_unpriced_requests_total{model,provider}}
 *   <li>{@code junction_retries_total{model}}, {@code junction_fallbacks_total{from,to,reason}}
 *       (from {@link #onRouted}); {@code junction_probes_total{deployment,outcome}} (active health
 *       probes, from {@link #onProbe});
 *   <li>read at scrape: {@code junction_hedges_sent_total{model}}, {@code
 *       junction_hedges_won_total{model}}, {@code junction_deployment_breaker_state{deployment,
 *       state}} (1 for the current state, 0 for the others), {@code
 *       junction_deployment_in_flight{deployment}}
 * </ul>
 */
final class MetricsRegistry implements Metrics {

  static final int MAX_SERIES = 5000;
  static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
      10, 30, 60, 120};

  private final Family requests = new Family("junction_requests_total",
      "Client requests by outcome.", "counter",
      List.of("front", "endpoint", "model", "provider", "status"));
  private final Family errors = new Family("junction_request_errors_total",
      "Client requests that ended in an error, by error code.", "counter",
      List.of("front", "model", "code"));
  private final Family tokens = new Family("junction_tokens_total",
      "Tokens by kind (disjoint buckets: input excludes cached reads and writes).", "counter",
      List.of("model", "provider", "kind"));
  private final Family estimated = new Family("junction_usage_estimated_total",
      "Requests whose usage was counted by the gateway instead of reported by the vendor.",
      "counter", List.of("model"));
  private final Family attempts = new Family("junction_upstream_attempts_total",
      "Upstream attempts made (one request may make several).", "counter", List.of("model"));
  private final Family failedOver = new Family("junction_requests_failed_over_total",
      "Requests served after at least one failed attempt.", "counter", List.of("model"));
  private final Family cost = new Family("junction_cost_nanos_total",
      "Spend in billionths of the currency unit (exact integer), by model and currency.",
      "counter", List.of("model", "provider", "currency"));
  private final Family unpriced = new Family("junction_unpriced_requests_total",
      "Requests whose model (or one of whose token kinds) has no price in the catalogue.",
      "counter", List.of("model", "provider"));
  private final Family retries = new Family("junction_retries_total",
      "Upstream attempts beyond the first, hedges excluded (a retry or a failover).", "counter",
      List.of("model"));
  private final Family fallbacks = new Family("junction_fallbacks_total",
      "Requests that moved to a fallback model, by reason (exhausted, context-window,"
          + " content-policy).", "counter", List.of("from", "to", "reason"));
  private final Family probes = new Family("junction_probes_total",
      "Active health probes sent, by deployment and outcome (success, rejected, rate_limited,"
          + " failure).", "counter", List.of("deployment", "outcome"));
  private final Supplier<List<HealthSnapshot>> deployments;
  private final Supplier<List<HedgeStats>> hedgeStats;
  private final Histogram duration = new Histogram("junction_request_duration_seconds",
      "Time from request received to last byte sent.", List.of("front", "endpoint", "model"));
  private final Histogram ttft = new Histogram("junction_time_to_first_token_seconds",
      "Time from request received to the first streamed token sent.", List.of("model"));

  MetricsRegistry(Supplier<List<HealthSnapshot>> deployments,
      Supplier<List<HedgeStats>> hedgeStats) {
    this.deployments = deployments;
    this.hedgeStats = hedgeStats;
  }

  @Override
  public void onRouted(String model, int attempts, boolean hedged, @Nullable Fallback fallback) {
    retries.inc(Math.max(0, attempts - 1 - (hedged ? 1 : 0)), model);
    if (fallback != null) {
      fallbacks.inc(1, fallback.from(), fallback.to(), fallback.reason().label());
    }
  }

  @Override
  public void onProbe(String deployment, String outcome) {
    probes.inc(1, deployment, outcome);
  }

  @Override
  public void onCall(CallRecord r) {
    String model = "model_not_found".equals(r.errorCode()) ? "(unknown)" : r.requestedModel();
    String provider = r.provider() == null ? "" : r.provider();
    requests.inc(1, r.front(), r.endpoint(), model, provider, Integer.toString(r.status()));
    if (r.errorCode() != null || r.errorType() != null) {
      errors.inc(1, r.front(), model, r.errorCode() == null ? r.errorType() : r.errorCode());
    }
    duration.observe(r.latencyMillis() / 1000.0, r.front(), r.endpoint(), model);
    if (r.ttftMillis() >= 0) {
      ttft.observe(r.ttftMillis() / 1000.0, model);
    }
    Usage u = r.usage();
    if (u != null) {
      tokens.inc(u.input(), model, provider, "input");
      tokens.inc(u.cacheRead(), model, provider, "cache_read");
      tokens.inc(u.cacheWriteTotal(), model, provider, "cache_write");
      tokens.inc(u.output(), model, provider, "output");
      tokens.inc(u.reasoning(), model, provider, "reasoning");
      if (u.estimated()) {
        estimated.inc(1, model);
      }
    }
    Cost c = r.cost();
    if (c != null) {
      if (c.priced()) {
        cost.inc(c.total().movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN)
            .longValueExact(), model, provider, c.currency());
      }
      if (!c.priced() || c.partial()) {
        unpriced.inc(1, model, provider);
      }
    }
    if (r.attempts() > 0) {
      attempts.inc(r.attempts(), model);
      if (r.attempts() > 1 && r.errorType() == null) {
        failedOver.inc(1, model);
      }
    }
  }

  @Override
  public String scrape() {
    StringBuilder sb = new StringBuilder(4096);
    for (Family f : List.of(requests, errors, tokens, estimated, attempts, failedOver, cost,
        unpriced, retries, fallbacks, probes)) {
      f.render(sb);
    }
    renderRouting(sb);
    duration.render(sb);
    ttft.render(sb);
    return sb.toString();
  }

  /** Gauges and counters read from the routing's own state at scrape time. */
  private void renderRouting(StringBuilder sb) {
    List<HedgeStats> hs = hedgeStats.get();
    header(sb, "junction_hedges_sent_total", "Hedged second calls sent.", "counter");
    for (HedgeStats h : hs) {
      sample(sb, "junction_hedges_sent_total", "model", h.route(), h.hedges());
    }
    header(sb, "junction_hedges_won_total", "Hedged calls that answered first.", "counter");
    for (HedgeStats h : hs) {
      sample(sb, "junction_hedges_won_total", "model", h.route(), h.won());
    }
    List<HealthSnapshot> ds = deployments.get();
    header(sb, "junction_deployment_breaker_state",
        "Circuit breaker state per deployment: 1 for the current state, 0 for the others.",
        "gauge");
    for (HealthSnapshot d : ds) {
      for (BreakerState state : BreakerState.values()) {
        sb.append("junction_deployment_breaker_state{deployment=\"");
        escape(sb, d.deployment());
        sb.append("\",state=\"").append(state.name().toLowerCase(Locale.ROOT)).append("\"} ")
            .append(d.breaker() == state ? 1 : 0).append('\n');
      }
    }
    header(sb, "junction_deployment_in_flight", "Upstream calls in flight per deployment"
        + " (a stream counts until it ends).", "gauge");
    for (HealthSnapshot d : ds) {
      sample(sb, "junction_deployment_in_flight", "deployment", d.deployment(), d.inFlight());
    }
  }

  private static void header(StringBuilder sb, String name, String help, String type) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder sb, String name, String label, String value,
      long v) {
    sb.append(name).append('{').append(label).append("=\"");
    escape(sb, value);
    sb.append("\"} ").append(v).append('\n');
  }

  /** Label values as a map key. */
  private record Key(List<String> values) {}

  private static Key key(String... values) {
    return new Key(Arrays.asList(values));
  }

  private static void labels(StringBuilder sb, List<String> names, List<String> values,
      String extraName, String extraValue) {
    sb.append('{');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(names.get(i)).append("=\"");
      escape(sb, values.get(i));
      sb.append('"');
    }
    if (extraName != null) {
      if (!names.isEmpty()) {
        sb.append(',');
      }
      sb.append(extraName).append("=\"").append(extraValue).append('"');
    }
    sb.append('}');
  }

  private static void escape(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  private static final Key OVERFLOW_MARK = key("(other)");

  /** A counter family. */
  private static final class Family {
    final String name;
    final String help;
    final String type;
    final List<String> labelNames;
    final Map<Key, LongAdder> series = new ConcurrentHashMap<>();

    Family(String name, String help, String type, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.type = type;
      this.labelNames = labelNames;
    }

    void inc(long by, String... values) {
      if (by == 0) {
        return;
      }
      Key k = key(values);
      LongAdder a = series.get(k);
      if (a == null) {
        if (series.size() >= MAX_SERIES) {
          String[] other = values.clone();
          Arrays.fill(other, OVERFLOW_MARK.values().get(0));
          k = key(other);
        }
        a = series.computeIfAbsent(k, x -> new LongAdder());
      }
      a.add(by);
    }

    void render(StringBuilder sb) {
      sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
      sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      series.forEach((k, v) -> {
        sb.append(name);
        labels(sb, labelNames, k.values(), null, null);
        sb.append(' ').append(v.sum()).append('\n');
      });
    }
  }

  /** A histogram family with fixed buckets. */
  private static final class Histogram {
    final String name;
    final String help;
    final List<String> labelNames;
    final Map<Key, LongAdder[]> series = new ConcurrentHashMap<>();
    final Map<Key, java.util.concurrent.atomic.DoubleAdder> sums = new ConcurrentHashMap<>();

    Histogram(String name, String help, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = labelNames;
    }

    void observe(double seconds, String... values) {
      Key k = key(values);
      if (!series.containsKey(k) && series.size() >= MAX_SERIES) {
        String[] other = values.clone();
        Arrays.fill(other, OVERFLOW_MARK.values().get(0));
        k = key(other);
      }
      LongAdder[] buckets = series.computeIfAbsent(k, x -> {
        LongAdder[] b = new LongAdder[LATENCY_BUCKETS.length + 1];
        for (int i = 0; i < b.length; i++) {
          b[i] = new LongAdder();
        }
        return b;
      });
      int i = 0;
      while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) {
        i++;
      }
      buckets[i].increment();
      sums.computeIfAbsent(k, x -> new java.util.concurrent.atomic.DoubleAdder()).add(seconds);
    }

    void render(StringBuilder sb) {
      sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
      sb.append("# TYPE ").append(name).append(" histogram\n");
      series.forEach((k, buckets) -> {
        long cumulative = 0;
        for (int i = 0; i <= LATENCY_BUCKETS.length; i++) {
          cumulative += buckets[i].sum();
          sb.append(name).append("_bucket");
          labels(sb, labelNames, k.values(), "le",
              i < LATENCY_BUCKETS.length ? Double.toString(LATENCY_BUCKETS[i]) : "+Inf");
          sb.append(' ').append(cumulative).append('\n');
        }
        sb.append(name).append("_sum");
        labels(sb, labelNames, k.values(), null, null);
        sb.append(' ').append(sums.get(k).sum()).append('\n');
        sb.append(name).append("_count");
        labels(sb, labelNames, k.values(), null, null);
        sb.append(' ').append(cumulative).append('\n');
      });
    }
  }
}
