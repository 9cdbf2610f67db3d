package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.error.GatewayException;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawRequestTest {

  private static RawRequest read(String json) {
    return RawRequest.read("anthropic", json.getBytes(StandardCharsets.UTF_8),
        MultiMap.caseInsensitiveMultiMap());
  }

  private static String spliced(String json, String model) {
    return new String(read(json).withModel(model), StandardCharsets.UTF_8);
  }

  @Test
  void replacesOnlyTheTopLevelModelLiteral() {
    String body = "{\n  \"messages\": [{\"role\": \"user\", \"content\": {\"model\": \"x\"}}],"
        + "\n  \"model\" :\t\"claude-route\" ,\n  \"stream\": true\n}";
    RawRequest r = read(body);
    assertThat(r.model).isEqualTo("claude-route");
    assertThat(r.stream).isTrue();
    assertThat(new String(r.withModel("claude-sonnet-4-5"), StandardCharsets.UTF_8))
        .isEqualTo(body.replace("\"claude-route\"", "\"claude-sonnet-4-5\""));
  }

  @Test
  void theSameModelGivesTheSameArray() {
    RawRequest r = read("{\"model\":\"m\"}");
    assertThat(r.withModel("m")).isSameAs(r.body);
  }

  @Test
  void escapedAndNonAsciiModelsAreReadAndWritten() {
    String body = "{\"model\":\"cl\\\"a\\u00fcde \u00e9\",\"max_tokens\":1}";
    assertThat(read(body).model).isEqualTo("cl\"aüde é");
    assertThat(spliced(body, "new \"one\" ü")).isEqualTo(
        "{\"model\":\"new \\\"one\\\" ü\",\"max_tokens\":1}");
  }

  @Test
  void streamIsOnlyTrueForTheLiteralTrue() {
    assertThat(read("{\"model\":\"m\",\"stream\":\"true\"}").stream).isFalse();
    assertThat(read("{\"model\":\"m\",\"stream\":false}").stream).isFalse();
    assertThat(read("{\"model\":\"m\"}").stream).isFalse();
  }

  @Test
  void aRepeatedModelKeyTakesTheLastAsJacksonDoes() {
    assertThat(spliced("{\"model\":\"a\",\"model\":\"b\"}", "c"))
        .isEqualTo("{\"model\":\"a\",\"model\":\"c\"}");
  }

  @Test
  void refusesWhatIsNotOneJsonObjectWithAStringModel() {
    for (String bad : new String[] {"", "[]", "{\"model\":1}", "{\"model\":\"\"}",
        "{\"max_tokens\":1}", "{\"model\":\"m\"", "{\"model\":\"m\"} {}", "{\"model\":\"m\",}",
        "{" + "\"a\":[".repeat(200) + "]".repeat(200) + ",\"model\":\"m\"}"}) {
      assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(GatewayException.class)
          .extracting(e -> ((GatewayException) e).status()).isEqualTo(400);
    }
  }
}
