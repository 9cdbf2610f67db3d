package dev.junction.gateway;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.Upstream;
import dev.junction.routing.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * Sends one canonical call to a route's upstreams: tries them in the route's order and falls over
 * to the next when an attempt fails with a retryable error (connection refused, timeout, 429,
 * 5xx) before anything reached the client. A stream is only returned once an upstream accepted it,
 * so failover never replays bytes. Every front goes through here. Thread-safe.
 */
final class Dispatcher {

  /** Most upstreams tried for one request. */
  static final int MAX_ATTEMPTS = 3;

  private final RandomGenerator random;

  Dispatcher(RandomGenerator random) {
    this.random = random;
  }

  Future<Served<ChatResponse>> chat(Route route, ChatRequest request, CallContext ctx) {
    return attempt(route, ctx, (u, c) -> u.chat(forUpstream(route, request), c));
  }

  Future<Served<ChatStream>> stream(Route route, ChatRequest request, CallContext ctx) {
    return attempt(route, ctx, (u, c) -> u.stream(forUpstream(route, request), c));
  }

  Future<Served<EmbeddingResponse>> embed(Route route, EmbeddingRequest request,
      CallContext ctx) {
    EmbeddingRequest r = route.name().endsWith("/*")
        ? request.withModel(request.model().substring(request.model().indexOf('/') + 1))
        : request;
    return attempt(route, ctx, (u, c) -> u.embed(r, c));
  }

  /** A wildcard route ({@code vendor/*}) sends the part after the prefix as the model id. */
  private static ChatRequest forUpstream(Route route, ChatRequest request) {
    if (route.name().endsWith("/*")) {
      return request.withModel(request.model().substring(request.model().indexOf('/') + 1));
    }
    return request;
  }

  private <T> Future<Served<T>> attempt(Route route, CallContext ctx,
      BiFunction<Upstream, CallContext, Future<T>> call) {
    List<Upstream> candidates = route.candidates(random);
    Promise<Served<T>> promise = Promise.promise();
    next(candidates, 0, ctx, call, promise);
    return promise.future();
  }

  private <T> void next(List<Upstream> candidates, int i, CallContext ctx,
      BiFunction<Upstream, CallContext, Future<T>> call, Promise<Served<T>> promise) {
    Upstream u = candidates.get(i);
    Future<T> f;
    try {
      f = call.apply(u, ctx);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        promise.complete(new Served<>(ar.result(), u, i + 1));
        return;
      }
      GatewayException e = GatewayException.wrap(ar.cause());
      boolean more = i + 1 < Math.min(candidates.size(), MAX_ATTEMPTS);
      if (e.retryable() && more && !ctx.isCancelled()) {
        next(candidates, i + 1, ctx, call, promise);
      } else {
        promise.fail(new AttemptsFailed(e, u, i + 1));
      }
    });
  }

  /** The last error after every attempt failed, with the upstream that gave it. */
  static final class AttemptsFailed extends RuntimeException {
    final GatewayException error;
    final Upstream upstream;
    final int attempts;

    AttemptsFailed(GatewayException error, Upstream upstream, int attempts) {
      super(error.getMessage(), null, false, false);
      this.error = error;
      this.upstream = upstream;
      this.attempts = attempts;
    }
  }
}
