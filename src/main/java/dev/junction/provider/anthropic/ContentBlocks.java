package dev.junction.provider.anthropic;

import static dev.junction.provider.anthropic.WireFields.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ContentPart;
import dev.junction.chat.ToolCall;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic content blocks ({@code text}, {@code image}, {@code document}, {@code thinking},
 * {@code redacted_thinking}, {@code tool_use}) and their canonical counterparts, both ways. The
 * one place block shapes are spelled out, shared by the request encoder, the request reader, the
 * response decoder and the response writer. Stateless.
 */
final class ContentBlocks {


  private ContentBlocks() {}

  // ---- canonical -> Anthropic ----

  /**
   * The block for {@code part}, or null when Anthropic must not see it: empty text (rejected by the
   * API) and reasoning without a signature (another vendor's reasoning, which Anthropic would
   * reject as unsigned).
   */
  static @Nullable ObjectNode encode(ContentPart part) {
    return switch (part) {
      case ContentPart.Text t -> t.text().isEmpty() ? null
          : withCache(block("text").put("text", t.text()), t.cacheControl());
      case ContentPart.Image i -> withCache(image(i), i.cacheControl());
      case ContentPart.Document d -> withCache(document(d), d.cacheControl());
      case ContentPart.Thinking t -> t.signature() == null || t.signature().isEmpty() ? null
          : block("thinking").put("thinking", t.text()).put("signature", t.signature());
      case ContentPart.RedactedThinking r -> block("redacted_thinking").put("data", r.data());
    };
  }

  /** A {@code tool_use} block; the call's argument text becomes the {@code input} object. */
  static ObjectNode toolUse(ToolCall call) {
    ObjectNode b = block("tool_use").put("id", call.id()).put("name", call.name());
    b.set("input", arguments(call.arguments()));
    return b;
  }

  /** Parses tool-call argument text; empty, malformed or non-object text reads as {@code {}}. */
  static ObjectNode arguments(String json) {
    if (!json.isBlank()) {
      try {
        JsonNode n = Json.MAPPER.readTree(json);
        if (n != null && n.isObject()) {
          return (ObjectNode) n;
        }
      } catch (Exception e) {
        // fall through: Anthropic needs an object, and a broken one cannot be repaired here
      }
    }
    return Json.object();
  }

  private static ObjectNode image(ContentPart.Image part) {
    ContentPart.Image i = part.url() != null && part.url().startsWith("data:")
        ? ContentPart.Image.fromUrl(part.url(), null) // Anthropic takes no data: URLs
        : part;
    ObjectNode b = block("image");
    if (i.url() != null) {
      b.putObject("source").put("type", "url").put("url", i.url());
    } else {
      b.putObject("source").put("type", "base64")
          .put("media_type", i.mediaType() == null ? "image/png" : i.mediaType())
          .put("data", i.data());
    }
    return b;
  }

  private static ObjectNode document(ContentPart.Document d) {
    ObjectNode b = block("document");
    ObjectNode source = b.putObject("source");
    if (d.url() != null) {
      source.put("type", "url").put("url", d.url());
    } else if ("text/plain".equals(d.mediaType()) && d.data() != null) {
      source.put("type", "text").put("media_type", "text/plain")
          .put("data", new String(Base64.getMimeDecoder().decode(d.data()),
              StandardCharsets.UTF_8));
    } else {
      source.put("type", "base64")
          .put("media_type", d.mediaType() == null ? "application/pdf" : d.mediaType())
          .put("data", d.data());
    }
    if (d.title() != null) {
      b.put("title", d.title());
    }
    return b;
  }

  private static ObjectNode block(String type) {
    return Json.object().put("type", type);
  }

  private static ObjectNode withCache(ObjectNode block, @Nullable JsonNode cacheControl) {
    if (cacheControl != null && !cacheControl.isNull()) {
      block.set("cache_control", cacheControl);
    }
    return block;
  }

  // ---- Anthropic -> canonical ----

  /**
   * The canonical part for a {@code text}, {@code image}, {@code document}, {@code thinking} or
   * {@code redacted_thinking} block, or null for any other type (the caller decides what those
   * mean).
   *
   * @param param where the block sits, for error messages ({@code messages.0.content.1})
   * @throws GatewayException a 400 naming {@code param} when the block is malformed
   */
  static @Nullable ContentPart read(JsonNode block, String param) {
    if (!block.isObject()) {
      throw GatewayException.invalid(param, param + ": expected a content block object");
    }
    String type = Json.text(block, "type");
    if (type == null) {
      throw GatewayException.invalid(param + ".type", param + ".type: field required");
    }
    JsonNode cache = block.get("cache_control");
    return switch (type) {
      case "text" -> new ContentPart.Text(required(block, "text", param), cache);
      case "thinking" -> new ContentPart.Thinking(required(block, "thinking", param),
          emptyToNull(Json.text(block, "signature")));
      case "redacted_thinking" ->
          new ContentPart.RedactedThinking(required(block, "data", param));
      case "image" -> readImage(source(block, param), cache, param);
      case "document" -> readDocument(block, source(block, param), cache, param);
      default -> null;
    };
  }

  private static ContentPart readImage(JsonNode source, @Nullable JsonNode cache, String param) {
    String at = param + ".source";
    String type = Json.text(source, "type");
    if ("url".equals(type)) {
      return new ContentPart.Image(required(source, "url", at), null, null, null, cache);
    }
    if ("base64".equals(type)) {
      return new ContentPart.Image(null, required(source, "media_type", at),
          required(source, "data", at), null, cache);
    }
    throw unsupportedSource(type, param);
  }

  private static ContentPart readDocument(JsonNode block, JsonNode source,
      @Nullable JsonNode cache, String param) {
    String at = param + ".source";
    String title = Json.text(block, "title");
    String type = Json.text(source, "type");
    return switch (type == null ? "" : type) {
      case "url" -> new ContentPart.Document(required(source, "url", at), null, null, title,
          cache);
      case "base64" -> new ContentPart.Document(null, required(source, "media_type", at),
          required(source, "data", at), title, cache);
      case "text" -> new ContentPart.Document(null, "text/plain", Base64.getEncoder()
          .encodeToString(required(source, "data", at).getBytes(StandardCharsets.UTF_8)), title,
          cache);
      default -> throw unsupportedSource(type, param);
    };
  }

  private static JsonNode source(JsonNode block, String param) {
    JsonNode s = block.get("source");
    if (s == null || !s.isObject()) {
      throw GatewayException.invalid(param + ".source", param + ".source: field required");
    }
    return s;
  }

  private static GatewayException unsupportedSource(@Nullable String type, String param) {
    return GatewayException.invalid(param + ".source.type", param + ".source.type: '" + type
        + "' is not supported by this gateway (expected: base64, url or, for documents, text)");
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
