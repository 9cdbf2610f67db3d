package dev.junction.error;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A failure to tell the client about. Carries the {@link ErrorKind}, a machine-readable {@code
 * code} (e.g. {@code model_not_found}, {@code budget_exceeded}), the offending {@code param} if
 * any, and for upstream failures what the upstream said.
 *
 * <p>{@code status} is normally {@code kind.status()}; an upstream 4xx that the request caused is
 * passed on with the upstream's own status. {@code retryAfterMillis} is the wait the vendor asked
 * for (from {@code Retry-After}, {@code retry-after-ms} or rate-limit reset headers), or -1.
 * {@code retryable} says whether another attempt (maybe elsewhere) could succeed.
 *
 * <p>Messages never contain credentials. Stack traces are not filled in: these are expected
 * outcomes, and they are created on hot paths. Immutable.
 */
public final class GatewayException extends RuntimeException {

  private final ErrorKind kind;
  private final int status;
  private final @Nullable String code;
  private final @Nullable String param;
  private final boolean retryable;
  private final long retryAfterMillis;
  private final int upstreamStatus;

  private GatewayException(ErrorKind kind, int status, @Nullable String code, String message,
      @Nullable String param, boolean retryable, long retryAfterMillis, int upstreamStatus,
      @Nullable Throwable cause) {
    super(message, cause, false, false);
    this.kind = requireNonNull(kind, "kind");
    this.status = status;
    this.code = code;
    this.param = param;
    this.retryable = retryable;
    this.retryAfterMillis = retryAfterMillis;
    this.upstreamStatus = upstreamStatus;
  }

  /** A gateway-side error with the kind's status. */
  public static GatewayException of(ErrorKind kind, @Nullable String code, String message) {
    return new GatewayException(kind, kind.status(), code, message, null, false, -1, 0, null);
  }

  /**
   * A gateway-side refusal with the kind's status that tells the client when to try again
   * ({@code retryAfterMillis}, -1 for no advice): the gateway's own rate limits and budgets.
   */
  public static GatewayException of(ErrorKind kind, @Nullable String code, String message,
      long retryAfterMillis) {
    return new GatewayException(kind, kind.status(), code, message, null, false,
        retryAfterMillis, 0, null);
  }

  /** A 400 about one request parameter. */
  public static GatewayException invalid(@Nullable String param, String message) {
    return new GatewayException(ErrorKind.INVALID_REQUEST, 400, null, message, param, false, -1,
        0, null);
  }

  /**
   * What an upstream answered with an error status. 408, 409, 429 and 5xx (and Anthropic's 529)
   * are retryable; 401 and 403 are the deployment's credentials failing ({@link #upstreamAuth});
   * other 4xx are the request's fault and are passed on with the upstream status. Key-like text
   * in the vendor's message is redacted.
   */
  public static GatewayException upstream(int upstreamStatus, @Nullable String code,
      String message, long retryAfterMillis) {
    message = Redaction.redact(message);
    if (upstreamStatus == 401 || upstreamStatus == 403) {
      return upstreamAuth(upstreamStatus, code == null ? "" : ", " + code, message);
    }
    ErrorKind kind = ErrorKind.fromStatus(upstreamStatus);
    boolean retryable = upstreamStatus == 408 || upstreamStatus == 409 || upstreamStatus == 429
        || upstreamStatus >= 500;
    int status = retryable ? kind.status() : upstreamStatus;
    return new GatewayException(kind, status, code, message, null, retryable, retryAfterMillis,
        upstreamStatus, null);
  }

  /**
   * The upstream refused the deployment's own credentials (its 401/403). The client's request is
   * not at fault, so this is a 502 ({@code upstream_auth_error}), retryable on another
   * deployment; the message names the deployment, never the key.
   */
  public static GatewayException upstreamAuth(int upstreamStatus, String vendorCode,
      String vendorMessage) {
    return new GatewayException(ErrorKind.UPSTREAM, 502, "upstream_auth_error",
        "the upstream rejected the gateway's credentials (HTTP " + upstreamStatus + vendorCode
            + "): " + Redaction.redact(vendorMessage), null, true, -1, upstreamStatus, null);
  }

  /** The upstream could not be reached or broke the connection. Retryable. */
  public static GatewayException connection(String message, @Nullable Throwable cause) {
    return new GatewayException(ErrorKind.UPSTREAM, 502, "upstream_connection_error", message,
        null, true, -1, 0, cause);
  }

  /** The upstream did not answer within {@code what}'s time limit. Retryable. */
  public static GatewayException timeout(String what) {
    return new GatewayException(ErrorKind.TIMEOUT, 504, "upstream_timeout", what, null, true, -1,
        0, null);
  }

  /** An unexpected failure inside the gateway. */
  public static GatewayException internal(String message, @Nullable Throwable cause) {
    return new GatewayException(ErrorKind.INTERNAL, 500, "internal_error", message, null, false,
        -1, 0, cause);
  }

  /** Wraps any throwable, keeping a {@code GatewayException} as it is. */
  public static GatewayException wrap(Throwable t) {
    if (t instanceof GatewayException g) {
      return g;
    }
    return internal(t.getClass().getSimpleName()
        + (t.getMessage() == null ? "" : ": " + t.getMessage()), t);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** HTTP status to answer with. */
  public int status() {
    return status;
  }

  public @Nullable String code() {
    return code;
  }

  public @Nullable String param() {
    return param;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The wait the upstream asked for in milliseconds, or -1. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /** The upstream's HTTP status, or 0 when the error did not come from an upstream answer. */
  public int upstreamStatus() {
    return upstreamStatus;
  }
}
