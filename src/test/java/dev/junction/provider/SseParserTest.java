package dev.junction.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private final List<String> events = new ArrayList<>();
  private final SseParser parser = new SseParser((event, data) ->
      events.add((event == null ? "" : event) + "|" + new String(data, StandardCharsets.UTF_8)));

  private void feed(String s) {
    parser.feed(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesEventsWithAllLineEndings() {
    feed("event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n\r\ndata: 3\r\rdata:4\n\n");
    assertThat(events).containsExactly("a|1", "b|2", "|3", "|4");
  }

  @Test
  void joinsMultipleDataLinesAndIgnoresComments() {
    feed(": OPENROUTER PROCESSING\n\ndata: x\ndata: y\nid: 7\nretry: 10\n\n");
    assertThat(events).containsExactly("|x\ny");
  }

  @Test
  void survivesEverySplitPointIncludingCrLfAndMultiByteCharacters() {
    String body = "event: message_start\r\ndata: {\"t\":\"héllo 你好\"}\r\n\r\ndata: [DONE]\r\n\r\n";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      List<String> got = new ArrayList<>();
      SseParser p = new SseParser((e, d) ->
          got.add((e == null ? "" : e) + "|" + new String(d, StandardCharsets.UTF_8)));
      p.feed(bytes, 0, split);
      p.feed(bytes, split, bytes.length - split);
      p.end();
      assertThat(got).as("split at %d", split)
          .containsExactly("message_start|{\"t\":\"héllo 你好\"}", "|[DONE]");
    }
  }

  @Test
  void byteByByteFeedingGivesTheSameEvents() {
    byte[] bytes = "data: a\r\n\r\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      parser.feed(new byte[] {b});
    }
    assertThat(events).containsExactly("|a", "|b");
  }

  @Test
  void endDispatchesAnEventWithoutItsBlankLine() {
    feed("data: last");
    assertThat(events).isEmpty();
    parser.end();
    assertThat(events).containsExactly("|last");
  }

  @Test
  void keepsOnlyOneLeadingSpaceOfAValue() {
    feed("data:  two spaces\n\ndata:none\n\n");
    assertThat(events).containsExactly("| two spaces", "|none");
  }

  @Test
  void refusesARunawayLine() {
    SseParser small = new SseParser((e, d) -> { }, 16);
    assertThatThrownBy(() -> small.feed(new byte[32]))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("16 bytes");
  }
}
