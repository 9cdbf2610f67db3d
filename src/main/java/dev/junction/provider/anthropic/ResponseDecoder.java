package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ContentPart;
import dev.junction.chat.FinishReason;
import dev.junction.chat.ToolCall;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a Messages API answer into a canonical {@link ChatResponse} with one {@link Choice}.
 *
 * <p>Text, thinking, redacted thinking and {@code tool_use} blocks become content parts and tool
 * calls. Blocks the canonical model has no place for (server tool calls and their results, text
 * citations) are not dropped: the whole original {@code content} array is then kept in {@code
 * Choice.messageExtras()} under {@value AnthropicDialect#CONTENT_KEY}, so an Anthropic front can
 * give it back unchanged. {@code stop_details} goes to {@code Choice.extras()} (its explanation
 * also to {@code Choice.refusal()}); {@code usage.server_tool_use} and {@code container} to the
 * response's extras. Stateless.
 */
final class ResponseDecoder {

  private ResponseDecoder() {}

  static ChatResponse decode(byte[] body, long created) {
    JsonNode root = parse(body);
    if ("error".equals(Json.text(root, "type")) && root.get("error") != null) {
      throw ErrorType.inStream(root.get("error"));
    }
    JsonNode content = root.path("content");
    List<ContentPart> parts = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    boolean unmodelled = false;
    int i = 0;
    for (JsonNode block : content) {
      String type = Json.text(block, "type");
      if ("tool_use".equals(type)) {
        calls.add(new ToolCall(required(block, "id"), required(block, "name"),
            Json.string(block.has("input") ? block.get("input") : Json.object())));
      } else {
        ContentPart part = readPart(block, i);
        if (part == null) {
          unmodelled = true;
        } else {
          parts.add(part);
          JsonNode citations = block.get("citations");
          unmodelled |= citations != null && !citations.isEmpty();
        }
      }
      i++;
    }
    ObjectNode messageExtras = null;
    if (unmodelled) {
      messageExtras = Json.object();
      messageExtras.set(AnthropicDialect.CONTENT_KEY, content);
    }
    String stopReason = Json.text(root, "stop_reason");
    JsonNode stopDetails = root.get("stop_details");
    ObjectNode choiceExtras = null;
    if (stopDetails != null && !stopDetails.isNull()) {
      choiceExtras = Json.object();
      choiceExtras.set("stop_details", stopDetails);
    }
    Choice choice = new Choice(0, parts, calls, refusal(stopReason, stopDetails),
        stopReason == null ? null : FinishReason.fromAnthropic(stopReason),
        Json.text(root, "stop_sequence"), choiceExtras, messageExtras);

    JsonNode usage = root.get("usage");
    ObjectNode extras = null;
    JsonNode serverTools = usage == null ? null : usage.get("server_tool_use");
    JsonNode container = root.get("container");
    if (serverTools != null && !serverTools.isNull() || container != null && !container.isNull()) {
      extras = Json.object();
      if (serverTools != null && !serverTools.isNull()) {
        extras.set("server_tool_use", serverTools);
      }
      if (container != null && !container.isNull()) {
        extras.set("container", container);
      }
    }
    return new ChatResponse(required(root, "id"), required(root, "model"), created,
        List.of(choice), usage == null || !usage.isObject() ? null : WireUsage.read(usage), extras);
  }

  /** The explanation of a refusal, when the answer is one and says why. */
  static @Nullable String refusal(@Nullable String stopReason, @Nullable JsonNode stopDetails) {
    if (!"refusal".equals(stopReason) || stopDetails == null) {
      return null;
    }
    return Json.text(stopDetails, "explanation");
  }

  private static @Nullable ContentPart readPart(JsonNode block, int i) {
    try {
      return ContentBlocks.read(block, "content." + i);
    } catch (GatewayException e) {
      throw malformed(e.getMessage());
    }
  }

  private static String required(JsonNode obj, String field) {
    String v = Json.text(obj, field);
    if (v == null) {
      throw malformed("field '" + field + "' missing");
    }
    return v;
  }

  static JsonNode parse(byte[] body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw malformed("expected a JSON object");
      }
      return n;
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw malformed("not JSON: " + e.getMessage());
    }
  }

  /** The upstream sent something that is not a Messages API answer. */
  static GatewayException malformed(@Nullable String what) {
    return GatewayException.upstream(502, "malformed_response",
        "Anthropic answer could not be read: " + what, -1);
  }
}
