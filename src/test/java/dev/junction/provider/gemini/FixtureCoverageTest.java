package dev.junction.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file under {@code gemini/} is exercised by a test of this package, or listed here with
 * the reason it cannot be: a new recording fails this test until someone decides which.
 */
class FixtureCoverageTest {

  /** Recorded requests that use what the canonical model cannot express. */
  static final Map<String, String> REQUESTS_NOT_COMPARED = Map.of(
      "code-execution-stream.request.json", "Gemini's built-in codeExecution tool",
      "web-search-grounding.request.json", "Gemini's built-in googleSearch tool",
      "prompt-blocked-model-armor.request.json", "Vertex-only modelArmorConfig",
      "vertex-response-blocked-model-armor.request.json", "Vertex-only modelArmorConfig",
      "error-401-vertex-unauthenticated.request.json", "Vertex embeddings :predict, another API",
      "openai-compat-tool-calls-without-id.request.json", "an OpenAI chat request");

  @Test
  void everyGeminiFixtureIsExercised() throws Exception {
    String requestTest = Files.readString(Path.of(
        "src/test/java/dev/junction/provider/gemini/GenerateContentRequestTest.java"));
    List<String> compared = new ArrayList<>();
    Matcher m = Pattern.compile("\"([a-z0-9-]+\\.request\\.json)\"").matcher(requestTest);
    while (m.find()) {
      compared.add(m.group(1));
    }
    List<String> decoded = Stream.of(GenerateContentResponseTest.answers(),
        GenerateContentStreamTest.streams(), GoogleErrorTest.errors()).flatMap(s -> s).toList();

    List<String> uncovered = new ArrayList<>();
    for (String f : Fixtures.all()) {
      boolean covered = decoded.contains(f) || compared.contains(f)
          || REQUESTS_NOT_COMPARED.containsKey(f)
          || f.equals("openai-compat-tool-calls-without-id.json"); // see GenerateContentResponseTest
      if (!covered) {
        uncovered.add(f);
      }
    }
    assertThat(uncovered).isEmpty();
    assertThat(Fixtures.all()).hasSizeGreaterThanOrEqualTo(60);
  }
}
