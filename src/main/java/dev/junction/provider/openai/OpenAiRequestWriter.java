package dev.junction.provider.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ContentPart;
import dev.junction.chat.Message;
import dev.junction.chat.ResponseFormat;
import dev.junction.chat.ToolCall;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.json.Json;

/**
 * Writes a canonical {@link ChatRequest} as an OpenAI Chat Completions body for one vendor.
 *
 * <p>Text-only content is sent as a plain string (several compatible vendors reject content
 * arrays for system and assistant turns); reasoning from earlier turns is not sent back (DeepSeek
 * rejects it, OpenAI ignores it); a stream always asks for usage where the vendor supports {@code
 * stream_options}, so the gateway can price it even when the client did not ask. Unmodelled
 * fields in {@code extras} are copied last, so what the client sent reaches the vendor.
 * Stateless and thread-safe.
 */
final class OpenAiRequestWriter {

  /** Extras other fronts park in the request for their own vendor; never sent to OpenAI. */
  private static final java.util.Set<String> FOREIGN_EXTRAS = java.util.Set.of("anthropic");

  private OpenAiRequestWriter() {}

  static ObjectNode write(ChatRequest r, OpenAiVendor vendor) {
    ObjectNode body = Json.object();
    body.put("model", r.model());
    ArrayNode messages = body.putArray("messages");
    boolean developerRole = vendor.name().equals("openai");
    for (Message m : r.messages()) {
      messages.add(message(m, developerRole));
    }
    if (r.stream()) {
      body.put("stream", true);
      if (vendor.streamOptions()) {
        body.putObject("stream_options").put("include_usage", true);
      }
    }
    if (r.maxTokens() != null) {
      body.put(vendor.maxTokensField(), r.maxTokens());
    }
    if (r.temperature() != null) {
      body.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      body.put("top_p", r.topP());
    }
    if (r.topK() != null) {
      body.put("top_k", r.topK());
    }
    if (!r.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      r.stop().forEach(stop::add);
    }
    if (!r.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition t : r.tools()) {
        ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
        fn.put("name", t.name());
        if (t.description() != null) {
          fn.put("description", t.description());
        }
        if (t.parameters() != null) {
          fn.set("parameters", t.parameters());
        }
        if (t.strict() != null) {
          fn.put("strict", t.strict());
        }
      }
    }
    ToolChoice choice = r.toolChoice();
    if (choice != null) {
      switch (choice.mode()) {
        case AUTO -> body.put("tool_choice", "auto");
        case NONE -> body.put("tool_choice", "none");
        case REQUIRED -> body.put("tool_choice", "required");
        case TOOL -> body.putObject("tool_choice").put("type", "function")
            .putObject("function").put("name", choice.name());
      }
    }
    Boolean parallel = r.parallelToolCalls();
    if (parallel == null && choice != null && choice.disableParallel()) {
      parallel = false;
    }
    if (parallel != null && !r.tools().isEmpty()) {
      body.put("parallel_tool_calls", parallel);
    }
    ResponseFormat rf = r.responseFormat();
    if (rf != null) {
      ObjectNode f = body.putObject("response_format");
      switch (rf.type()) {
        case TEXT -> f.put("type", "text");
        case JSON_OBJECT -> f.put("type", "json_object");
        case JSON_SCHEMA -> {
          f.put("type", "json_schema");
          ObjectNode js = f.putObject("json_schema");
          js.put("name", rf.name() == null ? "response" : rf.name());
          if (rf.schema() != null) {
            js.set("schema", rf.schema());
          }
          if (rf.strict() != null) {
            js.put("strict", rf.strict());
          }
        }
      }
    }
    if (r.reasoning() != null) {
      body.put("reasoning_effort", r.reasoning().enabled() ? r.reasoning().effortOr() : "none");
    }
    if (r.n() != null) {
      body.put("n", r.n());
    }
    if (r.user() != null) {
      body.put("user", r.user());
    }
    r.extras().properties().forEach(e -> {
      if (FOREIGN_EXTRAS.contains(e.getKey())) {
        return;
      }
      if (e.getKey().equals("stream_options") && e.getValue().isObject()) {
        // the client's other stream options (e.g. include_obfuscation) join ours
        if (r.stream() && vendor.streamOptions()) {
          ObjectNode so = (ObjectNode) body.get("stream_options");
          e.getValue().properties().forEach(o -> {
            if (!o.getKey().equals("include_usage")) {
              so.set(o.getKey(), o.getValue());
            }
          });
        }
        return;
      }
      body.set(e.getKey(), e.getValue());
    });
    return body;
  }

  private static ObjectNode message(Message m, boolean developerRole) {
    ObjectNode out = Json.object();
    // only OpenAI knows "developer"; compatible vendors take it as "system"
    out.put("role", m.role() == dev.junction.chat.Role.DEVELOPER && !developerRole ? "system"
        : m.role().wireName());
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
        out.put("content", text);
      } else {
        out.putNull("content");
      }
    } else {
      ArrayNode parts = out.putArray("content");
      for (ContentPart p : m.content()) {
        switch (p) {
          case ContentPart.Text t -> parts.addObject().put("type", "text").put("text", t.text());
          case ContentPart.Image img -> {
            ObjectNode iu = parts.addObject().put("type", "image_url").putObject("image_url");
            iu.put("url", img.asUrl());
            if (img.detail() != null) {
              iu.put("detail", img.detail());
            }
          }
          case ContentPart.Document d -> {
            ObjectNode f = parts.addObject().put("type", "file").putObject("file");
            if (d.data() != null) {
              f.put("file_data", "data:" + d.mediaType() + ";base64," + d.data());
            }
            if (d.url() != null) {
              f.put("file_url", d.url());
            }
            if (d.title() != null) {
              f.put("filename", d.title());
            }
          }
          case ContentPart.Thinking ignored -> { }
          case ContentPart.RedactedThinking ignored -> { }
        }
      }
    }
    if (!m.toolCalls().isEmpty()) {
      ArrayNode calls = out.putArray("tool_calls");
      for (ToolCall c : m.toolCalls()) {
        ObjectNode call = calls.addObject();
        call.put("id", c.id()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
      }
    }
    if (m.toolCallId() != null) {
      out.put("tool_call_id", m.toolCallId());
    }
    if (m.name() != null && m.role() != dev.junction.chat.Role.TOOL) {
      out.put("name", m.name());
    }
    return out;
  }
}
