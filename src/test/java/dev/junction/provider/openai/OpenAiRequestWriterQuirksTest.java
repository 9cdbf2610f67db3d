package dev.junction.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.json.Json;
import dev.junction.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The vendor quirks {@link OpenAiRequestWriter} must respect, client body in (read by {@link
 * OpenAiRequestReader}, as the OpenAI front does), vendor body out.
 */
class OpenAiRequestWriterQuirksTest {

  private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  @Test
  void openAiGetsMaxCompletionTokensEveryOtherVendorMaxTokens() {
    for (String client : List.of("max_tokens", "max_completion_tokens")) {
      ChatRequest r = read("{\"model\":\"m\"," + USER + ",\"" + client + "\":100}");
      for (OpenAiVendor v : OpenAiVendor.BUILT_IN) {
        JsonNode out = write(r, v);
        String want = v.name().equals("openai") ? "max_completion_tokens" : "max_tokens";
        String other = want.equals("max_tokens") ? "max_completion_tokens" : "max_tokens";
        assertThat(out.path(want).asInt()).as(v.name() + " from " + client).isEqualTo(100);
        assertThat(out.has(other)).as(v.name() + " from " + client).isFalse();
      }
    }
  }

  @Test
  void streamsAskForUsageExceptWhereTheVendorRejectsStreamOptions() {
    Set<String> without = Set.of("mistral", "perplexity");
    ChatRequest streamed = read("{\"model\":\"m\"," + USER + ",\"stream\":true}");
    ChatRequest plain = read("{\"model\":\"m\"," + USER + "}");
    for (OpenAiVendor v : OpenAiVendor.BUILT_IN) {
      JsonNode out = write(streamed, v);
      assertThat(out.path("stream").asBoolean()).as(v.name()).isTrue();
      if (without.contains(v.name())) {
        assertThat(out.has("stream_options")).as(v.name()).isFalse();
      } else {
        assertThat(out.path("stream_options").path("include_usage").asBoolean())
            .as(v.name() + " asks for usage even when the client did not").isTrue();
      }
      JsonNode once = write(plain, v);
      assertThat(once.has("stream")).as(v.name()).isFalse();
      assertThat(once.has("stream_options")).as(v.name()).isFalse();
    }
  }

