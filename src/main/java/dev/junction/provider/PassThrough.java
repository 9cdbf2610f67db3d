package dev.junction.provider;

import dev.junction.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import org.jspecify.annotations.Nullable;

/**
 * Forwarding of a client request that is already in the vendor's own format (an Anthropic client
 * talking to an Anthropic deployment): the body and the answer are relayed untouched, so nothing
 * the canonical model does not hold is lost (prompt-cache markers, thinking signatures, server
 * tools, citations, beta features). Retries, timeouts and cancellation work as for translated
 * calls; error answers fail the future with a decoded {@link GatewayException}.
 */
public interface PassThrough {

  /** A whole answer: status 2xx, the upstream's headers and body bytes. */
  record Answer(int status, MultiMap headers, byte[] body) {}

  /** Receives a relayed stream's events, exactly as the upstream framed them. */
  interface Sink {
    /** One SSE event: its name (null when absent) and its data bytes, untouched. */
    void onEvent(@Nullable String event, byte[] data);

    /** The upstream ended the stream. */
    void onComplete();

    /** The stream broke (connection lost, timeout). */
    void onError(GatewayException error);
  }

  /** A relayed stream whose upstream accepted the call; see {@link ChatStream} for the rules. */
  interface Stream {
    void start(Sink sink);

    void pause();

    void resume();

    void cancel();
  }

  /**
   * Sends {@code body} (the client's JSON with the model already set to the upstream's id);
   * {@code clientHeaders} are the client's headers, from which the vendor's protocol headers
   * (e.g. {@code anthropic-version}, {@code anthropic-beta}) are forwarded.
   */
  Future<Answer> call(byte[] body, MultiMap clientHeaders, CallContext ctx);

  /**
   * As {@link #call(byte[], MultiMap, CallContext)}, to another {@code operation} of the vendor's
   * API ({@code "count_tokens"}: Anthropic's {@code POST /v1/messages/count_tokens}); see {@link
   * WireCodec#passThroughCall(String, byte[], MultiMap, dev.junction.config.DeploymentConfig)}.
   * The default knows only the main (empty) operation.
   */
  default Future<Answer> call(String operation, byte[] body, MultiMap clientHeaders,
      CallContext ctx) {
    if (operation.isEmpty()) {
      return call(body, clientHeaders, ctx);
    }
    return Future.failedFuture(GatewayException.of(dev.junction.error.ErrorKind.NOT_FOUND,
        "operation_not_supported", "no pass-through operation '" + operation + "'"));
  }

  /** As {@link #call}, streamed. */
  Future<Stream> stream(byte[] body, MultiMap clientHeaders, CallContext ctx);
}
