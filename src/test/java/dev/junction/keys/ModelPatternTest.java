package dev.junction.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPatternTest {

  @Test
  void exactNamesAndWildcards() {
    assertThat(new ModelPattern("gpt-4o").matches("gpt-4o")).isTrue();
    assertThat(new ModelPattern("gpt-4o").matches("gpt-4o-mini")).isFalse();
    assertThat(new ModelPattern("gpt-4o*").matches("gpt-4o-mini")).isTrue();
    assertThat(new ModelPattern("openai/*").matches("openai/gpt-4.1-nano")).isTrue();
    assertThat(new ModelPattern("openai/*").matches("anthropic/claude")).isFalse();
    assertThat(new ModelPattern("claude-*-sonnet*").matches("claude-3-7-sonnet-latest")).isTrue();
    assertThat(new ModelPattern("claude-*-sonnet*").matches("claude-opus-4")).isFalse();
    assertThat(new ModelPattern("*").matches("anything")).isTrue();
    assertThat(new ModelPattern("GPT-4o").matches("gpt-4o")).isFalse();
  }

  @Test
  void anEmptyListAllowsEverything() {
    assertThat(ModelPattern.allows(List.of(), "x")).isTrue();
    assertThat(ModelPattern.allows(List.of("a", "b*"), "bc")).isTrue();
    assertThat(ModelPattern.allows(List.of("a", "b*"), "c")).isFalse();
  }
}
