package dev.junction.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ResponseFormat;
import dev.junction.chat.Role;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.json.Json;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a canonical {@link ChatRequest} as an OpenAI Chat Completions body for one vendor.
 *
 * <p>Text-only content is sent as a plain string (several compatible vendors reject content
 * arrays for system and assistant turns); reasoning from earlier turns is not sent back (DeepSeek
 * rejects it, OpenAI ignores it); a stream always asks for usage where the vendor supports {@code
 * stream_options}, so the gateway can price it even when the client did not ask. Unmodelled
 * fields in {@code extras} are copied last, so what the client sent reaches the vendor; an extra
 * that names a field written here replaces it.
 *
 * <p>Written with a streaming generator straight to bytes (no intermediate tree): this runs once
 * per request. Stateless and thread-safe.
 */
final class OpenAiRequestWriter {

  /** Extras other fronts park in the request for their own vendor; never sent to OpenAI. */
  private static final java.util.Set<String> FOREIGN_EXTRAS = java.util.Set.of("anthropic");

  private OpenAiRequestWriter() {}

  /** The UTF-8 JSON body. */
  static byte[] write(ChatRequest r, OpenAiVendor vendor) {
    return OpenAiResponseWriter.write(g -> write(g, r, vendor));
  }

  private static void write(JsonGenerator g, ChatRequest r, OpenAiVendor vendor)
      throws IOException {
    ObjectNode extras = r.extras();
    Fields f = extras.isEmpty() ? name -> true : name -> !extras.has(name);
    g.writeStartObject();
    if (f.ours("model")) {
      g.writeStringField("model", r.model());
    }
    if (f.ours("messages")) {
      g.writeArrayFieldStart("messages");
      boolean developerRole = vendor.name().equals("openai");
      for (Message m : r.messages()) {
        message(g, m, developerRole);
      }
      g.writeEndArray();
    }
    if (r.stream()) {
      if (f.ours("stream")) {
        g.writeBooleanField("stream", true);
      }
      if (vendor.streamOptions()) {
        // usage is always asked for (the gateway prices every stream); the client's other
        // stream options (e.g. include_obfuscation) join it
        g.writeObjectFieldStart("stream_options");
        g.writeBooleanField("include_usage", true);
        JsonNode clientOptions = extras.get("stream_options");
        if (clientOptions != null && clientOptions.isObject()) {
          for (Map.Entry<String, JsonNode> o : clientOptions.properties()) {
            if (!o.getKey().equals("include_usage")) {
              g.writeFieldName(o.getKey());
              Json.write(g, o.getValue());
            }
          }
        }
        g.writeEndObject();
      }
    }
    if (r.maxTokens() != null && f.ours(vendor.maxTokensField())) {
      g.writeNumberField(vendor.maxTokensField(), r.maxTokens());
    }
    if (r.temperature() != null && f.ours("temperature")) {
      g.writeNumberField("temperature", r.temperature());
    }
    if (r.topP() != null && f.ours("top_p")) {
      g.writeNumberField("top_p", r.topP());
    }
    if (r.topK() != null && f.ours("top_k")) {
      g.writeNumberField("top_k", r.topK());
    }
    if (!r.stop().isEmpty() && f.ours("stop")) {
      g.writeArrayFieldStart("stop");
      for (String s : r.stop()) {
        g.writeString(s);
      }
      g.writeEndArray();
    }
    if (!r.tools().isEmpty() && f.ours("tools")) {
      g.writeArrayFieldStart("tools");
      for (ToolDefinition t : r.tools()) {
        g.writeStartObject();
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", t.name());
        if (t.description() != null) {
          g.writeStringField("description", t.description());
        }
        if (t.parameters() != null) {
          g.writeFieldName("parameters");
          Json.write(g, t.parameters());
        }
        if (t.strict() != null) {
          g.writeBooleanField("strict", t.strict());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    ToolChoice choice = r.toolChoice();
    if (choice != null && f.ours("tool_choice")) {
      switch (choice.mode()) {
        case AUTO -> g.writeStringField("tool_choice", "auto");
        case NONE -> g.writeStringField("tool_choice", "none");
        case REQUIRED -> g.writeStringField("tool_choice", "required");
        case TOOL -> {
          g.writeObjectFieldStart("tool_choice");
          g.writeStringField("type", "function");
          g.writeObjectFieldStart("function");
          g.writeStringField("name", choice.name());
          g.writeEndObject();
          g.writeEndObject();
        }
      }
    }
    Boolean parallel = r.parallelToolCalls();
    if (parallel == null && choice != null && choice.disableParallel()) {
      parallel = false;
    }
    if (parallel != null && !r.tools().isEmpty() && f.ours("parallel_tool_calls")) {
      g.writeBooleanField("parallel_tool_calls", parallel);
    }
    ResponseFormat rf = r.responseFormat();
    if (rf != null && f.ours("response_format")) {
      g.writeObjectFieldStart("response_format");
      switch (rf.type()) {
        case TEXT -> g.writeStringField("type", "text");
        case JSON_OBJECT -> g.writeStringField("type", "json_object");
        case JSON_SCHEMA -> {
          g.writeStringField("type", "json_schema");
          g.writeObjectFieldStart("json_schema");
          g.writeStringField("name", rf.name() == null ? "response" : rf.name());
          if (rf.schema() != null) {
            g.writeFieldName("schema");
            Json.write(g, rf.schema());
          }
          if (rf.strict() != null) {
            g.writeBooleanField("strict", rf.strict());
          }
          g.writeEndObject();
        }
      }
      g.writeEndObject();
    }
    if (r.reasoning() != null && f.ours("reasoning_effort")) {
      g.writeStringField("reasoning_effort",
          r.reasoning().enabled() ? r.reasoning().effortOr() : "none");
    }
    if (r.n() != null && f.ours("n")) {
      g.writeNumberField("n", r.n());
    }
    if (r.user() != null && f.ours("user")) {
      g.writeStringField("user", r.user());
    }
    for (Map.Entry<String, JsonNode> e : extras.properties()) {
      if (FOREIGN_EXTRAS.contains(e.getKey())
          || (e.getKey().equals("stream_options") && (!r.stream() || vendor.streamOptions()))) {
        continue; // stream_options merged above, or meaningless without a stream
      }
      g.writeFieldName(e.getKey());
      Json.write(g, e.getValue());
    }
    g.writeEndObject();
  }

  /** Whether a field is written from the canonical request (false: an extra replaces it). */
  @FunctionalInterface
  private interface Fields {
    boolean ours(String name);
  }

  private static void message(JsonGenerator g, Message m, boolean developerRole)
      throws IOException {
    g.writeStartObject();
    // only OpenAI knows "developer"; compatible vendors take it as "system"
    g.writeStringField("role", m.role() == dev.junction.chat.Role.DEVELOPER && !developerRole
        ? "system" : m.role().wireName());
    boolean hasMedia = false;
    for (ContentPart p : m.content()) {
      if (p instanceof ContentPart.Image || p instanceof ContentPart.Document) {
        hasMedia = true;
        break;
      }
    }
    if (!hasMedia) {
      String text = m.text();
      if (!text.isEmpty() || m.toolCalls().isEmpty()) {
        g.writeStringField("content", text);
      } else {
        g.writeNullField("content");
      }
    } else {
      g.writeArrayFieldStart("content");
      for (ContentPart p : m.content()) {
        switch (p) {
          case ContentPart.Text t -> {
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", t.text());
            g.writeEndObject();
          }
          case ContentPart.Image img -> {
            g.writeStartObject();
            g.writeStringField("type", "image_url");
            g.writeObjectFieldStart("image_url");
            g.writeStringField("url", img.asUrl());
            if (img.detail() != null) {
              g.writeStringField("detail", img.detail());
            }
            g.writeEndObject();
            g.writeEndObject();
          }
          case ContentPart.Document d -> {
            g.writeStartObject();
            g.writeStringField("type", "file");
            g.writeObjectFieldStart("file");
            if (d.data() != null) {
              g.writeStringField("file_data", "data:" + d.mediaType() + ";base64," + d.data());
            }
            if (d.url() != null) {
              g.writeStringField("file_url", d.url());
            }
            if (d.title() != null) {
              g.writeStringField("filename", d.title());
            }
            g.writeEndObject();
            g.writeEndObject();
          }
          case ContentPart.Thinking ignored -> { }
          case ContentPart.RedactedThinking ignored -> { }
        }
      }
      g.writeEndArray();
    }
    if (!m.toolCalls().isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ToolCall c : m.toolCalls()) {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", c.name());
        g.writeStringField("arguments", c.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (m.toolCallId() != null) {
      g.writeStringField("tool_call_id", m.toolCallId());
    }
    if (m.name() != null && m.role() != Role.TOOL) {
      g.writeStringField("name", m.name());
    }
    g.writeEndObject();
  }
}
