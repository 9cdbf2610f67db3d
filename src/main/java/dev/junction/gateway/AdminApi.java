package dev.junction.gateway;

import dev.junction.config.Secret;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.Json;
import dev.junction.routing.HealthBoard;
import dev.junction.routing.HealthSnapshot;
import dev.junction.routing.HedgePolicy;
import dev.junction.routing.HedgeStats;
import dev.junction.routing.Pacing;
import dev.junction.routing.Route;
import dev.junction.routing.Router;
import dev.junction.ledger.Dimension;
import dev.junction.ledger.Ledger;
import dev.junction.ledger.LedgerStore;
import dev.junction.ledger.Period;
import dev.junction.ledger.ReportFormat;
import dev.junction.ledger.SpendHints;
import dev.junction.ledger.SpendQuery;
import dev.junction.ledger.SpendReport;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/*}: spend reports over the ledger, guarded by the master key ({@code
 * Authorization: Bearer <master-key>} or {@code x-api-key}), compared in constant time. Without
 * a master key the admin API is open (development mode). Report queries run on a worker thread,
 * never on the event loop.
 *
 * <ul>
 *   <li>{@code GET /admin/spend?by=model|provider|key|team|tag&period=day|week|month&from=&to=
 *       &format=json|csv|table}
 *   <li>{@code GET /admin/spend/top?by=…&n=10&from=&to=&format=…}
 *   <li>{@code GET /admin/spend/latency?days=7&format=…}
 *   <li>{@code GET /admin/spend/hints?days=7&format=…} (optimisation hints, {@link SpendHints})
 *   <li>{@code GET /admin/ledger} (writer statistics)
 *   <li>{@code GET /admin/deployments} (each deployment's health: breaker, cooldown, latency
 *       averages, in-flight calls, error rate; each model's hedging and calls waiting for
 *       vendor capacity)
 * </ul>
 */
final class AdminApi {

  private final @Nullable Secret masterKey;
  private final Ledger ledger;
  private final InstantSource clock;
  private final Vertx vertx;
  private final HealthBoard board;
  private final HedgePolicy hedge;
  private final Router router;
  private final Pacing pacing;

  AdminApi(@Nullable Secret masterKey, Ledger ledger, InstantSource clock, Vertx vertx,
      HealthBoard board, HedgePolicy hedge, Router router, Pacing pacing) {
    this.router = router;
    this.pacing = pacing;
    this.masterKey = masterKey;
    this.ledger = ledger;
    this.clock = clock;
    this.vertx = vertx;
    this.board = board;
    this.hedge = hedge;
  }

  void handle(HttpServerRequest req, String path) {
    if (!authorized(req)) {
      ErrorFormat.OPENAI.send(req.response(), GatewayException.of(ErrorKind.AUTHENTICATION, "invalid_master_key",
          "admin endpoints need the master key (Authorization: Bearer <master-key>)"));
      return;
    }
    if (path.equals("/admin/deployments")) {
      ObjectNode view = deployments(board.snapshots(), hedge.stats());
      ArrayNode paced = view.putArray("pacing");
      for (Route r : router.routes()) {
        if (pacing.paced(r)) {
          paced.addObject().put("model", r.name()).put("waiting", pacing.waiting(r));
        }
      }
      json(req, Json.string(view));
      return;
    }
    LedgerStore store = ledger.store().orElse(null);
    if (path.equals("/admin/ledger")) {
      var st = ledger.stats();
      json(req, "{\"accepted\":" + st.accepted() + ",\"written\":" + st.written()
          + ",\"dropped\":" + st.dropped() + ",\"rejected\":" + st.rejected()
          + ",\"queued\":" + st.queued() + ",\"failed_writes\":" + st.failedWrites() + "}");
      return;
    }
    if (store == null) {
      ErrorFormat.OPENAI.send(req.response(), GatewayException.of(ErrorKind.NOT_FOUND, "ledger_disabled",
          "the ledger is disabled (ledger.store: none)"));
      return;
    }
    Query q;
    try {
      q = Query.of(req, path, clock);
    } catch (GatewayException e) {
      ErrorFormat.OPENAI.send(req.response(), e);
      return;
    } catch (RuntimeException e) {
      ErrorFormat.OPENAI.send(req.response(), GatewayException.invalid(null, "bad report parameters: " + e.getMessage()));
      return;
    }
    vertx.<String>executeBlocking(() -> q.run(store), false).onComplete(ar -> {
      if (ar.failed()) {
        ErrorFormat.OPENAI.send(req.response(), GatewayException.internal("report failed: " + ar.cause().getMessage(),
            ar.cause()));
      } else {
        req.response().putHeader("content-type", switch (q.format()) {
          case JSON -> "application/json";
          case CSV -> "text/csv";
          default -> "text/plain";
        }).end(ar.result());
      }
    });
  }

