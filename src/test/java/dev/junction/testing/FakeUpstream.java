package dev.junction.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A scripted stand-in for a vendor API: a Vert.x HTTP server on a free loopback port that answers
 * each request with the next {@link Reply} of its script (recorded fixtures replayed byte for
 * byte, error statuses, and faults: a connection dropped after some events, reset after some
 * bytes, or a reply that stalls before its first byte or in mid-stream), and records every request
 * and connection so tests can assert what the gateway sent and that it closed what it should.
 *
 * <pre>{@code
 * try (FakeUpstream fake = FakeUpstream.start()) {
 *   fake.enqueue(Reply.fixture("openai-chat/text-basic.json"));
 *   // point a deployment's base-url at fake.baseUrl(), call the gateway ...
 *   RecordedRequest sent = fake.awaitRequest(0, Duration.ofSeconds(5));
 *   assertThat(sent.header("authorization")).isEqualTo("Bearer sk-deployment");
 * }
 * }</pre>
 *
 * <p>Replies are taken in order from the queue filled by {@link #enqueue}; when it is empty, the
 * {@link #otherwise} reply answers (by default a 500 saying that nothing was scripted). A
 * connection refused is not a reply: point a deployment at {@link #refusedBaseUrl()}.
 *
 * <p>Thread-safe: the server runs on its own Vert.x event loop; scripting and inspection may
 * happen from any thread. {@link #close()} closes every connection, stalled ones included.
 */
public final class FakeUpstream implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final HttpServer server;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private volatile Reply otherwise = Reply.json(500,
      "{\"error\":{\"message\":\"FakeUpstream: no reply scripted\",\"type\":\"server_error\"}}");
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<HttpConnection, CompletableFuture<Void>> connections =
      new ConcurrentHashMap<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger openExchanges = new AtomicInteger();

  private FakeUpstream(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setTcpNoDelay(true));
    server.connectionHandler(this::connected);
    server.requestHandler(this::handle);
  }

  /** Starts a fake upstream on a free loopback port, with its own Vert.x instance. */
  public static FakeUpstream start() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setPreferNativeTransport(false));
    FakeUpstream fake = new FakeUpstream(vertx);
    try {
      fake.server.listen().toCompletionStage().toCompletableFuture()
          .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("FakeUpstream could not listen", e);
    }
    return fake;
  }

  /** The directory of recorded fixtures this fake replays from. */
  public static Path fixtures() {
    return FixtureDir.root();
  }

  /** A fixture file by its path relative to {@link #fixtures()}; it must exist. */
  public static Path fixture(String relativePath) {
    return FixtureDir.file(relativePath);
  }

  /**
   * An OpenAI-style base URL ({@code http://127.0.0.1:PORT/v1}) where nothing listens, so
   * connecting to it is refused.
   */
  public static String refusedBaseUrl() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort() + "/v1";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:PORT} */
  public String origin() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code http://127.0.0.1:PORT/v1}, what an OpenAI SDK takes as base URL. */
  public String baseUrl() {
    return origin() + "/v1";
  }

  /** Appends replies to the script; each answers one request, in order. */
  public FakeUpstream enqueue(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** The reply given when the script is empty. */
  public FakeUpstream otherwise(Reply reply) {
    this.otherwise = requireNonNull(reply, "reply");
    return this;
  }

  /** Forgets the script and the recorded requests (connections stay counted). */
  public void reset() {
    script.clear();
    requests.clear();
  }

  /** Every request received since the last {@link #reset()}, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public int requestCount() {
    return requests.size();
  }

  /** Waits for the {@code index}-th request (0-based) since the last reset. */
  public RecordedRequest awaitRequest(int index, Duration timeout) {
    if (!poll(() -> requests.size() > index, timeout)) {
      throw new AssertionError("FakeUpstream: request #" + index + " did not arrive within "
          + timeout + " (got " + requests.size() + ")");
    }
    return requests.get(index);
  }

  /** Connections currently open. */
  public int openConnections() {
    return connections.size();
  }

  /**
   * Requests whose response has neither ended nor had its connection closed: an exchange the
   * gateway still holds open (a stalled reply it never gave up on is a leak).
   */
  public int openExchanges() {
    return openExchanges.get();
  }

  /** Connections accepted since start. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Waits until at most {@code n} connections are open; false on timeout. */
  public boolean awaitOpenConnectionsAtMost(int n, Duration timeout) {
    return poll(() -> connections.size() <= n, timeout);
  }

  /** Polls {@code condition} every few milliseconds until it holds or {@code timeout} passes. */
  public static boolean poll(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture()
          .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("FakeUpstream did not close", e);
    }
  }

  private void connected(HttpConnection conn) {
    accepted.incrementAndGet();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    connections.put(conn, closed);
    conn.closeHandler(v -> {
      connections.remove(conn);
      closed.complete(null);
    });
  }

  private void handle(HttpServerRequest req) {
    CompletableFuture<Void> closed = connections.get(req.connection());
    if (closed == null) { // cannot happen with HTTP/1.x; never leave a test waiting on it
      closed = new CompletableFuture<>();
    }
    CompletableFuture<Void> connectionClosed = closed;
    openExchanges.incrementAndGet();
    java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable done = () -> {
      if (over.compareAndSet(false, true)) {
        openExchanges.decrementAndGet();
      }
    };
    req.response().endHandler(v -> done.run());
    connectionClosed.thenRun(done);
    req.body().onComplete(ar -> {
      byte[] body = ar.succeeded() ? ar.result().getBytes() : new byte[0];
      Map<String, String> headers = new LinkedHashMap<>();
      req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
      requests.add(new RecordedRequest(req.method().name(), req.path(), headers, body,
          json(body), connectionClosed));
      Reply reply = script.poll();
      play(req, reply != null ? reply : otherwise);
    });
  }

  private static @Nullable JsonNode json(byte[] body) {
    try {
      return body.length == 0 ? null : Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private void play(HttpServerRequest req, Reply reply) {
    if (reply.ending == Reply.Ending.STALL && reply.limit == 0) {
      return; // not even a status line
    }
    if (reply.ending == Reply.Ending.DROP && reply.limit == 0) {
      req.connection().close();
      return;
    }
    HttpServerResponse resp = req.response();
    resp.setStatusCode(reply.status);
    reply.headers.forEach(resp::putHeader);
    if (reply.streamed) {
      resp.setChunked(true);
    } else {
      resp.putHeader("content-length", Integer.toString(reply.body.length));
    }
    List<byte[]> pieces = reply.pieces();
    long budget = reply.ending == Reply.Ending.RESET || reply.ending == Reply.Ending.HOLD
        ? reply.limit : Long.MAX_VALUE;
    int limit = reply.ending == Reply.Ending.DROP || reply.ending == Reply.Ending.STALL
        ? (int) Math.min(reply.limit, pieces.size()) : pieces.size();
    step(req, reply, pieces, 0, limit, budget);
  }

  /** Writes piece {@code i}, then schedules the next one or the reply's ending. */
  private void step(HttpServerRequest req, Reply reply, List<byte[]> pieces, int i, int limit,
      long budget) {
    HttpServerResponse resp = req.response();
    if (resp.closed()) {
      return;
    }
    if (i == limit) {
      switch (reply.ending) {
        case COMPLETE -> resp.end();
        case DROP, RESET -> req.connection().close();
        case STALL, HOLD -> { }
      }
      return;
    }
    byte[] piece = pieces.get(i);
    if (piece.length >= budget && reply.ending == Reply.Ending.HOLD) {
      resp.write(Buffer.buffer(Arrays.copyOf(piece, (int) budget)));
      return;
    }
    if (piece.length >= budget) {
      resp.write(Buffer.buffer(Arrays.copyOf(piece, (int) budget)))
          .onComplete(ar -> req.connection().close());
      return;
    }
    resp.write(Buffer.buffer(piece));
    long left = budget - piece.length;
    if (reply.streamed && i + 1 < limit && reply.eventDelay.toMillis() > 0) {
      vertx.setTimer(reply.eventDelay.toMillis(),
          t -> step(req, reply, pieces, i + 1, limit, left));
    } else {
      step(req, reply, pieces, i + 1, limit, left);
    }
  }
}
