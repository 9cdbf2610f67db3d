package dev.junction.gateway;

import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.anthropic.AnthropicDialect;
import dev.junction.provider.openai.OpenAiResponseWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * How a front answers with an error: the status it uses and the body it writes. The OpenAI front
 * passes the gateway's statuses on as they are; the Anthropic front uses only the statuses
 * Anthropic does ({@code 500 api_error} for a failed upstream, {@code 504 timeout_error} for a
 * silent one, {@code 529 overloaded_error} when every upstream is overloaded) and adds the {@code
 * request_id} Anthropic puts in its error bodies. Stateless.
 */
enum ErrorFormat {

  /** {@code {"error":{"message","type","param","code"}}}. */
  OPENAI {
    @Override
    int status(GatewayException e) {
      return e.status();
    }

    @Override
    byte[] body(GatewayException e, String requestId) {
      return OpenAiResponseWriter.error(e);
    }
  },

  /** {@code {"type":"error","error":{"type","message"},"request_id"}}. */
  ANTHROPIC {
    @Override
    int status(GatewayException e) {
      return switch (e.kind()) {
        case UNAVAILABLE -> 529;
        case UPSTREAM, INTERNAL -> 500;
        default -> e.status();
      };
    }

    @Override
    byte[] body(GatewayException e, String requestId) {
      return Json.bytes(AnthropicDialect.errorBody(e, requestId));
    }
  };

  /** The HTTP status {@code e} is answered with. */
  abstract int status(GatewayException e);

  /** The error body for {@code e}. */
  abstract byte[] body(GatewayException e, String requestId);

  /** Answers with {@code e} and its status, unless the response was already sent. */
  void send(HttpServerResponse response, GatewayException e) {
    send(response, e, status(e));
  }

  /**
   * Answers with {@code e} and {@code status}, unless the response was already sent: with {@code
   * retry-after} when the upstream asked for a wait and the status invites a retry, and with the
   * request id (the exchange's, or a new one for requests refused before they became one).
   */
  void send(HttpServerResponse response, GatewayException e, int status) {
    if (response.ended() || response.closed()) {
      return;
    }
    String id = response.headers().get("x-request-id");
    if (id == null) {
      id = Exchange.newId();
      response.putHeader("x-request-id", id);
    }
    if (this == ANTHROPIC) {
      response.putHeader("request-id", id);
    }
    if (e.retryAfterMillis() >= 0 && (status == 429 || status == 503 || status == 529)) {
      response.putHeader("retry-after", Long.toString((e.retryAfterMillis() + 999) / 1000));
    }
    response.setStatusCode(status).putHeader("content-type", "application/json")
        .end(Buffer.buffer(body(e, id)));
  }
}
