package dev.junction.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.StreamChunk;
import dev.junction.config.ModelConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.ChatStream;
import dev.junction.provider.StreamSink;
import dev.junction.provider.openai.OpenAiRequestReader;
import dev.junction.provider.openai.OpenAiResponseWriter;
import dev.junction.provider.openai.OpenAiStreamEncoder;
import dev.junction.routing.Attempted;
import dev.junction.ratelimit.Priority;
import dev.junction.routing.Route;
import dev.junction.routing.Router;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The OpenAI-compatible front: {@code POST /v1/chat/completions} (whole and SSE), {@code POST
 * /v1/embeddings} and {@code GET /v1/models}, with errors as OpenAI error objects.
 *
 * <p>Streams are relayed chunk by chunk as they are decoded: nothing is buffered beyond the
 * socket's write queue. When that queue is full the upstream read is paused until it drains; when
 * the client hangs up the upstream call is cancelled at once. A failure after the first byte is
 * reported in-stream and the stream is closed. Thread-safe (stateless apart from its
 * collaborators); each request runs on its connection's event loop.
 */
final class OpenAiFront {

  private final Router router;
  private final Dispatcher dispatcher;
  private final Exchanges exchanges;

  OpenAiFront(Router router, Dispatcher dispatcher, Exchanges exchanges) {
    this.router = router;
    this.dispatcher = dispatcher;
    this.exchanges = exchanges;
  }

  void chat(HttpServerRequest req, Buffer body) {
    Exchange ex = exchanges.open(req, "openai", "chat");
    ChatRequest request;
    Route route;
    try {
      request = OpenAiRequestReader.read(Json.parseObject(body.getBytes()));
      ex.requestedModel = request.model();
      ex.stream = request.stream();
      ex.promptHash = PromptHash.of(request);
      route = route(request.model(), ModelConfig.Kind.CHAT);
    } catch (GatewayException e) {
      fail(ex, e);
      return;
    }
    ex.admit(Enforcement.chat(request.model(), req.getHeader(Priority.HEADER), () -> request),
        ErrorFormat.OPENAI, () -> chat(ex, route, request));
  }

  private void chat(Exchange ex, Route route, ChatRequest request) {
    if (request.stream()) {
      stream(ex, route, request);
    } else {
      dispatcher.chat(route, request, ex.priority, ex.ctx).onComplete(ar -> {
        if (ar.failed()) {
          fail(ex, ar.cause());
          return;
        }
        Attempted<ChatResponse> s = ar.result();
        ex.served(s);
        ex.sendJson(200, OpenAiResponseWriter.chat(s.value()));
        ex.record(200, null, s.value().usage());
      });
    }
  }

  private void stream(Exchange ex, Route route, ChatRequest request) {
    dispatcher.stream(route, request, ex.priority, ex.ctx).onComplete(ar -> {
      if (ar.failed()) {
        fail(ex, ar.cause());
        return;
      }
      Attempted<ChatStream> s = ar.result();
      ChatStream stream = s.value();
      OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(request.includeUsage());
      SseResponse out = SseResponse.open(ex, s,
          new SseResponse.Flow(stream::pause, stream::resume, stream::cancel),
          () -> ex.usageOrEstimate(encoder.usage(), request));
      if (out == null) {
        return;
      }
      stream.start(new StreamSink() {
        @Override
        public void onChunk(StreamChunk chunk) {
          byte[] bytes = encoder.chunk(chunk);
          if (bytes != null) {
            ex.streamed(chunk);
            out.write(bytes);
          }
        }

        @Override
        public void onComplete() {
          out.end(encoder.end(), null, ex.usageOrEstimate(encoder.usage(), request));
        }

        @Override
        public void onError(GatewayException error) {
          out.end(encoder.error(error), error, ex.usageOrEstimate(encoder.usage(), request));
        }
      });
    });
  }

  void embeddings(HttpServerRequest req, Buffer body) {
    Exchange ex = exchanges.open(req, "openai", "embeddings");
    EmbeddingRequest request;
    Route route;
    try {
      request = OpenAiRequestReader.readEmbeddings(Json.parseObject(body.getBytes()));
      ex.requestedModel = request.model();
      route = route(request.model(), ModelConfig.Kind.EMBEDDING);
    } catch (GatewayException e) {
      fail(ex, e);
      return;
    }
    ex.admit(Enforcement.embeddings(request, req.getHeader(Priority.HEADER)), ErrorFormat.OPENAI,
        () -> embed(ex, route, request));
  }

  private void embed(Exchange ex, Route route, EmbeddingRequest request) {
    boolean base64 = "base64".equals(request.encodingFormat());
    dispatcher.embed(route, request, ex.priority, ex.ctx).onComplete(ar -> {
      if (ar.failed()) {
        fail(ex, ar.cause());
        return;
      }
      ex.served(ar.result());
      ex.sendJson(200, OpenAiResponseWriter.embeddings(ar.result().value(), base64));
      ex.record(200, null, ar.result().value().usage());
    });
  }

  /** The models and exact aliases the caller's key may use (all of them for other callers). */
  void models(HttpServerRequest req) {
    var visible = exchanges.enforcement().listing(req, ErrorFormat.OPENAI);
    if (visible.isEmpty()) {
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      for (Route r : router.routes()) {
        if (visible.get().test(r.name())) {
          model(g, r.name(), r);
        }
      }
      for (var alias : router.aliases().entrySet()) {
        if (visible.get().test(alias.getKey())) {
          model(g, alias.getKey(), router.route(alias.getValue()).orElseThrow());
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    req.response().putHeader("content-type", "application/json").end(Buffer.buffer(
        out.toByteArray()));
  }

  private static void model(JsonGenerator g, String id, Route r) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("object", "model");
    g.writeNumberField("created", 0);
    g.writeStringField("owned_by", r.upstreams().get(0).deployment().provider());
    g.writeEndObject();
  }

  private Route route(String model, ModelConfig.Kind kind) {
    Route route = router.route(model).orElseThrow(() -> GatewayException.of(ErrorKind.NOT_FOUND,
        "model_not_found", "The model '" + model + "' does not exist or is not served here."
            + " GET /v1/models lists the models this gateway serves."));
    if (route.kind() != kind) {
      throw GatewayException.invalid("model", "model '" + model + "' is "
          + (route.kind() == ModelConfig.Kind.CHAT ? "a chat model" : "an embedding model")
          + " and cannot serve this endpoint");
    }
    return route;
  }

  private static void fail(Exchange ex, Throwable t) {
    ex.fail(t, ErrorFormat.OPENAI);
  }
}
