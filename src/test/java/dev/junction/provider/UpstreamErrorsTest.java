package dev.junction.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {

  private static GatewayException decode(int status, MultiMap headers, String body) {
    return UpstreamErrors.decode(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static MultiMap headers(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) {
      m.add(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void readsOpenAiShapeAndPassesA400On() {
    GatewayException e = decode(400, headers(),
        "{\"error\":{\"message\":\"bad param\",\"type\":\"invalid_request_error\","
            + "\"param\":\"x\",\"code\":\"invalid_value\"}}");
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("bad param");
    assertThat(e.code()).isEqualTo("invalid_value");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void readsAnthropicShapeAndTreats529AsRetryableOverload() {
    GatewayException e = decode(529, headers(),
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.code()).isEqualTo("overloaded_error");
    assertThat(e.retryable()).isTrue();
    assertThat(e.upstreamStatus()).isEqualTo(529);
  }

  @Test
  void readsGeminiRetryInfo() {
    GatewayException e = decode(429, headers(), "{\"error\":{\"code\":429,\"message\":\"quota\","
        + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"17s\"}]}}");
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfterMillis()).isEqualTo(17_000);
    assertThat(e.code()).isEqualTo("429");
  }

  @Test
  void readsOllamaStringErrorAndNonJsonBodies() {
    assertThat(decode(500, headers(), "{\"error\":\"model not loaded\"}").getMessage())
        .isEqualTo("model not loaded");
    GatewayException html = decode(502, headers(), "<html>Bad Gateway</html>");
    assertThat(html.getMessage()).isEqualTo("<html>Bad Gateway</html>");
    assertThat(html.status()).isEqualTo(502);
    assertThat(decode(503, headers(), "").getMessage()).contains("503");
  }

  @Test
  void upstreamCredentialFailuresBecome502WithoutTheKey() {
    byte[] body = dev.junction.testing.Fixtures.bytes(
        "openai-chat/error-401-invalid-api-key.json");
    GatewayException e = UpstreamErrors.decode(401, headers(), body);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.code()).isEqualTo("upstream_auth_error");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("Incorrect API key provided")
        .doesNotContain("****").doesNotContain("not-a-r");
    GatewayException gemini = decode(400, headers(), "{\"error\":{\"code\":400,"
        + "\"message\":\"API key not valid. Please pass a valid API key.\","
        + "\"status\":\"INVALID_ARGUMENT\"}}");
    assertThat(gemini.status()).isEqualTo(502);
  }

  @Test
  void redactsKeyLikeText() {
    assertThat(dev.junction.error.Redaction.redact("Incorrect API key provided: sk-proj-abcdef1234. Bye"))
        .isEqualTo("Incorrect API key provided: [redacted]. Bye");
    assertThat(dev.junction.error.Redaction.redact("key AIzaSyD-abcdefghijklmnop rejected"))
        .doesNotContain("AIza");
    assertThat(dev.junction.error.Redaction.redact("provided: sk-pr****************cdef."))
        .doesNotContain("cdef");
    assertThat(dev.junction.error.Redaction.redact("plain message")).isEqualTo("plain message");
  }

  @Test
  void retryAfterHeadersInOrderOfPrecision() {
    long now = 1_700_000_000_000L;
    assertThat(UpstreamErrors.retryAfterMillis(headers("retry-after-ms", "1500",
        "retry-after", "9"), now)).isEqualTo(1500);
    assertThat(UpstreamErrors.retryAfterMillis(headers("retry-after", "3"), now)).isEqualTo(3000);
    assertThat(UpstreamErrors.retryAfterMillis(
        headers("retry-after", "Tue, 14 Nov 2023 22:13:25 GMT"), now)).isEqualTo(5000);
    assertThat(UpstreamErrors.retryAfterMillis(headers("x-ratelimit-reset-requests", "6m0s",
        "x-ratelimit-reset-tokens", "20ms"), now)).isEqualTo(20);
    assertThat(UpstreamErrors.retryAfterMillis(
        headers("anthropic-ratelimit-requests-reset", "2023-11-14T22:13:22Z"), now))
        .isEqualTo(2000);
    assertThat(UpstreamErrors.retryAfterMillis(headers(), now)).isEqualTo(-1);
  }

  @Test
  void parsesGoStyleDurations() {
    assertThat(UpstreamErrors.parseReset("1m30s", 0)).isEqualTo(90_000);
    assertThat(UpstreamErrors.parseReset("1.5s", 0)).isEqualTo(1500);
    assertThat(UpstreamErrors.parseReset("2h", 0)).isEqualTo(7_200_000);
    assertThat(UpstreamErrors.parseReset("soon", 0)).isEqualTo(-1);
  }
}
