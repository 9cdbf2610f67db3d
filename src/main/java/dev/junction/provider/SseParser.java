package dev.junction.provider;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Incremental Server-Sent Events parser over raw bytes, as they arrive from the network.
 *
 * <p>Lines may end in LF, CRLF or CR, and a line ending may be split across two network buffers.
 * Multi-byte UTF-8 characters split across buffers are handled because decoding happens per
 * complete line. {@code data:} lines of one event are joined with LF; comment lines ({@code :
 * OPENROUTER PROCESSING}) and {@code id:}/{@code retry:} fields are ignored. An event is
 * dispatched on a blank line, and a final event that lacks its blank line is dispatched by {@link
 * #end()}. Lines longer than {@code maxLineBytes} fail the parse instead of growing without bound.
 *
 * <p>Not thread-safe: one parser per stream, fed from one thread (the stream's event loop).
 */
public final class SseParser {

  /** Receives each complete event. */
  @FunctionalInterface
  public interface Handler {
    /** An event with its {@code event:} name (null when absent) and its data bytes. */
    void onEvent(@Nullable String event, byte[] data);
  }

  /** Default cap on one line: far above any real event, low enough to stop a runaway upstream. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final Handler handler;
  private final int maxLineBytes;
  private byte[] line = new byte[256];
  private int lineLen;
  private boolean skipLf;
  private @Nullable String eventName;
  private byte[] data = new byte[256];
  private int dataLen = -1; // -1: no data line seen in this event

  public SseParser(Handler handler) {
    this(handler, DEFAULT_MAX_LINE_BYTES);
  }

  public SseParser(Handler handler, int maxLineBytes) {
    this.handler = requireNonNull(handler, "handler");
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds the next bytes of the body. */
  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /** Feeds {@code len} bytes starting at {@code off}. */
  public void feed(byte[] bytes, int off, int len) {
    int end = off + len;
    int start = off;
    for (int i = off; i < end; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        if (b == '\n' && skipLf && i == start && lineLen == 0) {
          skipLf = false;
          start = i + 1;
          continue;
        }
        append(bytes, start, i - start);
        processLine();
        skipLf = b == '\r';
        start = i + 1;
      } else {
        skipLf = false;
      }
    }
    if (start < end) {
      append(bytes, start, end - start);
    }
  }

  /** The body ended: dispatches an event still pending (one without its closing blank line). */
  public void end() {
    if (lineLen > 0) {
      processLine();
    }
    dispatch();
  }

  private void append(byte[] src, int off, int len) {
    if (len == 0) {
      return;
    }
    int needed = lineLen + len;
    if (needed > maxLineBytes) {
      throw new IllegalStateException("SSE line longer than " + maxLineBytes + " bytes");
    }
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
    }
    System.arraycopy(src, off, line, lineLen, len);
    lineLen = needed;
  }

  private void processLine() {
    int len = lineLen;
    lineLen = 0;
    if (len == 0) {
      dispatch();
      return;
    }
    if (line[0] == ':') {
      return; // comment
    }
    int colon = -1;
    for (int i = 0; i < len; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    int nameLen = colon < 0 ? len : colon;
    int valueStart = colon < 0 ? len : colon + 1;
    if (valueStart < len && line[valueStart] == ' ') {
      valueStart++;
    }
    if (isField("data", nameLen)) {
      appendData(valueStart, len - valueStart);
    } else if (isField("event", nameLen)) {
      eventName = new String(line, valueStart, len - valueStart, StandardCharsets.UTF_8);
    }
  }

  private boolean isField(String name, int nameLen) {
    if (nameLen != name.length()) {
      return false;
    }
    for (int i = 0; i < nameLen; i++) {
      if (line[i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void appendData(int off, int len) {
    int sep = dataLen >= 0 ? 1 : 0;
    int base = Math.max(dataLen, 0);
    int needed = base + sep + len;
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
    }
    if (sep == 1) {
      data[base] = '\n';
    }
    System.arraycopy(line, off, data, base + sep, len);
    dataLen = needed;
  }

  private void dispatch() {
    if (dataLen < 0) {
      eventName = null;
      return;
    }
    byte[] payload = Arrays.copyOf(data, dataLen);
    String name = eventName;
    dataLen = -1;
    eventName = null;
    handler.onEvent(name, payload);
  }
}
