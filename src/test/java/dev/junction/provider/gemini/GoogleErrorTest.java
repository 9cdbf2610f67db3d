package dev.junction.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import io.vertx.core.MultiMap;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoogleErrorTest {

  static Stream<String> errors() {
    return Fixtures.all().stream().filter(f -> f.startsWith("error-") && f.endsWith(".json")
        && !f.endsWith(".request.json"));
  }

  /** The recorded HTTP status; for the two files that did not store it, the body's own code. */
  static int status(String file) {
    JsonNode s = Fixtures.manifest(file).get("http_status");
    return s != null && s.isInt() ? s.asInt() : Fixtures.json(file).at("/error/code").asInt();
  }

  static GatewayException decode(String file) {
    return new GeminiCodec(GenerateContentResponseTest.CLOCK, new Random(1))
        .decodeError(status(file), MultiMap.caseInsensitiveMultiMap(), Fixtures.bytes(file));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void everyErrorKeepsMessageAndNamesItsCause(String file) {
    JsonNode error = Fixtures.json(file).get("error");
    GatewayException e = decode(file);
    String reason = null;
    for (JsonNode d : error.path("details")) {
      if (d.path("@type").asText().endsWith("ErrorInfo")) {
        reason = d.path("reason").asText();
      }
    }
    String code = reason != null ? reason : error.get("status").asText();
    assertThat(e.upstreamStatus()).isIn(status(file), 401);
    if (e.upstreamStatus() == 401 || e.upstreamStatus() == 403) {
      // the deployment's key was refused: a gateway-side 502 naming the vendor's reason
      assertThat(e.code()).isEqualTo("upstream_auth_error");
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.getMessage()).contains(code).endsWith(": " + error.get("message").asText());
      return;
    }
    assertThat(e.getMessage()).isEqualTo(error.get("message").asText());
    assertThat(e.code()).isEqualTo(code);
  }

  @Test
  void retryInfoBecomesTheWait() {
    GatewayException e = decode("error-429-quota-retry-info.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfterMillis()).isEqualTo(34_400); // "retryDelay": "34.4s"
    assertThat(e.retryable()).isTrue();
    GatewayException plain = decode("error-429-resource-exhausted.json");
    assertThat(plain.retryAfterMillis()).isEqualTo(-1);
    assertThat(plain.retryable()).isTrue();
    assertThat(plain.code()).isEqualTo("RESOURCE_EXHAUSTED");
  }

  @Test
  void aRejectedKeyIsTheGatewaysCredentialFailureNotABadRequest() {
    GatewayException e = decode("error-400-api-key-invalid.json");
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
    assertThat(e.code()).isEqualTo("upstream_auth_error");
    assertThat(e.getMessage()).contains("API_KEY_INVALID");
    assertThat(e.retryable()).isTrue();
    GatewayException vertex = decode("error-401-vertex-unauthenticated.json");
    assertThat(vertex.kind()).isEqualTo(ErrorKind.UPSTREAM);
    assertThat(vertex.getMessage()).contains("CREDENTIALS_MISSING");
  }

  @Test
  void requestFaultsPassTheirStatusOn() {
    GatewayException bad = decode("error-400-invalid-argument.json");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(bad.retryable()).isFalse();
    assertThat(bad.code()).isEqualTo("INVALID_ARGUMENT");
    GatewayException missing = decode("error-404-model-not-found.json");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.kind()).isEqualTo(ErrorKind.NOT_FOUND);
  }
}
