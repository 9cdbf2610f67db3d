package dev.junction.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every file in the anthropic fixture directory falls in exactly one of the sets the
 * parameterized tests run over: answers (ResponseDecoderTest, ResponseWriterTest), errors
 * (ErrorDecodingTest), streams (StreamDecoderTest, StreamEncoderTest) and requests
 * (RequestReaderTest, two of them as refusals).
 */
class FixtureCoverageTest {

  @Test
  void everyAnthropicFixtureIsExercised() {
    List<String> covered = new ArrayList<>();
    covered.addAll(Fixtures.responses());
    covered.addAll(Fixtures.errors());
    covered.addAll(Fixtures.streams());
    covered.addAll(Fixtures.requests());
    assertThat(covered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(Fixtures.all());
    assertThat(Fixtures.all()).hasSize(65);
  }
}
