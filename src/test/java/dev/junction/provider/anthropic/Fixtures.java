package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.StreamChunk;
import dev.junction.json.Json;
import dev.junction.provider.SseParser;
import dev.junction.provider.StreamDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The recorded Anthropic fixtures, and small readers for them. */
final class Fixtures {

  private Fixtures() {}

  /** The fixtures root: skips (or, in CI, fails) the calling test when it is missing. */
  static Path root() {
    return dev.junction.testing.Fixtures.dir();
  }

  static Path dir() {
    return root().resolve("anthropic");
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(dir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return Json.MAPPER.readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file name in the anthropic directory. */
  static List<String> all() {
    try (Stream<Path> s = Files.list(dir())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Successful non-streamed answers: {@code *.json} that are neither requests nor errors. */
  static List<String> responses() {
    return all().stream().filter(n -> n.endsWith(".json") && !n.endsWith(".request.json"))
        .filter(n -> !json(n).has("error")).toList();
  }

  /** Error bodies. */
  static List<String> errors() {
    return all().stream().filter(n -> n.endsWith(".json") && !n.endsWith(".request.json"))
        .filter(n -> json(n).has("error")).toList();
  }

  static List<String> streams() {
    return all().stream().filter(n -> n.endsWith(".sse")).toList();
  }

  static List<String> requests() {
    return all().stream().filter(n -> n.endsWith(".request.json")).toList();
  }

  /** The manifest entry of the case {@code anthropic/<caseName>}. */
  static JsonNode manifest(String caseName) {
    try {
      for (JsonNode c : Json.MAPPER.readTree(root().resolve("manifest.json").toFile())) {
        if ("anthropic".equals(c.path("provider").asText())
            && caseName.equals(c.path("case").asText())) {
          return c;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no manifest entry for " + caseName);
  }

  /** One SSE event of a fixture file. */
  record Event(String name, JsonNode data) {}

  /** The events of an SSE body, read with the gateway's own parser. */
  static List<Event> events(byte[] sse) {
    List<Event> out = new ArrayList<>();
    SseParser parser = new SseParser((name, data) -> {
      try {
        out.add(new Event(name, Json.MAPPER.readTree(data)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    parser.feed(sse);
    parser.end();
    return out;
  }

  /**
   * Runs an SSE body through a decoder the way the HTTP upstream does, fed in pieces of {@code
   * piece} bytes so events straddle network buffers.
   */
  static List<StreamChunk> decode(byte[] sse, StreamDecoder decoder, int piece) {
    List<StreamChunk> out = new ArrayList<>();
    SseParser parser = new SseParser((name, data) -> decoder.onEvent(name, data, out::add));
    for (int i = 0; i < sse.length; i += piece) {
      parser.feed(sse, i, Math.min(piece, sse.length - i));
    }
    parser.end();
    decoder.onEnd(out::add);
    return out;
  }

  /** JSON equality where 1, 1.0 and 1.00 are the same number. */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return a.equals((x, y) -> {
      if (x.isNumber() && y.isNumber()) {
        return x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1;
      }
      return x.equals(y) ? 0 : 1;
    }, b);
  }

  /** Asserts {@link #sameJson}; on failure shows both sides, keys sorted, for a readable diff. */
  static void assertSameJson(JsonNode actual, JsonNode expected) {
    if (!sameJson(actual, expected)) {
      org.assertj.core.api.Assertions.assertThat(sorted(actual)).isEqualTo(sorted(expected));
      org.assertj.core.api.Assertions.fail("numbers differ: " + actual + " vs " + expected);
    }
  }

  private static String sorted(JsonNode n) {
    try {
      Object plain = Json.MAPPER.treeToValue(n, Object.class);
      return Json.MAPPER.copy()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
