package dev.junction.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCountTest {

  @Test
  void countsLikeTiktokenO200k() {
    // tiktoken o200k_base: "hello world" -> [24912, 2375]
    assertThat(TokenCount.text("hello world")).isEqualTo(2);
    assertThat(TokenCount.text("")).isZero();
    assertThat(TokenCount.text("hello world hello world")).isEqualTo(4);
  }

  @Test
  void promptAddsMessageFramingAndReplyPriming() {
    ChatRequest r = ChatRequest.of("m", List.of(Message.text(Role.SYSTEM, "hello world"),
        Message.text(Role.USER, "hello world")));
    assertThat(TokenCount.prompt(r)).isEqualTo(2 + 2 + 2 * TokenCount.PER_MESSAGE
        + TokenCount.REPLY_PRIMING);
  }
}
