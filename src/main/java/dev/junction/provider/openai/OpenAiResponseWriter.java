package dev.junction.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ToolCall;
import dev.junction.chat.Usage;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes canonical answers in the OpenAI wire format a client expects: chat completions,
 * embeddings and error objects. Written with a streaming generator (no intermediate tree) because
 * this runs once per request. Reasoning, when the vendor produced it, is returned as {@code
 * reasoning_content} (the DeepSeek convention most OpenAI-compatible clients read). Stateless and
 * thread-safe.
 */
public final class OpenAiResponseWriter {

  /** OpenAI's {@code service_tier} values (its spec's {@code ServiceTier} enum). */
  private static final Set<String> SERVICE_TIERS =
      Set.of("auto", "default", "flex", "scale", "priority", "fast");

  private OpenAiResponseWriter() {}

  /** A {@code chat.completion} body. {@code model} is the name reported to the client. */
  public static byte[] chat(ChatResponse r) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("id", r.id());
      g.writeStringField("object", "chat.completion");
      g.writeNumberField("created", r.created());
      g.writeStringField("model", r.model());
      g.writeArrayFieldStart("choices");
      for (Choice c : r.choices()) {
        g.writeStartObject();
        g.writeNumberField("index", c.index());
        g.writeObjectFieldStart("message");
        g.writeStringField("role", "assistant");
        String text = c.text();
        if (text == null) {
          g.writeNullField("content");
        } else {
          g.writeStringField("content", text);
        }
        String reasoning = c.reasoningText();
        if (reasoning != null) {
          g.writeStringField("reasoning_content", reasoning);
        }
        if (c.refusal() == null) {
          g.writeNullField("refusal");
        } else {
          g.writeStringField("refusal", c.refusal());
        }
        if (!c.toolCalls().isEmpty()) {
          g.writeArrayFieldStart("tool_calls");
          for (ToolCall t : c.toolCalls()) {
            g.writeStartObject();
            g.writeStringField("id", t.id());
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", t.name());
            g.writeStringField("arguments", t.arguments());
            g.writeEndObject();
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        fields(g, c.messageExtras());
        g.writeEndObject();
        if (c.extras() == null || !c.extras().has("logprobs")) {
          g.writeNullField("logprobs");
        }
        // a complete answer always has a finish reason (the spec forbids null here)
        g.writeStringField("finish_reason", c.finishReason() == null ? "stop"
            : c.finishReason().openAi());
        fields(g, c.extras());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (r.usage() != null) {
        g.writeFieldName("usage");
        usage(g, r.usage());
      }
      topLevelFields(g, r.extras());
      g.writeEndObject();
    });
  }

  /** The OpenAI {@code usage} object for canonical usage. */
  static void usage(JsonGenerator g, Usage u) throws IOException {
    g.writeStartObject();
    g.writeNumberField("prompt_tokens", u.promptTokens());
    g.writeNumberField("completion_tokens", u.completionTokens());
    g.writeNumberField("total_tokens", u.totalTokens());
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", u.cacheRead());
    if (u.cacheWriteTotal() > 0) {
      g.writeNumberField("cache_write_tokens", u.cacheWriteTotal());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("completion_tokens_details");
    g.writeNumberField("reasoning_tokens", u.reasoning());
    g.writeEndObject();
    g.writeEndObject();
  }

  /** An embeddings list body, floats or base64 as the client asked. */
  public static byte[] embeddings(EmbeddingResponse r, boolean base64) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      for (int i = 0; i < r.vectors().size(); i++) {
        float[] v = r.vectors().get(i);
        g.writeStartObject();
        g.writeStringField("object", "embedding");
        g.writeNumberField("index", i);
        if (base64) {
          ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
          bb.asFloatBuffer().put(v);
          g.writeStringField("embedding", Base64.getEncoder().encodeToString(bb.array()));
        } else {
          g.writeArrayFieldStart("embedding");
          for (float f : v) {
            g.writeNumber(f);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("model", r.model());
      g.writeObjectFieldStart("usage");
      g.writeNumberField("prompt_tokens", r.usage().promptTokens());
      g.writeNumberField("total_tokens", r.usage().promptTokens());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** The OpenAI error object {@code {"error":{"message","type","param","code"}}}. */
  public static byte[] error(GatewayException e) {
    return write(g -> error(g, e));
  }

  static void error(JsonGenerator g, GatewayException e) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("error");
    g.writeStringField("message", e.getMessage());
    g.writeStringField("type", e.kind().openAiType());
    if (e.param() == null) {
      g.writeNullField("param");
    } else {
      g.writeStringField("param", e.param());
    }
    if (e.code() == null) {
      g.writeNullField("code");
    } else {
      g.writeStringField("code", e.code());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * A vendor's unmodelled top-level fields, as far as the OpenAI schema lets a client accept
   * them: JSON nulls are left out (OpenAI and Qwen send {@code system_fingerprint: null}, which
   * the schema types as a string; absent means the same), and so is a {@code service_tier} that
   * is not one of OpenAI's tiers (Groq's {@code on_demand}).
   */
  static void topLevelFields(JsonGenerator g, @Nullable ObjectNode extras) throws IOException {
    fields(g, extras, true);
  }

  /** Unmodelled choice or message fields, as the vendor sent them. */
  static void fields(JsonGenerator g, @Nullable ObjectNode extras) throws IOException {
    fields(g, extras, false);
  }

  private static void fields(JsonGenerator g, @Nullable ObjectNode extras, boolean topLevel)
      throws IOException {
    if (extras == null) {
      return;
    }
    for (var it = extras.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      JsonNode v = e.getValue();
      if (topLevel && (v.isNull() || (e.getKey().equals("service_tier")
          && !(v.isTextual() && SERVICE_TIERS.contains(v.asText()))))) {
        continue;
      }
      g.writeFieldName(e.getKey());
      Json.write(g, v);
    }
  }

  /** Writes with a fresh generator into a byte array. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] write(Body body) {
    return write(NONE, body, NONE);
  }

  private static final byte[] NONE = new byte[0];

  /** {@code prefix}, the JSON {@code body} writes, then {@code suffix}, in one array. */
  static byte[] write(byte[] prefix, Body body, byte[] suffix) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    out.write(prefix);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write(suffix);
    return out.toByteArray();
  }
}