  @Test
  void textOnlyContentIsSentAsAString() {
    JsonNode out = write(read("""
        {"model": "m", "messages": [
          {"role": "system", "content": [{"type": "text", "text": "Be "},
                                         {"type": "text", "text": "brief."}]},
          {"role": "user", "content": [{"type": "text", "text": "hi"}]},
          {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1",
            "type": "function", "function": {"name": "f", "arguments": "{\\"a\\":1}"}}]},
          {"role": "tool", "tool_call_id": "call_1", "name": "f", "content": "42"}]}
        """), vendor("deepseek"));
    JsonNode m = out.path("messages");
    assertThat(m.get(0).path("content").asText()).isEqualTo("Be brief.");
    assertThat(m.get(1).path("content").asText()).isEqualTo("hi");
    assertThat(m.get(2).get("content").isNull()).as("assistant tool turn without text").isTrue();
    assertThat(m.get(2).path("tool_calls").get(0).path("function").path("arguments").asText())
        .isEqualTo("{\"a\":1}");
    assertThat(m.get(3).path("content").asText()).isEqualTo("42");
    assertThat(m.get(3).path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(m.get(3).has("name")).as("name is not sent on tool results").isFalse();
  }

  @Test
  void mediaContentStaysAnArrayInOrder() {
    JsonNode out = write(read("""
        {"model": "m", "messages": [{"role": "user", "content": [
          {"type": "text", "text": "What is this?"},
          {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0K",
                                             "detail": "low"}},
          {"type": "image_url", "image_url": {"url": "https://example.com/a.jpg"}}]}]}
        """), vendor("openai"));
    assertThat(out.path("messages").get(0).path("content")).isEqualTo(json("""
        [{"type": "text", "text": "What is this?"},
         {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0K",
                                            "detail": "low"}},
         {"type": "image_url", "image_url": {"url": "https://example.com/a.jpg"}}]
        """));
  }

  @Test
  void reasoningFromEarlierTurnsIsNotSentBack() {
    ChatRequest fromClient = read("""
        {"model": "m", "messages": [{"role": "user", "content": "2+2?"},
          {"role": "assistant", "content": "4", "reasoning_content": "add them"},
          {"role": "user", "content": "and 3+3?"}]}
        """);
    assertThat(fromClient.messages().get(1).content()).as("the reader keeps the reasoning")
        .hasSize(2);
    JsonNode out = write(fromClient, vendor("deepseek"));
    assertThat(out.path("messages").get(1)).isEqualTo(json(
        "{\"role\": \"assistant\", \"content\": \"4\"}"));

    Message withMedia = new Message(Role.USER, List.of(new ContentPart.Thinking("t", "sig"),
        new ContentPart.RedactedThinking("opaque"), new ContentPart.Text("look"),
        ContentPart.Image.fromUrl("https://example.com/a.png", null)), List.of(), null, null,
        false);
    JsonNode parts = write(ChatRequest.of("m", List.of(withMedia)), vendor("openai"))
        .path("messages").get(0).path("content");
    assertThat(parts).isEqualTo(json("""
        [{"type": "text", "text": "look"},
         {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]
        """));
  }

  @Test
  void toolChoiceMapping() {
    String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
        + "\"parameters\":{\"type\":\"object\"}}}]";
    for (String[] c : new String[][] {{"\"auto\"", "\"auto\""}, {"\"none\"", "\"none\""},
        {"\"required\"", "\"required\""}, {"\"any\"", "\"required\""},
        {"{\"type\":\"function\",\"function\":{\"name\":\"f\"}}",
            "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"}}) {
      JsonNode out = write(read("{\"model\":\"m\"," + USER + tools + ",\"tool_choice\":" + c[0]
          + "}"), vendor("groq"));
      assertThat(out.get("tool_choice")).as(c[0]).isEqualTo(json(c[1]));
      assertThat(out.path("tools")).isEqualTo(json(tools.substring(9)));
    }
    // Anthropic's disable_parallel_tool_use arrives as a flag on the choice.
    ChatRequest base = read("{\"model\":\"m\"," + USER + tools + "}");
    ChatRequest noParallel = new ChatRequest("m", base.messages(), false, false, null, null,
        null, null, List.of(), base.tools(), new ToolChoice(ToolChoice.Mode.AUTO, null, true),
        null, null, null, null, null, Json.object());
    assertThat(write(noParallel, vendor("openai")).path("parallel_tool_calls").isBoolean())
        .isTrue();
    assertThat(write(noParallel, vendor("openai")).path("parallel_tool_calls").asBoolean())
        .isFalse();
    ChatRequest noTools = new ChatRequest("m", base.messages(), false, false, null, null, null,
        null, List.of(), List.<ToolDefinition>of(), null, false, null, null, null, null,
        Json.object());
    assertThat(write(noTools, vendor("openai")).has("parallel_tool_calls"))
        .as("parallel_tool_calls without tools is rejected by OpenAI").isFalse();
  }

  @Test
  void responseFormatMapping() {
    String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";
    for (String[] c : new String[][] {
        {"{\"type\":\"text\"}", "{\"type\":\"text\"}"},
        {"{\"type\":\"json_object\"}", "{\"type\":\"json_object\"}"},
        {"{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\",\"schema\":" + schema
            + ",\"strict\":true}}",
            "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\",\"schema\":" + schema
            + ",\"strict\":true}}"},
        {"{\"type\":\"json_schema\",\"json_schema\":{\"schema\":" + schema + "}}",
            "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"response\",\"schema\":"
            + schema + "}}"}}) {
      JsonNode out = write(read("{\"model\":\"m\"," + USER + ",\"response_format\":" + c[0]
          + "}"), vendor("deepseek"));
      assertThat(out.get("response_format")).as(c[0]).isEqualTo(json(c[1]));
    }
  }

  @Test
  void reasoningEffortMapping() {
    for (String[] c : new String[][] {
        {",\"reasoning_effort\":\"low\"", "low"},
        {",\"reasoning_effort\":\"high\"", "high"},
        {",\"reasoning_effort\":\"none\"", "none"},
        {",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}", "low"},
        {",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000}", "medium"},
        {",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":32000}", "high"},
        {",\"thinking\":{\"type\":\"disabled\"}", "none"}}) {
      JsonNode out = write(read("{\"model\":\"m\"," + USER + c[0] + "}"), vendor("xai"));
      assertThat(out.path("reasoning_effort").asText()).as(c[0]).isEqualTo(c[1]);
      assertThat(out.has("thinking")).as("thinking is not an OpenAI field").isFalse();
    }
    assertThat(write(read("{\"model\":\"m\"," + USER + "}"), vendor("xai"))
        .has("reasoning_effort")).isFalse();
  }

  @Test
  void samplingOptionsAndUnmodelledFieldsPassThrough() {
    JsonNode out = write(read("""
        {"model": "m", "messages": [{"role": "user", "content": "hi", "name": "ann"}],
         "temperature": 0.1, "top_p": 0.9, "stop": ["END"], "n": 2, "user": "u-1",
         "seed": 7, "presence_penalty": 0.5, "logit_bias": {"50256": -100},
         "web_search_options": {"search_context_size": "low"}}
        """), vendor("openai"));
    assertThat(out).isEqualTo(json("""
        {"model": "m", "messages": [{"role": "user", "content": "hi", "name": "ann"}],
         "temperature": 0.1, "top_p": 0.9, "stop": ["END"], "n": 2, "user": "u-1",
         "seed": 7, "presence_penalty": 0.5, "logit_bias": {"50256": -100},
         "web_search_options": {"search_context_size": "low"}}
        """));
  }

  private static ChatRequest read(String body) {
    return OpenAiRequestReader.read(Json.parseObject(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The vendor body, re-read with the tests' own mapper. */
  private static JsonNode write(ChatRequest r, OpenAiVendor v) {
    return Fixtures.json(OpenAiRequestWriter.write(r, v));
  }

  private static OpenAiVendor vendor(String name) {
    return OpenAiVendor.forName(name).orElseThrow();
  }

  private static JsonNode json(String s) {
    return Fixtures.json(s.getBytes(StandardCharsets.UTF_8));
  }
}
