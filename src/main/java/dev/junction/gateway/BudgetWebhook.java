package dev.junction.gateway;

import dev.junction.budget.ThresholdEvent;
import dev.junction.budget.ThresholdListener;
import dev.junction.json.Json;
import dev.junction.routing.Scheduler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Posts each budget alert ({@code auth.threshold-webhook}) as JSON with the gateway's
 * non-blocking HTTP client: {@code {"scope", "percent", "spent", "amount", "currency", "period",
 * "period_start", "period_end", "at", "text"}} (amounts as exact decimal strings).
 *
 * <p>Delivery: each attempt has {@link #TIMEOUT} to connect and answer. A connection error, a
 * timeout, 408, 429 or a 5xx is retried after each of {@link #RETRY_DELAYS} in turn (five
 * attempts over about two and a half minutes); any other answer of 300 or more is not retried. An
 * alert whose attempts all fail is logged at WARN with its text, so it is never silently lost.
 * The URL's path and query (which may hold a secret) are never logged. Thread-safe.
 */
final class BudgetWebhook implements ThresholdListener {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("junction.budget");

  /** The waits before the second, third, … attempt. */
  static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(30), Duration.ofMinutes(2));
  /** Time each attempt has to connect and receive the answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final URI url;
  private final Scheduler timers;
  private final List<Duration> retryDelays;

  BudgetWebhook(HttpClient client, URI url, Scheduler timers) {
    this(client, url, timers, RETRY_DELAYS);
  }

  BudgetWebhook(HttpClient client, URI url, Scheduler timers, List<Duration> retryDelays) {
    this.client = client;
    this.url = url;
    this.timers = timers;
    this.retryDelays = List.copyOf(retryDelays);
  }

  @Override
  public void onThreshold(ThresholdEvent e) {
    var body = Json.object()
        .put("scope", e.scopeId())
        .put("percent", e.percent())
        .put("spent", e.spent().toPlainString())
        .put("amount", e.budget().amount().toPlainString())
        .put("currency", e.budget().currency())
        .put("period", e.budget().period().wireName())
        .put("period_start", e.window().start().toString())
        .put("period_end", e.window().end() == null ? null : e.window().end().toString())
        .put("at", e.at().toString())
        .put("text", e.describe());
    post(Buffer.buffer(Json.bytes(body)), e.describe(), 0);
  }

  private void post(Buffer body, String text, int attempt) {
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
            .setConnectTimeout(TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis())
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(ignored -> resp.statusCode()))
        .onComplete(ar -> {
          String problem = ar.failed() ? redacted(ar.cause().toString()) : problem(ar.result());
          if (problem == null) {
            return;
          }
          if (ar.succeeded() && !retryable(ar.result())) {
            LOG.warn("budget webhook {} {}; not retried; alert: {}", where(), problem, text);
          } else if (attempt < retryDelays.size()) {
            LOG.debug("budget webhook {} {}; retrying", where(), problem);
            timers.schedule(retryDelays.get(attempt), () -> post(body, text, attempt + 1));
          } else {
            LOG.warn("budget webhook {} {} after {} attempts; alert not delivered: {}", where(),
                problem, attempt + 1, text);
          }
        });
  }

  private static @Nullable String problem(int status) {
    return status < 300 ? null : "answered " + status;
  }

  private static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * {@code message} without the URL's path and query: client errors name the request (a timeout
   * says "while executing POST /hooks/…"), and the path may hold a secret.
   */
  String redacted(String message) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String full = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    String out = message.replace(url.toString(), where() + "/…");
    if (!full.isEmpty() && !full.equals("/")) {
      out = out.replace(full, "/…");
    }
    return path.isEmpty() || path.equals("/") ? out : out.replace(path, "/…");
  }

  /** The webhook's scheme, host and port: its path and query may hold a secret (Slack-style). */
  private String where() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }
}
