package dev.junction.provider.openai;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately simple Server-Sent Events reader for tests: the oracle for fixture streams and
 * the re-parser of what the encoder wrote. Independent of the production {@code SseParser}.
 * Lines end in LF, CRLF or CR; {@code data:} lines of an event are joined with LF; comments are
 * skipped. {@code raw} is the event's text as it appeared, terminator included, so a stream can
 * be rebuilt from a prefix of its events.
 */
final class Sse {

  /** One event. */
  record Event(@Nullable String event, String data, String raw) {
    boolean isDone() {
      return data.strip().equals("[DONE]");
    }
  }

  private Sse() {}

  static List<Event> parse(String text) {
    List<Event> out = new ArrayList<>();
    String name = null;
    StringBuilder data = null;
    int eventStart = 0;
    int i = 0;
    while (i < text.length()) {
      int end = i;
      while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      String line = text.substring(i, end);
      if (end == text.length()) {
        i = end;
      } else if (text.charAt(end) == '\r' && end + 1 < text.length()
          && text.charAt(end + 1) == '\n') {
        i = end + 2;
      } else {
        i = end + 1;
      }
      if (line.isEmpty()) {
        if (data != null) {
          out.add(new Event(name, data.toString(), text.substring(eventStart, i)));
        }
        name = null;
        data = null;
        eventStart = i;
      } else if (line.startsWith("data:")) {
        String v = line.substring(5);
        v = v.startsWith(" ") ? v.substring(1) : v;
        data = data == null ? new StringBuilder(v) : data.append('\n').append(v);
      } else if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      }
    }
    if (data != null) {
      out.add(new Event(name, data.toString(), text.substring(eventStart)));
    }
    return out;
  }
}
