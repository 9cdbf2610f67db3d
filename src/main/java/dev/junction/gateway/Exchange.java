package dev.junction.gateway;

import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.Upstream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * One client request in flight: its id, timing, the upstream that served it and the single {@link
 * CallRecord} it produces when it ends (success, error or client hang-up alike). Confined to the
 * request's event loop.
 */
final class Exchange {

  final HttpServerRequest request;
  final HttpServerResponse response;
  final String id;
  final String front;
  final String endpoint;
  final CallContext ctx;
  private final CallListener listener;
  private final Instant startedAt;
  private final long startNanos;
  private long firstTokenNanos = -1;
  String requestedModel = "";
  boolean stream;
  @Nullable Upstream upstream;
  int attempts;
  private boolean recorded;

  Exchange(HttpServerRequest request, String front, String endpoint, CallListener listener,
      Instant now) {
    this.request = request;
    this.response = request.response();
    this.id = newId();
    this.front = front;
    this.endpoint = endpoint;
    this.listener = listener;
    this.startedAt = now;
    this.startNanos = System.nanoTime();
    this.ctx = CallContext.create(id);
    response.putHeader("x-request-id", id);
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** {@code req_} and 24 random hex digits (96 bits), built in one array. */
  static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] b = new byte[28];
    b[0] = 'r';
    b[1] = 'e';
    b[2] = 'q';
    b[3] = '_';
    long hi = r.nextLong();
    for (int i = 0; i < 16; i++) {
      b[4 + i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
    }
    int lo = r.nextInt();
    for (int i = 0; i < 8; i++) {
      b[20 + i] = HEX[(lo >>> (28 - 4 * i)) & 0xf];
    }
    return new String(b, StandardCharsets.US_ASCII);
  }

  void served(Upstream u, int tries) {
    this.upstream = u;
    this.attempts = tries;
    response.putHeader("x-junction-deployment", u.deployment().id());
    response.putHeader("x-junction-attempts", Integer.toString(tries));
  }

  void firstToken() {
    if (firstTokenNanos < 0) {
      firstTokenNanos = System.nanoTime();
    }
  }

  /** Sends a whole JSON body. */
  void sendJson(int status, byte[] body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(Buffer.buffer(body));
  }

  /** Records the outcome; only the first call counts. */
  void record(int status, @Nullable GatewayException error, @Nullable Usage usage) {
    if (recorded) {
      return;
    }
    recorded = true;
    long now = System.nanoTime();
    Upstream u = upstream;
    listener.onCall(new CallRecord(id, startedAt, front, endpoint, requestedModel,
        u == null ? null : u.deployment().id(), u == null ? null : u.deployment().provider(),
        u == null ? null : u.deployment().model(), attempts, stream, status,
        error == null ? null : error.kind().openAiType(), error == null ? null : error.code(),
        usage, (now - startNanos) / 1_000_000,
        firstTokenNanos < 0 ? -1 : (firstTokenNanos - startNanos) / 1_000_000,
        request.getHeader("x-junction-tag")));
  }
}
