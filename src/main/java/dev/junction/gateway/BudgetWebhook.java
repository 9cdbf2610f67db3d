package dev.junction.gateway;

import dev.junction.budget.ThresholdEvent;
import dev.junction.budget.ThresholdListener;
import dev.junction.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * Posts each budget alert ({@code auth.threshold-webhook}) as JSON, fire and forget, with the
 * gateway's non-blocking HTTP client: {@code {"scope", "percent", "spent", "amount",
 * "currency", "period", "period_start", "period_end", "at", "text"}} (amounts as exact decimal
 * strings). A failed post is logged, never retried. Thread-safe.
 */
final class BudgetWebhook implements ThresholdListener {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("junction.budget");

  private final HttpClient client;
  private final URI url;

  BudgetWebhook(HttpClient client, URI url) {
    this.client = client;
    this.url = url;
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
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(Json.bytes(body))))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("budget webhook {} failed: {}", where(), ar.cause().toString());
          } else if (ar.result().statusCode() >= 300) {
            LOG.warn("budget webhook {} answered {}", where(), ar.result().statusCode());
          }
        });
  }

  /** The webhook's scheme, host and port: its path and query may hold a secret (Slack-style). */
  private String where() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }
}
