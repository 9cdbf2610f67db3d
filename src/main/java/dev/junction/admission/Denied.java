package dev.junction.admission;

import static java.util.Objects.requireNonNull;

import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import java.util.Map;

/**
 * A request refused at the enforcement point, dialect-neutral: each front renders {@link
 * #toException()} as its own error object (OpenAI {@code error.type}/{@code error.code},
 * Anthropic {@code error.type}) and adds {@link #headers()} to the response.
 *
 * <ul>
 *   <li>{@code kind}: which check refused (its HTTP status and error kind);
 *   <li>{@code code}: {@code invalid_api_key}, {@code model_not_allowed}, {@code
 *       model_unpriced}, {@code budget_exceeded} or {@code rate_limit_exceeded};
 *   <li>{@code retryAfterMillis}: -1 when retrying cannot help;
 *   <li>{@code headers}: {@code retry-after}, {@code retry-after-ms}, {@code x-ratelimit-*},
 *       and {@code x-should-retry: false} on budget refusals (SDKs that retry 429s read it).
 * </ul>
 *
 * Immutable.
 */
public record Denied(Kind kind, String code, String message, long retryAfterMillis,
    Map<String, String> headers) implements Decision {

  /** Which check refused. */
  public enum Kind {
    /** No, unknown or revoked key: 401. */
    AUTHENTICATION(ErrorKind.AUTHENTICATION),
    /** The key may not use this model, or the model cannot be priced for its budget: 403. */
    PERMISSION(ErrorKind.PERMISSION),
    /** A hard budget cannot take the call's worst case: 429 {@code budget_exceeded}. */
    BUDGET(ErrorKind.RATE_LIMITED),
    /** RPM, TPM or concurrency: 429 {@code rate_limit_exceeded}. */
    RATE(ErrorKind.RATE_LIMITED);

    private final ErrorKind errorKind;

    Kind(ErrorKind errorKind) {
      this.errorKind = errorKind;
    }

    /** The error kind the fronts render. */
    public ErrorKind errorKind() {
      return errorKind;
    }
  }

  public Denied {
    requireNonNull(kind, "kind");
    requireNonNull(code, "code");
    requireNonNull(message, "message");
    headers = Map.copyOf(headers);
  }

  /** The HTTP status. */
  public int status() {
    return kind.errorKind().status();
  }

  /** The refusal as the exception both fronts already know how to render. */
  public GatewayException toException() {
    return GatewayException.of(kind.errorKind(), code, message, retryAfterMillis);
  }
}
