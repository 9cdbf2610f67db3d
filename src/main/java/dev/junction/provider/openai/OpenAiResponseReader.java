package dev.junction.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ContentPart;
import dev.junction.chat.FinishReason;
import dev.junction.chat.ToolCall;
import dev.junction.chat.Usage;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads OpenAI-compatible response bodies into canonical form: chat completions (reasoning from
 * {@code reasoning_content} or {@code reasoning}, tool calls, refusals, finish reasons, usage by
 * {@link OpenAiUsage}) and embeddings ({@code float} or {@code base64} vectors). Fields the
 * canonical model does not hold are kept as extras. Stateless and thread-safe.
 */
public final class OpenAiResponseReader {

  private static final Set<String> TOP_MODELLED =
      Set.of("id", "object", "created", "model", "choices", "usage");
  private static final Set<String> CHOICE_MODELLED =
      Set.of("index", "message", "finish_reason", "delta");
  private static final Set<String> MESSAGE_MODELLED = Set.of("role", "content",
      "reasoning_content", "reasoning", "tool_calls", "refusal", "function_call");

  private OpenAiResponseReader() {}

  /** Reads a chat completion body. */
  public static ChatResponse readChat(byte[] body) {
    JsonNode root = tree(body);
    if (root.has("error") && !root.has("choices")) {
      throw errorInBody(root.get("error"));
    }
    JsonNode choicesNode = root.path("choices");
    List<Choice> choices = new ArrayList<>(choicesNode.size());
    for (int i = 0; i < choicesNode.size(); i++) {
      choices.add(choice(choicesNode.get(i), i));
    }
    Usage usage = OpenAiUsage.read(root.get("usage"));
    if (usage == null) {
      usage = OpenAiUsage.read(root.path("x_groq").get("usage"));
    }
    return new ChatResponse(textOr(root, "id", "chatcmpl-unknown"), textOr(root, "model", ""),
        Json.longValue(root, "created", 0), choices, usage, extras(root, TOP_MODELLED));
  }

  private static Choice choice(JsonNode c, int position) {
    JsonNode m = c.path("message");
    List<ContentPart> content = new ArrayList<>(2);
    String reasoning = reasoningText(m);
    if (reasoning != null && !reasoning.isEmpty()) {
      content.add(new ContentPart.Thinking(reasoning, null));
    }
    JsonNode text = m.get("content");
    if (text != null && text.isTextual()) {
      content.add(new ContentPart.Text(text.asText()));
    } else if (text != null && text.isArray()) {
      for (JsonNode p : text) {
        if (p.has("text")) {
          content.add(new ContentPart.Text(p.get("text").asText()));
        }
      }
    }
    List<ToolCall> calls = new ArrayList<>();
    JsonNode tc = m.get("tool_calls");
    if (tc != null && tc.isArray()) {
      for (int i = 0; i < tc.size(); i++) {
        calls.add(toolCall(tc.get(i), position, i));
      }
    }
    String finish = Json.text(c, "finish_reason");
    FinishReason reason = finish == null ? null : FinishReason.fromOpenAi(finish);
    if (reason == FinishReason.STOP && !calls.isEmpty()) {
      reason = FinishReason.TOOL_CALLS; // vendors that say "stop" after a tool call
    }
    return new Choice((int) Json.longValue(c, "index", position), content, calls,
        Json.text(m, "refusal"), reason, null, extras(c, CHOICE_MODELLED),
        extras(m, MESSAGE_MODELLED));
  }

  static ToolCall toolCall(JsonNode c, int choice, int i) {
    JsonNode fn = c.path("function");
    String id = Json.text(c, "id");
    if (id == null || id.isEmpty()) {
      id = "call_" + choice + "_" + i; // some vendors omit ids (Gemini's OpenAI mode)
    }
    JsonNode args = fn.get("arguments");
    String argText = args == null || args.isNull() ? "{}"
        : args.isTextual() ? args.asText() : Json.string(args);
    return new ToolCall(id, textOr(fn, "name", ""), argText);
  }

  /** {@code reasoning_content} (DeepSeek, Qwen, xAI, Moonshot) or {@code reasoning} (Groq, Ollama). */
  static @Nullable String reasoningText(JsonNode m) {
    String r = Json.text(m, "reasoning_content");
    if (r == null) {
      JsonNode n = m.get("reasoning");
      r = n != null && n.isTextual() ? n.asText() : null;
    }
    return r;
  }

  /** Reads an embeddings body. */
  public static EmbeddingResponse readEmbeddings(byte[] body) {
    JsonNode root = tree(body);
    JsonNode data = root.path("data");
    List<float[]> vectors = new ArrayList<>(data.size());
    for (JsonNode d : data) {
      JsonNode e = d.get("embedding");
      if (e != null && e.isTextual()) {
        ByteBuffer bb = ByteBuffer.wrap(Base64.getDecoder().decode(e.asText()))
            .order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(v);
        vectors.add(v);
      } else if (e != null && e.isArray()) {
        float[] v = new float[e.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) e.get(i).asDouble();
        }
        vectors.add(v);
      }
    }
    long prompt = Json.longValue(root.get("usage"), "prompt_tokens", 0);
    return new EmbeddingResponse(textOr(root, "model", ""), vectors,
        new Usage(prompt, 0, 0, 0, 0, 0, false));
  }

  static JsonNode tree(byte[] body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw GatewayException.of(ErrorKind.UPSTREAM, "upstream_bad_response",
          "upstream sent an unreadable body: " + e.getMessage());
    }
  }

  /** An {@code error} object inside a 200 body or stream chunk. */
  static GatewayException errorInBody(JsonNode err) {
    if (err.isTextual()) {
      return GatewayException.upstream(502, null, err.asText(), -1);
    }
    JsonNode codeNode = err.get("code");
    int status = (int) Json.longValue(err, "status_code", 0);
    if (status == 0 && codeNode != null && codeNode.isInt()) {
      status = codeNode.asInt();
    }
    if (status < 400 || status > 599) {
      status = 502;
    }
    String code = codeNode == null || codeNode.isNull() ? Json.text(err, "type") : codeNode.asText();
    String message = Json.text(err, "message");
    return GatewayException.upstream(status, code, message == null ? err.toString() : message, -1);
  }

  static String textOr(JsonNode obj, String field, String dflt) {
    String s = Json.text(obj, field);
    return s == null ? dflt : s;
  }

  static @Nullable ObjectNode extras(JsonNode obj, Set<String> modelled) {
    ObjectNode out = null;
    for (var it = obj.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!modelled.contains(e.getKey())) {
        if (out == null) {
          out = Json.object();
        }
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }
}
