package dev.junction.provider.anthropic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Usage;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * The Anthropic Messages API as clients speak it: requests read into the canonical model, answers
 * and errors written back. For streamed answers see {@link AnthropicStreamEncoder}.
 *
 * <p>Reading is strict where Anthropic is ({@code model}, {@code max_tokens} and {@code messages}
 * are required; malformed content is a 400 naming the offending parameter) and lossless where the
 * canonical model allows: fields it does not model are kept in {@code ChatRequest.extras()} under
 * {@value #EXTRAS_KEY} and given back to Anthropic upstreams unchanged. Writing uses the original
 * Anthropic content blocks when the answer came from Anthropic and carried blocks the canonical
 * model lacks ({@value #CONTENT_KEY}).
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class AnthropicDialect {

  /**
   * Key in {@code ChatRequest.extras()} of an object holding Anthropic-only request fields (server
   * tools under {@code tools}, top-level {@code cache_control}, {@code thinking} of types other
   * than enabled/disabled, {@code output_config} without {@code format}, {@code service_tier},
   * …). The Anthropic codec merges them into the upstream body; other adapters must ignore this
   * key.
   */
  public static final String EXTRAS_KEY = "anthropic";

  /**
   * Key in {@code Choice.messageExtras()} and {@code ChoiceDelta.extras()} of an array of
   * Anthropic content blocks the canonical model does not hold (server tool use and results,
   * cited text). In a {@code Choice} it is the answer's complete original content array.
   */
  public static final String CONTENT_KEY = "anthropic_content";

  /**
   * The pass-through operation of {@code POST /v1/messages/count_tokens} (see {@link
   * dev.junction.provider.PassThrough#call(String, byte[], io.vertx.core.MultiMap,
   * dev.junction.provider.CallContext)}).
   */
  public static final String COUNT_TOKENS = AnthropicCodec.COUNT_TOKENS;

  private AnthropicDialect() {}

  /**
   * Reads a Messages request body.
   *
   * @throws GatewayException a 400 for malformed JSON or a request Anthropic would refuse
   */
  public static ChatRequest readRequest(byte[] body) {
    requireNonNull(body, "body");
    return RequestReader.read(Json.parseObject(body));
  }

  /**
   * Reads a parsed Messages request body.
   *
   * @throws GatewayException a 400 naming the offending parameter
   */
  public static ChatRequest readRequest(JsonNode body) {
    requireNonNull(body, "body");
    return RequestReader.read(body);
  }

  /**
   * Reads a {@code count_tokens} request body: a Messages request without {@code max_tokens}
   * (which it does not take; a placeholder of 1 stands in for reading).
   *
   * @throws GatewayException a 400 naming the offending parameter
   */
  public static ChatRequest readCountTokensRequest(JsonNode body) {
    requireNonNull(body, "body");
    if (body instanceof ObjectNode o && !o.has("max_tokens")) {
      ObjectNode copy = o.deepCopy();
      copy.put("max_tokens", 1);
      return RequestReader.read(copy);
    }
    return RequestReader.read(body);
  }

  /**
   * The usage of a whole Messages response body as an Anthropic upstream sent it, normalised;
   * null when it has none.
   */
  public static @Nullable Usage responseUsage(byte[] body) {
    requireNonNull(body, "body");
    return WireUsage.ofBody(body);
  }

  /** Writes a canonical answer as a Messages response body (choice 0; others are dropped). */
  public static ObjectNode writeResponse(ChatResponse response) {
    requireNonNull(response, "response");
    return ResponseWriter.write(response);
  }

  /** The Anthropic error body {@code {"type":"error","error":{"type","message"}}} for {@code e}. */
  public static ObjectNode errorBody(GatewayException e) {
    requireNonNull(e, "e");
    ObjectNode o = Json.object().put("type", "error");
    o.putObject("error").put("type", e.kind().anthropicType())
        .put("message", e.getMessage() == null ? e.kind().anthropicType() : e.getMessage());
    return o;
  }

  /**
   * As {@link #errorBody(GatewayException)}, with the top-level {@code request_id} Anthropic adds
   * to error answers.
   */
  public static ObjectNode errorBody(GatewayException e, String requestId) {
    requireNonNull(requestId, "requestId");
    return errorBody(e).put("request_id", requestId);
  }
}
