package dev.junction.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.tokens.TokenCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionRequestTest {

  @Test
  void textCountsItsUtf8BytesPlusFraming() {
    ChatRequest r = ChatRequest.of("m", List.of(
        Message.text(Role.SYSTEM, "be brief"),   // 8 bytes
        Message.text(Role.USER, "héllo 👋")));   // h é(2) l l o space 👋(4) = 11 bytes
    assertThat(TokenCount.promptBound(r)).isEqualTo(16 + 8 + 8 + 8 + 11);
  }

  @Test
  void imagesAndLinkedDocumentsCountAFixedAmount() {
    Message m = new Message(Role.USER, List.of(ContentPart.Image.fromUrl("https://x/y.png", null),
        new ContentPart.Document("https://x/doc.pdf", "application/pdf", null, null, null),
        new ContentPart.Document(null, "application/pdf", "QUJD", null, null)), List.of(), null,
        null, false);
    assertThat(TokenCount.promptBound(ChatRequest.of("m", List.of(m))))
        .isEqualTo(16 + 8 + 3_000 + 50_000 + 4);
  }

  @Test
  void aChatAdmissionRequestCapsOutputAtMaxTokensTimesChoices() {
    ChatRequest base = ChatRequest.of("m", List.of(Message.text(Role.USER, "hi")));
    ChatRequest three = new ChatRequest("m", base.messages(), true, true, 100, null, null, null,
        List.of(), List.of(), null, null, null, null, 3, null, base.extras());
    AdmissionRequest r = AdmissionRequest.chat("jk-x", three, "high");
    assertThat(r.maxOutputTokens()).isEqualTo(300);
    assertThat(r.inputTokens()).isEqualTo(16 + 8 + 2);
    assertThat(r.priority()).isEqualTo(dev.junction.ratelimit.Priority.HIGH);
    assertThat(AdmissionRequest.chat(null, base, "bogus").maxOutputTokens()).isNull();
    assertThat(AdmissionRequest.chat(null, base, "bogus").priority()).isNull();
    assertThat(AdmissionRequest.embeddings(null,
        EmbeddingRequest.of("e", List.of("a")), null).maxOutputTokens()).isZero();
  }

  @Test
  void theCredentialComesFromBearerOrXApiKey() {
    assertThat(AdmissionRequest.credential("Bearer jk-1", "jk-2")).isEqualTo("jk-1");
    assertThat(AdmissionRequest.credential("bearer  jk-1 ", null)).isEqualTo("jk-1");
    assertThat(AdmissionRequest.credential(null, "jk-2")).isEqualTo("jk-2");
    assertThat(AdmissionRequest.credential("Basic abc", " ")).isNull();
  }

  @Test
  void embeddingsCountEveryInput() {
    assertThat(TokenCount.embeddingsBound(EmbeddingRequest.of("e", List.of("ab", "ć"))))
        .isEqualTo(8 + 2 + 8 + 2);
  }
}
