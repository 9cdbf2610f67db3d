package dev.junction.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChoiceDelta;
import dev.junction.chat.FinishReason;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.ToolCallDelta;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.StreamDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Decodes {@code streamGenerateContent?alt=sse}: every SSE {@code data:} event is a whole {@code
 * GenerateContentResponse} fragment, read with the rules of {@link GenerateContentResponse}.
 *
 * <p>Per part, in order, one chunk each: thought text as a reasoning delta (with its signature),
 * a signature on any other part as a signature-only delta just before what the part becomes,
 * text as a text delta, and a function call as one {@link ToolCallDelta} carrying id, name and
 * the whole arguments text. Gemini 3 may instead stream a call's arguments ({@code
 * functionCall{name, willContinue:true}}, then {@code functionCall{partialArgs:[…]}} pieces, then
 * an empty {@code functionCall{}} that ends it): the first piece becomes the delta with id and
 * name, every later piece an {@code arguments} fragment written by {@link PartialArgs}. Tool-call
 * indices count each candidate's calls from 0 in arrival order.
 *
 * <p>The finish reason goes out on its own delta after the parts of the event that carries it
 * (TOOL_CALLS when the candidate called functions), together with the candidate's unmodelled
 * fields (grounding, citations, safety ratings, logprobs). {@code usageMetadata} comes on many
 * events, growing; only the last one with token counts counts, and it is emitted once, as a final
 * usage-only chunk, when the body ends. Gemini has no end-of-stream marker, so a body that ends
 * before every started candidate has a finish reason (and no prompt block explains it) is
 * reported as a broken stream, after the usage seen so far.
 *
 * <p>Not thread-safe: one instance per stream.
 */
final class GenerateContentStream implements StreamDecoder {

  /** What one candidate has streamed so far. */
  private static final class Candidate {
    int calls;
    boolean finished;
    @Nullable PartialArgs partial; // the call whose arguments are still streaming
    int partialIndex;
  }

  private final String requestModel;
  private final long created;
  private final RandomGenerator random;
  private final Map<Integer, Candidate> candidates = new HashMap<>();
  private @Nullable Ids ids;
  private @Nullable String model;
  private @Nullable JsonNode usage;
  private boolean blocked;

  GenerateContentStream(String requestModel, long created, RandomGenerator random) {
    this.requestModel = requestModel;
    this.created = created;
    this.random = random;
  }

  @Override
  public void onEvent(@Nullable String event, byte[] data, Consumer<StreamChunk> out) {
    if (isBlank(data)) {
      return;
    }
    JsonNode root = GenerateContentResponse.parse(data);
    if (ids == null) {
      ids = Ids.forResponse(Json.text(root, "responseId"), random);
    }
    if (model == null) {
      model = Json.text(root, "modelVersion");
    }
    JsonNode meta = root.get("usageMetadata");
    if (GenerateContentResponse.hasCounts(meta)) {
      usage = meta;
    }
    JsonNode list = root.path("candidates");
    int position = 0;
    for (JsonNode candidate : list) {
      candidate(candidate, GenerateContentResponse.index(candidate, position++), out);
    }
    if (position == 0 && GenerateContentResponse.blockReason(root) != null) {
      blocked = true;
      emit(out, new ChoiceDelta(0, null, null, null, null, List.of(), null,
          FinishReason.CONTENT_FILTER, null, GenerateContentResponse.promptFeedback(root)));
    }
  }

  private void candidate(JsonNode candidate, int index, Consumer<StreamChunk> out) {
    Candidate state = candidates.computeIfAbsent(index, i -> new Candidate());
    for (JsonNode part : candidate.path("content").path("parts")) {
      part(part, index, state, out);
    }
    String reason = Json.text(candidate, "finishReason");
    ObjectNode extras = GenerateContentResponse.candidateExtras(candidate);
    if (reason != null && state.partial != null) {
      endCall(index, state, out);
    }
    if (reason != null || extras != null) {
      FinishReason finish = reason == null ? null
          : GenerateContentResponse.finishReason(reason, state.calls > 0);
      state.finished |= reason != null;
      emit(out, new ChoiceDelta(index, null, null, null, null, List.of(), null, finish, null,
          extras));
    }
  }

