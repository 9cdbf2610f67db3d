package dev.junction.provider.gemini;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns Gemini 3's streamed function-call arguments ({@code functionCall.partialArgs}: a list of
 * {@code {jsonPath, stringValue|numberValue|boolValue|nullValue, willContinue}}) into the JSON
 * text of the arguments object, piece by piece, so that each piece can be sent on as an OpenAI
 * style {@code arguments} fragment the moment it arrives.
 *
 * <p>Design: the model generates its arguments front to back, so the paths arrive in document
 * order ({@code $.a}, {@code $.b.c}, {@code $.b.d[0]}, …). The writer keeps the chain of
 * containers that are still open; a new path closes the containers it leaves and opens the ones
 * it enters, then writes its value. A string whose {@code willContinue} is true stays open (no
 * closing quote) until a piece for another path, or the end, arrives. {@link #close()} closes
 * whatever is still open. A path that goes back into a container already closed (which document
 * order rules out) cannot be written as text that was already sent, and is refused as an upstream
 * error rather than silently producing duplicate keys.
 *
 * <p>Not thread-safe: one instance per streamed call.
 */
final class PartialArgs {

  private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

  /** One open object or array, with what has been written into it. */
  private static final class Frame {
    final @Nullable Object via; // key (String) or index (Integer) that leads here; null for root
    final boolean array;
    final Set<String> keys = new HashSet<>();
    int count;

    Frame(@Nullable Object via, boolean array) {
      this.via = via;
      this.array = array;
    }
  }

  private final List<Frame> open = new ArrayList<>();
  private @Nullable List<Object> openString; // path of a string still waiting for more text
  private boolean started;

  /** Appends the pieces of one {@code partialArgs} array; returns the JSON text they add. */
  String append(JsonNode partialArgs) {
    StringBuilder out = new StringBuilder();
    for (JsonNode arg : partialArgs) {
      JsonNode path = arg.get("jsonPath");
      if (path == null || !path.isTextual()) {
        continue;
      }
      List<Object> segments = parsePath(path.asText());
      if (!segments.isEmpty()) {
        write(segments, arg, out);
      }
    }
    return out.toString();
  }

  /** Closes every open string and container; returns the closing text ({@code {}} if empty). */
  String close() {
    StringBuilder out = new StringBuilder();
    if (!started) {
      started = true;
      return "{}";
    }
    closeString(out);
    closeTo(0, out);
    return out.toString();
  }

  private void write(List<Object> path, JsonNode arg, StringBuilder out) {
    JsonNode string = arg.get("stringValue");
    boolean more = arg.path("willContinue").asBoolean(false);
    if (openString != null && openString.equals(path) && string != null) {
      out.append(ESCAPER.quoteAsString(string.asText()));
      if (!more) {
        out.append('"');
        openString = null;
      }
      return;
    }
    String scalar = scalar(arg);
    if (string == null && scalar == null) {
      return; // no value in this piece
    }
    closeString(out);
    if (!started) {
      started = true;
      out.append('{');
      open.add(new Frame(null, false));
    }
    int common = 0;
    while (common < open.size() - 1 && common < path.size() - 1
        && Objects.equals(open.get(common + 1).via, path.get(common))) {
      common++;
    }
    closeTo(common + 1, out);
    for (int i = common; i < path.size() - 1; i++) {
      member(path.get(i), out);
      boolean array = path.get(i + 1) instanceof Integer;
      out.append(array ? '[' : '{');
      open.add(new Frame(path.get(i), array));
    }
    member(path.get(path.size() - 1), out);
    if (string != null) {
      out.append('"').append(ESCAPER.quoteAsString(string.asText()));
      if (more) {
        openString = path;
      } else {
        out.append('"');
      }
    } else {
      out.append(scalar);
    }
  }

  /** The JSON text of a non-string value, or null when the piece has none. */
  private static @Nullable String scalar(JsonNode arg) {
    JsonNode n = arg.get("numberValue");
    if (n != null && !n.isNull()) {
      return n.isNumber() ? n.toString() : "null"; // proto3 JSON spells NaN/Infinity as strings
    }
    JsonNode b = arg.get("boolValue");
    if (b != null && b.isBoolean()) {
      return b.asBoolean() ? "true" : "false";
    }
    return arg.has("nullValue") ? "null" : null;
  }

  /** Writes the separator and key (or array padding) for a new member of the innermost frame. */
  private void member(Object segment, StringBuilder out) {
    Frame f = open.get(open.size() - 1);
    if (f.array) {
      if (!(segment instanceof Integer index) || index < f.count) {
        throw outOfOrder(segment);
      }
      while (f.count <= index) {
        if (f.count > 0) {
          out.append(',');
        }
        if (f.count < index) {
          out.append("null");
        }
        f.count++;
      }
    } else {
      if (!(segment instanceof String key) || !f.keys.add(key)) {
        throw outOfOrder(segment);
      }
      if (f.count++ > 0) {
        out.append(',');
      }
      out.append('"').append(ESCAPER.quoteAsString(key)).append("\":");
    }
  }

  private void closeString(StringBuilder out) {
    if (openString != null) {
      out.append('"');
      openString = null;
    }
  }

  private void closeTo(int depth, StringBuilder out) {
    while (open.size() > depth) {
      out.append(open.remove(open.size() - 1).array ? ']' : '}');
    }
  }

  private static GatewayException outOfOrder(Object segment) {
    return GatewayException.of(ErrorKind.UPSTREAM, "invalid_upstream_response",
        "Gemini streamed function-call arguments out of document order (at '" + segment + "')");
  }

  /**
   * Splits an RFC 9535 path ({@code $.a.b[0]}, {@code $['a b']}) into keys (String) and indices
   * (Integer). {@code $} alone, or {@code $.}, gives an empty list.
   */
  static List<Object> parsePath(String path) {
    if (!path.startsWith("$")) {
      throw badPath(path);
    }
    List<Object> out = new ArrayList<>();
    int i = 1;
    int n = path.length();
    while (i < n) {
      char c = path.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
          i++;
        }
        if (i > start) {
          out.add(path.substring(start, i));
        }
      } else if (c == '[') {
        int end = i + 1;
        if (end < n && (path.charAt(end) == '\'' || path.charAt(end) == '"')) {
          char quote = path.charAt(end);
          StringBuilder key = new StringBuilder();
          int j = end + 1;
          while (j < n && path.charAt(j) != quote) {
            if (path.charAt(j) == '\\' && j + 1 < n) {
              j++;
            }
            key.append(path.charAt(j++));
          }
          if (j + 1 >= n || path.charAt(j + 1) != ']') {
            throw badPath(path);
          }
          out.add(key.toString());
          i = j + 2;
        } else {
          int close = path.indexOf(']', end);
          if (close < 0) {
            throw badPath(path);
          }
          try {
            out.add(Integer.parseInt(path.substring(end, close).trim()));
          } catch (NumberFormatException e) {
            throw badPath(path);
          }
          i = close + 1;
        }
      } else {
        throw badPath(path);
      }
    }
    return out;
  }

  private static GatewayException badPath(String path) {
    return GatewayException.of(ErrorKind.UPSTREAM, "invalid_upstream_response",
        "Gemini sent a function-call argument path that is not a JSON path: '" + path + "'");
  }
}
