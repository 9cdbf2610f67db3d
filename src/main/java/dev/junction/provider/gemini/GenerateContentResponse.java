package dev.junction.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ContentPart;
import dev.junction.chat.FinishReason;
import dev.junction.chat.ToolCall;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Gemini {@code GenerateContentResponse} into a canonical {@link ChatResponse}, and holds
 * the reading rules the stream decoder shares (finish reasons, usage, signatures, extras).
 *
 * <p>Mapping, per candidate part in order:
 *
 * <ul>
 *   <li>{@code {text, thought:true}} becomes {@link ContentPart.Thinking} (with the part's
 *       {@code thoughtSignature}, if any);
 *   <li>any other part carrying a {@code thoughtSignature} first yields a signature-only {@code
 *       Thinking("", signature)}, placed just before what the part becomes, so that {@link
 *       GenerateContentRequest} can put the signature back on the same part (see there);
 *   <li>{@code text} becomes {@link ContentPart.Text} (empty texts are dropped);
 *   <li>{@code functionCall} becomes a {@link ToolCall} (arguments printed compactly; id as
 *       {@link Ids} gives);
 *   <li>parts with no canonical form ({@code executableCode}, {@code codeExecutionResult},
 *       generated {@code inlineData}, …) are kept verbatim in the choice's {@code extras.parts}.
 * </ul>
 *
 * <p>Candidate fields other than {@code content} and {@code index} (grounding, citation and
 * safety metadata, {@code logprobsResult}, {@code avgLogprobs}, {@code finishMessage}, and the raw
 * {@code finishReason} when it is not STOP or MAX_TOKENS) go to the choice's {@code extras};
 * top-level fields other than candidates, {@code responseId} and {@code modelVersion} (e.g. {@code
 * promptFeedback}, {@code createTime}, the raw {@code usageMetadata}) to the response's. A prompt
 * blocked before generation ({@code promptFeedback.blockReason}, no candidates) is one empty
 * choice finishing with {@link FinishReason#CONTENT_FILTER}, not an error.
 *
 * <p>Stateless; all methods are thread-safe.
 */
final class GenerateContentResponse {

  /** Candidate fields the canonical model represents itself. */
  private static final Set<String> MODELLED_CANDIDATE_FIELDS = Set.of("content", "index");

  /** Top-level fields the canonical model represents itself. */
  private static final Set<String> MODELLED_TOP_FIELDS =
      Set.of("candidates", "responseId", "modelVersion");

  private GenerateContentResponse() {}

  /** Reads a whole (non-streamed) answer. */
  static ChatResponse decode(byte[] body, InstantSource clock, RandomGenerator random) {
    JsonNode root = parse(body);
    JsonNode candidates = root.path("candidates");
    String blockReason = blockReason(root);
    if (!candidates.isArray() || candidates.isEmpty()) {
      if (blockReason == null) {
        throw GatewayException.of(ErrorKind.UPSTREAM, "invalid_upstream_response",
            "Gemini answered without candidates and without a promptFeedback.blockReason");
      }
    }
    Ids ids = Ids.forResponse(Json.text(root, "responseId"), random);
    List<Choice> choices = new ArrayList<>();
    if (candidates.isArray()) {
      for (JsonNode candidate : candidates) {
        choices.add(choice(candidate, choices.size(), ids));
      }
    }
    if (choices.isEmpty()) {
      choices.add(new Choice(0, List.of(), List.of(), null, FinishReason.CONTENT_FILTER, null,
          promptFeedback(root), null));
    }
    String model = Json.text(root, "modelVersion");
    return new ChatResponse(ids.responseId(), model == null ? "" : model, created(root, clock),
        choices, usage(root.get("usageMetadata")), extras(root, MODELLED_TOP_FIELDS));
  }

  private static Choice choice(JsonNode candidate, int position, Ids ids) {
    List<ContentPart> content = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    ArrayNode other = null;
    for (JsonNode part : candidate.path("content").path("parts")) {
      String signature = signature(part);
      if (isThought(part)) {
        content.add(new ContentPart.Thinking(part.get("text").asText(), signature));
        continue;
      }
      if (signature != null) {
        content.add(new ContentPart.Thinking("", signature));
      }
      JsonNode text = part.get("text");
      JsonNode call = part.get("functionCall");
      if (text != null && text.isTextual()) {
        if (!text.asText().isEmpty()) {
          content.add(new ContentPart.Text(text.asText()));
        }
      } else if (call != null && call.isObject()) {
        calls.add(new ToolCall(ids.callId(Json.text(call, "id")), call.path("name").asText(),
            arguments(call.get("args"))));
      } else {
        if (other == null) {
          other = Json.MAPPER.createArrayNode();
        }
        other.add(part);
      }
    }
    ObjectNode extras = candidateExtras(candidate);
    if (other != null) {
      extras = extras == null ? Json.object() : extras;
      extras.set("parts", other);
    }
    String reason = Json.text(candidate, "finishReason");
    return new Choice(index(candidate, position), content, calls, null,
        reason == null ? null : finishReason(reason, !calls.isEmpty()), null, extras, null);
  }

  /** The candidate's index, or its position when Gemini leaves the field out (index 0). */
  static int index(JsonNode candidate, int position) {
    JsonNode i = candidate.get("index");
    return i != null && i.canConvertToInt() ? i.asInt() : position;
  }

  /** True for a thought-summary part: {@code {text, thought: true}}. */
  static boolean isThought(JsonNode part) {
    return part.path("thought").asBoolean(false) && part.path("text").isTextual();
  }

  /** The part's {@code thoughtSignature}, or null. */
  static @Nullable String signature(JsonNode part) {
    String s = Json.text(part, "thoughtSignature");
    return s == null || s.isEmpty() ? null : s;
  }

  /** Function-call arguments as compact JSON text ({@code {}} when Gemini sent none). */
  static String arguments(@Nullable JsonNode args) {
    return args == null || args.isNull() ? "{}" : Json.string(args);
  }

  /**
   * Maps a Gemini {@code finishReason}. STOP is {@link FinishReason#TOOL_CALLS} when the
   * candidate called functions (Gemini has no finish reason of its own for that); every reason
   * that means "blocked" (SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, LANGUAGE,
   * MODEL_ARMOR, the IMAGE_* safety reasons) is {@link FinishReason#CONTENT_FILTER}; the rest
   * (OTHER, MALFORMED_FUNCTION_CALL, TOO_MANY_TOOL_CALLS, …) read as STOP, the raw value staying in
   * the choice's extras.
   */
  static FinishReason finishReason(String gemini, boolean calledFunctions) {
    return switch (gemini) {
      case "MAX_TOKENS" -> FinishReason.LENGTH;
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "LANGUAGE",
          "MODEL_ARMOR", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" ->
          FinishReason.CONTENT_FILTER;
      default -> calledFunctions ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    };
  }

  /** The usage in {@code usageMetadata}, or null when absent. */
  static @Nullable Usage usage(@Nullable JsonNode meta) {
    if (meta == null || !meta.isObject()) {
      return null;
    }
    return Usage.fromGemini(Json.longValue(meta, "promptTokenCount", 0),
        Json.longValue(meta, "cachedContentTokenCount", 0),
        Json.longValue(meta, "toolUsePromptTokenCount", 0),
        Json.longValue(meta, "candidatesTokenCount", 0),
        Json.longValue(meta, "thoughtsTokenCount", 0));
  }

  /** True when {@code usageMetadata} holds token counts (not just {@code trafficType}). */
  static boolean hasCounts(@Nullable JsonNode meta) {
    if (meta == null || !meta.isObject()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : meta.properties()) {
      if (e.getKey().endsWith("TokenCount")) {
        return true;
      }
    }
    return false;
  }

  /** {@code promptFeedback.blockReason}, or null when the prompt was not blocked. */
  static @Nullable String blockReason(JsonNode root) {
    JsonNode feedback = root.get("promptFeedback");
    return feedback == null ? null : Json.text(feedback, "blockReason");
  }

  /** {@code {"promptFeedback": …}} for the choice that stands for a blocked prompt. */
  static @Nullable ObjectNode promptFeedback(JsonNode root) {
    JsonNode feedback = root.get("promptFeedback");
    if (feedback == null) {
      return null;
    }
    ObjectNode extras = Json.object();
    extras.set("promptFeedback", feedback);
    return extras;
  }

  /**
   * The candidate's unmodelled fields (everything but content and index; finishReason only when
   * its canonical form loses information), or null when there are none.
   */
  static @Nullable ObjectNode candidateExtras(JsonNode candidate) {
    ObjectNode extras = extras(candidate, MODELLED_CANDIDATE_FIELDS);
    if (extras != null) {
      String reason = Json.text(extras, "finishReason");
      if ("STOP".equals(reason) || "MAX_TOKENS".equals(reason)) {
        extras.remove("finishReason");
      }
    }
    return extras == null || extras.isEmpty() ? null : extras;
  }

  private static @Nullable ObjectNode extras(JsonNode node, Set<String> modelled) {
    ObjectNode extras = null;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!modelled.contains(e.getKey())) {
        if (extras == null) {
          extras = Json.object();
        }
        extras.set(e.getKey(), e.getValue());
      }
    }
    return extras;
  }

  /** Vertex's {@code createTime} in epoch seconds, else now. */
  static long created(JsonNode root, InstantSource clock) {
    String createTime = Json.text(root, "createTime");
    if (createTime != null) {
      try {
        return Instant.parse(createTime).getEpochSecond();
      } catch (RuntimeException e) {
        // not RFC 3339: fall back to the clock
      }
    }
    return clock.instant().getEpochSecond();
  }

  /** Parses a body; an unreadable one, or a Google error object in a 200 body, throws. */
  static JsonNode parse(byte[] body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw GatewayException.of(ErrorKind.UPSTREAM, "invalid_upstream_response",
          "Gemini answered with unreadable JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw GatewayException.of(ErrorKind.UPSTREAM, "invalid_upstream_response",
          "Gemini answered with something other than a JSON object");
    }
    JsonNode error = root.get("error");
    if (error != null && error.isObject()) {
      JsonNode code = error.get("code");
      int status = code != null && code.canConvertToInt() && code.asInt() >= 400 ? code.asInt()
          : 502;
      throw GoogleError.decode(status, MultiMap.caseInsensitiveMultiMap(), body);
    }
    return root;
  }
}
