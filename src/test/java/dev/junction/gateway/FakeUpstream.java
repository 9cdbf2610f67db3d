package dev.junction.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A vendor stand-in: a Vert.x HTTP server on a free loopback port that records every request it
 * gets and answers each with what {@code answer} says, byte for byte. A streamed answer is written
 * one SSE event per network write, as a real upstream sends them; {@link Reply#hang()} leaves the
 * answer open after its last event, and {@link #disconnected} completes when the gateway then
 * drops the connection.
 */
final class FakeUpstream implements AutoCloseable {

  /** One request as the upstream saw it. */
  record Seen(String method, String uri, MultiMap headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer: status, headers, body; SSE bodies go out event by event. */
  record Reply(int status, Map<String, String> headers, byte[] body, boolean events,
      boolean keepOpen, long delayMillis) {

    Reply(int status, Map<String, String> headers, byte[] body, boolean events,
        boolean keepOpen) {
      this(status, headers, body, events, keepOpen, 0);
    }

    static Reply json(int status, byte[] body) {
      return new Reply(status, Map.of("content-type", "application/json"), body, false, false);
    }

    static Reply sse(byte[] body) {
      return new Reply(200, Map.of("content-type", "text/event-stream; charset=utf-8"), body,
          true, false);
    }

    Reply withHeaders(Map<String, String> more) {
      java.util.LinkedHashMap<String, String> h = new java.util.LinkedHashMap<>(headers);
      h.putAll(more);
      return new Reply(status, h, body, events, keepOpen, delayMillis);
    }

    /** The same answer, left open after its last byte. */
    Reply hang() {
      return new Reply(status, headers, body, events, true, delayMillis);
    }

    /** The same answer, started {@code millis} after the request arrived. */
    Reply after(long millis) {
      return new Reply(status, headers, body, events, keepOpen, millis);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> disconnected = new CompletableFuture<>();
  private final Function<Seen, Reply> answer;
  private HttpServer server;

  private FakeUpstream(Function<Seen, Reply> answer) {
    this.answer = answer;
  }

  /** Starts an upstream that answers every request with {@code answer}'s reply. */
  static FakeUpstream start(Function<Seen, Reply> answer) throws Exception {
    FakeUpstream f = new FakeUpstream(answer);
    f.server = f.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      Seen s = new Seen(req.method().name(), req.uri(),
          MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), b.getBytes());
      f.seen.add(s);
      Reply r = f.answer.apply(s);
      if (r.delayMillis() > 0) {
        f.vertx.setTimer(r.delayMillis(), t -> f.reply(req.response(), r));
      } else {
        f.reply(req.response(), r);
      }
    }));
    f.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    return f;
  }

  private void reply(HttpServerResponse resp, Reply r) {
    if (resp.closed()) {
      return;
    }
    resp.setStatusCode(r.status());
    r.headers().forEach(resp::putHeader);
    if (!r.events()) {
      resp.end(Buffer.buffer(r.body()));
      return;
    }
    resp.setChunked(true);
    resp.closeHandler(v -> disconnected.complete(null));
    for (byte[] event : splitEvents(r.body())) {
      resp.write(Buffer.buffer(event));
    }
    if (!r.keepOpen()) {
      resp.end();
    }
  }

  /** Every request received so far. */
  List<Seen> requests() {
    return List.copyOf(seen);
  }

  /** Completes when the gateway closes the connection of a streamed answer before its end. */
  CompletableFuture<Void> disconnected() {
    return disconnected;
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Splits an SSE body after each blank line (LF, CRLF or CR line ends). */
  static List<byte[]> splitEvents(byte[] body) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      int end = blankLineEnd(body, i);
      if (end > 0) {
        out.add(java.util.Arrays.copyOfRange(body, start, end));
        start = end;
        i = end - 1;
      }
    }
    if (start < body.length) {
      out.add(java.util.Arrays.copyOfRange(body, start, body.length));
    }
    return out;
  }

  /** If a line end followed by an empty line starts at {@code i}, the index after it; else -1. */
  private static int blankLineEnd(byte[] b, int i) {
    for (String sep : new String[] {"\r\n\r\n", "\n\n", "\r\r"}) {
      byte[] s = sep.getBytes(StandardCharsets.US_ASCII);
      if (i + s.length <= b.length && java.util.Arrays.equals(b, i, i + s.length, s, 0,
          s.length)) {
        return i + s.length;
      }
    }
    return -1;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
