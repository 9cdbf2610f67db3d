package dev.junction.testing;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scripted answer of a {@link FakeUpstream}: a status, headers and a body, optionally played
 * with a fault. Immutable; the {@code with}-style methods return modified copies.
 *
 * <p>An event stream ({@code text/event-stream}, {@code application/x-ndjson}) is written one event
 * per write, chunked, with {@link #eventDelay(Duration)} between events, so the bytes on the wire
 * are exactly the body's bytes but arrive in pieces. Any other body is written whole, with a
 * {@code content-length}, so a cut-short body is visible as such to the reader.
 *
 * <pre>{@code
 * fake.enqueue(Reply.fixture("openai-chat/tool-call-stream.sse").dropAfterEvents(3));
 * fake.enqueue(Reply.json(429, "{\"error\":{\"message\":\"slow down\"}}").header("retry-after", "7"));
 * fake.enqueue(Reply.fixture("openai-chat/text-basic.json").stallBeforeFirstByte());
 * }</pre>
 */
public final class Reply {

  /** How the reply ends. */
  enum Ending {
    /** The whole body is sent and the response ended normally. */
    COMPLETE,
    /** After {@code limit} events the connection is closed (a clean FIN, no end of body). */
    DROP,
    /** After {@code limit} bytes, possibly mid-event, the connection is closed. */
    RESET,
    /** After {@code limit} events nothing more is sent; the connection stays open. */
    STALL,
    /** After {@code limit} bytes, possibly mid-body, nothing more is sent; the connection stays open. */
    HOLD
  }

  /** The default pause between two events of a stream. */
  public static final Duration DEFAULT_EVENT_DELAY = Duration.ofMillis(2);

  final int status;
  final Map<String, String> headers;
  final byte[] body;
  final boolean streamed;
  final Ending ending;
  final long limit;
  final Duration eventDelay;

  private Reply(int status, Map<String, String> headers, byte[] body, boolean streamed,
      Ending ending, long limit, Duration eventDelay) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.streamed = streamed;
    this.ending = ending;
    this.limit = limit;
    this.eventDelay = eventDelay;
  }

  /**
   * Replays a recorded fixture byte for byte, with the manifest's {@code http_status} (200 when it
   * recorded none) and content type.
   */
  public static Reply fixture(String relativePath) {
    return body(FixtureDir.httpStatus(relativePath), FixtureDir.contentType(relativePath),
        FixtureDir.bytes(relativePath));
  }

  /** A JSON body with this status. */
  public static Reply json(int status, String json) {
    return body(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** Any body; streamed event by event when the content type is an event stream. */
  public static Reply body(int status, String contentType, byte[] body) {
    requireNonNull(contentType, "contentType");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", contentType);
    boolean streamed = contentType.startsWith("text/event-stream")
        || contentType.startsWith("application/x-ndjson");
    return new Reply(status, headers, body.clone(), streamed, Ending.COMPLETE, -1,
        DEFAULT_EVENT_DELAY);
  }

  /** This reply with one more response header (replacing one of the same name). */
  public Reply header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return new Reply(status, h, body, streamed, ending, limit, eventDelay);
  }

  /** This reply with a {@code Retry-After} header in seconds. */
  public Reply retryAfter(long seconds) {
    return header("retry-after", Long.toString(seconds));
  }

  /** This reply with another status. */
  public Reply status(int newStatus) {
    return new Reply(newStatus, headers, body, streamed, ending, limit, eventDelay);
  }

  /** This reply with another pause between stream events. */
  public Reply eventDelay(Duration delay) {
    return new Reply(status, headers, body, streamed, ending, limit, requireNonNull(delay));
  }

  /**
   * Sends the first {@code n} events (a whole body counts as one event) and then closes the
   * connection without ending the body. {@code n = 0} closes before any response byte.
   */
  public Reply dropAfterEvents(int n) {
    return with(Ending.DROP, n);
  }

  /** Sends the first {@code n} bytes of the body, possibly mid-event, then closes the connection. */
  public Reply resetAfterBytes(long n) {
    return with(Ending.RESET, n);
  }

  /** Sends the first {@code n} events and then goes silent, leaving the connection open. */
  public Reply stallAfterEvents(int n) {
    return with(Ending.STALL, n);
  }

  /**
   * Sends the status line, the headers and the first {@code n} bytes of the body (a whole body
   * too, unlike {@link #stallAfterEvents}), then goes silent, leaving the connection open.
   */
  public Reply stallAfterBytes(long n) {
    return with(Ending.HOLD, n);
  }

  /** Never answers: not even the status line; the connection stays open. */
  public Reply stallBeforeFirstByte() {
    return with(Ending.STALL, 0);
  }

  private Reply with(Ending e, long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
    }
    return new Reply(status, headers, body, streamed, e, n, eventDelay);
  }

  /** The body in the pieces it is written in: one per event for a stream, else one. */
  List<byte[]> pieces() {
    if (!streamed) {
      return List.of(body);
    }
    boolean ndjson = headers.getOrDefault("content-type", "").startsWith("application/x-ndjson");
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      int end = -1;
      if (body[i] == '\n') {
        if (ndjson) {
          end = i + 1;
        } else if (i + 1 < body.length && body[i + 1] == '\n') {
          end = i + 2;
        } else if (i + 2 < body.length && body[i + 1] == '\r' && body[i + 2] == '\n') {
          end = i + 3;
        }
      }
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

  /** The number of events this reply's body holds (1 for a whole body). */
  public int eventCount() {
    return pieces().size();
  }

  /** The body bytes (a copy). */
  public byte[] bodyBytes() {
    return body.clone();
  }

  @Override
  public String toString() {
    return "Reply[" + status + " " + headers.get("content-type") + " " + body.length + " bytes, "
        + ending + (limit >= 0 ? " after " + limit : "") + "]";
  }
}
