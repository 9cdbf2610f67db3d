package dev.junction.gateway;

import dev.junction.admission.Admission;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.GatewayConfig;
import dev.junction.config.ModelConfig;
import dev.junction.ledger.Ledger;
import dev.junction.metrics.Metrics;
import dev.junction.provider.Provider;
import dev.junction.provider.ProviderContext;
import dev.junction.provider.Upstream;
import dev.junction.routing.Route;
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
import java.util.List;
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

  private GatewayRuntime(Vertx vertx, Router router, List<HttpVerticle> verticles,
      List<Runnable> resources) {
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
      Router router = Router.of(routes(config, providers, pctx));
      Dispatcher dispatcher = new Dispatcher(b.random);
      Pricing pricing = Pricing.of(config);
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
      Keyring keys = Keyring.open(config, router, pricing, b, client);
      resources.add(keys::close);
      if (keys.admission().developmentMode()) {
        LOG.warn(Admission.DEVELOPMENT_MODE_WARNING);
      }
      Enforcement enforcement = new Enforcement(keys.admission(),
          vertx.createSharedWorkerExecutor("junction-admission", Enforcement.WORKERS), pricing);
      Metrics metrics = Metrics.create();
      CallListener downstream = ((CallListener) metrics::onCall).andThen(new LedgerSink(ledger))
          .andThen(b.listener);
      CallListener listener = r -> downstream.onCall(enforcement.price(r));
      OpenAiFront openAi = new OpenAiFront(router, dispatcher, listener, b.clock, enforcement);
      AdminApi admin = new AdminApi(config.masterKey(), ledger, b.clock, vertx,
          new KeysApi(keys.keys(), keys.budgets(), vertx));
      AnthropicFront anthropic = new AnthropicFront(router, dispatcher, listener, b.clock,
          enforcement);
      int models = router.routes().size();
      HttpVerticle.Readiness readiness = () -> new HttpVerticle.Readiness.Status(models > 0,
          "{\"status\":\"" + (models > 0 ? "ready" : "no models") + "\",\"models\":" + models
              + "}");
      List<HttpVerticle> verticles = new CopyOnWriteArrayList<>();
      return vertx.deployVerticle(() -> {
        HttpVerticle v = new HttpVerticle(config.server(), openAi, anthropic, readiness,
            metrics, admin);
        verticles.add(v);
        return v;
      }, new DeploymentOptions().setInstances(loops).setThreadingModel(ThreadingModel.EVENT_LOOP))
          .<Gateway>map(id -> new GatewayRuntime(vertx, router, List.copyOf(verticles),
              resources))
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
   * One event loop per available core unless configured: the gateway never blocks an event loop,
   * so more loops than cores (Vert.x's default is two per core) only add thread switches and
   * cross-thread hand-offs between a client connection's loop and its upstream connection's.
   */
  static int eventLoops(int configured) {
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
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

  /** Stops serving, then flushes and closes the ledger (nothing accepted is lost). */
  @Override
  public Future<Void> close() {
    return vertx.close().eventually(() -> {
      resources.forEach(Runnable::run);
      return Future.succeededFuture();
    });
  }
}
