package dev.junction.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.FinishReason;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.json.Json;
import dev.junction.provider.SseParser;
import dev.junction.provider.StreamDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The recorded fixtures under {@code gemini/}, and helpers to read and replay them. */
final class Fixtures {

  private Fixtures() {}

  /** The fixtures root: skips (or, in CI, fails) the calling test when it is missing. */
  static Path root() {
    return dev.junction.testing.Fixtures.dir();
  }

  static Path specs() {
    return dev.junction.testing.Fixtures.specs();
  }

  static Path gemini(String file) {
    return root().resolve("gemini").resolve(file);
  }

  static byte[] bytes(String file) {
    try {
      return Files.readAllBytes(gemini(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String file) {
    return Json.parse(bytes(file));
  }

  /** Every file name in {@code gemini/}. */
  static List<String> all() {
    try (Stream<Path> s = Files.list(root().resolve("gemini"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code data:} payloads of an SSE fixture, parsed, in order (read independently). */
  static List<JsonNode> events(String file) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : new String(bytes(file), StandardCharsets.UTF_8).split("\r?\n")) {
      if (line.startsWith("data: ")) {
        out.add(Json.parse(line.substring(6).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  /** The manifest entry of a case, found by one of its files. */
  static JsonNode manifest(String file) {
    try {
      JsonNode all = Json.MAPPER.readTree(root().resolve("manifest.json").toFile());
      for (JsonNode c : all) {
        for (JsonNode f : c.path("files")) {
          if (f.asText().equals("gemini/" + file)) {
            return c;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("not in manifest: " + file);
  }

  /** Replays {@code body} through a fresh decoder, {@code split} bytes at a time. */
  static Replay replay(StreamDecoder decoder, byte[] body, int split) {
    Replay r = new Replay();
    SseParser parser = new SseParser((event, data) -> decoder.onEvent(event, data, r.chunks::add));
    for (int i = 0; i < body.length; i += split) {
      parser.feed(body, i, Math.min(split, body.length - i));
    }
    parser.end();
    decoder.onEnd(r.chunks::add);
    return r;
  }

  /** What a client would assemble from a stream's chunks, per choice index. */
  static final class Replay {
    final List<StreamChunk> chunks = new ArrayList<>();

    String text(int choice) {
      StringBuilder sb = new StringBuilder();
      deltas(choice).forEach(d -> {
        if (d.text() != null) {
          sb.append(d.text());
        }
      });
      return sb.toString();
    }

    String reasoning(int choice) {
      StringBuilder sb = new StringBuilder();
      deltas(choice).forEach(d -> {
        if (d.reasoning() != null) {
          sb.append(d.reasoning());
        }
      });
      return sb.toString();
    }

    List<String> signatures(int choice) {
      return deltas(choice).filter(d -> d.reasoningSignature() != null)
          .map(d -> d.reasoningSignature()).toList();
    }

    /** Tool calls by index: [id, name, concatenated arguments]. */
    Map<Integer, String[]> calls(int choice) {
      Map<Integer, String[]> calls = new LinkedHashMap<>();
      deltas(choice).flatMap(d -> d.toolCalls().stream()).forEach((ToolCallDelta t) -> {
        String[] c = calls.computeIfAbsent(t.index(), i -> new String[] {null, null, ""});
        if (t.id() != null) {
          c[0] = t.id();
        }
        if (t.name() != null) {
          c[1] = t.name();
        }
        if (t.arguments() != null) {
          c[2] += t.arguments();
        }
      });
      return calls;
    }

    List<FinishReason> finishes(int choice) {
      return deltas(choice).filter(d -> d.finishReason() != null).map(d -> d.finishReason())
          .toList();
    }

    List<Usage> usages() {
      return chunks.stream().filter(c -> c.usage() != null).map(StreamChunk::usage).toList();
    }

    Stream<dev.junction.chat.ChoiceDelta> deltas(int choice) {
      return chunks.stream().flatMap(c -> c.choices().stream()).filter(d -> d.index() == choice);
    }
  }
}
