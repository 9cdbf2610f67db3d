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
import dev.junction.ratelimit.Priority;
import dev.junction.routing.Attempted;
import dev.junction.routing.Attempts;
import dev.junction.routing.Fallbacks;
import dev.junction.routing.Route;
import dev.junction.routing.Router;
import dev.junction.tokens.TokenCount;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sends one canonical call through {@link Attempts}: the balancer picks the deployment, failed
 * attempts are retried (another deployment at once, else after backoff or the vendor's wait),
 * late first tokens may be hedged, and fallback models stand in when a model's retries are
 * exhausted, the prompt does not fit its context window or the vendor refused on content policy.
 * A stream is only returned once an upstream accepted it, so a retry never replays bytes. Every
 * front goes through here. Each attempt sends exactly one upstream request.
 *
 * <p>A request that arrived in a vendor's own format (an Anthropic client) is relayed untouched
 * to the upstreams that speak that format and translated for the others, attempt by attempt, so a
 * route may mix both. The future fails only with {@link dev.junction.routing.AttemptsFailed}
 * (or, for {@link #relay}, a 404 when no deployment relays the format). Thread-safe.
 */
final class Dispatcher {

  private final Router router;
  private final Attempts attempts;
  private final Fallbacks fallbacks;

  Dispatcher(Router router, Attempts attempts, Fallbacks fallbacks) {
    this.router = router;
    this.attempts = attempts;
    this.fallbacks = fallbacks;
  }

  /**
   * True when a request for {@code model} may be sent to another model (a fallback of any kind),
   * whose deployments may need the request translated even when the model's own relay it.
   */
  boolean mayFallBack(String requested) {
    String model = router.canonical(requested);
    return !fallbacks.onExhausted(model).isEmpty() || !fallbacks.onContentPolicy(model).isEmpty()
        || !fallbacks.onContextWindow(model).isEmpty();
  }

  Future<Attempted<ChatResponse>> chat(Route route, ChatRequest request, Priority priority,
      CallContext ctx) {
    Attempts.Call<ChatResponse> call = Attempts.Call.<ChatResponse>of(
            (u, r, model, c) -> u.chat(forUpstream(r, model, request), c))
        .withPromptTokens(promptTokens(route, request.model(), request))
        .withContentFilter(Fallbacks::isContentPolicy)
        .withTokensUsed(Dispatcher::used)
        .withPriority(priority);
    return attempts.run(route, router.canonical(request.model()), call, ctx);
  }

  Future<Attempted<ChatStream>> stream(Route route, ChatRequest request, Priority priority,
      CallContext ctx) {
    Attempts.Call<ChatStream> call = Attempts.Call.<ChatStream>of(
            (u, r, model, c) -> u.stream(forUpstream(r, model, request), c))
        .streamed(ChatStream::cancel)
        .withPromptTokens(promptTokens(route, request.model(), request))
        .withPriority(priority);
    return attempts.run(route, router.canonical(request.model()), call, ctx);
  }

  Future<Attempted<EmbeddingResponse>> embed(Route route, EmbeddingRequest request,
      Priority priority, CallContext ctx) {
    String canonical = router.canonical(request.model());
    return attempts.run(route, canonical, Attempts.Call.<EmbeddingResponse>of(
        (u, r, model, c) -> u.embed(request.withModel(stripWildcard(r, model)), c))
        .withTokensUsed(e -> e.usage() == null ? -1 : e.usage().totalTokens())
        .withPriority(priority), ctx);
  }

  /**
   * A whole answer to a request in a vendor's own format: an attempt on an upstream that relays
   * {@code raw.format} sends the client's body (model replaced by the deployment's id) and relays
   * the answer; an attempt on any other upstream sends {@code canonical}, which must then be set.
   */
  Future<Attempted<Reply<PassThrough.Answer, ChatResponse>>> relayOrChat(Route route,
      RawRequest raw, @Nullable ChatRequest canonical, Priority priority, CallContext ctx) {
    Attempts.Call<Reply<PassThrough.Answer, ChatResponse>> call =
        Attempts.Call.<Reply<PassThrough.Answer, ChatResponse>>of((u, r, model, c) -> {
          Optional<PassThrough> relay = u.passThrough(raw.format);
          if (relay.isPresent()) {
            return relay.get().call(raw.withModel(upstreamModel(r, u, model)), raw.headers, c)
                .map(Reply.Relayed::new);
          }
          return u.chat(forUpstream(r, model, translatable(canonical, u)), c)
              .map(Reply.Translated::new);
        })
        .withPromptTokens(canonical == null ? -1 : promptTokens(route, raw.model, canonical))
        .withContentFilter(reply -> reply instanceof Reply.Translated<?, ChatResponse> t
            && Fallbacks.isContentPolicy(t.value()))
        .withTokensUsed(reply -> reply instanceof Reply.Translated<?, ChatResponse> t
            ? used(t.value()) : -1)
        .withPriority(priority);
    return attempts.run(route, router.canonical(raw.model), call, ctx);
  }

  /** As {@link #relayOrChat}, streamed; a stream is returned once an upstream accepted it. */
  Future<Attempted<Reply<PassThrough.Stream, ChatStream>>> relayOrStream(Route route,
      RawRequest raw, @Nullable ChatRequest canonical, Priority priority, CallContext ctx) {
    Attempts.Call<Reply<PassThrough.Stream, ChatStream>> call =
        Attempts.Call.<Reply<PassThrough.Stream, ChatStream>>of((u, r, model, c) -> {
          Optional<PassThrough> relay = u.passThrough(raw.format);
          if (relay.isPresent()) {
            return relay.get().stream(raw.withModel(upstreamModel(r, u, model)), raw.headers, c)
                .map(Reply.Relayed::new);
          }
          return u.stream(forUpstream(r, model, translatable(canonical, u)), c)
              .map(Reply.Translated::new);
        })
        .streamed(Dispatcher::cancel)
        .withPromptTokens(canonical == null ? -1 : promptTokens(route, raw.model, canonical))
        .withPriority(priority);
    return attempts.run(route, router.canonical(raw.model), call, ctx);
  }

  /**
   * Relays {@code raw} to {@code operation} of the route's upstreams that speak its format (the
   * others are left out of the run); fails with 404 when none does.
   */
  Future<Attempted<PassThrough.Answer>> relay(Route route, RawRequest raw, String operation,
      Priority priority, CallContext ctx) {
    List<Upstream> relaying = route.upstreams().stream()
        .filter(u -> relays(u, raw.format)).toList();
    if (relaying.isEmpty()) {
      return Future.failedFuture(notRelayed(raw, operation));
    }
    Route only = relaying.size() == route.upstreams().size() ? route
        : new Route(route.name(), route.kind(), relaying);
    return attempts.run(only, router.canonical(raw.model), Attempts.Call.of((u, r, model, c) -> {
      Optional<PassThrough> relay = u.passThrough(raw.format);
      if (relay.isEmpty()) {
        return Future.failedFuture(notRelayed(raw, operation)); // a fallback route's deployment
      }
      return relay.get().call(operation, raw.withModel(upstreamModel(r, u, model)), raw.headers,
          c);
    }).withPriority(priority), ctx);
  }

  private static GatewayException notRelayed(RawRequest raw, String operation) {
    return GatewayException.of(ErrorKind.NOT_FOUND, "operation_not_supported", "model '"
        + raw.model + "' has no deployment that serves " + raw.format + " " + operation
        + " directly");
  }

  /** True when {@code u} relays requests in {@code format} untouched. */
  static boolean relays(Upstream u, String format) {
    return u.passThrough(format).isPresent();
  }

  /**
   * The prompt's size in tokens when it is needed: the model {@code requested} names has
   * context-window fallbacks, or {@code route} is paced (its TPM is charged up front); else -1
   * so nothing is counted.
   */
  private long promptTokens(Route route, String requested, ChatRequest request) {
    boolean needed = !fallbacks.onContextWindow(router.canonical(requested)).isEmpty()
        || attempts.paced(route);
    return needed ? TokenCount.prompt(request) : -1;
  }

  private static long used(ChatResponse r) {
    return r.usage() == null ? -1 : r.usage().totalTokens();
  }

  private static void cancel(Reply<PassThrough.Stream, ChatStream> reply) {
    switch (reply) {
      case Reply.Relayed<PassThrough.Stream, ChatStream> r -> r.value().cancel();
      case Reply.Translated<PassThrough.Stream, ChatStream> t -> t.value().cancel();
    }
  }

  private static ChatRequest translatable(@Nullable ChatRequest canonical, Upstream u) {
    if (canonical == null) {
      throw GatewayException.internal("deployment " + u.deployment().id()
          + " needs a translated request and none was read", null);
    }
    return canonical;
  }

  /**
   * {@code request} for {@code model} (the requested name or a fallback's); a wildcard route
   * ({@code vendor/*}) sends the part after the prefix as the model id.
   */
  private static ChatRequest forUpstream(Route route, String model, ChatRequest request) {
    String id = stripWildcard(route, model);
    return id.equals(request.model()) ? request : request.withModel(id);
  }

  private static String stripWildcard(Route route, String model) {
    return route.name().endsWith("/*") ? model.substring(model.indexOf('/') + 1) : model;
  }

  /**
   * The model id {@code u} is sent for {@code model}: its deployment's, or for a {@code *}
   * deployment the model name (without the wildcard route's prefix).
   */
  private static String upstreamModel(Route route, Upstream u, String model) {
    if (!u.deployment().model().equals("*")) {
      return u.deployment().model();
    }
    return stripWildcard(route, model);
  }
}
