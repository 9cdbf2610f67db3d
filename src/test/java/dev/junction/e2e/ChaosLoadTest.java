package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.ConfigLoader;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.GatewayConfig;
import dev.junction.gateway.Gateway;
import dev.junction.json.Json;
import dev.junction.ledger.LedgerConfig;
import dev.junction.provider.Provider;
import dev.junction.provider.ProviderContext;
import dev.junction.provider.Upstream;
import dev.junction.simulator.SimulatorProvider;
import dev.junction.simulator.SimulatorUpstream;
import dev.junction.testing.FakeUpstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos run: mixed load (whole answers and streams, OpenAI and Anthropic fronts, {@code
 * junction.chaos.concurrency} clients, loopback only) for {@code junction.chaos.duration} against
 * a real gateway that routes one model over three simulator deployments with injected failures
 * (429 with Retry-After, 500, never-answering calls, dropped streams) and a clean fallback model.
 * Not part of the unit suite: it runs only with {@code -Djunction.chaos=true}.
 *
 * <pre>
 * ./mvnw -o -q -B test -Dtest=ChaosLoadTest -Djunction.chaos=true \
 *     -Djunction.chaos.duration=10m -Djunction.chaos.concurrency=16
 * </pre>
 *
 * <p>It reports (to stdout and {@code target/chaos/report.md}): the client-seen success rate next
 * to the upstream error rate the simulators injected, retries, hedges and fallbacks seen in the
 * {@code x-junction-*} headers, latency percentiles next to the simulators' configured latency,
 * the hedge cost in extra upstream calls, and what was still in flight after the load stopped
 * (must be zero: the run fails otherwise, and when a request hangs past its client timeout).
 * {@code junction.chaos.config} names another YAML file to run against instead of the built-in
 * one ({@link #CONFIG}).
 */
@EnabledIfSystemProperty(named = "junction.chaos", matches = "true")
class ChaosLoadTest {

  /** The built-in chaos config; the {@code routing:} section is left out for a baseline run. */
  static final String MODELS = """
      providers-from-env: false
      server:
        shutdown-grace: 2s
      models:
        - name: chaos
          deployments:
            - id: sim-a
              provider: simulator
              timeouts: {first-token: 1s, idle: 1s, total: 10s}
              simulator: {seed: 11, latency: 150ms, first-token: 100ms, tokens-per-second: 400,
                          output-tokens: 24, error-rate-429: 0.05, retry-after: 1s,
                          error-rate-500: 0.05, timeout-rate: 0.01, drop-rate: 0.03, drop-after: 4}
            - id: sim-b
              provider: simulator
              timeouts: {first-token: 1s, idle: 1s, total: 10s}
              simulator: {seed: 22, latency: 150ms, first-token: 100ms, tokens-per-second: 400,
                          output-tokens: 24, error-rate-429: 0.02, retry-after: 2s,
                          error-rate-500: 0.10, timeout-rate: 0.02, drop-rate: 0.02, drop-after: 4}
            - id: sim-c
              provider: simulator
              timeouts: {first-token: 1s, idle: 1s, total: 10s}
              simulator: {seed: 33, latency: 150ms, first-token: 100ms, tokens-per-second: 400,
                          output-tokens: 24, error-rate-500: 0.05, timeout-rate: 0.005}
        - name: chaos-fallback
          deployments:
            - id: sim-fallback
              provider: simulator
              timeouts: {first-token: 1s, idle: 1s, total: 10s}
              simulator: {seed: 44, latency: 150ms, first-token: 100ms, tokens-per-second: 400,
                          output-tokens: 24}
      """;

  static final String ROUTING = """
      routing:
        strategy: least-in-flight
        retry: {max-attempts: 3, base: 50ms, cap: 1s, deadline: 30s, max-wait: 2s}
        breaker: {window: count, window-size: 20, min-calls: 10, failure-rate: 0.5,
                  open-duration: 5s, probes: 1}
        cooldown: 1s
        hedge: {enabled: true, threshold: p95, min-samples: 20, budget-percent: 5}
        fallbacks:
          chaos: [chaos-fallback]
      """;

  static final String CONFIG = MODELS + ROUTING;

  /** Configured simulator latency: whole answer, and a stream's first token plus 24 tokens. */
  private static final Duration SIM_WHOLE = Duration.ofMillis(150);
  private static final Duration SIM_STREAM = Duration.ofMillis(100 + 24 * 1000 / 400);
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

  enum Kind {
    OPENAI_WHOLE, OPENAI_STREAM, ANTHROPIC_WHOLE, ANTHROPIC_STREAM;

    boolean stream() {
      return this == OPENAI_STREAM || this == ANTHROPIC_STREAM;
    }

    boolean anthropic() {
      return this == ANTHROPIC_WHOLE || this == ANTHROPIC_STREAM;
    }
  }

  /** One request's outcome. */
  record Sample(Kind kind, String outcome, long micros, int attempts, boolean hedged,
      boolean fallback, String deployment) {}

  /** The simulator provider, keeping every upstream it creates so the run can read counters. */
  static final class CountedSimulators implements Provider {
    final SimulatorProvider real = new SimulatorProvider();
    final Map<String, SimulatorUpstream> upstreams = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public String defaultBaseUrl() {
      return real.defaultBaseUrl();
    }

    @Override
    public Upstream create(DeploymentConfig deployment, ProviderContext context) {
      SimulatorUpstream u = real.create(deployment, context);
      upstreams.put(deployment.id(), u);
      return u;
    }
  }

  @Test
  void chaos() throws Exception {
    Duration duration = parseDuration(System.getProperty("junction.chaos.duration", "2m"));
    int concurrency = Integer.getInteger("junction.chaos.concurrency", 16);
    String configFile = System.getProperty("junction.chaos.config");
    boolean baseline = Boolean.getBoolean("junction.chaos.baseline");
    String yaml = configFile != null ? Files.readString(Path.of(configFile))
        : baseline ? MODELS : CONFIG;

    GatewayConfig config = ConfigLoader.withEnv(Map.of()).parse(yaml).withPort(0)
        .withLedger(LedgerConfig.disabled());
    CountedSimulators sims = new CountedSimulators();
    Gateway gateway = Gateway.builder(config).provider(sims).start().toCompletionStage()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + gateway.port();

    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    AtomicLong seq = new AtomicLong();
    AtomicLong hung = new AtomicLong();
    Instant start = Instant.now();
    long endNanos = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    for (int i = 0; i < concurrency; i++) {
      pool.submit(() -> {
        while (System.nanoTime() < endNanos) {
          long n = seq.getAndIncrement();
          Kind kind = Kind.values()[(int) (n % Kind.values().length)];
          try {
            samples.add(call(http, base, kind, n));
          } catch (java.net.http.HttpTimeoutException e) {
            hung.incrementAndGet();
          } catch (Exception e) {
            samples.add(new Sample(kind, "client-exception " + e.getClass().getSimpleName(), 0,
                0, false, false, "-"));
          }
        }
        return null;
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS))
        .as("load stopped").isTrue();
    Duration elapsed = Duration.between(start, Instant.now());

    // leaks: every simulator call over, no deployment call in flight
    boolean drained = FakeUpstream.poll(() -> sims.upstreams.values().stream()
        .allMatch(u -> u.stats().inFlight() == 0), Duration.ofSeconds(15));
    String admin = get(http, base + "/admin/deployments");
    long adminInFlight = inFlightFromAdmin(admin);
    String metrics = get(http, base + "/metrics");

    String report = report(duration, elapsed, concurrency, baseline, configFile, samples,
        hung.get(), sims, drained, adminInFlight, admin, metrics);
    System.out.println(report);
    Path out = Path.of("target", "chaos");
    Files.createDirectories(out);
    Files.writeString(out.resolve("report.md"), report);

    http.close();
    gateway.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(hung.get()).as("requests that hung past the client timeout").isZero();
    assertThat(drained).as("simulator calls still in flight after the run").isTrue();
    assertThat(adminInFlight).as("in-flight calls in /admin/deployments").isZero();
  }

  private static Sample call(HttpClient http, String base, Kind kind, long n)
      throws IOException, InterruptedException {
    String prompt = "chaos request " + n;
    String body = kind.anthropic()
        ? """
          {"model":"chaos","max_tokens":64,"stream":%s,
           "messages":[{"role":"user","content":"%s"}]}""".formatted(kind.stream(), prompt)
        : """
          {"model":"chaos","stream":%s,"messages":[{"role":"user","content":"%s"}]}"""
            .formatted(kind.stream(), prompt);
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base
            + (kind.anthropic() ? "/v1/messages" : "/v1/chat/completions")))
        .timeout(CLIENT_TIMEOUT)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (kind.anthropic()) {
      req.header("anthropic-version", "2023-06-01");
    }
    long t0 = System.nanoTime();
    HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    long micros = (System.nanoTime() - t0) / 1000;
    String outcome = outcome(resp, kind);
    var h = resp.headers();
    return new Sample(kind, outcome, micros,
        h.firstValue("x-junction-attempts").map(Integer::parseInt).orElse(1),
        h.firstValue("x-junction-hedged").map("true"::equals).orElse(false),
        h.firstValue("x-junction-fallback").isPresent(),
        h.firstValue("x-junction-deployment").orElse("-"));
  }

  /** "ok", "error STATUS TYPE", "stream-error TYPE" or "truncated-stream". */
  static String outcome(HttpResponse<String> resp, Kind kind) {
    String body = resp.body();
    if (resp.statusCode() != 200) {
      JsonNode e = Json.parse(body.getBytes(StandardCharsets.UTF_8)).path("error");
      return "error " + resp.statusCode() + " " + e.path("type").asText("?");
    }
    if (!kind.stream()) {
      return "ok";
    }
    for (String line : body.split("\n")) {
      if (line.startsWith("data: {") && line.contains("\"error\"")) {
        JsonNode e = Json.parse(line.substring(6).getBytes(StandardCharsets.UTF_8));
        if (e.has("error")) {
          return "stream-error " + e.path("error").path("type").asText("?");
        }
      }
    }
    boolean complete = kind.anthropic() ? body.contains("event: message_stop")
        : body.contains("data: [DONE]");
    return complete ? "ok" : "truncated-stream";
  }

  private static String get(HttpClient http, String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (Exception e) {
      return "";
    }
  }

  private static long inFlightFromAdmin(String admin) {
    if (admin.isBlank()) {
      return 0;
    }
    JsonNode json = Json.parse(admin.getBytes(StandardCharsets.UTF_8));
    JsonNode list = json.isArray() ? json : json.path("deployments");
    long n = 0;
    for (JsonNode d : list) {
      n += d.path("in_flight").asLong(d.path("inFlight").asLong(0));
    }
    return n;
  }

  private static String report(Duration duration, Duration elapsed, int concurrency,
      boolean baseline, String configFile, ConcurrentLinkedQueue<Sample> samples, long hung,
      CountedSimulators sims, boolean drained, long adminInFlight, String admin,
      String metrics) {
    List<Sample> all = new ArrayList<>(samples);
    long total = all.size() + hung;
    long ok = all.stream().filter(s -> s.outcome().equals("ok")).count();
    long upstreamCalls = 0;
    long upstreamFaults = 0;
    StringBuilder sb = new StringBuilder();
    sb.append("# Chaos run ").append(Instant.now()).append("\n\n");
    sb.append("duration ").append(duration).append(" (elapsed ").append(elapsed.toSeconds())
        .append(" s), concurrency ").append(concurrency).append(", config ")
        .append(configFile != null ? configFile : baseline ? "built-in, no routing section"
            : "built-in").append(", cores ").append(Runtime.getRuntime().availableProcessors())
        .append("\n\n");
    sb.append("## Client side\n\n");
    sb.append(String.format(Locale.ROOT, "requests %d (%.1f/s), ok %d = %.3f%%, hung %d%n%n",
        total, total / Math.max(1.0, elapsed.toMillis() / 1000.0), ok,
        100.0 * ok / Math.max(1, total), hung));
    Map<String, Long> outcomes = new TreeMap<>();
    all.forEach(s -> outcomes.merge(s.outcome(), 1L, Long::sum));
    sb.append("| outcome | requests |\n|---|---|\n");
    outcomes.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    long attempts = all.stream().mapToLong(Sample::attempts).sum();
    long retried = all.stream().filter(s -> s.attempts() > 1).count();
    long hedged = all.stream().filter(Sample::hedged).count();
    long fallback = all.stream().filter(Sample::fallback).count();
    sb.append(String.format(Locale.ROOT,
        "%nupstream attempts (x-junction-attempts) %d = %.3f per request; requests with more "
            + "than one attempt %d (%.2f%%); hedged %d (%.2f%%); answered by a fallback %d "
            + "(%.2f%%)%n%n",
        attempts, attempts / (double) Math.max(1, all.size()), retried,
        100.0 * retried / Math.max(1, all.size()), hedged,
        100.0 * hedged / Math.max(1, all.size()), fallback,
        100.0 * fallback / Math.max(1, all.size())));
    sb.append("| kind | requests | ok % | p50 ms | p95 ms | p99 ms | max ms | simulator ms "
        + "| added p50 ms | added p95 ms |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (Kind k : Kind.values()) {
      long[] lat = all.stream().filter(s -> s.kind() == k && s.outcome().equals("ok"))
          .mapToLong(Sample::micros).sorted().toArray();
      long n = all.stream().filter(s -> s.kind() == k).count();
      long kOk = lat.length;
      long sim = (k.stream() ? SIM_STREAM : SIM_WHOLE).toMillis();
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.0f | %.0f | %.0f | %d | "
              + "%.0f | %.0f |%n", k, n, 100.0 * kOk / Math.max(1, n), pct(lat, 50),
          pct(lat, 95), pct(lat, 99), pct(lat, 100), sim, pct(lat, 50) - sim,
          pct(lat, 95) - sim));
    }
    sb.append("\n## Upstream side (simulator counters)\n\n");
    sb.append("| deployment | calls | faults injected | fault % | in flight at end |\n"
        + "|---|---|---|---|---|\n");
    for (var e : new TreeMap<>(sims.upstreams).entrySet()) {
      var st = e.getValue().stats();
      upstreamCalls += st.calls();
      upstreamFaults += st.faults();
      sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %d |%n", e.getKey(),
          st.calls(), st.faults(), 100.0 * st.faults() / Math.max(1, st.calls()),
          st.inFlight()));
    }
    sb.append(String.format(Locale.ROOT,
        "%nupstream calls %d for %d requests: %.2f%% extra calls (retries, hedges, fallbacks); "
            + "upstream fault rate %.2f%% vs client-seen failure rate %.3f%%%n",
        upstreamCalls, total, 100.0 * (upstreamCalls - total) / Math.max(1, total),
        100.0 * upstreamFaults / Math.max(1, upstreamCalls),
        100.0 * (total - ok) / Math.max(1, total)));
    sb.append(String.format(Locale.ROOT,
        "%n## Leaks%n%nsimulator in-flight drained to zero: %s; /admin/deployments in-flight "
            + "sum: %d%n", drained, adminInFlight));
    sb.append("\n## /admin/deployments at the end\n\n```\n").append(admin.isBlank()
        ? "(not available)" : admin).append("\n```\n");
    sb.append("\n## junction_* metrics of interest\n\n```\n");
    Arrays.stream(metrics.split("\n"))
        .filter(l -> !l.startsWith("#") && (l.contains("attempts") || l.contains("failed_over")
            || l.contains("hedge") || l.contains("fallback") || l.contains("retr")
            || l.contains("requests_total") || l.contains("breaker")
            || l.contains("in_flight")))
        .forEach(l -> sb.append(l).append('\n'));
    sb.append("```\n");
    return sb.toString();
  }

  private static double pct(long[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
    return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, i))] / 1000.0;
  }

  private static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Duration.ofSeconds(Long.parseLong(t));
  }
}
