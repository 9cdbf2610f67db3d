package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.ChatRequest;
import dev.junction.provider.anthropic.AnthropicDialect;
import dev.junction.testing.Fixtures;
import org.junit.jupiter.api.Test;

class TokenEstimateTest {

  private static long estimate(String json) {
    ChatRequest r = AnthropicDialect.readCountTokensRequest(Fixtures.json(json.getBytes()));
    return TokenEstimate.of(r);
  }

  @Test
  void aQuarterOfTheCharactersRoundedUp() {
    // "abcde" (5) + "fghij" (5) = 10 characters: 3 tokens
    assertThat(estimate("{\"model\":\"m\",\"system\":\"abcde\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"fghij\"}]}")).isEqualTo(3);
  }

  @Test
  void anEmptyPromptIsOneToken() {
    assertThat(estimate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}"))
        .isEqualTo(1);
  }

  @Test
  void toolsToolCallsAndResultsCount() {
    String schema = "{\"type\":\"object\"}"; // 17 characters as written by Jackson
    long tokens = estimate("{\"model\":\"m\",\"tools\":[{\"name\":\"abcd\","
        + "\"description\":\"efgh\",\"input_schema\":" + schema + "}],\"messages\":["
        + "{\"role\":\"user\",\"content\":\"q\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\","
        + "\"name\":\"abcd\",\"input\":{\"k\":1}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\","
        + "\"content\":\"result\"}]}]}");
    // tool: 4 + 4 + 17; "q": 1; call: "abcd" 4 + "{\"k\":1}" 7; result: 6 -> 43 chars -> 11
    assertThat(tokens).isEqualTo(11);
  }

  @Test
  void eachImageCountsAFixedAmount() {
    long tokens = estimate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\","
        + "\"data\":\"iVBORw0KGgo=\"}},{\"type\":\"text\",\"text\":\"abcd\"}]}]}");
    assertThat(tokens).isEqualTo(1 + TokenEstimate.PER_ATTACHMENT);
  }
}
