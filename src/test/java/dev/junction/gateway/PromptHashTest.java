package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prompt fingerprint: a SHA-256 prefix that depends on the model and messages only. */
class PromptHashTest {

  private static ChatRequest chat(String model, String... texts) {
    return ChatRequest.of(model, java.util.Arrays.stream(texts)
        .map(t -> Message.text(Role.USER, t)).toList());
  }

  @Test
  void isTheFirst128BitsOfSha256() {
    // FIPS 180-2 test vector: SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a3...
    assertThat(PromptHash.ofBody("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223");
  }

  @Test
  void theSamePromptHashesTheSameAndAnyChangeOfModelTextOrTurnsChangesIt() {
    String h = PromptHash.of(chat("gpt-4o", "hello"));
    assertThat(h).hasSize(32).matches("[0-9a-f]{32}");
    assertThat(PromptHash.of(chat("gpt-4o", "hello"))).isEqualTo(h);
    // sampling options are not part of the prompt
    assertThat(PromptHash.of(chat("gpt-4o", "hello").withStream(true, true))).isEqualTo(h);
    assertThat(PromptHash.of(chat("gpt-4o-mini", "hello"))).isNotEqualTo(h);
    assertThat(PromptHash.of(chat("gpt-4o", "hello!"))).isNotEqualTo(h);
    // separators: two turns are not one turn with the text run together
    assertThat(PromptHash.of(chat("gpt-4o", "hel", "lo")))
        .isNotEqualTo(PromptHash.of(chat("gpt-4o", "hello")));
    ChatRequest asSystem = ChatRequest.of("gpt-4o", List.of(Message.text(Role.SYSTEM, "hello")));
    assertThat(PromptHash.of(asSystem)).isNotEqualTo(h);
  }

  @Test
  void promptsWithMediaAreNotFingerprinted() {
    Message withImage = new Message(Role.USER, List.of(new ContentPart.Text("what is this?"),
        new ContentPart.Image("https://example.com/cat.png", null, null, null, null)), List.of(),
        null, null, false);
    assertThat(PromptHash.of(ChatRequest.of("gpt-4o", List.of(withImage)))).isNull();
  }
}
