package dev.junction.gateway;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.tokens.TokenCount;
import dev.junction.error.GatewayException;
import dev.junction.metrics.Metrics;
import dev.junction.provider.CallContext;
import dev.junction.provider.Upstream;
import dev.junction.ratelimit.Priority;
import dev.junction.routing.Attempted;
import dev.junction.routing.AttemptsFailed;
import dev.junction.routing.Fallback;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
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
  private final Metrics metrics;
  private final Instant startedAt;
  private final long startNanos;
  private long firstTokenNanos = -1;
  String requestedModel = "";
  boolean stream;
  /** The prompt's fingerprint ({@link PromptHash}), set by the front once the body is read. */
  @Nullable String promptHash;
  @Nullable Upstream upstream;
  int attempts;
  /**
   * The request's place in a pacing queue: {@code x-junction-priority: high|normal|low}, normal
   * when absent or unknown (a virtual key may later set the default).
   */
  Priority priority = Priority.NORMAL;
  /** The fallback model that served (or last failed), or null. */
  @Nullable Fallback fallback;
  /** Whether a hedge was sent. */
  boolean hedged;
  private boolean recorded;
  private Runnable onClientClose;
  /** What has been streamed so far (text, reasoning, tool arguments), for usage estimates. */
  private @Nullable StringBuilder streamed;

  Exchange(HttpServerRequest request, String front, String endpoint, CallListener listener,
      Metrics metrics, Instant now) {
    this.request = request;
    this.response = request.response();
    this.id = newId();
    this.front = front;
    this.endpoint = endpoint;
    this.listener = listener;
    this.metrics = metrics;
    this.startedAt = now;
    this.startNanos = System.nanoTime();
    this.ctx = CallContext.create(id);
    this.onClientClose = ctx::cancel;
    response.putHeader("x-request-id", id);
    String p = request.getHeader(Priority.HEADER);
    if (p != null) {
      priority = Priority.parse(p).orElse(Priority.NORMAL);
    }
    response.closeHandler(v -> {
      if (!response.ended()) {
        onClientClose.run();
      }
    });
  }

  /**
   * What to do when the client hangs up before the answer ended (default: cancel the upstream
   * call). Set before anything is written; the handler is installed once, at construction.
   */
  void onClientClose(Runnable action) {
    this.onClientClose = action;
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

  /** Notes what served the request and writes its routing headers ({@code x-junction-*}). */
  void served(Attempted<?> attempted) {
    routed(attempted.upstream(), attempted.attempts(), attempted.fallback(), attempted.hedged(),
        attempted.headers());
  }

  private void routed(@Nullable Upstream u, int tries, @Nullable Fallback fallback,
      boolean hedged, Map<String, String> headers) {
    this.upstream = u;
    this.attempts = tries;
    this.fallback = fallback;
    this.hedged = hedged;
    metrics.onRouted(requestedModel, tries, hedged, fallback);
    if (!response.headWritten()) {
      headers.forEach(response::putHeader);
    }
  }

  void firstToken() {
    if (firstTokenNanos < 0) {
      firstTokenNanos = System.nanoTime();
    }
  }

  /** Notes what a streamed chunk carried, so usage can be estimated if the vendor gives none. */
  void streamed(StreamChunk chunk) {
    for (ChoiceDelta d : chunk.choices()) {
      append(d.text());
      append(d.reasoning());
      for (ToolCallDelta t : d.toolCalls()) {
        append(t.arguments());
      }
    }
  }

  private void append(@Nullable String s) {
    if (s != null) {
      if (streamed == null) {
        streamed = new StringBuilder(256);
      }
      streamed.append(s);
    }
  }

  /**
   * The vendor's usage, or, when it gave none (the stream was cut short), an estimate counted
   * from the prompt and what was streamed, marked as estimated.
   */
  @Nullable Usage usageOrEstimate(@Nullable Usage vendor, @Nullable ChatRequest request) {
    if (vendor != null || request == null) {
      return vendor;
    }
    return Usage.estimated(TokenCount.prompt(request),
        streamed == null ? 0 : TokenCount.text(streamed));
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

  /**
   * The model id sent upstream: the deployment's, or for a {@code *} deployment the requested
   * one (a fallback's when one served) without a wildcard route's prefix.
   */
  private String upstreamModel(Upstream u) {
    String m = u.deployment().model();
    if (!m.equals("*")) {
      return m;
    }
    String asked = fallback != null ? fallback.to() : requestedModel;
    int slash = asked.indexOf('/');
    return slash < 0 ? asked : asked.substring(slash + 1);
  }

  /**
   * Answers with the error {@code t} (unwrapping a failover's last error, whose upstream is then
   * reported as the one that served) in {@code format}, and records it; a client that already hung
   * up is recorded as 499.
   */
  void fail(Throwable t, ErrorFormat format) {
    GatewayException e;
    if (t instanceof AttemptsFailed af) {
      e = af.error();
      routed(af.upstream(), af.attempts(), af.fallback(), af.hedged(), af.headers());
    } else {
      e = GatewayException.wrap(t);
    }
    if (response.closed()) {
      clientClosed(null);
      return;
    }
    int status = format.status(e);
    format.send(response, e, status);
    record(status, e, null);
  }

  /** Records a client that hung up before the answer was complete. */
  void clientClosed(@Nullable Usage usage) {
    record(499, GatewayException.of(ErrorKind.INVALID_REQUEST, "client_closed",
        "client closed the connection"), usage);
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
        u == null ? null : upstreamModel(u), attempts, stream, status,
        error == null ? null : error.kind().openAiType(), error == null ? null : error.code(),
        usage, (now - startNanos) / 1_000_000,
        firstTokenNanos < 0 ? -1 : (firstTokenNanos - startNanos) / 1_000_000,
        request.getHeader("x-junction-tag"), null, promptHash, fallback, hedged));
  }
}