  private void part(JsonNode part, int index, Candidate state, Consumer<StreamChunk> out) {
    String signature = GenerateContentResponse.signature(part);
    if (GenerateContentResponse.isThought(part)) {
      emit(out, new ChoiceDelta(index, null, part.get("text").asText(), signature, null,
          List.of(), null, null, null, null));
      return;
    }
    if (signature != null) {
      emit(out, new ChoiceDelta(index, null, null, signature, null, List.of(), null, null, null,
          null));
    }
    JsonNode text = part.get("text");
    JsonNode call = part.get("functionCall");
    if (text != null && text.isTextual()) {
      if (!text.asText().isEmpty()) {
        emit(out, ChoiceDelta.text(index, text.asText()));
      }
    } else if (call != null && call.isObject()) {
      call(call, index, state, out);
    } else {
      ObjectNode extras = Json.object();
      extras.set("parts", Json.MAPPER.createArrayNode().add(part));
      emit(out, new ChoiceDelta(index, null, null, null, null, List.of(), null, null, null,
          extras));
    }
  }

  private void call(JsonNode call, int index, Candidate state, Consumer<StreamChunk> out) {
    String name = Json.text(call, "name");
    boolean more = call.path("willContinue").asBoolean(false);
    JsonNode pieces = call.get("partialArgs");
    if (name != null && !name.isEmpty()) {
      if (state.partial != null) {
        endCall(index, state, out);
      }
      int callIndex = state.calls++;
      String id = ids().callId(Json.text(call, "id"));
      if (more) {
        state.partial = new PartialArgs();
        state.partialIndex = callIndex;
        String start = pieces == null ? null : nonEmpty(state.partial.append(pieces));
        emitCall(out, index, new ToolCallDelta(callIndex, id, name, start));
      } else {
        emitCall(out, index, new ToolCallDelta(callIndex, id, name,
            GenerateContentResponse.arguments(call.get("args"))));
      }
      return;
    }
    PartialArgs partial = state.partial;
    if (partial == null) {
      if (pieces != null || more) {
        throw GatewayException.of(ErrorKind.UPSTREAM, "invalid_upstream_response",
            "Gemini streamed function-call arguments without starting a call");
      }
      return; // a bare functionCall{} with nothing open: nothing to end
    }
    if (pieces != null) {
      String fragment = partial.append(pieces);
      if (!fragment.isEmpty()) {
        emitCall(out, index, new ToolCallDelta(state.partialIndex, null, null, fragment));
      }
    }
    if (!more) {
      endCall(index, state, out);
    }
  }

  private void endCall(int index, Candidate state, Consumer<StreamChunk> out) {
    PartialArgs partial = state.partial;
    if (partial != null) {
      state.partial = null;
      emitCall(out, index, new ToolCallDelta(state.partialIndex, null, null, partial.close()));
    }
  }

  @Override
  public void onEnd(Consumer<StreamChunk> out) {
    Usage total = GenerateContentResponse.usage(usage);
    if (total != null) {
      out.accept(new StreamChunk(id(), model(), created, List.of(), total, null));
    }
    boolean complete = !candidates.isEmpty() || blocked;
    for (Candidate c : candidates.values()) {
      complete &= c.finished;
    }
    if (!complete) {
      throw GatewayException.connection(
          "Gemini stream ended before a finishReason (the body was cut short)", null);
    }
  }

  private void emitCall(Consumer<StreamChunk> out, int index, ToolCallDelta delta) {
    emit(out, ChoiceDelta.toolCalls(index, List.of(delta)));
  }

  private void emit(Consumer<StreamChunk> out, ChoiceDelta delta) {
    out.accept(new StreamChunk(id(), model(), created, List.of(delta), null, null));
  }

  private Ids ids() {
    if (ids == null) {
      ids = Ids.forResponse(null, random);
    }
    return ids;
  }

  private String id() {
    return ids().responseId();
  }

  private String model() {
    return model == null ? requestModel : model;
  }

  private static @Nullable String nonEmpty(String s) {
    return s.isEmpty() ? null : s;
  }

  private static boolean isBlank(byte[] data) {
    for (byte b : data) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
