package dev.junction.provider;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.StreamChunk;
import dev.junction.config.DeploymentConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
 * are Vert.x timers: one per call for first token then total, and for a stream being read one
 * for idle (the longest silence between two reads; the client's own request idle timeout only
 * covers the wait for the response head, so silence in mid-stream needs this timer). The upstream
 * URL is parsed once per deployment, not per request;
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

  /**
   * Sends a whole call. With {@code decode} null the answer is returned raw as a {@link
   * PassThrough.Answer} (the caller asked for {@code Future<PassThrough.Answer>}).
   */
  private <T> Future<T> whole(HttpCall call, CallContext ctx,
      @Nullable Function<byte[], T> decode) {
    return onContext(() -> whole0(call, ctx, decode));
  }

  /**
   * Runs {@code work} on a Vert.x context: the caller's, or a fresh one when called from a plain
   * thread. A client request, its response callbacks and the handlers we attach must all live on
   * one context, or a response can end before its handlers are attached.
   */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
    if (Vertx.currentContext() != null) {
      return work.get();
    }
    io.vertx.core.Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> whole0(HttpCall call, CallContext ctx,
      @Nullable Function<byte[], T> decode) {
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
      // the body is read by hand so that silence inside it ends the call (timeouts.idle)
      attempt.armIdle();
      io.vertx.core.buffer.Buffer received = io.vertx.core.buffer.Buffer.buffer();
      resp.exceptionHandler(t -> attempt.fail(connectionError(t)));
      resp.handler(chunk -> {
        attempt.activity();
        received.appendBuffer(chunk);
      });
      resp.endHandler(end -> {
        if (attempt.done) {
          return;
        }
        byte[] bytes = received.getBytes();
        attempt.finish();
        try {
          if (resp.statusCode() >= 300) {
            promise.tryFail(codec.decodeError(resp.statusCode(), resp.headers(), bytes));
          } else {
            promise.tryComplete(decode != null ? decode.apply(bytes)
                : (T) new PassThrough.Answer(resp.statusCode(), resp.headers(), bytes));
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
    return open(call, ctx).map(core -> new DecodedStream(core, decoder));
  }

  @Override
  public java.util.Optional<PassThrough> passThrough(String format) {
    if (!format.equals(codec.passThroughFormat())) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new PassThrough() {
      @Override
      public Future<Answer> call(byte[] body, MultiMap clientHeaders, CallContext ctx) {
        return call("", body, clientHeaders, ctx);
      }

      @Override
      public Future<Answer> call(String operation, byte[] body, MultiMap clientHeaders,
          CallContext ctx) {
        HttpCall call;
        try {
          call = codec.passThroughCall(operation, body, clientHeaders, deployment);
        } catch (RuntimeException e) {
          return Future.failedFuture(GatewayException.wrap(e));
        }
        return whole(call, ctx, null);
      }

      @Override
      public Future<PassThrough.Stream> stream(byte[] body, MultiMap clientHeaders,
          CallContext ctx) {
        HttpCall call;
        try {
          call = codec.passThroughCall(body, clientHeaders, deployment);
        } catch (RuntimeException e) {
          return Future.failedFuture(GatewayException.wrap(e));
        }
        return open(call, ctx).map(RawStream::new);
      }
    });
  }

  /** Sends a streaming call; completes once the upstream accepted it (2xx), paused. */
  private Future<StreamCore> open(HttpCall call, CallContext ctx) {
    return onContext(() -> open0(call, ctx));
  }

  private Future<StreamCore> open0(HttpCall call, CallContext ctx) {
    Promise<StreamCore> promise = Promise.promise();
    StreamCore core = new StreamCore(ctx, promise);
    core.attempt.arm();
    send(call, core.attempt).onComplete(ar -> {
      if (ar.failed()) {
        core.attempt.fail(GatewayException.wrap(ar.cause()));
        return;
      }
      HttpClientResponse resp = ar.result();
      if (resp.statusCode() >= 300) {
        resp.body().onComplete(body -> core.attempt.fail(body.succeeded()
            ? codec.decodeError(resp.statusCode(), resp.headers(), body.result().getBytes())
            : connectionError(body.cause())));
        return;
      }
      resp.pause();
      core.response = resp;
      promise.tryComplete(core);
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
    long idleTimer = -1;
    /** When data last arrived (or reading last resumed), in {@link System#nanoTime()}. */
    long lastActivity;
    boolean paused;

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

    /**
     * Starts watching for silence: {@link #activity()} on each read; the timer re-arms itself for
     * the remaining time instead of being reset per read, and never fires while reading is paused
     * for the client's sake.
     */
    void armIdle() {
      lastActivity = System.nanoTime();
      scheduleIdle(idleMillis);
    }

    private void scheduleIdle(long delayMillis) {
      idleTimer = vertx.setTimer(Math.max(1, delayMillis), id -> {
        idleTimer = -1;
        if (done) {
          return;
        }
        long idle = idleMillis;
        long silent = (System.nanoTime() - lastActivity) / 1_000_000;
        if (paused || silent < idle) {
          scheduleIdle(paused ? idle : idle - silent);
          return;
        }
        fail(GatewayException.timeout("deployment " + deployment.id() + ": no data for "
            + idle + " ms (timeouts.idle)"));
      });
    }

    void activity() {
      lastActivity = System.nanoTime();
    }

    void firstTokenSeen() {
      firstToken = true;
    }

    /** Ends the call normally: timers off, connection kept. */
    void finish() {
      done = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      if (idleTimer >= 0) {
        vertx.cancelTimer(idleTimer);
        idleTimer = -1;
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

  /** Where a stream's events go: a decoder into canonical chunks, or a raw relay. */
  private interface EventTarget {
    /** One event; may throw {@link GatewayException}. */
    void onEvent(@Nullable String event, byte[] data);

    /** The body ended; may throw when it ended early. */
    void onEnd();

    void onComplete();

    void onError(GatewayException e);
  }

  /**
   * The HTTP side of a stream: response, timers, pause/resume/cancel. A failure that arrives after
   * the stream was handed out but before {@link #start} is kept and reported at start.
   */
  private final class StreamCore {
    final Attempt attempt;
    final Promise<StreamCore> promise;
    @Nullable HttpClientResponse response;
    @Nullable EventTarget target;
    @Nullable GatewayException pendingError;

    StreamCore(CallContext ctx, Promise<StreamCore> promise) {
      this.promise = promise;
      this.attempt = new Attempt(ctx, this::failed);
    }

    private void failed(GatewayException e) {
      if (!promise.tryFail(e) && !"cancelled".equals(e.code())) {
        EventTarget t = target;
        if (t != null) {
          t.onError(e);
        } else {
          pendingError = e;
        }
      }
    }

    void start(EventTarget newTarget) {
      if (Vertx.currentContext() != attempt.context) {
        attempt.context.runOnContext(v -> start(newTarget)); // handlers live on the call's context
        return;
      }
      if (target != null) {
        throw new IllegalStateException("stream already started");
      }
      HttpClientResponse resp = response;
      if (resp == null) {
        throw new IllegalStateException("stream not open");
      }
      target = newTarget;
      if (attempt.done) {
        // timed out between open and start: report it now; a cancel stays silent
        if (pendingError != null) {
          newTarget.onError(pendingError);
        }
        return;
      }
      Consumer<byte[]> feed;
      Runnable end;
      if (codec.ndjsonStream()) {
        NdjsonSplitter lines = new NdjsonSplitter(line -> newTarget.onEvent(null, line));
        feed = lines::feed;
        end = lines::end;
      } else {
        SseParser parser = new SseParser(newTarget::onEvent);
        feed = parser::feed;
        end = parser::end;
      }
      resp.handler(buf -> {
        if (attempt.done) {
          return;
        }
        attempt.activity();
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
          newTarget.onEnd();
        } catch (RuntimeException e) {
          attempt.fail(GatewayException.wrap(e));
          return;
        }
        attempt.finish();
        newTarget.onComplete();
      });
      attempt.armIdle();
      resp.resume();
    }

    boolean live() {
      return !attempt.done;
    }

    void pause() {
      if (Vertx.currentContext() != attempt.context) {
        attempt.context.runOnContext(v -> pause());
        return;
      }
      if (response != null) {
        attempt.paused = true;
        response.pause();
      }
    }

    void resume() {
      if (Vertx.currentContext() != attempt.context) {
        attempt.context.runOnContext(v -> resume());
        return;
      }
      if (response != null && target != null) {
        attempt.paused = false;
        attempt.activity();
        response.resume();
      }
    }

    void cancel() {
      if (Vertx.currentContext() != attempt.context) {
        attempt.context.runOnContext(v -> attempt.cancel());
        return;
      }
      attempt.cancel();
    }
  }

  /** Flow control shared by both stream flavours: it all goes to the {@link StreamCore}. */
  private abstract static class CoreBacked {
    final StreamCore core;

    CoreBacked(StreamCore core) {
      this.core = core;
    }

    public void pause() {
      core.pause();
    }

    public void resume() {
      core.resume();
    }

    public void cancel() {
      core.cancel();
    }
  }

  /** A stream decoded into canonical chunks. */
  private static final class DecodedStream extends CoreBacked implements ChatStream {
    private final StreamDecoder decoder;

    DecodedStream(StreamCore core, StreamDecoder decoder) {
      super(core);
      this.decoder = decoder;
    }

    @Override
    public void start(StreamSink sink) {
      Consumer<StreamChunk> emit = chunk -> {
        core.attempt.firstTokenSeen();
        if (core.live()) {
          sink.onChunk(chunk);
        }
      };
      core.start(new EventTarget() {
        @Override
        public void onEvent(@Nullable String event, byte[] data) {
          decoder.onEvent(event, data, emit);
        }

        @Override
        public void onEnd() {
          decoder.onEnd(emit);
        }

        @Override
        public void onComplete() {
          sink.onComplete();
        }

        @Override
        public void onError(GatewayException e) {
          sink.onError(e);
        }
      });
    }

  }

  /** A stream relayed event by event, untouched. */
  private static final class RawStream extends CoreBacked implements PassThrough.Stream {

    RawStream(StreamCore core) {
      super(core);
    }

    @Override
    public void start(PassThrough.Sink sink) {
      core.start(new EventTarget() {
        @Override
        public void onEvent(@Nullable String event, byte[] data) {
          core.attempt.firstTokenSeen();
          if (core.live()) {
            sink.onEvent(event, data);
          }
        }

        @Override
        public void onEnd() {}

        @Override
        public void onComplete() {
          sink.onComplete();
        }

        @Override
        public void onError(GatewayException e) {
          sink.onError(e);
        }
      });
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
