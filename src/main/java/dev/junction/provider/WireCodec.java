package dev.junction.provider;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.config.DeploymentConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import io.vertx.core.MultiMap;

/**
 * How one vendor's HTTP API is spoken. A codec is stateless and thread-safe; per-stream state
 * lives in the {@link StreamDecoder} it creates. Decoders throw {@link GatewayException} (kind
 * {@link ErrorKind#UPSTREAM}) for bodies they cannot read.
 */
public interface WireCodec {

  /**
   * The HTTP call for {@code request}, whose {@code model} is already the upstream's model id.
   * Streams when {@code request.stream()} is true.
   */
  HttpCall chatCall(ChatRequest request, DeploymentConfig deployment);

  /** Reads a successful non-streamed answer. */
  ChatResponse decodeChat(byte[] body);

  /** A fresh decoder for one streamed answer to {@code request}. */
  StreamDecoder streamDecoder(ChatRequest request);

  /** Reads an error answer (status >= 400). */
  default GatewayException decodeError(int status, MultiMap headers, byte[] body) {
    return UpstreamErrors.decode(status, headers, body);
  }

  /** The HTTP call for an embedding request; vendors without embeddings refuse. */
  default HttpCall embeddingCall(EmbeddingRequest request, DeploymentConfig deployment) {
    throw GatewayException.of(ErrorKind.INVALID_REQUEST, "embeddings_not_supported",
        "provider '" + deployment.provider() + "' does not serve embeddings");
  }

  /** Reads a successful embedding answer. */
  default EmbeddingResponse decodeEmbeddings(byte[] body) {
    throw new UnsupportedOperationException("embeddings");
  }

  /**
   * The wire format this codec can relay untouched ({@code "anthropic"}, …), or null when it only
   * translates. See {@link PassThrough}.
   */
  default @org.jspecify.annotations.Nullable String passThroughFormat() {
    return null;
  }

  /**
   * The HTTP call that relays a client body already in {@link #passThroughFormat()}; {@code
   * clientHeaders} supply the protocol headers to forward. Only called when that format is set.
   */
  default HttpCall passThroughCall(byte[] body, MultiMap clientHeaders,
      DeploymentConfig deployment) {
    throw new UnsupportedOperationException("pass-through");
  }

  /**
   * As {@link #passThroughCall(byte[], MultiMap, DeploymentConfig)}, to another {@code operation}
   * of the same API, named as the vendor names it ({@code "count_tokens"} for Anthropic's {@code
   * POST /v1/messages/count_tokens}); the empty operation is the main one. Codecs refuse
   * operations they do not know with a 404 {@link GatewayException}.
   */
  default HttpCall passThroughCall(String operation, byte[] body, MultiMap clientHeaders,
      DeploymentConfig deployment) {
    if (operation.isEmpty()) {
      return passThroughCall(body, clientHeaders, deployment);
    }
    throw GatewayException.of(ErrorKind.NOT_FOUND, "operation_not_supported",
        "provider '" + deployment.provider() + "' has no pass-through operation '" + operation
            + "'");
  }

  /** True when the stream body is newline-delimited JSON rather than SSE. */
  default boolean ndjsonStream() {
    return false;
  }
}
