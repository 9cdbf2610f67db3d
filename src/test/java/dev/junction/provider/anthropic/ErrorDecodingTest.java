package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded Anthropic error body, with the status it was recorded with. */
class ErrorDecodingTest {

  final AnthropicCodec codec = new AnthropicCodec(ResponseDecoderTest.CLOCK);

  static List<String> errors() {
    return Fixtures.errors();
  }

  @ParameterizedTest
  @MethodSource("errors")
  void decodesTypeMessageAndStatus(String file) {
    JsonNode fixture = Fixtures.json(file);
    int status = Fixtures.manifest(file.replace(".json", "")).get("http_status").asInt();
    GatewayException e = codec.decodeError(status, MultiMap.caseInsensitiveMultiMap(),
        Fixtures.bytes(file));

    assertThat(e.upstreamStatus()).isEqualTo(status);
    if (status == 401 || status == 403) {
      // the deployment's credentials were refused: a gateway-side 502, retryable elsewhere
      assertThat(e.code()).isEqualTo("upstream_auth_error");
      assertThat(e.getMessage()).contains(fixture.at("/error/type").asText())
          .endsWith(": " + fixture.at("/error/message").asText());
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.retryable()).isTrue();
      return;
    }
    assertThat(e.code()).isEqualTo(fixture.at("/error/type").asText());
    assertThat(e.getMessage()).isEqualTo(fixture.at("/error/message").asText());
    // 4xx errors are the request's fault: passed on with the upstream status, not retried
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryable()).isFalse();
    assertThat(e.kind()).isEqualTo(ErrorKind.fromStatus(status));
  }

  @Test
  void coversEveryRecordedError() {
    assertThat(errors()).hasSize(6);
  }

  @Test
  void authenticationErrorAsRecorded() {
    GatewayException e = codec.decodeError(401, MultiMap.caseInsensitiveMultiMap(),
        Fixtures.bytes("error-401-authentication.json"));
    // the deployment's key was refused: the client is not at fault (502, retryable elsewhere)
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.code()).isEqualTo("upstream_auth_error");
    assertThat(e.getMessage()).contains("authentication_error").endsWith(": invalid x-api-key");
    assertThat(e.upstreamStatus()).isEqualTo(401);
  }

  @Test
  void overloadedIsRetryableAndHonoursRetryAfter() {
    // the documented 529 shape (not recorded: see the fixtures README)
    byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"Overloaded\"},\"request_id\":\"req_1\"}").getBytes();
    GatewayException e = codec.decodeError(529,
        MultiMap.caseInsensitiveMultiMap().add("retry-after", "3"), body);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfterMillis()).isEqualTo(3000);
    assertThat(e.code()).isEqualTo("overloaded_error");
  }
}
