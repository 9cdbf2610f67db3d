package dev.junction.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsageTest {

  @Test
  void openAiCountsCachedInsidePromptAndReasoningInsideCompletion() {
    // openai-chat/cached-tokens.json: prompt 1220 (1152 cached), completion 100
    Usage u = Usage.fromOpenAi(1220, 100, 1152, 0, 0);
    assertThat(u.input()).isEqualTo(68);
    assertThat(u.cacheRead()).isEqualTo(1152);
    assertThat(u.promptTokens()).isEqualTo(1220);
    // openai-chat/text-reasoning-tokens.json style: 64 of the completion tokens are reasoning
    Usage r = Usage.fromOpenAi(20, 100, 0, 0, 64);
    assertThat(r.output()).isEqualTo(36);
    assertThat(r.reasoning()).isEqualTo(64);
    assertThat(r.completionTokens()).isEqualTo(100);
  }

  @Test
  void anthropicInputExcludesCacheReadsAndWrites() {
    Usage u = Usage.fromAnthropic(10, 2000, 300, 100, 50);
    assertThat(u.input()).isEqualTo(10);
    assertThat(u.cacheRead()).isEqualTo(2000);
    assertThat(u.cacheWrite()).isEqualTo(200);
    assertThat(u.cacheWrite1h()).isEqualTo(100);
    assertThat(u.promptTokens()).isEqualTo(2310);
    assertThat(u.output()).isEqualTo(50);
    assertThat(u.reasoning()).isZero();
  }

  @Test
  void geminiPromptIncludesCachedAndCandidatesExcludeThoughts() {
    Usage u = Usage.fromGemini(1000, 600, 5, 40, 200);
    assertThat(u.input()).isEqualTo(405);
    assertThat(u.cacheRead()).isEqualTo(600);
    assertThat(u.output()).isEqualTo(40);
    assertThat(u.reasoning()).isEqualTo(200);
    assertThat(u.completionTokens()).isEqualTo(240);
  }

  @Test
  void inconsistentVendorNumbersAreClampedNeverNegative() {
    Usage u = Usage.fromOpenAi(10, 5, 50, 0, 9);
    assertThat(u.input()).isZero();
    assertThat(u.cacheRead()).isEqualTo(10);
    assertThat(u.reasoning()).isEqualTo(5);
    assertThat(u.output()).isZero();
    assertThatThrownBy(() -> new Usage(-1, 0, 0, 0, 0, 0, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void estimatesAreMarked() {
    assertThat(Usage.estimated(3, 4).estimated()).isTrue();
    assertThat(Usage.fromOpenAi(3, 4, 0, 0, 0).asEstimated().estimated()).isTrue();
    assertThat(Usage.fromOpenAi(3, 4, 0, 0, 0).totalTokens()).isEqualTo(7);
  }
}
