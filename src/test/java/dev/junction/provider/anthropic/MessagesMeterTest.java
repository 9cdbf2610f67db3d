package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.provider.SseParser;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The meter a relayed stream is read through: usage, in-stream errors, streams cut short. */
class MessagesMeterTest {

  private static MessagesMeter feed(byte[] sse) {
    MessagesMeter meter = MessagesMeter.create("m", InstantSource.system());
    SseParser p = new SseParser(meter::onEvent);
    p.feed(sse);
    p.end();
    return meter;
  }

  @Test
  void aCompleteStreamHasTheRecordedUsageAndNoError() {
    MessagesMeter meter = feed(Fixtures.bytes("cache-write-stream.sse"));
    assertThat(meter.onEnd()).isNull();
    assertThat(meter.error()).isNull();
    // the fixture: input 3, cache_creation 18639 (ephemeral_5m), output 1
    assertThat(meter.usage()).isEqualTo(new Usage(3, 0, 18639, 0, 1, 0, false));
  }

  @Test
  void aStreamCutShortReportsItAtTheEndWithTheUsageSoFar() {
    String sse = Fixtures.text(Fixtures.bytes("text-stream.sse"));
    MessagesMeter meter = feed(sse.substring(0, sse.indexOf("event: message_delta"))
        .getBytes(StandardCharsets.UTF_8));
    GatewayException cut = meter.onEnd();
    assertThat(cut).isNotNull();
    assertThat(cut.code()).isEqualTo("upstream_connection_error");
    assertThat(meter.usage()).isNotNull();
  }

  @Test
  void anErrorEventIsReportedWithItsType() {
    MessagesMeter meter = MessagesMeter.create("m", InstantSource.system());
    GatewayException e = meter.onEvent("error", ("{\"type\":\"error\",\"error\":{\"type\":"
        + "\"overloaded_error\",\"message\":\"Overloaded\"}}").getBytes(StandardCharsets.UTF_8));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo("overloaded_error");
    assertThat(meter.error()).isSameAs(e);
    assertThat(meter.usage()).as("nothing before message_start").isNull();
  }

  @Test
  void wholeBodyUsageIsReadWithoutTheRest() {
    // cache-read.json: input 3, cache_read 1111, cache_creation 418 (ephemeral_5m), output 33
    assertThat(AnthropicDialect.responseUsage(Fixtures.bytes("cache-read.json")))
        .isEqualTo(new Usage(3, 1111, 418, 0, 33, 0, false));
    assertThat(AnthropicDialect.responseUsage("{\"id\":\"x\"}".getBytes())).isNull();
    assertThat(AnthropicDialect.responseUsage("not json".getBytes())).isNull();
  }
}
