package dev.junction.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an OpenAI Chat Completions request body (as a client sends it) into a canonical {@link
 * ChatRequest}. Every field the canonical model does not hold is kept in {@code extras} so an
 * OpenAI-compatible upstream receives it untouched. Invalid input is a 400 naming the parameter.
 * Stateless and thread-safe.
 */
public final class OpenAiRequestReader {

  private static final Set<String> MODELLED = Set.of("model", "messages", "stream",
      "stream_options", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k",
      "stop", "tools", "tool_choice", "parallel_tool_calls", "response_format",
      "reasoning_effort", "n", "user", "thinking", "functions", "function_call");

  private OpenAiRequestReader() {}

  /** Reads a chat request. */
  public static ChatRequest read(ObjectNode body) {
    String model = requiredText(body, "model");
    JsonNode msgs = body.get("messages");
    if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
      throw GatewayException.invalid("messages", "'messages' must be a non-empty array");
    }
    List<Message> messages = new ArrayList<>(msgs.size());
    for (int i = 0; i < msgs.size(); i++) {
      messages.add(message(msgs.get(i), "messages[" + i + "]"));
    }
    boolean stream = bool(body, "stream");
    JsonNode so = body.get("stream_options");
    boolean includeUsage = so != null && so.isObject() && bool(so, "include_usage");
    Integer maxTokens = integer(body, "max_completion_tokens");
    if (maxTokens == null) {
      maxTokens = integer(body, "max_tokens");
    }
    if (maxTokens != null && maxTokens < 1) {
      throw GatewayException.invalid("max_tokens", "max_tokens: " + maxTokens + " (expected: >= 1)");
    }
    ObjectNode extras = Json.object();
    body.properties().forEach(e -> {
      if (!MODELLED.contains(e.getKey())) {
        extras.set(e.getKey(), e.getValue());
      }
    });
    if (so != null && so.isObject() && so.size() > (so.has("include_usage") ? 1 : 0)) {
      extras.set("stream_options", so); // e.g. include_obfuscation, merged back upstream
    }
    return new ChatRequest(model, messages, stream, includeUsage, maxTokens,
        decimal(body, "temperature"), decimal(body, "top_p"), integer(body, "top_k"),
        stop(body.get("stop")), tools(body.get("tools")), toolChoice(body.get("tool_choice")),
        body.has("parallel_tool_calls") ? bool(body, "parallel_tool_calls") : null,
        responseFormat(body.get("response_format")), reasoning(body), integer(body, "n"),
        Json.text(body, "user"), extras);
  }

  /** Reads an embeddings request. */
  public static EmbeddingRequest readEmbeddings(ObjectNode body) {
    String model = requiredText(body, "model");
    JsonNode input = body.get("input");
    List<String> texts = new ArrayList<>();
    if (input == null || input.isNull()) {
      throw GatewayException.invalid("input", "'input' is required");
    } else if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray() && !input.isEmpty()) {
      for (JsonNode n : input) {
        if (n.isTextual()) {
          texts.add(n.asText());
        } else if (!n.isArray() && !n.isNumber()) {
          throw GatewayException.invalid("input", "'input' must be a string, an array of strings"
              + " or an array of token arrays");
        }
      }
      if (!texts.isEmpty() && texts.size() != input.size()) {
        throw GatewayException.invalid("input", "'input' mixes strings and token arrays");
      }
    } else {
      throw GatewayException.invalid("input", "'input' must be a non-empty string or array");
    }
    return new EmbeddingRequest(model, texts, integer(body, "dimensions"),
        Json.text(body, "encoding_format"), Json.text(body, "user"), body);
  }

  private static Message message(JsonNode m, String where) {
    if (!m.isObject()) {
      throw GatewayException.invalid(where, where + " must be an object");
    }
    String roleText = Json.text(m, "role");
    if (roleText == null) {
      throw GatewayException.invalid(where + ".role", where + ".role is required");
    }
    Role role;
    try {
      role = Role.parse(roleText);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid(where + ".role", where + ".role: '" + roleText
          + "' (expected: system, developer, user, assistant or tool)");
    }
    List<ContentPart> parts = new ArrayList<>();
    String reasoning = Json.text(m, "reasoning_content");
    if (reasoning != null && !reasoning.isEmpty()) {
      parts.add(new ContentPart.Thinking(reasoning, null));
    }
    content(m.get("content"), where + ".content", parts);
    List<ToolCall> calls = new ArrayList<>();
    JsonNode tc = m.get("tool_calls");
    if (tc != null && tc.isArray()) {
      for (int i = 0; i < tc.size(); i++) {
        JsonNode c = tc.get(i);
        JsonNode fn = c.path("function");
        String name = Json.text(fn, "name");
        if (name == null) {
          throw GatewayException.invalid(where + ".tool_calls[" + i + "].function.name",
              "tool call without a function name");
        }
        String id = Json.text(c, "id");
        JsonNode args = fn.get("arguments");
        String argText = args == null || args.isNull() ? "{}"
            : args.isTextual() ? args.asText() : Json.string(args);
        calls.add(new ToolCall(id == null ? "call_" + i : id, name, argText));
      }
    }
    String toolCallId = Json.text(m, "tool_call_id");
    if (role == Role.TOOL && toolCallId == null) {
      throw GatewayException.invalid(where + ".tool_call_id",
          where + ".tool_call_id is required for role 'tool'");
    }
    return new Message(role, parts, calls, toolCallId, Json.text(m, "name"), false);
  }

  private static void content(@Nullable JsonNode c, String where, List<ContentPart> out) {
    if (c == null || c.isNull()) {
      return;
    }
    if (c.isTextual()) {
      out.add(new ContentPart.Text(c.asText()));
      return;
    }
    if (!c.isArray()) {
      throw GatewayException.invalid(where, where + " must be a string or an array of parts");
    }
    for (int i = 0; i < c.size(); i++) {
      JsonNode p = c.get(i);
      String type = Json.text(p, "type");
      String at = where + "[" + i + "]";
      switch (type == null ? "" : type) {
        case "text", "input_text" -> out.add(new ContentPart.Text(
            p.path("text").asText(""), p.get("cache_control")));
        case "image_url" -> {
          JsonNode iu = p.get("image_url");
          String url = iu == null ? null : iu.isTextual() ? iu.asText() : Json.text(iu, "url");
          if (url == null) {
            throw GatewayException.invalid(at + ".image_url.url", "image part without a url");
          }
          out.add(ContentPart.Image.fromUrl(url, iu.isObject() ? Json.text(iu, "detail") : null));
        }
        case "file" -> {
          JsonNode f = p.path("file");
          String data = Json.text(f, "file_data");
          String mediaType = null;
          if (data != null && data.startsWith("data:")) {
            ContentPart.Image asImage = ContentPart.Image.fromUrl(data, null);
            mediaType = asImage.mediaType();
            data = asImage.data();
          }
          out.add(new ContentPart.Document(Json.text(f, "file_url"),
              mediaType == null ? "application/pdf" : mediaType, data, Json.text(f, "filename"),
              null));
        }
        case "refusal" -> out.add(new ContentPart.Text(p.path("refusal").asText("")));
        default -> throw GatewayException.invalid(at + ".type", at + ".type: '" + type
            + "' (expected: text, image_url or file)");
      }
    }
  }

  private static List<String> stop(@Nullable JsonNode s) {
    if (s == null || s.isNull()) {
      return List.of();
    }
    if (s.isTextual()) {
      return List.of(s.asText());
    }
    if (s.isArray()) {
      List<String> out = new ArrayList<>(s.size());
      s.forEach(n -> out.add(n.asText()));
      return out;
    }
    throw GatewayException.invalid("stop", "'stop' must be a string or an array of strings");
  }

  private static List<ToolDefinition> tools(@Nullable JsonNode t) {
    if (t == null || t.isNull()) {
      return List.of();
    }
    if (!t.isArray()) {
      throw GatewayException.invalid("tools", "'tools' must be an array");
    }
    List<ToolDefinition> out = new ArrayList<>(t.size());
    for (int i = 0; i < t.size(); i++) {
      JsonNode fn = t.get(i).get("function");
      if (fn == null || Json.text(fn, "name") == null) {
        throw GatewayException.invalid("tools[" + i + "].function",
            "tools[" + i + "] must be {\"type\":\"function\",\"function\":{\"name\":…}}");
      }
      JsonNode strict = fn.get("strict");
      out.add(new ToolDefinition(Json.text(fn, "name"), Json.text(fn, "description"),
          fn.get("parameters"), strict == null || strict.isNull() ? null : strict.asBoolean(),
          t.get(i).get("cache_control")));
    }
    return out;
  }

  private static @Nullable ToolChoice toolChoice(@Nullable JsonNode c) {
    if (c == null || c.isNull()) {
      return null;
    }
    if (c.isTextual()) {
      return switch (c.asText()) {
        case "auto" -> ToolChoice.of(ToolChoice.Mode.AUTO);
        case "none" -> ToolChoice.of(ToolChoice.Mode.NONE);
        case "required", "any" -> ToolChoice.of(ToolChoice.Mode.REQUIRED);
        default -> throw GatewayException.invalid("tool_choice", "tool_choice: '" + c.asText()
            + "' (expected: auto, none, required or a function)");
      };
    }
    String name = Json.text(c.path("function"), "name");
    if (name == null) {
      throw GatewayException.invalid("tool_choice",
          "tool_choice must name a function: {\"type\":\"function\",\"function\":{\"name\":…}}");
    }
    return ToolChoice.tool(name);
  }

  private static @Nullable ResponseFormat responseFormat(@Nullable JsonNode f) {
    if (f == null || f.isNull()) {
      return null;
    }
    String type = Json.text(f, "type");
    return switch (type == null ? "" : type) {
      case "text" -> new ResponseFormat(ResponseFormat.Type.TEXT, null, null, null);
      case "json_object" -> new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null);
      case "json_schema" -> {
        JsonNode js = f.path("json_schema");
        JsonNode strict = js.get("strict");
        yield new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, Json.text(js, "name"),
            js.get("schema"), strict == null || strict.isNull() ? null : strict.asBoolean());
      }
      default -> throw GatewayException.invalid("response_format.type", "response_format.type: '"
          + type + "' (expected: text, json_object or json_schema)");
    };
  }

  private static @Nullable Reasoning reasoning(JsonNode body) {
    String effort = Json.text(body, "reasoning_effort");
    JsonNode thinking = body.get("thinking");
    Integer budget = null;
    boolean enabled = true;
    if (thinking != null && thinking.isObject()) {
      budget = integer(thinking, "budget_tokens");
      enabled = !"disabled".equals(Json.text(thinking, "type"));
    }
    if (effort == null && thinking == null) {
      return null;
    }
    if ("none".equals(effort)) {
      enabled = false;
    }
    return new Reasoning(enabled, effort, budget);
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw GatewayException.invalid(field, "'" + field + "' is required (a string)");
    }
    return n.asText();
  }

  private static boolean bool(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw GatewayException.invalid(field, "'" + field + "' must be a boolean");
    }
    return n.asBoolean();
  }

  private static @Nullable Integer integer(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw GatewayException.invalid(field, "'" + field + "' must be an integer");
    }
    return n.asInt();
  }

  private static @Nullable Double decimal(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw GatewayException.invalid(field, "'" + field + "' must be a number");
    }
    return n.asDouble();
  }
}
