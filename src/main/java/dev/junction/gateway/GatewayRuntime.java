package dev.junction.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.admission.Admission;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.GatewayConfig;
import dev.junction.config.ModelConfig;
import dev.junction.json.Json;
import dev.junction.ledger.Ledger;
import dev.junction.metrics.Metrics;
import dev.junction.provider.Provider;
import dev.junction.provider.ProviderContext;
import dev.junction.provider.Upstream;
import dev.junction.routing.Attempts;
import dev.junction.routing.Balancer;
import dev.junction.routing.Fallbacks;
import dev.junction.routing.HealthBoard;
import dev.junction.routing.HealthProbes;
import dev.junction.routing.HedgePolicy;
import dev.junction.routing.Pacing;
import dev.junction.routing.RetryPolicy;
import dev.junction.routing.Route;
import dev.junction.routing.RoutingConfig;
import dev.junction.routing.Scheduler;
import dev.junction.routing.Router;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds and runs a {@link Gateway}: one Vert.x instance, one pooled upstream HTTP client shared
 * by every deployment, one {@link Upstream} per deployment, and one {@link HttpVerticle} per event
 * loop. Everything configurable is validated before the port opens.
 */
final class GatewayRuntime implements Gateway {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("junction");

  /** Upstream connections kept per host; beyond it requests queue for a connection. */
  static final int UPSTREAM_POOL_SIZE = 1024;

  private final Vertx vertx;
  private final Router router;
  private final List<HttpVerticle> verticles;
  private final List<Runnable> resources;
  private final HealthProbes probes;

  private GatewayRuntime(Vertx vertx, Router router, List<HttpVerticle> verticles,
      List<Runnable> resources, HealthProbes probes) {
    this.probes = probes;
    this.vertx = vertx;
    this.router = router;
    this.verticles = verticles;
    this.resources = List.copyOf(resources);
  }

