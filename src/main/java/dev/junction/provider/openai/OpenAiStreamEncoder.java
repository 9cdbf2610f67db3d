package dev.junction.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * Writes canonical stream chunks as the OpenAI SSE wire format: {@code data: {chunk}\n\n} per
 * chunk, the first delta of each choice carrying {@code role: "assistant"}, the usage chunk
 * ({@code choices: []}) at the end when the client asked for {@code include_usage}, and {@code
 * data: [DONE]}. A failure mid-stream is written as {@code data: {"error":{…}}} (what OpenAI
 * SDKs raise as an exception), and the stream is then closed without {@code [DONE]}.
 *
 * <p>One encoder per client stream; not thread-safe.
 */
public final class OpenAiStreamEncoder {

  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final boolean includeUsage;
  private final BitSet roleSent = new BitSet();
  private String id = "chatcmpl-unknown";
  private String model = "";
  private long created;
  private @Nullable Usage usage;

  /** An encoder; {@code includeUsage} mirrors the client's {@code stream_options.include_usage}. */
  public OpenAiStreamEncoder(boolean includeUsage) {
    this.includeUsage = includeUsage;
  }

  /** The SSE bytes for one chunk, or null when it carries nothing the client should see. */
  public byte @Nullable [] chunk(StreamChunk c) {
    id = c.id();
    model = c.model();
    created = c.created();
    if (c.usage() != null) {
      usage = c.usage();
    }
    if (c.choices().isEmpty() && c.extras() == null) {
      return null;
    }
    return sse(g -> {
      head(g);
      g.writeArrayFieldStart("choices");
      for (ChoiceDelta d : c.choices()) {
        delta(g, d);
      }
      g.writeEndArray();
      OpenAiResponseWriter.topLevelFields(g, c.extras());
      g.writeEndObject();
    });
  }

  /** The closing bytes of a stream that completed: the usage chunk if asked for, and [DONE]. */
  public byte[] end() {
    if (!includeUsage || usage == null) {
      return DONE;
    }
    Usage u = usage;
    byte[] usageChunk = sse(g -> {
      head(g);
      g.writeArrayFieldStart("choices");
      g.writeEndArray();
      g.writeFieldName("usage");
      OpenAiResponseWriter.usage(g, u);
      g.writeEndObject();
    });
    byte[] out = new byte[usageChunk.length + DONE.length];
    System.arraycopy(usageChunk, 0, out, 0, usageChunk.length);
    System.arraycopy(DONE, 0, out, usageChunk.length, DONE.length);
    return out;
  }

  /** The bytes that report a failure in the middle of the stream. */
  public byte[] error(GatewayException e) {
    return sse(g -> OpenAiResponseWriter.error(g, e));
  }

  /** The usage seen so far, if the upstream reported any. */
  public @Nullable Usage usage() {
    return usage;
  }

  private void head(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("object", "chat.completion.chunk");
    g.writeNumberField("created", created);
    g.writeStringField("model", model);
  }

  private void delta(JsonGenerator g, ChoiceDelta d) throws IOException {
    g.writeStartObject();
    g.writeNumberField("index", d.index());
    g.writeObjectFieldStart("delta");
    if (!roleSent.get(d.index())) {
      roleSent.set(d.index());
      g.writeStringField("role", "assistant");
    }
    if (d.text() != null) {
      g.writeStringField("content", d.text());
    }
    if (d.reasoning() != null) {
      g.writeStringField("reasoning_content", d.reasoning());
    }
    if (d.refusal() != null) {
      g.writeStringField("refusal", d.refusal());
    }
    if (!d.toolCalls().isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ToolCallDelta t : d.toolCalls()) {
        g.writeStartObject();
        g.writeNumberField("index", t.index());
        if (t.id() != null) {
          g.writeStringField("id", t.id());
          g.writeStringField("type", "function");
        }
        g.writeObjectFieldStart("function");
        if (t.name() != null) {
          g.writeStringField("name", t.name());
        }
        g.writeStringField("arguments", t.arguments() == null ? "" : t.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    if (d.extras() == null || !d.extras().has("logprobs")) {
      g.writeNullField("logprobs");
    }
    if (d.finishReason() == null) {
      g.writeNullField("finish_reason");
    } else {
      g.writeStringField("finish_reason", d.finishReason().openAi());
    }
    OpenAiResponseWriter.fields(g, d.extras());
    g.writeEndObject();
  }

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

  /** {@code data: <json>\n\n}, written in one buffer (no copy to add the framing). */
  private static byte[] sse(OpenAiResponseWriter.Body body) {
    return OpenAiResponseWriter.write(DATA, body, EVENT_END);
  }
}
