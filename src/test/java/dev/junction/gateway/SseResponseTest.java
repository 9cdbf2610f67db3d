package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseResponseTest {

  private static String frame(String event, String data) {
    return new String(SseResponse.frame(event, data.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  @Test
  void anEventIsItsNameItsDataAndABlankLine() {
    assertThat(frame("ping", "{\"type\": \"ping\"}   "))
        .isEqualTo("event: ping\ndata: {\"type\": \"ping\"}   \n\n");
  }

  @Test
  void aNamelessEventHasOnlyData() {
    assertThat(frame(null, "[DONE]")).isEqualTo("data: [DONE]\n\n");
  }

  @Test
  void multiLineDataGetsOneDataLinePerLine() {
    assertThat(frame("x", "a\nb\n")).isEqualTo("event: x\ndata: a\ndata: b\ndata: \n\n");
    GatewayRig.Event back = GatewayRig.Event.parse(SseResponse.frame("x",
        "a\nb".getBytes(StandardCharsets.UTF_8))).get(0);
    assertThat(back.text()).isEqualTo("a\nb");
  }
}
