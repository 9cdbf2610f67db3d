package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ContentPart;
import dev.junction.chat.ToolCall;
import dev.junction.chat.Usage;
import dev.junction.json.Json;

/**
 * Writes a canonical {@link ChatResponse} as a Messages API response body: reasoning, text and
 * tool calls as content blocks (or the original blocks, when an Anthropic upstream left them in
 * {@value AnthropicDialect#CONTENT_KEY}), the stop reason in Anthropic's words and usage in its
 * convention. A refusal that did not come with Anthropic {@code stop_details} is written as text,
 * Anthropic having no refusal field. Stateless.
 */
final class ResponseWriter {

  private ResponseWriter() {}

  static ObjectNode write(ChatResponse r) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.put("type", "message");
    o.put("role", "assistant");
    o.put("model", r.model());
    Choice c = r.choices().isEmpty() ? null : r.choices().get(0);
    o.set("content", c == null ? Json.MAPPER.createArrayNode() : content(c));
    o.put("stop_reason", c == null || c.finishReason() == null ? null
        : c.finishReason().anthropic());
    o.put("stop_sequence", c == null ? null : c.stopSequence());
    JsonNode details = c == null || c.extras() == null ? null : c.extras().get("stop_details");
    if (details != null) {
      o.set("stop_details", details);
    }
    Usage usage = r.usage() == null ? Usage.ZERO : r.usage();
    ObjectNode u = WireUsage.write(usage);
    JsonNode serverTools = r.extras() == null ? null : r.extras().get("server_tool_use");
    if (serverTools != null) {
      u.set("server_tool_use", serverTools);
    }
    o.set("usage", u);
    return o;
  }

  private static ArrayNode content(Choice c) {
    JsonNode original = c.messageExtras() == null ? null
        : c.messageExtras().get(AnthropicDialect.CONTENT_KEY);
    if (original instanceof ArrayNode a) {
      return a.deepCopy();
    }
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ContentPart p : c.content()) {
      ObjectNode b = p instanceof ContentPart.Thinking t ? thinking(t) : ContentBlocks.encode(p);
      if (b != null) {
        out.add(b);
      }
    }
    boolean anthropicRefusal = c.extras() != null && c.extras().has("stop_details");
    if (c.refusal() != null && !c.refusal().isEmpty() && !anthropicRefusal) {
      out.addObject().put("type", "text").put("text", c.refusal());
    }
    for (ToolCall call : c.toolCalls()) {
      out.add(ContentBlocks.toolUse(call));
    }
    return out;
  }

  /** Reasoning is shown to the client even when unsigned (another vendor's reasoning). */
  static ObjectNode thinking(ContentPart.Thinking t) {
    return Json.object().put("type", "thinking").put("thinking", t.text())
        .put("signature", t.signature() == null ? "" : t.signature());
  }
}
