package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's {@code error.type} values and the HTTP status each one comes with. An error sent
 * inside a 200 stream ({@code event: error}) carries only the type, so its status is recovered
 * from here.
 */
enum ErrorType {
  INVALID_REQUEST("invalid_request_error", 400),
  AUTHENTICATION("authentication_error", 401),
  BILLING("billing_error", 402),
  PERMISSION("permission_error", 403),
  NOT_FOUND("not_found_error", 404),
  REQUEST_TOO_LARGE("request_too_large", 413),
  RATE_LIMIT("rate_limit_error", 429),
  API("api_error", 500),
  TIMEOUT("timeout_error", 504),
  OVERLOADED("overloaded_error", 529);

  private final String wire;
  private final int status;

  ErrorType(String wire, int status) {
    this.wire = wire;
    this.status = status;
  }

  /** The HTTP status Anthropic answers this error type with. */
  int status() {
    return status;
  }

  /** The type named {@code wire}; unknown types read as {@link #API} (a 500). */
  static ErrorType of(@Nullable String wire) {
    for (ErrorType t : values()) {
      if (t.wire.equals(wire)) {
        return t;
      }
    }
    return API;
  }

  /** The exception for an error object {@code {"type":…,"message":…}} sent inside a stream. */
  static GatewayException inStream(JsonNode error) {
    String type = Json.text(error, "type");
    String message = Json.text(error, "message");
    return GatewayException.upstream(of(type).status(), type,
        message == null ? "upstream stream error" : message, -1);
  }
}
