package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ResponseFormat;
import dev.junction.chat.Role;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encodes a canonical {@link ChatRequest} as a Messages API request body.
 *
 * <p>What Anthropic demands and the canonical model does not guarantee is made true here: system
 * and developer turns move to the top-level {@code system}; tool results become {@code
 * tool_result} blocks of user turns; consecutive turns of one role are merged (the API wants
 * alternating roles); {@code max_tokens} is always sent; an extended-thinking budget is at least
 * 1024 and below {@code max_tokens}; with thinking on, the sampling settings the API refuses are
 * dropped. Stateless.
 */
final class RequestEncoder {

  /** {@code max_tokens} when the client set none (Anthropic requires the field). */
  static final int DEFAULT_MAX_TOKENS = 4096;

  /** The smallest thinking budget Anthropic accepts. */
  static final int MIN_THINKING_BUDGET = 1024;

  /** Appended to the system prompt for {@code response_format: json_object}. */
  static final String JSON_OBJECT_INSTRUCTION =
      "Respond with a single valid JSON object only, with no text before or after it.";

  private RequestEncoder() {}

  static ObjectNode encode(ChatRequest r) {
    if (r.n() != null && r.n() > 1) {
      throw GatewayException.invalid("n", "n: Anthropic models return one choice (n must be 1)");
    }
    ObjectNode body = Json.object();
    body.put("model", r.model());

    JsonNode extras = r.extras().get(AnthropicDialect.EXTRAS_KEY);
    // a thinking object the client sent in Anthropic's own terms (e.g. adaptive) goes as it is
    JsonNode rawThinking = extras == null ? null : extras.get("thinking");
    boolean thinking = r.reasoning() != null && r.reasoning().enabled()
        && !toolLoopLacksThinking(r.messages());
    int maxTokens = r.maxTokens() != null ? r.maxTokens() : DEFAULT_MAX_TOKENS;
    int budget = 0;
    if (thinking && rawThinking == null) {
      budget = Math.max(MIN_THINKING_BUDGET, r.reasoning().budgetOr(maxTokens));
      if (budget >= maxTokens) {
        maxTokens = budget + maxTokens; // the client's cap stays available for the answer
      }
    }
    body.put("max_tokens", maxTokens);

    encodeMessages(r, body);
    encodeTools(r, body, extras != null && extras.path("tools").size() > 0);
    encodeSampling(r, body, thinking);
    if (!r.stop().isEmpty()) {
      ArrayNode stops = body.putArray("stop_sequences");
      r.stop().forEach(stops::add);
    }
    if (thinking) {
      if (rawThinking != null) {
        body.set("thinking", rawThinking);
      } else {
        body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
      }
    }
    ResponseFormat format = r.responseFormat();
    if (format != null && format.type() == ResponseFormat.Type.JSON_SCHEMA
        && format.schema() != null) {
      body.putObject("output_config").putObject("format").put("type", "json_schema")
          .set("schema", format.schema());
    }
    if (r.user() != null) {
      body.putObject("metadata").put("user_id", r.user());
    }
    body.put("stream", r.stream());
    mergeAnthropicExtras(extras, body);
    return body;
  }

  // ---- messages ----

