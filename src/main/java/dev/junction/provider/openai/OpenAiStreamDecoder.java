package dev.junction.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.FinishReason;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes an OpenAI-compatible {@code chat.completion.chunk} stream into canonical chunks.
 *
 * <p>Handles the vendors' variations: usage on a final chunk with {@code choices: []} (OpenAI,
 * xAI, Qwen) or on the finish chunk (DeepSeek, Groq, Moonshot), Groq's {@code x_groq.usage},
 * Moonshot's usage inside {@code choices[0]}, {@code reasoning_content}/{@code reasoning} deltas,
 * tool calls whose later fragments repeat {@code id: ""} (Qwen) or arrive whole (xAI), error
 * objects inside a 200 stream (OpenRouter chunk {@code error}, Groq {@code event: error}), and
 * {@code [DONE]}. Usage is held back and emitted once, on the chunk decoded at the end, with the
 * finish reason of every choice already delivered. A stream that ends without {@code [DONE]} and
 * without any finish reason is an error (the connection was cut). Not thread-safe.
 */
final class OpenAiStreamDecoder implements dev.junction.provider.StreamDecoder {

  private static final Set<String> TOP_MODELLED =
      Set.of("id", "object", "created", "model", "choices", "usage", "x_groq");
  private static final Set<String> CHOICE_MODELLED =
      Set.of("index", "delta", "finish_reason", "usage");

  private String id = "chatcmpl-unknown";
  private String model = "";
  private long created;
  private @Nullable Usage usage;
  private boolean done;
  private boolean finished;
  private final java.util.BitSet withToolCalls = new java.util.BitSet();

  @Override
  public void onEvent(@Nullable String event, byte[] data, Consumer<StreamChunk> out) {
    if (done) {
      return;
    }
    if (isDone(data)) {
      done = true;
      return;
    }
    JsonNode root = OpenAiResponseReader.tree(data);
    JsonNode error = root.get("error");
    if ("error".equals(event) || (error != null && !error.isNull())) {
      throw OpenAiResponseReader.errorInBody(error == null ? root : error);
    }
    String chunkId = Json.text(root, "id");
    if (chunkId != null && !chunkId.isEmpty()) {
      id = chunkId;
    }
    String chunkModel = Json.text(root, "model");
    if (chunkModel != null) {
      model = chunkModel;
    }
    created = Json.longValue(root, "created", created);
    Usage u = OpenAiUsage.read(root.get("usage"));
    if (u == null) {
      u = OpenAiUsage.read(root.path("x_groq").get("usage"));
    }
    JsonNode choices = root.path("choices");
    List<ChoiceDelta> deltas = new ArrayList<>(choices.size());
    for (JsonNode c : choices) {
      if (u == null) {
        u = OpenAiUsage.read(c.get("usage")); // Moonshot: usage inside the choice
      }
      ChoiceDelta d = delta(c);
      if (d != null) {
        deltas.add(d);
      }
    }
    if (u != null) {
      usage = u;
    }
    ObjectNode topExtras = OpenAiResponseReader.extras(root, TOP_MODELLED);
    if (!deltas.isEmpty() || (topExtras != null && hasContent(topExtras))) {
      out.accept(new StreamChunk(id, model, created, deltas, null, topExtras));
    }
  }

  /** True when extras carry more than per-chunk bookkeeping (fingerprint, tier, obfuscation). */
  private static boolean hasContent(ObjectNode extras) {
    for (var it = extras.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("system_fingerprint") && !f.equals("service_tier") && !f.equals("obfuscation")
          && !f.equals("provider")) {
        return true;
      }
    }
    return false;
  }

  private @Nullable ChoiceDelta delta(JsonNode c) {
    int index = (int) Json.longValue(c, "index", 0);
    JsonNode d = c.path("delta");
    String text = Json.text(d, "content");
    String reasoning = OpenAiResponseReader.reasoningText(d);
    List<ToolCallDelta> calls = List.of();
    JsonNode tc = d.get("tool_calls");
    if (tc != null && tc.isArray() && !tc.isEmpty()) {
      calls = new ArrayList<>(tc.size());
      for (int i = 0; i < tc.size(); i++) {
        JsonNode call = tc.get(i);
        JsonNode fn = call.path("function");
        String callId = Json.text(call, "id");
        String name = Json.text(fn, "name");
        String args = Json.text(fn, "arguments");
        if ((callId == null || callId.isEmpty()) && (name == null || name.isEmpty())
            && (args == null || args.isEmpty())) {
          continue; // Qwen's empty trailing fragment
        }
        calls.add(new ToolCallDelta((int) Json.longValue(call, "index", i),
            callId == null || callId.isEmpty() ? null : callId,
            name == null || name.isEmpty() ? null : name, args));
      }
    }
    if (!calls.isEmpty()) {
      withToolCalls.set(index);
    }
    String finishText = Json.text(c, "finish_reason");
    FinishReason finish = finishText == null ? null : FinishReason.fromOpenAi(finishText);
    if (finish == FinishReason.STOP && withToolCalls.get(index)) {
      finish = FinishReason.TOOL_CALLS; // vendors that say "stop" after a tool call
    }
    if (finish != null) {
      finished = true;
    }
    String refusal = Json.text(d, "refusal");
    ObjectNode extras = OpenAiResponseReader.extras(c, CHOICE_MODELLED);
    if (text == null && reasoning == null && calls.isEmpty() && finish == null && refusal == null
        && extras == null) {
      return null; // e.g. the role-only first delta
    }
    if (text != null && text.isEmpty() && reasoning == null && calls.isEmpty() && finish == null
        && refusal == null && extras == null) {
      return null;
    }
    return new ChoiceDelta(index, text == null || text.isEmpty() ? null : text,
        reasoning == null || reasoning.isEmpty() ? null : reasoning, null, null, calls, refusal,
        finish, null, extras);
  }

  @Override
  public void onEnd(Consumer<StreamChunk> out) {
    if (!done && !finished) {
      throw GatewayException.connection("upstream stream ended before [DONE]", null);
    }
    if (usage != null) {
      out.accept(new StreamChunk(id, model, created, List.of(), usage, null));
    }
  }

  private static boolean isDone(byte[] data) {
    int i = 0;
    int n = data.length;
    while (i < n && data[i] == ' ') {
      i++;
    }
    while (n > i && (data[n - 1] == ' ' || data[n - 1] == '\n' || data[n - 1] == '\r')) {
      n--;
    }
    return n - i == 6 && data[i] == '[' && data[i + 1] == 'D' && data[i + 2] == 'O'
        && data[i + 3] == 'N' && data[i + 4] == 'E' && data[i + 5] == ']';
  }
}
