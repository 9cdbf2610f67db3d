package dev.junction.error;

/**
 * The kinds of failure a client can be told about, with their HTTP status and their names in the
 * OpenAI and Anthropic error objects.
 */
public enum ErrorKind {
  INVALID_REQUEST(400, "invalid_request_error", "invalid_request_error"),
  AUTHENTICATION(401, "authentication_error", "authentication_error"),
  PERMISSION(403, "permission_error", "permission_error"),
  NOT_FOUND(404, "invalid_request_error", "not_found_error"),
  REQUEST_TOO_LARGE(413, "invalid_request_error", "request_too_large"),
  RATE_LIMITED(429, "rate_limit_error", "rate_limit_error"),
  /** The gateway's own failure. */
  INTERNAL(500, "server_error", "api_error"),
  /** An upstream answered with an error or garbage. */
  UPSTREAM(502, "upstream_error", "api_error"),
  /** Every upstream is unavailable (breakers open, overloaded). */
  UNAVAILABLE(503, "server_error", "overloaded_error"),
  /** An upstream did not answer in time. */
  TIMEOUT(504, "timeout_error", "timeout_error");

  private final int status;
  private final String openAiType;
  private final String anthropicType;

  ErrorKind(int status, String openAiType, String anthropicType) {
    this.status = status;
    this.openAiType = openAiType;
    this.anthropicType = anthropicType;
  }

  /** The HTTP status this kind is answered with. */
  public int status() {
    return status;
  }

  /** {@code error.type} in an OpenAI error object. */
  public String openAiType() {
    return openAiType;
  }

  /** {@code error.type} in an Anthropic error object. */
  public String anthropicType() {
    return anthropicType;
  }

  /** The kind an upstream HTTP status maps to when the upstream's error is passed on. */
  public static ErrorKind fromStatus(int status) {
    return switch (status) {
      case 400, 409, 422 -> INVALID_REQUEST;
      case 401 -> AUTHENTICATION;
      case 403 -> PERMISSION;
      case 404 -> NOT_FOUND;
      case 413 -> REQUEST_TOO_LARGE;
      case 429 -> RATE_LIMITED;
      case 408, 504 -> TIMEOUT;
      case 503, 529 -> UNAVAILABLE;
      default -> status >= 500 ? UPSTREAM : INVALID_REQUEST;
    };
  }
}
