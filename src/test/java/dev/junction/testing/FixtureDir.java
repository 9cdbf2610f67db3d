package dev.junction.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the recorded fixtures live and what {@code manifest.json} says about each file.
 *
 * <p>The folder comes from {@link Fixtures#dir()}. Thread-safe (immutable once loaded).
 */
final class FixtureDir {

  private static @Nullable Map<String, JsonNode> byFile;

  /** The fixtures root; a missing folder skips (or, in CI, fails) the test that needs it. */
  static Path root() {
    return Fixtures.dir();
  }

  /** The manifest by file, read on first use. */
  private static synchronized Map<String, JsonNode> byFile() {
    if (byFile == null) {
      byFile = index();
    }
    return byFile;
  }

  private FixtureDir() {}


  private static Map<String, JsonNode> index() {
    Map<String, JsonNode> out = new HashMap<>();
    try {
      JsonNode manifest = Json.MAPPER.readTree(root().resolve("manifest.json").toFile());
      for (JsonNode entry : manifest) {
        for (JsonNode file : entry.path("files")) {
          out.put(file.asText(), entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root().resolve("manifest.json"), e);
    }
    return Map.copyOf(out);
  }

  /** The file at {@code relative} (e.g. {@code openai-chat/text-basic.json}); it must exist. */
  static Path file(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("no fixture " + relative + " under " + root());
    }
    return p;
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manifest's {@code http_status} for this file, or 200 when it recorded none. */
  static int httpStatus(String relative) {
    JsonNode s = entry(relative).path("http_status");
    return s.isInt() ? s.asInt() : 200;
  }

  /** The manifest's {@code content_type}, else one inferred from the file extension. */
  static String contentType(String relative) {
    JsonNode ct = entry(relative).path("content_type");
    if (ct.isTextual() && !ct.asText().isBlank()) {
      return ct.asText();
    }
    if (relative.endsWith(".sse")) {
      return "text/event-stream";
    }
    if (relative.endsWith(".ndjson")) {
      return "application/x-ndjson";
    }
    return "application/json";
  }

  private static JsonNode entry(String relative) {
    @Nullable JsonNode e = byFile().get(relative); // null for files the manifest does not list
    return e == null ? Json.object() : e;
  }
}
