package dev.junction.provider;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.config.DeploymentConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import io.vertx.core.Future;

/**
 * A live connection to one deployment. Thread-safe: one instance serves every request routed to
 * its deployment. Failures complete the futures with a {@link GatewayException} (upstream error
 * statuses, connection errors and timeouts alike), whose {@code retryable()} tells the router
 * whether another attempt could help.
 *
 * <p>{@code request.model()} is the name the client used; the upstream substitutes its own model
 * id.
 */
public interface Upstream {

  /** The deployment this upstream serves. */
  DeploymentConfig deployment();

  /** A whole answer. Cancelling {@code ctx} aborts the call. */
  Future<ChatResponse> chat(ChatRequest request, CallContext ctx);

  /**
   * A streamed answer: completes once the upstream has accepted the call, before any event is
   * read. Cancelling {@code ctx} aborts the call at any point.
   */
  Future<ChatStream> stream(ChatRequest request, CallContext ctx);

  /** Embeddings; the default refuses. */
  default Future<EmbeddingResponse> embed(EmbeddingRequest request, CallContext ctx) {
    return Future.failedFuture(GatewayException.of(ErrorKind.INVALID_REQUEST,
        "embeddings_not_supported", "model '" + request.model() + "' does not serve embeddings"));
  }

  /**
   * Untouched relaying for clients that already speak this deployment's wire {@code format}
   * ({@code "anthropic"}), when the upstream supports it.
   */
  default java.util.Optional<PassThrough> passThrough(String format) {
    return java.util.Optional.empty();
  }

  /** An upstream that speaks HTTP through {@code codec}, with pooling and timeouts. */
  static Upstream http(DeploymentConfig deployment, WireCodec codec, ProviderContext context) {
    return new HttpUpstream(deployment, codec, context);
  }
}
