package dev.junction.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.Usage;
import dev.junction.config.ModelConfig;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.ChatStream;
import dev.junction.provider.PassThrough;
import dev.junction.provider.StreamSink;
import dev.junction.provider.Upstream;
import dev.junction.provider.anthropic.AnthropicDialect;
import dev.junction.provider.anthropic.AnthropicProvider;
import dev.junction.provider.anthropic.AnthropicStreamEncoder;
import dev.junction.provider.anthropic.MessagesMeter;
import dev.junction.routing.Attempted;
import dev.junction.ratelimit.Priority;
import dev.junction.routing.Route;
import dev.junction.routing.Router;
import dev.junction.tokens.TokenCount;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Anthropic Messages front: {@code POST /v1/messages} (whole and SSE), {@code POST
 * /v1/messages/count_tokens} and, for requests carrying {@code anthropic-version}, {@code GET
 * /v1/models}, with errors in Anthropic's shape and statuses ({@link ErrorFormat#ANTHROPIC}).
 *
 * <p>Each attempt on an Anthropic deployment relays the client's body untouched but for {@code
 * model} (so cache markers, thinking signatures, server tools and beta features survive) and
 * relays the answer's bytes; the client's {@code anthropic-version} and {@code anthropic-beta}
 * go along, its {@code x-api-key} / {@code Authorization} never do. Attempts on other deployments
 * go through the canonical model: the request is read by {@link AnthropicDialect}, and the answer
 * written back as a Messages body or event sequence ({@link AnthropicStreamEncoder}). Streams are
 * written event by event as they arrive (see {@link SseResponse}); a relayed stream is also read
 * by a {@link MessagesMeter} for its usage. A failure after the first byte is sent as {@code
 * event: error} and the stream is closed.
 *
 * <p>Thread-safe (stateless apart from its collaborators); each request runs on its connection's
 * event loop.
 */
final class AnthropicFront {

  private static final String FORMAT = AnthropicProvider.NAME;
  private static final byte[] NOTHING = new byte[0];

  private final Router router;
  private final Dispatcher dispatcher;
  private final Exchanges exchanges;

  AnthropicFront(Router router, Dispatcher dispatcher, Exchanges exchanges) {
    this.router = router;
    this.dispatcher = dispatcher;
    this.exchanges = exchanges;
  }

  void messages(HttpServerRequest req, Buffer body) {
    Exchange ex = exchange(req, "chat");
    RawRequest raw;
    Route route;
    ChatRequest canonical = null;
    byte[] bytes;
    try {
      bytes = body.getBytes();
      raw = RawRequest.read(FORMAT, bytes, req.headers());
      ex.requestedModel = raw.model;
      ex.stream = raw.stream;
      route = route(raw.model);
      // a fallback model's deployments may not relay: read the request for them too
      if (!relaysOnly(route.upstreams()) || dispatcher.mayFallBack(raw.model)) {
        canonical = AnthropicDialect.readRequest(bytes);
        ex.promptHash = PromptHash.of(canonical);
      } else {
        ex.promptHash = PromptHash.ofBody(bytes);
      }
    } catch (GatewayException e) {
      ex.fail(e, ErrorFormat.ANTHROPIC);
      return;
    }
    ChatRequest read = canonical;
    ex.admit(Enforcement.chat(raw.model, req.getHeader(Priority.HEADER),
        () -> read != null ? read : AnthropicDialect.readRequest(bytes)), ErrorFormat.ANTHROPIC,
        () -> {
          if (raw.stream) {
            stream(ex, route, raw, read);
          } else {
            whole(ex, route, raw, read);
          }
        });
  }

