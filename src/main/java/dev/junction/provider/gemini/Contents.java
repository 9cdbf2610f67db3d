package dev.junction.provider.gemini;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ToolCall;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a canonical conversation as Gemini {@code contents} plus a {@code systemInstruction}.
 *
 * <ul>
 *   <li>System and developer messages, wherever they stand, become the text parts of {@code
 *       systemInstruction} (Gemini takes one, text only).
 *   <li>User turns are role {@code user}, assistant turns role {@code model}.
 *   <li>Images and documents with inline bytes become {@code inlineData {mimeType, data}}; by URL
 *       they become {@code fileData {fileUri, mimeType}} ({@code data:} URLs are split into
 *       inline data first). {@code fileData} is Gemini's documented way to pass a Files-API,
 *       {@code gs://} or public HTTPS URL; {@code inlineData} would need the bytes, which the
 *       gateway does not fetch. The MIME type of a URL is guessed from its extension when the
 *       client gave none.
 *   <li>Assistant tool calls become {@code functionCall {id, name, args}} parts after the turn's
 *       other parts; {@code args} is the arguments text parsed (it must be a JSON object).
 *   <li>Tool results become {@code functionResponse {id, name, response}} parts of one {@code
 *       user} turn per run of consecutive results. Gemini matches responses by function name, so
 *       a result without {@link Message#name()} takes the name of the earlier call with its
 *       {@code toolCallId}. {@code response} is {@code {"result": v}}, or {@code {"error": v}} for a
 *       failed tool, where {@code v} is the result text parsed as JSON when it is JSON, else the
 *       text. Images or documents in a result follow as ordinary parts of the same turn.
 * </ul>
 *
 * <p>Thought signatures (Gemini 3 rejects a follow-up whose function call lacks the signature it
 * was returned with). They ride in the canonical model as {@link ContentPart.Thinking} parts: a
 * thought summary keeps its own, and a signature Gemini put on a text or function-call part is a
 * {@code Thinking("", signature)} (see {@link GenerateContentResponse}). Writing an assistant turn
 * back: when the turn has tool calls, its last signature goes on the first {@code functionCall}
 * part (where Gemini puts it, and the only place it checks), whichever block carried it; every
 * other signature-only block goes on the part that follows it, or on an empty text part when
 * nothing follows; thought summaries go back as {@code {text, thought: true}} parts. Anthropic
 * {@code redacted_thinking} has no Gemini form and is dropped.
 *
 * <p>Stateless; thread-safe.
 */
final class Contents {

  private static final ObjectReader STRICT_JSON =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Map<String, String> MIME_BY_EXTENSION = Map.ofEntries(
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"), Map.entry("webp", "image/webp"),
      Map.entry("gif", "image/gif"), Map.entry("heic", "image/heic"),
      Map.entry("heif", "image/heif"), Map.entry("pdf", "application/pdf"),
      Map.entry("txt", "text/plain"), Map.entry("mp4", "video/mp4"),
      Map.entry("mp3", "audio/mp3"), Map.entry("wav", "audio/wav"));

  private Contents() {}

  /** Writes {@code messages} into {@code body} as {@code contents} and {@code systemInstruction}. */
  static void write(List<Message> messages, ObjectNode body) {
    ArrayNode system = Json.MAPPER.createArrayNode();
    ArrayNode contents = body.putArray("contents");
    Map<String, String> callNames = new HashMap<>();
    ArrayNode results = null; // parts of the user turn that gathers consecutive tool results
    for (Message m : messages) {
      switch (m.role()) {
        case SYSTEM, DEVELOPER -> {
          for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Text t) {
              system.addObject().put("text", t.text());
            }
          }
          continue;
        }
        case TOOL -> {
          if (results == null) {
            results = turn(contents, "user");
          }
          toolResult(m, callNames, results);
          continue;
        }
        case USER -> addTurn(contents, "user", userParts(m));
        case ASSISTANT -> {
          for (ToolCall c : m.toolCalls()) {
            callNames.put(c.id(), c.name());
          }
          addTurn(contents, "model", modelParts(m));
        }
      }
      results = null;
    }
    if (!system.isEmpty()) {
      body.putObject("systemInstruction").set("parts", system);
    }
  }

  private static ArrayNode turn(ArrayNode contents, String role) {
    ObjectNode turn = contents.addObject();
    turn.put("role", role);
    return turn.putArray("parts");
  }

  private static void addTurn(ArrayNode contents, String role, ArrayNode parts) {
    if (!parts.isEmpty()) {
      turn(contents, role).addAll(parts);
    }
  }

  private static ArrayNode userParts(Message m) {
    ArrayNode parts = Json.MAPPER.createArrayNode();
    for (ContentPart p : m.content()) {
      ObjectNode part = part(p);
      if (part != null) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** An assistant turn's parts, thought signatures placed as the class comment says. */
  private static ArrayNode modelParts(Message m) {
    List<ContentPart> content = m.content();
    int forCall = m.toolCalls().isEmpty() ? -1 : lastSigned(content);
    ArrayNode parts = Json.MAPPER.createArrayNode();
    String pending = null;
    for (int i = 0; i < content.size(); i++) {
      ContentPart p = content.get(i);
      ObjectNode part;
      String own = null;
      if (p instanceof ContentPart.Thinking t) {
        own = i == forCall ? null : t.signature();
        if (t.text().isEmpty()) {
          if (own != null) {
            flush(pending, parts);
            pending = own;
          }
          continue;
        }
        part = Json.object().put("text", t.text()).put("thought", true);
      } else {
        part = part(p);
        if (part == null) {
          continue;
        }
      }
      if (pending != null && own != null) {
        pending = flush(pending, parts);
      }
      String signature = pending != null ? pending : own;
      if (signature != null) {
        part.put("thoughtSignature", signature);
      }
      pending = null;
      parts.add(part);
    }
    flush(pending, parts);
    for (ToolCall c : m.toolCalls()) {
      ObjectNode part = parts.addObject();
      ObjectNode call = part.putObject("functionCall");
      call.put("id", c.id());
      call.put("name", c.name());
      call.set("args", arguments(c));
      if (forCall >= 0) {
        part.put("thoughtSignature", ((ContentPart.Thinking) content.get(forCall)).signature());
        forCall = -1;
      }
    }
    return parts;
  }

  /** The position of the last reasoning block with a signature, or -1. */
  private static int lastSigned(List<ContentPart> content) {
    for (int i = content.size() - 1; i >= 0; i--) {
      if (content.get(i) instanceof ContentPart.Thinking t && t.signature() != null) {
        return i;
      }
    }
    return -1;
  }

  /** Writes a signature that has no part to ride on as an empty text part; returns null. */
  private static @Nullable String flush(@Nullable String signature, ArrayNode parts) {
    if (signature != null) {
      parts.addObject().put("text", "").put("thoughtSignature", signature);
    }
    return null;
  }

  private static JsonNode arguments(ToolCall c) {
    String text = c.arguments().isBlank() ? "{}" : c.arguments();
    JsonNode args = parseJson(text);
    if (args == null || !args.isObject()) {
      throw GatewayException.invalid("messages", "the arguments of tool call '" + c.id()
          + "' are not a JSON object; Gemini takes function arguments as an object");
    }
    return args;
  }

  private static void toolResult(Message m, Map<String, String> callNames, ArrayNode parts) {
    String name = m.name();
    if (name == null && m.toolCallId() != null) {
      name = callNames.get(m.toolCallId());
    }
    if (name == null) {
      throw GatewayException.invalid("messages", "tool result '" + m.toolCallId()
          + "' answers no earlier tool call and has no name; Gemini matches tool results to"
          + " calls by function name");
    }
    ObjectNode response = Json.object();
    String text = m.text();
    JsonNode value = parseJson(text);
    response.set(m.toolError() ? "error" : "result", value == null ? Json.MAPPER.getNodeFactory()
        .textNode(text) : value);
    ObjectNode call = parts.addObject().putObject("functionResponse");
    if (m.toolCallId() != null) {
      call.put("id", m.toolCallId());
    }
    call.put("name", name);
    call.set("response", response);
    for (ContentPart p : m.content()) {
      if (!(p instanceof ContentPart.Text)) {
        ObjectNode part = part(p);
        if (part != null) {
          parts.add(part);
        }
      }
    }
  }

  /** The part for text, an image or a document; null for what Gemini has no input form for. */
  private static @Nullable ObjectNode part(ContentPart p) {
    return switch (p) {
      case ContentPart.Text t -> t.text().isEmpty() ? null : Json.object().put("text", t.text());
      case ContentPart.Image i -> media(i.url(), i.mediaType(), i.data(), "image/jpeg");
      case ContentPart.Document d -> media(d.url(), d.mediaType(), d.data(), "application/pdf");
      case ContentPart.Thinking t -> null; // only assistant turns carry reasoning back
      case ContentPart.RedactedThinking r -> null;
    };
  }

  private static ObjectNode media(@Nullable String url, @Nullable String mediaType,
      @Nullable String data, String fallbackType) {
    if (data == null && url != null && url.startsWith("data:")) {
      ContentPart.Image inline = ContentPart.Image.fromUrl(url, null);
      data = inline.data();
      mediaType = mediaType == null ? inline.mediaType() : mediaType;
      url = inline.url();
    }
    ObjectNode part = Json.object();
    if (data != null) {
      part.putObject("inlineData")
          .put("mimeType", mediaType != null ? mediaType : sniff(data, fallbackType))
          .put("data", data);
      return part;
    }
    if (url == null) {
      throw GatewayException.invalid("messages", "a media part has neither data nor a URL");
    }
    ObjectNode file = part.putObject("fileData");
    String type = mediaType != null ? mediaType : mimeOf(url);
    if (type != null) {
      file.put("mimeType", type);
    }
    file.put("fileUri", url);
    return part;
  }

  /** The MIME type of base64 image bytes from their magic number, else {@code fallback}. */
  private static String sniff(String base64, String fallback) {
    if (base64.startsWith("iVBORw0KGgo")) {
      return "image/png";
    } else if (base64.startsWith("/9j/")) {
      return "image/jpeg";
    } else if (base64.startsWith("R0lGOD")) {
      return "image/gif";
    } else if (base64.startsWith("UklGR")) {
      return "image/webp";
    } else if (base64.startsWith("JVBERi0")) {
      return "application/pdf";
    }
    return fallback;
  }

  /** The MIME type a URL's file extension implies, or null. */
  private static @Nullable String mimeOf(String url) {
    String path = url;
    int cut = path.indexOf('?');
    path = cut >= 0 ? path.substring(0, cut) : path;
    cut = path.indexOf('#');
    path = cut >= 0 ? path.substring(0, cut) : path;
    int dot = path.lastIndexOf('.');
    if (dot < 0 || dot < path.lastIndexOf('/')) {
      return null;
    }
    return MIME_BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** {@code text} parsed as one JSON value, or null when it is not exactly that. */
  static @Nullable JsonNode parseJson(String text) {
    try {
      JsonNode n = STRICT_JSON.readTree(text);
      return n == null || n.isMissingNode() ? null : n;
    } catch (IOException e) {
      return null;
    }
  }
}
