package dev.junction.gateway;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.PassThrough;
import dev.junction.provider.Upstream;
import dev.junction.routing.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Sends one canonical call to a route's upstreams: tries them in the route's order and falls over
 * to the next when an attempt fails with a retryable error (connection refused, timeout, 429,
 * 5xx) before anything reached the client. A stream is only returned once an upstream accepted it,
 * so failover never replays bytes. Every front goes through here. Each attempt sends exactly one
 * upstream request.
 *
 * <p>A request that arrived in a vendor's own format (an Anthropic client) is relayed untouched
 * to the upstreams that speak that format and translated for the others, attempt by attempt, so a
 * route may mix both. Thread-safe.
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

  /**
   * A whole answer to a request in a vendor's own format: an attempt on an upstream that relays
   * {@code raw.format} sends the client's body (model replaced by the deployment's id) and relays
   * the answer; an attempt on any other upstream sends {@code canonical}, which must then be set.
   */
  Future<Served<Reply<PassThrough.Answer, ChatResponse>>> relayOrChat(Route route,
      RawRequest raw, @Nullable ChatRequest canonical, CallContext ctx) {
    return attempt(route, ctx, (u, c) -> {
      Optional<PassThrough> relay = u.passThrough(raw.format);
      if (relay.isPresent()) {
        return relay.get().call(raw.withModel(upstreamModel(route, u, raw.model)), raw.headers, c)
            .map(Reply.Relayed::new);
      }
      return u.chat(forUpstream(route, translatable(canonical, u)), c).map(Reply.Translated::new);
    });
  }

  /** As {@link #relayOrChat}, streamed; a stream is returned once an upstream accepted it. */
  Future<Served<Reply<PassThrough.Stream, ChatStream>>> relayOrStream(Route route,
      RawRequest raw, @Nullable ChatRequest canonical, CallContext ctx) {
    return attempt(route, ctx, (u, c) -> {
      Optional<PassThrough> relay = u.passThrough(raw.format);
      if (relay.isPresent()) {
        return relay.get().stream(raw.withModel(upstreamModel(route, u, raw.model)), raw.headers,
            c).map(Reply.Relayed::new);
      }
      return u.stream(forUpstream(route, translatable(canonical, u)), c)
          .map(Reply.Translated::new);
    });
  }

  /**
   * Relays {@code raw} to {@code operation} of the route's upstreams that speak its format (the
   * others are skipped), with the same failover; fails with 404 when none does.
   */
  Future<Served<PassThrough.Answer>> relay(Route route, RawRequest raw, String operation,
      CallContext ctx) {
    List<Upstream> relaying = route.candidates(random).stream()
        .filter(u -> relays(u, raw.format)).toList();
    if (relaying.isEmpty()) {
      return Future.failedFuture(GatewayException.of(ErrorKind.NOT_FOUND,
          "operation_not_supported", "model '" + raw.model + "' has no deployment that serves "
              + raw.format + " " + operation + " directly"));
    }
    return attempt(relaying, ctx, (u, c) -> u.passThrough(raw.format).orElseThrow()
        .call(operation, raw.withModel(upstreamModel(route, u, raw.model)), raw.headers, c));
  }

  /** True when {@code u} relays requests in {@code format} untouched. */
  static boolean relays(Upstream u, String format) {
    return u.passThrough(format).isPresent();
  }

  private static ChatRequest translatable(@Nullable ChatRequest canonical, Upstream u) {
    if (canonical == null) {
      throw GatewayException.internal("deployment " + u.deployment().id()
          + " needs a translated request and none was read", null);
    }
    return canonical;
  }

  /** A wildcard route ({@code vendor/*}) sends the part after the prefix as the model id. */
  private static ChatRequest forUpstream(Route route, ChatRequest request) {
    if (route.name().endsWith("/*")) {
      return request.withModel(request.model().substring(request.model().indexOf('/') + 1));
    }
    return request;
  }

  /**
   * The model id {@code u} is sent for {@code requested}: its deployment's, or for a {@code *}
   * deployment the requested name (without the wildcard route's prefix).
   */
  private static String upstreamModel(Route route, Upstream u, String requested) {
    if (!u.deployment().model().equals("*")) {
      return u.deployment().model();
    }
    return route.name().endsWith("/*") ? requested.substring(requested.indexOf('/') + 1)
        : requested;
  }

  private <T> Future<Served<T>> attempt(Route route, CallContext ctx,
      BiFunction<Upstream, CallContext, Future<T>> call) {
    return attempt(route.candidates(random), ctx, call);
  }

  private <T> Future<Served<T>> attempt(List<Upstream> candidates, CallContext ctx,
      BiFunction<Upstream, CallContext, Future<T>> call) {
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