  private void whole(Exchange ex, Route route, RawRequest raw, @Nullable ChatRequest canonical) {
    dispatcher.relayOrChat(route, raw, canonical, ex.priority, ex.ctx).onComplete(ar -> {
      if (ar.failed()) {
        ex.fail(ar.cause(), ErrorFormat.ANTHROPIC);
        return;
      }
      ex.served(ar.result());
      switch (ar.result().value()) {
        case Reply.Relayed<PassThrough.Answer, ChatResponse>(PassThrough.Answer a) -> {
          ex.sendJson(a.status(), a.body());
          ex.record(a.status(), null, AnthropicDialect.responseUsage(a.body()));
        }
        case Reply.Translated<PassThrough.Answer, ChatResponse>(ChatResponse r) -> {
          ex.sendJson(200, Json.bytes(AnthropicDialect.writeResponse(r)));
          ex.record(200, null, r.usage());
        }
      }
    });
  }

  private void stream(Exchange ex, Route route, RawRequest raw, @Nullable ChatRequest canonical) {
    dispatcher.relayOrStream(route, raw, canonical, ex.priority,
        ex.ctx).onComplete(ar -> {
      if (ar.failed()) {
        ex.fail(ar.cause(), ErrorFormat.ANTHROPIC);
        return;
      }
      switch (ar.result().value()) {
        case Reply.Relayed<PassThrough.Stream, ChatStream>(PassThrough.Stream s) ->
            relay(ex, ar.result(), s, raw.model);
        case Reply.Translated<PassThrough.Stream, ChatStream>(ChatStream s) ->
            translate(ex, ar.result(), s, Objects.requireNonNull(canonical, "canonical"));
      }
    });
  }

  /** Relays an Anthropic upstream's events as they come, reading their usage on the way. */
  private void relay(Exchange ex, Attempted<?> served, PassThrough.Stream stream, String model) {
    MessagesMeter meter = MessagesMeter.create(model, exchanges.clock());
    SseResponse out = SseResponse.open(ex, served,
        new SseResponse.Flow(stream::pause, stream::resume, stream::cancel), meter::usage);
    if (out == null) {
      return;
    }
    stream.start(new PassThrough.Sink() {
      @Override
      public void onEvent(@Nullable String event, byte[] data) {
        meter.onEvent(event, data);
        out.write(SseResponse.frame(event, data));
      }

      @Override
      public void onComplete() {
        GatewayException reported = meter.error();
        GatewayException cut = meter.onEnd();
        if (reported == null && cut != null) {
          out.end(errorEvent(cut), cut, meter.usage());
        } else {
          out.end(NOTHING, reported, meter.usage());
        }
      }

      @Override
      public void onError(GatewayException error) {
        out.end(errorEvent(error), error, meter.usage());
      }
    });
  }

  /** Writes a canonical stream as the Messages event sequence. */
  private void translate(Exchange ex, Attempted<?> served, ChatStream stream, ChatRequest request) {
    AnthropicStreamEncoder encoder = AnthropicStreamEncoder.create(messageId(ex),
        request.model(), TokenCount.prompt(request));
    Usage[] usage = {null};
    SseResponse out = SseResponse.open(ex, served,
        new SseResponse.Flow(stream::pause, stream::resume, stream::cancel), () -> usage[0]);
    if (out == null) {
      return;
    }
    stream.start(new StreamSink() {
      @Override
      public void onChunk(StreamChunk chunk) {
        if (chunk.usage() != null) {
          usage[0] = chunk.usage();
        }
        out.write(encoder.encode(chunk));
      }

      @Override
      public void onComplete() {
        out.end(encoder.finish(), null, usage[0]);
      }

      @Override
      public void onError(GatewayException error) {
        out.end(encoder.error(error), error, usage[0]);
      }
    });
  }