  private static void encodeMessages(ChatRequest r, ObjectNode body) {
    List<ContentPart.Text> system = new ArrayList<>();
    ArrayNode messages = Json.MAPPER.createArrayNode();
    for (Message m : r.messages()) {
      switch (m.role()) {
        case SYSTEM, DEVELOPER -> {
          for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Text t && !t.text().isEmpty()) {
              system.add(t);
            }
          }
        }
        case USER -> append(messages, "user", blocks(m.content()));
        case ASSISTANT -> append(messages, "assistant", assistantBlocks(m));
        case TOOL -> append(messages, "user", List.of(toolResult(m)));
      }
    }
    ResponseFormat format = r.responseFormat();
    if (format != null && (format.type() == ResponseFormat.Type.JSON_OBJECT
        || format.type() == ResponseFormat.Type.JSON_SCHEMA && format.schema() == null)) {
      system.add(new ContentPart.Text(JSON_OBJECT_INSTRUCTION));
    }
    encodeSystem(system, body);
    body.set("messages", messages);
  }

  /** A string when no part carries a cache marker, else one text block per part. */
  private static void encodeSystem(List<ContentPart.Text> system, ObjectNode body) {
    if (system.isEmpty()) {
      return;
    }
    if (system.stream().allMatch(t -> t.cacheControl() == null)) {
      StringBuilder sb = new StringBuilder();
      for (ContentPart.Text t : system) {
        if (!sb.isEmpty()) {
          sb.append("\n\n");
        }
        sb.append(t.text());
      }
      body.put("system", sb.toString());
    } else {
      ArrayNode blocks = body.putArray("system");
      system.forEach(t -> blocks.add(ContentBlocks.encode(t)));
    }
  }

  /** Adds a turn, or extends the previous one when it has the same role. */
  private static void append(ArrayNode messages, String role, List<ObjectNode> blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    ArrayNode content;
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && role.equals(last.get("role").asText())) {
      content = (ArrayNode) last.get("content");
    } else {
      ObjectNode msg = messages.addObject();
      msg.put("role", role);
      content = msg.putArray("content");
    }
    blocks.forEach(content::add);
  }

  private static List<ObjectNode> blocks(List<ContentPart> parts) {
    List<ObjectNode> out = new ArrayList<>(parts.size());
    for (ContentPart p : parts) {
      ObjectNode b = ContentBlocks.encode(p);
      if (b != null) {
        out.add(b);
      }
    }
    return out;
  }

  /** Reasoning first (the API requires it to lead the turn), then the rest, then tool calls. */
  private static List<ObjectNode> assistantBlocks(Message m) {
    List<ContentPart> reasoning = new ArrayList<>();
    List<ContentPart> rest = new ArrayList<>();
    for (ContentPart p : m.content()) {
      (p instanceof ContentPart.Thinking || p instanceof ContentPart.RedactedThinking
          ? reasoning : rest).add(p);
    }
    List<ObjectNode> out = blocks(reasoning);
    out.addAll(blocks(rest));
    for (ToolCall c : m.toolCalls()) {
      out.add(ContentBlocks.toolUse(c));
    }
    return out;
  }

  private static ObjectNode toolResult(Message m) {
    if (m.toolCallId() == null) {
      throw GatewayException.invalid("messages",
          "messages: a tool message needs the tool_call_id of the call it answers");
    }
    ObjectNode b = Json.object().put("type", "tool_result").put("tool_use_id", m.toolCallId());
    if (m.isTextOnly()) {
      b.put("content", m.text());
    } else {
      ArrayNode content = b.putArray("content");
      blocks(m.content()).forEach(content::add);
    }
    b.put("is_error", m.toolError());
    return b;
  }

  /**
   * True when thinking must stay off for this request: Anthropic requires the assistant turn of an
   * ongoing tool loop (after the last user turn) to start with its signed reasoning, and a client
   * that did not keep it (any OpenAI-style client) cannot supply it.
   */
  static boolean toolLoopLacksThinking(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (m.role() == Role.USER) {
        return false;
      }
      if (m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty() && m.content().stream()
          .noneMatch(p -> p instanceof ContentPart.RedactedThinking
              || p instanceof ContentPart.Thinking t && t.signature() != null)) {
        return true;
      }
    }
    return false;
  }

  // ---- tools ----

  /** The client's function tools, and the tool choice when there are any tools at all. */
  private static void encodeTools(ChatRequest r, ObjectNode body, boolean serverTools) {
    if (r.tools().isEmpty() && !serverTools) {
      return;
    }
    ArrayNode tools = body.putArray("tools");
    for (ToolDefinition t : r.tools()) {
      ObjectNode o = tools.addObject().put("name", t.name());
      if (t.description() != null) {
        o.put("description", t.description());
      }
      JsonNode schema = t.parameters();
      o.set("input_schema", schema == null || schema.isNull()
          ? Json.object().put("type", "object") : schema);
      if (t.cacheControl() != null) {
        o.set("cache_control", t.cacheControl());
      }
    }
    ToolChoice choice = r.toolChoice();
    boolean disableParallel = Boolean.FALSE.equals(r.parallelToolCalls())
        || choice != null && choice.disableParallel();
    if (choice == null && !disableParallel) {
      return;
    }
    ToolChoice.Mode mode = choice == null ? ToolChoice.Mode.AUTO : choice.mode();
    ObjectNode tc = body.putObject("tool_choice");
    tc.put("type", switch (mode) {
      case AUTO -> "auto";
      case NONE -> "none";
      case REQUIRED -> "any";
      case TOOL -> "tool";
    });
    if (mode == ToolChoice.Mode.TOOL) {
      tc.put("name", choice.name());
    }
    if (disableParallel && mode != ToolChoice.Mode.NONE) {
      tc.put("disable_parallel_tool_use", true);
    }
  }

  // ---- sampling ----

  /**
   * Temperature is clamped to Anthropic's range [0, 1]. Newer models refuse {@code temperature}
   * together with {@code top_p}, so {@code top_p} goes when both are set. With thinking on, the API
   * accepts only temperature 1, no {@code top_k} and {@code top_p} of at least 0.95.
   */
  private static void encodeSampling(ChatRequest r, ObjectNode body, boolean thinking) {
    Double temperature = r.temperature();
    Double topP = r.topP();
    Integer topK = r.topK();
    if (temperature != null) {
      temperature = Math.max(0.0, Math.min(1.0, temperature));
    }
    if (thinking) {
      if (temperature != null && temperature != 1.0) {
        temperature = null;
      }
      if (topP != null && topP < 0.95) {
        topP = null;
      }
      topK = null;
    }
    if (temperature != null && topP != null) {
      topP = null;
    }
    if (temperature != null) {
      body.put("temperature", temperature);
    }
    if (topP != null) {
      body.put("top_p", topP);
    }
    if (topK != null) {
      body.put("top_k", topK);
    }
  }

  /**
   * Merges the Anthropic-only fields a client sent through the Anthropic front: {@code tools}
   * (server tools) are appended to the encoded ones, objects are merged into encoded objects of
   * the same name ({@code output_config}), anything else replaces the encoded value. {@code
   * thinking} was handled with the reasoning settings.
   */
  private static void mergeAnthropicExtras(@Nullable JsonNode extras, ObjectNode body) {
    if (extras == null || !extras.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : extras.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      JsonNode existing = body.get(key);
      if ("thinking".equals(key)) {
        continue;
      }
      if ("tools".equals(key) && value.isArray()) {
        ArrayNode tools = existing instanceof ArrayNode a ? a : body.putArray("tools");
        tools.addAll((ArrayNode) value);
      } else if (existing instanceof ObjectNode o && value.isObject()) {
        o.setAll((ObjectNode) value);
      } else {
        body.set(key, value);
      }
    }
  }
}