  /**
   * {@code {"deployments":[{deployment, breaker, open_until, cooldown_until, in_flight,
   * ewma_ttft_ms, ewma_total_ms, p95_ttft_ms, error_rate, window_calls, successes, failures,
   * rate_limited, rejected}], "hedging":[{model, requests, hedges, denied, won, budget}]}} (the
   * handler adds {@code "pacing":[{model, waiting}]} for models with vendor limits);
   * unknown values are null, instants ISO-8601.
   */
  static ObjectNode deployments(List<HealthSnapshot> snapshots, List<HedgeStats> hedges) {
    ObjectNode o = Json.object();
    ArrayNode ds = o.putArray("deployments");
    for (HealthSnapshot h : snapshots) {
      ObjectNode d = ds.addObject();
      d.put("deployment", h.deployment());
      d.put("breaker", h.breaker().name());
      d.put("open_until", h.openUntil() == null ? null : h.openUntil().toString());
      d.put("cooldown_until", h.cooldownUntil() == null ? null : h.cooldownUntil().toString());
      d.put("in_flight", h.inFlight());
      d.put("ewma_ttft_ms", millis(h.ewmaTimeToFirstToken()));
      d.put("ewma_total_ms", millis(h.ewmaTotal()));
      d.put("p95_ttft_ms", millis(h.p95TimeToFirstToken()));
      d.put("error_rate", h.errorRate());
      d.put("window_calls", h.windowCalls());
      d.put("successes", h.successes());
      d.put("failures", h.failures());
      d.put("rate_limited", h.rateLimited());
      d.put("rejected", h.rejected());
    }
    ArrayNode hs = o.putArray("hedging");
    for (HedgeStats h : hedges) {
      hs.addObject().put("model", h.route()).put("requests", h.requests())
          .put("hedges", h.hedges()).put("denied", h.denied()).put("won", h.won())
          .put("budget", h.budget());
    }
    return o;
  }

  private static @Nullable Long millis(@Nullable Duration d) {
    return d == null ? null : d.toMillis();
  }

  /** A validated report request; {@link #run} does the (blocking) query. */
  private record Query(String path, LocalDate from, LocalDate to, Dimension by, Period period,
      int top, Instant windowFrom, Instant windowTo, ReportFormat format) {

    static Query of(HttpServerRequest req, String path, InstantSource clock) {
      if (!path.equals("/admin/spend") && !path.equals("/admin/spend/top")
          && !path.equals("/admin/spend/latency") && !path.equals("/admin/spend/hints")) {
        throw GatewayException.of(ErrorKind.NOT_FOUND, "unknown_url", "unknown admin URL " + path);
      }
      Instant now = clock.instant();
      LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
      long days = Long.parseLong(param(req, "days", "7"));
      return new Query(path,
          LocalDate.parse(param(req, "from", today.minusDays(30).toString())),
          LocalDate.parse(param(req, "to", today.toString())),
          Dimension.parse(param(req, "by", "model")),
          Period.parse(param(req, "period", "day")),
          Integer.parseInt(param(req, "n", "10")),
          now.minus(Duration.ofDays(days)), now,
          ReportFormat.parse(param(req, "format", "json")));
    }

    String run(LedgerStore store) {
      return switch (path) {
        case "/admin/spend" -> {
          SpendQuery q = new SpendQuery(from, to, by, period);
          yield SpendReport.render(SpendReport.spend(store, q), q, format);
        }
        case "/admin/spend/top" -> SpendReport.render(SpendReport.top(store, from, to, by, top),
            new SpendQuery(from, to, by, Period.TOTAL), format);
        case "/admin/spend/hints" -> SpendHints.render(
            SpendHints.of(store, windowFrom, windowTo), format);
        default -> SpendReport.renderLatency(SpendReport.latency(store, windowFrom, windowTo),
            format);
      };
    }
  }

  private boolean authorized(HttpServerRequest req) {
    if (masterKey == null) {
      return true;
    }
    String auth = req.getHeader("authorization");
    String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        ? auth.substring(7).trim() : req.getHeader("x-api-key");
    return presented != null && masterKey.matches(presented);
  }

  private static String param(HttpServerRequest req, String name, String dflt) {
    String v = req.getParam(name);
    return v == null || v.isBlank() ? dflt : v;
  }

  private static void json(HttpServerRequest req, String body) {
    req.response().putHeader("content-type", "application/json").end(body);
  }
}