  /**
   * Counts input tokens: relayed to {@code /v1/messages/count_tokens} when an Anthropic
   * deployment serves the model, else estimated by {@link TokenCount#prompt}. Vendors do not
   * bill counting, so it needs a valid key allowed to use the model ({@link Exchange#authorize})
   * but is neither rate-limited nor charged to a budget.
   */
  void countTokens(HttpServerRequest req, Buffer body) {
    Exchange ex = exchange(req, "count_tokens");
    RawRequest raw;
    Route route;
    try {
      byte[] bytes = body.getBytes();
      raw = RawRequest.read(FORMAT, bytes, req.headers());
      ex.requestedModel = raw.model;
      route = route(raw.model);
      if (!ex.authorize(ErrorFormat.ANTHROPIC)) {
        return;
      }
      if (!anyRelays(route.upstreams())) {
        long tokens = TokenCount.prompt(
            AnthropicDialect.readCountTokensRequest(Json.parseObject(bytes)));
        ex.sendJson(200, Json.bytes(Json.object().put("input_tokens", tokens)));
        ex.record(200, null, null);
        return;
      }
    } catch (GatewayException e) {
      ex.fail(e, ErrorFormat.ANTHROPIC);
      return;
    }
    dispatcher.relay(route, raw, AnthropicDialect.COUNT_TOKENS, ex.priority, ex.ctx)
        .onComplete(ar -> {
      if (ar.failed()) {
        ex.fail(ar.cause(), ErrorFormat.ANTHROPIC);
        return;
      }
      ex.served(ar.result());
      ex.sendJson(ar.result().value().status(), ar.result().value().body());
      ex.record(ar.result().value().status(), null, null);
    });
  }

  /**
   * {@code {"data":[{"type":"model","id","display_name","created_at"}],"has_more":false,
   * "first_id","last_id"}}: every configured chat model (wildcard routes excluded), then the
   * exact aliases of chat models; to a virtual key only those it may use.
   */
  void models(HttpServerRequest req) {
    var visible = exchanges.enforcement().listing(req, ErrorFormat.ANTHROPIC);
    if (visible.isEmpty()) {
      return;
    }
    ObjectNode o = Json.object();
    ArrayNode data = o.putArray("data");
    String first = null;
    String last = null;
    List<String> ids = new ArrayList<>();
    for (Route r : router.routes()) {
      if (r.kind() == ModelConfig.Kind.CHAT && visible.get().test(r.name())) {
        ids.add(r.name());
      }
    }
    router.aliases().forEach((alias, model) -> {
      if (router.route(model).orElseThrow().kind() == ModelConfig.Kind.CHAT
          && visible.get().test(alias)) {
        ids.add(alias);
      }
    });
    for (String id : ids) {
      data.addObject().put("type", "model").put("id", id).put("display_name", id)
          .put("created_at", "1970-01-01T00:00:00Z");
      first = first == null ? id : first;
      last = id;
    }
    o.put("has_more", false).put("first_id", first).put("last_id", last);
    req.response().putHeader("content-type", "application/json").end(Buffer.buffer(
        Json.bytes(o)));
  }

  private Exchange exchange(HttpServerRequest req, String endpoint) {
    Exchange ex = exchanges.open(req, "anthropic", endpoint);
    ex.response.putHeader("request-id", ex.id);
    return ex;
  }

  private Route route(String model) {
    Route route = router.route(model).orElseThrow(() -> GatewayException.of(ErrorKind.NOT_FOUND,
        "model_not_found", "model: " + model + " (not served here; GET /v1/models lists the"
            + " models this gateway serves)"));
    if (route.kind() != ModelConfig.Kind.CHAT) {
      throw GatewayException.invalid("model", "model: " + model
          + " is an embedding model and cannot serve the Messages API");
    }
    return route;
  }

  /** A message id for a translated stream whose upstream gives none: {@code msg_} + request id. */
  private static String messageId(Exchange ex) {
    return "msg_" + ex.id.substring(ex.id.indexOf('_') + 1);
  }

  private static boolean relaysOnly(Collection<Upstream> upstreams) {
    return upstreams.stream().allMatch(u -> Dispatcher.relays(u, FORMAT));
  }

  private static boolean anyRelays(Collection<Upstream> upstreams) {
    return upstreams.stream().anyMatch(u -> Dispatcher.relays(u, FORMAT));
  }

  private static byte[] errorEvent(GatewayException e) {
    return SseResponse.frame("error", Json.bytes(AnthropicDialect.errorBody(e)));
  }
}