  static Future<Gateway> start(Gateway.Builder b) {
    GatewayConfig config = b.config;
    int loops = eventLoops(config.server().eventLoops());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops)
        .setPreferNativeTransport(false));
    List<Runnable> resources = new ArrayList<>();
    try {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions()
          .setKeepAlive(true)
          .setKeepAliveTimeout(60)
          .setTcpNoDelay(true)
          .setDecompressionSupported(true)
          .setMaxInitialLineLength(16 * 1024)
          .setMaxHeaderSize(64 * 1024),
          new PoolOptions().setHttp1MaxSize(UPSTREAM_POOL_SIZE).setMaxWaitQueueSize(-1));
      ProviderContext pctx = new ProviderContext(vertx, client, b.clock, b.random);
      Providers providers = Providers.builtIn();
      for (Provider p : b.providers) {
        providers = providers.with(p);
      }
      Router router = Router.of(routes(config, providers, pctx), config.aliases());
      Pricing pricing = Pricing.of(config);
      RoutingConfig routing = config.routing();
      HealthBoard board = HealthBoard.create(routing, b.clock);
      Fallbacks fallbacks = Fallbacks.create(routing, router, pricing.catalogue());
      checkFallbacks(routing, router);
      HedgePolicy hedge = HedgePolicy.create(routing.hedge());
      Scheduler timers = Scheduler.vertx(vertx);
      Map<String, java.time.Duration> pacingWaits = new LinkedHashMap<>();
      config.models().forEach(m -> pacingWaits.put(m.name(), m.pacingMaxWait()));
      Pacing pacing = Pacing.create(router, pacingWaits, b.clock, timers);
      Attempts attempts = Attempts.create(router, board,
          Balancer.create(routing.strategy(), board, b.random),
          RetryPolicy.create(routing.retry(), b.random), hedge, fallbacks, timers, pacing);
      Dispatcher dispatcher = new Dispatcher(router, attempts, fallbacks);
      var unpriced = pricing.unpriced(config, b.clock.instant());
      if (!unpriced.isEmpty()) {
        if (config.pricing().refuseUnpriced()) {
          throw new IllegalArgumentException("pricing.refuse-unpriced: true, but "
              + Pricing.warning(unpriced) + " (expected: every configured model priced; add"
              + " pricing.overrides)");
        }
        LOG.warn(Pricing.warning(unpriced));
      }
      Ledger ledger = Ledger.open(config.ledger(), b.clock);
      resources.add(ledger::close);
      Keyring keys = Keyring.open(config, router, fallbacks, pricing, b, client, timers);
      resources.add(keys::close);
      if (keys.admission().developmentMode()) {
        LOG.warn(Admission.DEVELOPMENT_MODE_WARNING);
      }
      for (Route r : router.routes()) {
        r.upstreams().forEach(board::of); // every deployment in the admin view from the start
      }
      Enforcement enforcement = new Enforcement(keys.admission(),
          vertx.createSharedWorkerExecutor("junction-admission", Enforcement.WORKERS), pricing);
      Metrics metrics = Metrics.create(board::snapshots, hedge::stats);
      CallListener downstream = ((CallListener) metrics::onCall).andThen(new LedgerSink(ledger))
          .andThen(b.listener);
      CallListener listener = r -> downstream.onCall(enforcement.price(r));
      Exchanges exchanges = new Exchanges(listener, metrics, enforcement, b.clock);
      OpenAiFront openAi = new OpenAiFront(router, dispatcher, exchanges);
      AdminApi admin = new AdminApi(config.masterKey(), ledger, b.clock, vertx, board, hedge,
          router, pacing, new KeysApi(keys.keys(), keys.budgets(), vertx));
      AnthropicFront anthropic = new AnthropicFront(router, dispatcher, exchanges);
      HttpVerticle.Readiness readiness = () -> readiness(router, board);
      List<HttpVerticle> verticles = new CopyOnWriteArrayList<>();
      return vertx.deployVerticle(() -> {
        HttpVerticle v = new HttpVerticle(config.server(), openAi, anthropic, readiness,
            metrics, admin);
        verticles.add(v);
        return v;
      }, new DeploymentOptions().setInstances(loops).setThreadingModel(ThreadingModel.EVENT_LOOP))
          .<Gateway>map(id -> new GatewayRuntime(vertx, router, List.copyOf(verticles),
              resources, HealthProbes.start(routing.probes(), router, board, timers,
                  new ProbeSink(metrics, listener))))
          .recover(t -> vertx.close().transform(v -> {
            resources.forEach(Runnable::run);
            return Future.failedFuture(t);
          }));
    } catch (RuntimeException e) {
      return vertx.close().transform(v -> {
        resources.forEach(Runnable::run);
        return Future.failedFuture(e);
      });
    }
  }

  /**
   * Ready when some model is served and every model has a deployment not behind an open circuit
   * breaker ({@link HealthBoard#serviceable}); else not ready, naming the models that are not.
   */
  static HttpVerticle.Readiness.Status readiness(Router router, HealthBoard board) {
    int models = router.routes().size();
    List<String> down = new ArrayList<>();
    for (Route r : router.routes()) {
      if (!board.serviceable(r)) {
        down.add(r.name());
      }
    }
    boolean ready = models > 0 && down.isEmpty();
    ObjectNode body = Json.object()
        .put("status", models == 0 ? "no models" : ready ? "ready" : "unserviceable")
        .put("models", models);
    ArrayNode list = body.putArray("unserviceable");
    down.forEach(list::add);
    return new HttpVerticle.Readiness.Status(ready, Json.string(body));
  }

  /**
   * One event loop per available core unless configured: the gateway never blocks an event loop,
   * so more loops than cores (Vert.x's default is two per core) only add thread switches and
   * cross-thread hand-offs between a client connection's loop and its upstream connection's.
   */
  static int eventLoops(int configured) {
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /** Every model a fallback list names must be served (a typo would silently never fall back). */
  static void checkFallbacks(RoutingConfig routing, Router router) {
    Map<String, Map<String, List<String>>> lists = new LinkedHashMap<>();
    lists.put("fallbacks", routing.fallbacks());
    lists.put("context-window-fallbacks", routing.contextWindowFallbacks());
    lists.put("content-policy-fallbacks", routing.contentPolicyFallbacks());
    lists.forEach((key, byModel) -> byModel.forEach((model, names) -> {
      for (int i = 0; i < names.size(); i++) {
        if (router.route(names.get(i)).isEmpty()) {
          throw new IllegalArgumentException("routing." + key + "." + model + "[" + i + "]: '"
              + names.get(i) + "' (expected: a served model)");
        }
      }
    }));
  }

  private static List<Route> routes(GatewayConfig config, Providers providers,
      ProviderContext pctx) {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < config.models().size(); i++) {
      ModelConfig m = config.models().get(i);
      List<Upstream> ups = new ArrayList<>();
      for (int j = 0; j < m.deployments().size(); j++) {
        DeploymentConfig d = m.deployments().get(j);
        String at = "models[" + i + "] (" + m.name() + ").deployments[" + j + "]";
        Provider p = providers.get(d.provider()).orElseThrow(() -> new IllegalArgumentException(
            at + ".provider: '" + d.provider() + "' (expected one of: "
                + String.join(", ", providers.names()) + ")"));
        try {
          ups.add(p.create(d, pctx));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(at + "." + e.getMessage(), e);
        }
      }
      routes.add(new Route(m.name(), m.kind(), ups));
    }
    return routes;
  }

  @Override
  public int port() {
    return verticles.get(0).actualPort();
  }

  @Override
  public Router router() {
    return router;
  }

  /**
   * Stops the health probes and serving, then flushes and closes the ledger (nothing accepted
   * is lost).
   */
  @Override
  public Future<Void> close() {
    probes.close();
    return vertx.close().eventually(() -> {
      resources.forEach(Runnable::run);
      return Future.succeededFuture();
    });
  }
}
