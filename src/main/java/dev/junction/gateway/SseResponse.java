package dev.junction.gateway;

import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.routing.Attempted;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The client side of a streamed answer, for every front and whether the events are translated or
 * relayed: opens the {@code text/event-stream} response once an upstream accepted the call, writes
 * each event's bytes as they come (nothing is buffered beyond the socket's write queue), pauses
 * the upstream while that queue is full and resumes it when it drains, cancels the upstream the
 * moment the client hangs up, and records the exchange's one {@link CallRecord}.
 *
 * <p>Confined to the request's event loop.
 */
final class SseResponse {

  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

  /** The upstream side of the stream: how to slow it down, speed it up and stop it. */
  record Flow(Runnable pause, Runnable resume, Runnable cancel) {}

  private final Exchange ex;
  private final HttpServerResponse response;
  private final Flow flow;
  private final Attempted<?> served;

  private SseResponse(Exchange ex, Flow flow, Attempted<?> served) {
    this.ex = ex;
    this.response = ex.response;
    this.flow = flow;
    this.served = served;
  }

  /**
   * Starts the response for a stream {@code served} by an upstream. Returns null when the client
   * has already gone: the upstream is then cancelled, the stream abandoned and the exchange
   * recorded as 499. {@code usageSoFar} tells what a client that hangs up later has cost. The
   * stream's deployment gets exactly one verdict: {@link Attempted#streamEnded()} or {@link
   * Attempted#streamFailed} from {@link #end}, or {@link Attempted#streamAbandoned()} when the
   * client hangs up first.
   */
  static @Nullable SseResponse open(Exchange ex, Attempted<?> served, Flow flow,
      Supplier<@Nullable Usage> usageSoFar) {
    HttpServerResponse resp = ex.response;
    if (resp.closed()) {
      served.streamAbandoned();
      flow.cancel().run();
      ex.served(served);
      ex.clientClosed(null);
      return null;
    }
    ex.served(served);
    resp.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no");
    resp.drainHandler(v -> flow.resume().run());
    ex.onClientClose(() -> {
      served.streamAbandoned();
      flow.cancel().run();
      ex.ctx.cancel();
      ex.clientClosed(usageSoFar.get());
    });
    return new SseResponse(ex, flow, served);
  }

  /** Writes the next events; pauses the upstream when the socket cannot take more. */
  void write(byte[] bytes) {
    if (bytes.length == 0 || response.closed()) {
      return;
    }
    ex.firstToken();
    response.write(Buffer.buffer(bytes));
    if (response.writeQueueFull()) {
      flow.pause().run();
    }
  }

  /**
   * Ends the stream with {@code last} (closing events, or an error event) and records it: status
   * 200, with {@code error} set when the stream failed after it began.
   */
  void end(byte[] last, @Nullable GatewayException error, @Nullable Usage usage) {
    if (usage != null) {
      served.usedTokens(usage.totalTokens());
    }
    if (error == null) {
      served.streamEnded();
    } else {
      served.streamFailed(error);
    }
    if (!response.closed() && !response.ended()) {
      response.end(Buffer.buffer(last));
    }
    ex.record(200, error, usage);
  }

  /**
   * One SSE event: {@code event: <name>} (left out when null) and {@code data: <data>}, a line per
   * line of {@code data}, then the blank line. {@code data}'s bytes are copied as they are.
   */
  static byte[] frame(@Nullable String event, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
    if (event != null) {
      out.writeBytes(EVENT);
      out.writeBytes(event.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length || data[i] == '\n') {
        out.writeBytes(DATA);
        out.write(data, start, i - start);
        out.write('\n');
        start = i + 1;
      }
    }
    out.write('\n');
    return out.toByteArray();
  }
}
