package dev.junction.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The recorded vendor fixtures ({@code shared/fixtures}) and API specs ({@code shared/specs}) the
 * suites replay and validate against.
 *
 * <p>Location: the directory named by system property {@code junction.fixtures} (resp. {@code
 * junction.specs}) if it exists, else {@code /work/shared/fixtures} (resp. {@code
 * /work/shared/specs}). When neither exists the calling test is <em>skipped</em> with a message
 * saying so (a newcomer's machine without the shared data), except when system property {@code
 * junction.require-services} is {@code "true"} (CI), where it <em>fails</em>.
 *
 * <p>JSON is parsed here with a mapper of its own, independent of the gateway's {@code
 * Json.MAPPER}, so tests read expected values without going through code under test. The manifest
 * is read once and cached. Thread-safe.
 */
public final class Fixtures {

  /** Plain Jackson, default settings: the tests' independent reading of JSON. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String REQUIRE = "junction.require-services";
  private static @Nullable List<Case> manifest;

  private Fixtures() {}

  /** The fixtures root; skips (or, under {@code junction.require-services=true}, fails). */
  public static Path dir() {
    return locate("junction.fixtures", "../shared/fixtures", "recorded fixtures");
  }

  /** The specs root ({@code openai/openapi.yaml}, ...); skips or fails like {@link #dir()}. */
  public static Path specs() {
    return locate("junction.specs", "../shared/specs", "API specs");
  }

  /** The bytes of a fixture file, {@code relPath} relative to {@link #dir()}. */
  public static byte[] bytes(String relPath) {
    requireNonNull(relPath, "relPath");
    try {
      return Files.readAllBytes(dir().resolve(relPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture file as UTF-8 text. */
  public static String read(String relPath) {
    return new String(bytes(relPath), StandardCharsets.UTF_8);
  }

  /** A fixture file parsed as JSON. */
  public static JsonNode json(String relPath) {
    return json(bytes(relPath));
  }

  /** Parses JSON bytes with the tests' own mapper. */
  public static JsonNode json(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every case of {@code manifest.json}, in manifest order. */
  public static synchronized List<Case> manifest() {
    if (manifest == null) {
      JsonNode root = json("manifest.json");
      List<Case> cases = new ArrayList<>(root.size());
      for (JsonNode e : root) {
        cases.add(Case.of(e));
      }
      manifest = List.copyOf(cases);
    }
    return manifest;
  }

  /** {@link #dir()}'s rule, for any property and fallback (package-private for its own test). */
  static Path locate(String property, String fallback, String what) {
    String configured = System.getProperty(property);
    if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path dflt = Path.of(fallback);
    if (Files.isDirectory(dflt)) {
      return dflt;
    }
    String msg = what + " not found: -D" + property + "=" + configured + " is not a directory, nor"
        + " is " + fallback;
    if (Boolean.parseBoolean(System.getProperty(REQUIRE))) {
      return Assertions.fail(msg + " (" + REQUIRE + "=true: the shared data must be present)");
    }
    return Assumptions.abort(
        msg + "; skipping (point -D" + property + " at the shared data to run)");
  }

  /**
   * One manifest entry: {@code provider/name}, the recorded HTTP status (null when the source
   * did not store it), tags, files (relative to {@link #dir()}) and the raw entry.
   */
  public record Case(
      String provider,
      String name,
      @Nullable Integer httpStatus,
      List<String> tags,
      List<String> files,
      JsonNode entry) {

    public Case {
      requireNonNull(provider, "provider");
      requireNonNull(name, "name");
      tags = List.copyOf(tags);
      files = List.copyOf(files);
    }

    static Case of(JsonNode e) {
      List<String> tags = new ArrayList<>();
      e.path("tags").forEach(t -> tags.add(t.asText()));
      List<String> files = new ArrayList<>();
      e.path("files").forEach(f -> files.add(f.asText()));
      JsonNode status = e.get("http_status");
      return new Case(e.path("provider").asText(), e.path("case").asText(),
          status == null || !status.isNumber() ? null : status.asInt(), tags, files, e);
    }

    /** {@code provider/name}. */
    public String id() {
      return provider + "/" + name;
    }

    public boolean hasTag(String tag) {
      return tags.contains(tag);
    }

    /** The response body file: the one file that is not a {@code .request.json}. */
    public Optional<String> response() {
      return files.stream().filter(f -> !f.endsWith(".request.json")).findFirst();
    }

    /** The recorded request body file, when there is one. */
    public Optional<String> request() {
      return files.stream().filter(f -> f.endsWith(".request.json")).findFirst();
    }

    /** The response headers the manifest kept (request ids, rate limits). */
    public Map<String, String> responseHeaders() {
      Map<String, String> out = new LinkedHashMap<>();
      entry.path("response_headers").properties()
          .forEach(h -> out.put(h.getKey(), h.getValue().asText()));
      return out;
    }

    @Override
    public String toString() {
      return id();
    }
  }
}
