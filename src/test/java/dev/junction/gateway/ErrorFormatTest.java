package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ErrorFormatTest {

  @Test
  void anthropicUsesOnlyAnthropicStatuses() {
    ErrorFormat f = ErrorFormat.ANTHROPIC;
    // Anthropic answers a request that took too long with 504 timeout_error
    assertThat(f.status(GatewayException.timeout("slow"))).isEqualTo(504);
    assertThat(GatewayException.timeout("slow").kind().anthropicType()).isEqualTo("timeout_error");
    assertThat(f.status(GatewayException.connection("refused", null))).isEqualTo(500);
    assertThat(f.status(GatewayException.internal("bug", null))).isEqualTo(500);
    assertThat(f.status(GatewayException.upstream(503, null, "busy", -1))).isEqualTo(529);
    assertThat(f.status(GatewayException.upstream(529, "overloaded_error", "o", -1)))
        .isEqualTo(529);
    assertThat(f.status(GatewayException.upstream(429, null, "slow down", 5000)))
        .isEqualTo(429);
    assertThat(f.status(GatewayException.upstream(401, null, "bad key", -1))).isEqualTo(500);
    assertThat(f.status(GatewayException.upstream(404, null, "no model", -1))).isEqualTo(404);
    assertThat(f.status(GatewayException.of(ErrorKind.REQUEST_TOO_LARGE, null, "big")))
        .isEqualTo(413);
    assertThat(f.status(GatewayException.invalid("x", "bad"))).isEqualTo(400);
  }

  @Test
  void openAiKeepsTheGatewaysStatuses() {
    assertThat(ErrorFormat.OPENAI.status(GatewayException.timeout("slow"))).isEqualTo(504);
    assertThat(ErrorFormat.OPENAI.status(GatewayException.upstream(529, null, "o", -1)))
        .isEqualTo(503);
  }

  @Test
  void anthropicBodiesCarryTypeMessageAndRequestId() {
    JsonNode b = Fixtures.json(ErrorFormat.ANTHROPIC.body(
        GatewayException.upstream(529, "overloaded_error", "Overloaded", -1), "req_1"));
    assertThat(b.get("type").asText()).isEqualTo("error");
    assertThat(b.at("/error/type").asText()).isEqualTo("overloaded_error");
    assertThat(b.at("/error/message").asText()).isEqualTo("Overloaded");
    assertThat(b.get("request_id").asText()).isEqualTo("req_1");
  }
}
