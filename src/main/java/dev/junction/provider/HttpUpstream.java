package dev.junction.provider;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.StreamChunk;
import dev.junction.config.DeploymentConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Upstream} over HTTP: one pooled Vert.x client, a vendor's {@link WireCodec}, and the
 * deployment's timeouts.
 *
 * <p>Design: everything runs on the event loop of the calling context and nothing blocks. Timeouts
 * are one Vert.x timer per call (first token, then total) plus the client's idle timeout (silence
 * between bytes);
 * each failure path resets the HTTP request, which closes the HTTP/1.1 connection so no half-read
 * response is returned to the pool. A streamed response is paused the moment its headers arrive,
 * so not a byte is read until the front is ready to write ({@link ChatStream#start}), and is paused
 * again whenever the client's socket is full.
 */
final class HttpUpstream implements Upstream {

  private final DeploymentConfig deployment;
  private final WireCodec codec;
  private final Vertx vertx;
  private final HttpClient client;
  private final long connectMillis;
  private final long idleMillis;
  private final long firstTokenMillis;
  private final long totalMillis;
  /** The last upstream URL parsed; racy by design (any thread may replace it, all are valid). */
  private volatile @Nullable Target lastTarget;

  HttpUpstream(DeploymentConfig deployment, WireCodec codec, ProviderContext context) {
    this.deployment = deployment;
    this.codec = codec;
    this.vertx = context.vertx();
    this.client = context.httpClient();
    this.connectMillis = deployment.timeouts().connect().toMillis();
    this.idleMillis = deployment.timeouts().idle().toMillis();
    this.firstTokenMillis = deployment.timeouts().firstToken().toMillis();
    this.totalMillis = deployment.timeouts().total().toMillis();
  }

  @Override
  public DeploymentConfig deployment() {
    return deployment;
  }

  @Override
  public Future<ChatResponse> chat(ChatRequest request, CallContext ctx) {
    HttpCall call;
    try {
      call = codec.chatCall(request.withModel(upstreamModel(request.model())).withStream(false, false),
          deployment);
    } catch (RuntimeException e) {
      return Future.failedFuture(GatewayException.wrap(e));
    }
    return whole(call, ctx, codec::decodeChat);
  }

  @Override
  public Future<EmbeddingResponse> embed(EmbeddingRequest request, CallContext ctx) {
    HttpCall call;
    try {
      call = codec.embeddingCall(request.withModel(upstreamModel(request.model())), deployment);
    } catch (RuntimeException e) {
      return Future.failedFuture(GatewayException.wrap(e));
    }
    return whole(call, ctx, codec::decodeEmbeddings);
  }

  /** The deployment's model id; {@code *} (a wildcard route) keeps the requested one. */
  private String upstreamModel(String requested) {
    return deployment.model().equals("*") ? requested : deployment.model();
  }

  private <T> Future<T> whole(HttpCall call, CallContext ctx, Function<byte[], T> decode) {
    Promise<T> promise = Promise.promise();
    Attempt attempt = new Attempt(ctx, promise::tryFail);
    attempt.arm();
    send(call, attempt).onComplete(ar -> {
      if (ar.failed()) {
        attempt.fail(GatewayException.wrap(ar.cause()));
        return;
      }
      HttpClientResponse resp = ar.result();
      attempt.firstTokenSeen();
      resp.body().onComplete(body -> {
        if (attempt.done) {
          return;
        }
        if (body.failed()) {
          attempt.fail(connectionError(body.cause()));
          return;
        }
        byte[] bytes = body.result().getBytes();
        attempt.finish();
        try {
          if (resp.statusCode() >= 300) {
            promise.tryFail(codec.decodeError(resp.statusCode(), resp.headers(), bytes));
          } else {
            promise.tryComplete(decode.apply(bytes));
          }
        } catch (RuntimeException e) {
          promise.tryFail(GatewayException.wrap(e));
        }
      });
    });
    return promise.future();
  }

  @Override
  public Future<ChatStream> stream(ChatRequest request, CallContext ctx) {
    ChatRequest upstreamRequest =
        request.withModel(upstreamModel(request.model())).withStream(true, true);
    HttpCall call;
    StreamDecoder decoder;
    try {
      call = codec.chatCall(upstreamRequest, deployment);
      decoder = codec.streamDecoder(upstreamRequest);
    } catch (RuntimeException e) {
      return Future.failedFuture(GatewayException.wrap(e));
    }
    Promise<ChatStream> promise = Promise.promise();
    HttpStream stream = new HttpStream(decoder, ctx, promise);
    stream.attempt.arm();
    send(call, stream.attempt).onComplete(ar -> {
      if (ar.failed()) {
        stream.attempt.fail(GatewayException.wrap(ar.cause()));
        return;
      }
      HttpClientResponse resp = ar.result();
      if (resp.statusCode() >= 300) {
        resp.body().onComplete(body -> stream.attempt.fail(body.succeeded()
            ? codec.decodeError(resp.statusCode(), resp.headers(), body.result().getBytes())
            : connectionError(body.cause())));
        return;
      }
      resp.pause();
      stream.response = resp;
      promise.tryComplete(stream);
    });
    return promise.future();
  }

  /** Opens the request, wires cancellation, sends the body, and yields the response head. */
  private Future<HttpClientResponse> send(HttpCall call, Attempt attempt) {
    Target t = target(call.url());
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(t.host)
        .setPort(t.port)
        .setSsl(t.ssl)
        .setURI(t.uri)
        .setHeaders(call.headers())
        .setConnectTimeout(connectMillis)
        .setIdleTimeout(idleMillis);
    return client.request(options).recover(t2 -> Future.failedFuture(connectionError(t2)))
        .compose(req -> {
          attempt.request = req;
          if (attempt.done) {
            req.reset();
            return Future.failedFuture("cancelled");
          }
          return req.send(call.body()).recover(t2 -> Future.failedFuture(connectionError(t2)));
        });
  }

  /**
   * The parsed form of an upstream URL. A codec builds the same URL for every call of a
   * deployment, so the last one parsed is kept and the URL is parsed once, not per request.
   */
  private Target target(String url) {
    Target t = lastTarget;
    if (t == null || !t.url.equals(url)) {
      RequestOptions parsed = new RequestOptions().setAbsoluteURI(url);
      t = new Target(url, parsed.getHost(), parsed.getPort(), Boolean.TRUE.equals(parsed.isSsl()),
          parsed.getURI());
      lastTarget = t;
    }
    return t;
  }

  private record Target(String url, String host, int port, boolean ssl, String uri) {}

  private GatewayException connectionError(Throwable t) {
    if (t instanceof GatewayException g) {
      return g;
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof java.util.concurrent.TimeoutException
        || t.getClass().getSimpleName().contains("Timeout")) {
      return GatewayException.timeout("deployment " + deployment.id() + ": " + msg);
    }
    return GatewayException.connection("deployment " + deployment.id() + ": " + msg, null);
  }

  /**
   * The state of one call: its HTTP request, timers and whether it is over. Touched only on the
   * call's event loop, except {@link CallContext} cancellation, which hops onto it.
   */
  private final class Attempt {
    final CallContext ctx;
    final Consumer<GatewayException> onFail;
    final io.vertx.core.Context context = vertx.getOrCreateContext();
    @Nullable HttpClientRequest request;
    final long startNanos = System.nanoTime();
    boolean done;
    boolean firstToken;
    long timer = -1;

    Attempt(CallContext ctx, Consumer<GatewayException> onFail) {
      this.ctx = ctx;
      this.onFail = onFail;
      ctx.onCancel(() -> context.runOnContext(v -> cancel()));
    }

    /**
     * Arms the call's one timer. It fires at the first-token deadline (or the total one, when that
     * comes first); if a first token was seen by then it re-arms for what is left of the total.
     * One timer per call instead of two halves the timer bookkeeping on the hot path.
     */
    void arm() {
      timer = vertx.setTimer(Math.max(1, Math.min(firstTokenMillis, totalMillis)), this::onTimer);
    }

    private void onTimer(long id) {
      timer = -1;
      if (done) {
        return;
      }
      if (!firstToken && firstTokenMillis <= totalMillis) {
        fail(GatewayException.timeout("deployment " + deployment.id() + ": no first token within "
            + firstTokenMillis + " ms (timeouts.first-token)"));
        return;
      }
      long left = totalMillis - (System.nanoTime() - startNanos) / 1_000_000;
      if (left >= 1) {
        timer = vertx.setTimer(left, this::onTimer);
        return;
      }
      fail(GatewayException.timeout("deployment " + deployment.id()
          + ": no complete answer within " + totalMillis + " ms (timeouts.total)"));
    }

    void firstTokenSeen() {
      firstToken = true;
    }

    /** Ends the call normally: timer off, connection kept. */
    void finish() {
      done = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    /** Ends the call with an error: timers off, request reset, failure reported once. */
    void fail(GatewayException e) {
      if (done) {
        return;
      }
      finish();
      if (request != null) {
        request.reset();
      }
      onFail.accept(e);
    }

    /** Ends the call silently: the caller is gone. */
    void cancel() {
      if (done) {
        return;
      }
      finish();
      if (request != null) {
        request.reset();
      }
      onFail.accept(GatewayException.of(dev.junction.error.ErrorKind.INTERNAL, "cancelled",
          "call cancelled"));
    }
  }

  /** The streamed answer handed to the front. */
  private final class HttpStream implements ChatStream {
    final StreamDecoder decoder;
    final Attempt attempt;
    final Promise<ChatStream> promise;
    @Nullable HttpClientResponse response;
    @Nullable StreamSink sink;
    /** A failure that came after the stream was handed out but before {@link #start}. */
    @Nullable GatewayException pendingError;
    final Consumer<StreamChunk> emit = this::emit;

    HttpStream(StreamDecoder decoder, CallContext ctx, Promise<ChatStream> promise) {
      this.decoder = decoder;
      this.promise = promise;
      this.attempt = new Attempt(ctx, this::failed);
    }

    private void failed(GatewayException e) {
      if (!promise.tryFail(e) && !"cancelled".equals(e.code())) {
        StreamSink s = sink;
        if (s != null) {
          s.onError(e);
        } else {
          pendingError = e;
        }
      }
    }

    private void emit(StreamChunk chunk) {
      attempt.firstTokenSeen();
      StreamSink s = sink;
      if (s != null && !attempt.done) {
        s.onChunk(chunk);
      }
    }

    @Override
    public void start(StreamSink newSink) {
      if (sink != null) {
        throw new IllegalStateException("stream already started");
      }
      HttpClientResponse resp = response;
      if (resp == null) {
        throw new IllegalStateException("stream not open");
      }
      sink = newSink;
      if (attempt.done) {
        // timed out between open and start: report it now; a cancel stays silent
        if (pendingError != null) {
          newSink.onError(pendingError);
        }
        return;
      }
      Consumer<byte[]> feed;
      Runnable end;
      if (codec.ndjsonStream()) {
        NdjsonSplitter lines = new NdjsonSplitter(line -> decoder.onEvent(null, line, emit));
        feed = lines::feed;
        end = lines::end;
      } else {
        SseParser parser = new SseParser((event, data) -> decoder.onEvent(event, data, emit));
        feed = parser::feed;
        end = parser::end;
      }
      resp.handler(buf -> {
        if (attempt.done) {
          return;
        }
        try {
          feed.accept(buf.getBytes());
        } catch (RuntimeException e) {
          attempt.fail(GatewayException.wrap(e));
        }
      });
      resp.exceptionHandler(t -> attempt.fail(connectionError(t)));
      resp.endHandler(v -> {
        if (attempt.done) {
          return;
        }
        try {
          end.run();
          decoder.onEnd(emit);
        } catch (RuntimeException e) {
          attempt.fail(GatewayException.wrap(e));
          return;
        }
        attempt.finish();
        newSink.onComplete();
      });
      resp.resume();
    }

    @Override
    public void pause() {
      if (response != null) {
        response.pause();
      }
    }

    @Override
    public void resume() {
      if (response != null && sink != null) {
        response.resume();
      }
    }

    @Override
    public void cancel() {
      attempt.cancel();
    }
  }

  /** Splits an NDJSON body into lines. */
  private static final class NdjsonSplitter {
    private final Consumer<byte[]> onLine;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    NdjsonSplitter(Consumer<byte[]> onLine) {
      this.onLine = onLine;
    }

    void feed(byte[] bytes) {
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          pending.write(bytes, start, i - start);
          flush();
          start = i + 1;
        }
      }
      pending.write(bytes, start, bytes.length - start);
    }

    void end() {
      flush();
    }

    private void flush() {
      byte[] line = pending.toByteArray();
      pending.reset();
      if (line.length > 0 && !new String(line, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
        onLine.accept(line);
      }
    }
  }
}
