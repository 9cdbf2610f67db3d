package dev.junction.provider.anthropic;

import static dev.junction.provider.anthropic.WireFields.bool;
import static dev.junction.provider.anthropic.WireFields.integer;
import static dev.junction.provider.anthropic.WireFields.number;
import static dev.junction.provider.anthropic.WireFields.optional;
import static dev.junction.provider.anthropic.WireFields.required;
import static dev.junction.provider.anthropic.WireFields.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.Reasoning;
import dev.junction.chat.ResponseFormat;
import dev.junction.chat.Role;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Messages API request, as a client sends it, into a canonical {@link ChatRequest} (the
 * inverse of {@link RequestEncoder}).
 *
 * <p>{@code system} becomes a leading system message; each {@code tool_result} block becomes a
 * tool message (carrying the called tool's name, looked up from the earlier {@code tool_use}, and
 * the block's {@code cache_control} on its last part); {@code thinking.budget_tokens} becomes
 * {@link Reasoning#budgetTokens()}; {@code output_config.format} (or the older {@code
 * output_format}) a JSON-schema {@link ResponseFormat}. Fields without a canonical home go to
 * {@code extras[}{@value AnthropicDialect#EXTRAS_KEY}{@code ]}. Server tool blocks in assistant
 * history ({@code server_tool_use}, {@code *_tool_result}) have no canonical form and are left out.
 * Stateless.
 *
 * <p>Design: the whole request is read here, top-down in wire order, so the mapping can be checked
 * against Anthropic's reference in one read; field checks live in {@link WireFields} and block
 * shapes in {@link ContentBlocks}.
 */
final class RequestReader {

  /** Top-level fields read into canonical fields; every other field is kept as an extra. */
  private static final Set<String> MODELLED = Set.of("model", "messages", "max_tokens", "system",
      "stream", "temperature", "top_p", "top_k", "stop_sequences", "tools", "tool_choice",
      "thinking", "output_config", "output_format", "metadata");

  private RequestReader() {}

  static ChatRequest read(JsonNode body) {
    if (!body.isObject()) {
      throw GatewayException.invalid(null, "request body must be a JSON object");
    }
    String model = optional(body, "model", null);
    if (model == null || model.isEmpty()) {
      throw GatewayException.invalid("model", "model: field required");
    }
    JsonNode maxTokens = body.get("max_tokens");
    if (maxTokens == null || !maxTokens.canConvertToInt() || !maxTokens.isIntegralNumber()
        || maxTokens.asInt() < 1) {
      throw GatewayException.invalid("max_tokens",
          "max_tokens: field required (expected: an integer >= 1)");
    }
    JsonNode msgs = body.get("messages");
    if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
      throw GatewayException.invalid("messages",
          "messages: field required (expected: a non-empty array of messages)");
    }
    ObjectNode anthropic = Json.object();
    List<Message> messages = new ArrayList<>();
    readSystem(body.get("system"), messages);
    Map<String, String> toolNames = new HashMap<>();
    for (int i = 0; i < msgs.size(); i++) {
      readMessage(msgs.get(i), "messages." + i, messages, toolNames);
    }
    List<ToolDefinition> tools = readTools(body.get("tools"), anthropic);
    ToolChoice toolChoice = readToolChoice(body.get("tool_choice"));
    Reasoning reasoning = readThinking(body, anthropic);
    ResponseFormat format = readOutputConfig(body, anthropic);
    boolean stream = bool(body, "stream");
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (!MODELLED.contains(e.getKey())) {
        anthropic.set(e.getKey(), e.getValue());
      }
    }
    ObjectNode extras = Json.object();
    if (!anthropic.isEmpty()) {
      extras.set(AnthropicDialect.EXTRAS_KEY, anthropic);
    }
    JsonNode metadata = body.get("metadata");
    String user = metadata == null || !metadata.isObject() ? null
        : optional(metadata, "user_id", "metadata");
    return new ChatRequest(model, messages, stream, stream, maxTokens.asInt(),
        number(body, "temperature"), number(body, "top_p"), integer(body, "top_k"),
        strings(body, "stop_sequences"), tools, toolChoice,
        toolChoice != null && toolChoice.disableParallel() ? Boolean.FALSE : null, format,
        reasoning, null, user, extras);
  }

  // ---- messages ----

  private static void readSystem(@Nullable JsonNode system, List<Message> out) {
    if (system == null || system.isNull()) {
      return;
    }
    if (system.isTextual()) {
      out.add(Message.text(Role.SYSTEM, system.asText()));
      return;
    }
    if (!system.isArray()) {
      throw GatewayException.invalid("system",
          "system: expected a string or an array of text blocks");
    }
    List<ContentPart> parts = new ArrayList<>();
    for (int i = 0; i < system.size(); i++) {
      ContentPart p = ContentBlocks.read(system.get(i), "system." + i);
      if (!(p instanceof ContentPart.Text)) {
        throw GatewayException.invalid("system." + i + ".type",
            "system." + i + ".type: expected 'text'");
      }
      parts.add(p);
    }
    out.add(new Message(Role.SYSTEM, parts, List.of(), null, null, false));
  }

  private static void readMessage(JsonNode m, String param, List<Message> out,
      Map<String, String> toolNames) {
    if (!m.isObject()) {
      throw GatewayException.invalid(param, param + ": expected a message object");
    }
    String role = required(m, "role", param);
    JsonNode content = m.get("content");
    if (!"user".equals(role) && !"assistant".equals(role)) {
      throw GatewayException.invalid(param + ".role",
          param + ".role: expected 'user' or 'assistant', got '" + role + "'");
    }
    Role r = Role.parse(role);
    if (content != null && content.isTextual()) {
      out.add(Message.text(r, content.asText()));
      return;
    }
    if (content == null || !content.isArray()) {
      throw GatewayException.invalid(param + ".content",
          param + ".content: expected a string or an array of content blocks");
    }
    if (r == Role.ASSISTANT) {
      readAssistant(content, param + ".content", out, toolNames);
    } else {
      readUser(content, param + ".content", out, toolNames);
    }
  }

  private static void readAssistant(JsonNode content, String param, List<Message> out,
      Map<String, String> toolNames) {
    List<ContentPart> parts = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    for (int i = 0; i < content.size(); i++) {
      JsonNode block = content.get(i);
      String p = param + "." + i;
      if ("tool_use".equals(Json.text(block, "type"))) {
        String id = required(block, "id", p);
        String name = required(block, "name", p);
        JsonNode input = block.get("input");
        calls.add(new ToolCall(id, name, Json.string(input == null ? Json.object() : input)));
        toolNames.put(id, name);
        continue;
      }
      ContentPart part = ContentBlocks.read(block, p);
      if (part != null) {
        parts.add(part);
      } // else: a server tool block, which has no canonical form
    }
    out.add(new Message(Role.ASSISTANT, parts, calls, null, null, false));
  }

  /** Splits a user turn into its tool results (tool messages) and its other parts, in order. */
  private static void readUser(JsonNode content, String param, List<Message> out,
      Map<String, String> toolNames) {
    List<ContentPart> pending = new ArrayList<>();
    for (int i = 0; i < content.size(); i++) {
      JsonNode block = content.get(i);
      String p = param + "." + i;
      if ("tool_result".equals(Json.text(block, "type"))) {
        flushUser(pending, out);
        out.add(toolResult(block, p, toolNames));
        continue;
      }
      ContentPart part = ContentBlocks.read(block, p);
      if (part == null) {
        throw GatewayException.invalid(p + ".type", p + ".type: '" + Json.text(block, "type")
            + "' is not supported in user messages by this gateway");
      }
      pending.add(part);
    }
    flushUser(pending, out);
  }

  private static void flushUser(List<ContentPart> pending, List<Message> out) {
    if (!pending.isEmpty()) {
      out.add(new Message(Role.USER, List.copyOf(pending), List.of(), null, null, false));
      pending.clear();
    }
  }

  private static Message toolResult(JsonNode block, String param, Map<String, String> names) {
    String id = required(block, "tool_use_id", param);
    JsonNode content = block.get("content");
    List<ContentPart> parts = new ArrayList<>();
    if (content != null && content.isTextual()) {
      parts.add(new ContentPart.Text(content.asText()));
    } else if (content != null && content.isArray()) {
      for (int i = 0; i < content.size(); i++) {
        ContentPart p = ContentBlocks.read(content.get(i), param + ".content." + i);
        if (p == null) {
          throw GatewayException.invalid(param + ".content." + i + ".type", param + ".content."
              + i + ".type: expected text, image or document");
        }
        parts.add(p);
      }
    } else if (content != null && !content.isNull()) {
      throw GatewayException.invalid(param + ".content",
          param + ".content: expected a string or an array of content blocks");
    }
    JsonNode cache = block.get("cache_control");
    if (cache != null && !cache.isNull() && !parts.isEmpty()
        && parts.get(parts.size() - 1) instanceof ContentPart.Text t && t.cacheControl() == null) {
      parts.set(parts.size() - 1, new ContentPart.Text(t.text(), cache));
    }
    return new Message(Role.TOOL, parts, List.of(), id, names.get(id), bool(block, "is_error"));
  }

  // ---- tools ----

  private static List<ToolDefinition> readTools(@Nullable JsonNode tools, ObjectNode anthropic) {
    if (tools == null || tools.isNull()) {
      return List.of();
    }
    if (!tools.isArray()) {
      throw GatewayException.invalid("tools", "tools: expected an array");
    }
    List<ToolDefinition> out = new ArrayList<>();
    ArrayNode serverTools = Json.MAPPER.createArrayNode();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String p = "tools." + i;
      if (!t.isObject()) {
        throw GatewayException.invalid(p, p + ": expected a tool object");
      }
      String type = Json.text(t, "type");
      if (type != null && !"custom".equals(type)) {
        serverTools.add(t); // web_search_…, bash_…, text_editor_…: Anthropic-defined tools
        continue;
      }
      JsonNode strict = t.get("strict");
      out.add(new ToolDefinition(required(t, "name", p), optional(t, "description", p),
          t.get("input_schema"), strict != null && strict.isBoolean() ? strict.asBoolean() : null,
          t.get("cache_control")));
    }
    if (!serverTools.isEmpty()) {
      anthropic.set("tools", serverTools);
    }
    return out;
  }

  private static @Nullable ToolChoice readToolChoice(@Nullable JsonNode tc) {
    if (tc == null || tc.isNull()) {
      return null;
    }
    String type = tc.isObject() ? Json.text(tc, "type") : null;
    boolean disableParallel = bool(tc, "disable_parallel_tool_use");
    ToolChoice.Mode mode = switch (type == null ? "" : type) {
      case "auto" -> ToolChoice.Mode.AUTO;
      case "any" -> ToolChoice.Mode.REQUIRED;
      case "none" -> ToolChoice.Mode.NONE;
      case "tool" -> ToolChoice.Mode.TOOL;
      default -> throw GatewayException.invalid("tool_choice.type",
          "tool_choice.type: expected auto, any, tool or none");
    };
    String name = mode == ToolChoice.Mode.TOOL ? required(tc, "name", "tool_choice") : null;
    return new ToolChoice(mode, name, disableParallel);
  }

  // ---- reasoning and output ----

  private static @Nullable Reasoning readThinking(JsonNode body, ObjectNode anthropic) {
    JsonNode t = body.get("thinking");
    if (t == null || t.isNull()) {
      return null;
    }
    String type = t.isObject() ? Json.text(t, "type") : null;
    if ("enabled".equals(type)) {
      JsonNode budget = t.get("budget_tokens");
      if (budget == null || !budget.isIntegralNumber()) {
        throw GatewayException.invalid("thinking.budget_tokens",
            "thinking.budget_tokens: field required (expected: an integer)");
      }
      return new Reasoning(true, null, budget.asInt());
    }
    if ("disabled".equals(type)) {
      return new Reasoning(false, null, null);
    }
    if (type == null) {
      throw GatewayException.invalid("thinking.type", "thinking.type: field required");
    }
    anthropic.set("thinking", t); // adaptive (or newer) thinking goes to Anthropic as sent
    JsonNode config = body.get("output_config");
    String effort = config == null || !config.isObject() ? null : Json.text(config, "effort");
    return new Reasoning(true, effort, null);
  }

  private static @Nullable ResponseFormat readOutputConfig(JsonNode body, ObjectNode anthropic) {
    JsonNode format = null;
    JsonNode config = body.get("output_config");
    if (config != null && config.isObject()) {
      format = config.get("format");
      ObjectNode rest = ((ObjectNode) config).deepCopy();
      rest.remove("format");
      if (!rest.isEmpty()) {
        anthropic.set("output_config", rest);
      }
    }
    if (format == null || format.isNull()) {
      format = body.get("output_format");
    }
    if (format == null || format.isNull()) {
      return null;
    }
    if (!"json_schema".equals(Json.text(format, "type")) || !format.has("schema")) {
      throw GatewayException.invalid("output_config.format",
          "output_config.format: expected {\"type\":\"json_schema\",\"schema\":{…}}");
    }
    return new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, null, format.get("schema"), null);
  }
}
