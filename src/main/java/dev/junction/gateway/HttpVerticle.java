package dev.junction.gateway;

import dev.junction.config.ServerConfig;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * One HTTP listener on one event loop; the gateway deploys one per event loop and Vert.x spreads
 * connections across them. Dispatches by method and path to the fronts. Paths are accepted with
 * and without the {@code /v1} prefix, since SDKs differ on whether the base URL includes it.
 */
final class HttpVerticle extends VerticleBase {

  private static final Buffer LIVE = Buffer.buffer("{\"status\":\"ok\"}");

  private final ServerConfig config;
  private final OpenAiFront openAi;
  private final AnthropicFront anthropic;
  private final Readiness readiness;
  private final Metrics metrics;
  private final AdminApi admin;
  private HttpServer server;

  /** Tells whether the gateway can serve traffic, and why not. */
  interface Readiness {
    /** A JSON status body; {@code ready} false gives 503. */
    Status status();

    /** Readiness with its body. */
    record Status(boolean ready, String json) {}
  }

  HttpVerticle(ServerConfig config, OpenAiFront openAi, AnthropicFront anthropic,
      Readiness readiness, Metrics metrics, AdminApi admin) {
    this.admin = admin;
    this.config = config;
    this.openAi = openAi;
    this.anthropic = anthropic;
    this.readiness = readiness;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setTcpNoDelay(true)
        .setMaxHeaderSize(64 * 1024)
        .setCompressionSupported(false);
    server = vertx.createHttpServer(options).requestHandler(this::handle);
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdownGrace().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.startsWith("/v1/")) {
      path = path.substring(3);
    }
    HttpMethod m = req.method();
    switch (path) {
      case "/chat/completions" -> {
        if (post(req, ErrorFormat.OPENAI)) {
          BodyReader.read(req, config.maxBodyBytes(), body -> openAi.chat(req, body),
              e -> ErrorFormat.OPENAI.send(req.response(), e));
        }
      }
      case "/embeddings" -> {
        if (post(req, ErrorFormat.OPENAI)) {
          BodyReader.read(req, config.maxBodyBytes(), body -> openAi.embeddings(req, body),
              e -> ErrorFormat.OPENAI.send(req.response(), e));
        }
      }
      case "/messages" -> {
        if (post(req, ErrorFormat.ANTHROPIC)) {
          BodyReader.read(req, config.maxBodyBytes(), body -> anthropic.messages(req, body),
              e -> ErrorFormat.ANTHROPIC.send(req.response(), e));
        }
      }
      case "/messages/count_tokens" -> {
        if (post(req, ErrorFormat.ANTHROPIC)) {
          BodyReader.read(req, config.maxBodyBytes(), body -> anthropic.countTokens(req, body),
              e -> ErrorFormat.ANTHROPIC.send(req.response(), e));
        }
      }
      case "/models" -> {
        boolean anthropicClient = req.headers().contains("anthropic-version");
        if (m != HttpMethod.GET) {
          methodNotAllowed(req, "GET", anthropicClient ? ErrorFormat.ANTHROPIC
              : ErrorFormat.OPENAI);
        } else if (anthropicClient) {
          anthropic.models(req);
        } else {
          openAi.models(req);
        }
      }
      case "/metrics" -> req.response()
          .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
          .end(metrics.scrape());
      case "/health/live", "/health" -> req.response()
          .putHeader("content-type", "application/json").end(LIVE);
      case "/health/ready" -> {
        Readiness.Status s = readiness.status();
        req.response().setStatusCode(s.ready() ? 200 : 503)
            .putHeader("content-type", "application/json").end(s.json());
      }
      default -> {
        if (req.path().startsWith("/admin/")) {
          admin.handle(req, req.path());
          return;
        }
        ErrorFormat format = path.startsWith("/messages") ? ErrorFormat.ANTHROPIC
            : ErrorFormat.OPENAI;
        format.send(req.response(), GatewayException.of(ErrorKind.NOT_FOUND, "unknown_url",
            "Unknown request URL: " + req.method() + " " + req.path() + ". Junction serves"
                + " /v1/chat/completions, /v1/embeddings, /v1/messages,"
                + " /v1/messages/count_tokens and /v1/models."));
      }
    }
  }

  private static boolean post(HttpServerRequest req, ErrorFormat format) {
    if (req.method() == HttpMethod.POST) {
      return true;
    }
    methodNotAllowed(req, "POST", format);
    return false;
  }

  private static void methodNotAllowed(HttpServerRequest req, String allowed,
      ErrorFormat format) {
    req.response().putHeader("allow", allowed);
    format.send(req.response(), GatewayException.of(ErrorKind.INVALID_REQUEST,
        "method_not_allowed", req.method() + " is not allowed on " + req.path() + " (expected: "
            + allowed + ")"), 405);
  }
}
