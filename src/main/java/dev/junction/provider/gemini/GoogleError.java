package dev.junction.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.UpstreamErrors;
import io.vertx.core.MultiMap;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads Google's error model, {@code {"error":{"code","message","status","details":[…]}}}, on
 * top of {@link UpstreamErrors} (which takes the message and the wait: {@code Retry-After}
 * headers or a {@code google.rpc.RetryInfo.retryDelay} such as {@code "34.4s"}).
 *
 * <p>The error's code is the most specific name Google gives: an {@code ErrorInfo.reason} ({@code
 * API_KEY_INVALID}, {@code CREDENTIALS_MISSING}), else the canonical {@code status} ({@code
 * RESOURCE_EXHAUSTED}, {@code NOT_FOUND}), never the bare number. A rejected API key, which
 * Gemini answers with 400 INVALID_ARGUMENT, is reported as the 401 it means, so that it reads as
 * the deployment's credential problem and not as a fault in the client's request. Stateless.
 */
final class GoogleError {

  private GoogleError() {}

  /** The exception for an error answer with HTTP {@code status}. */
  static GatewayException decode(int status, MultiMap headers, byte[] body) {
    GatewayException generic = UpstreamErrors.decode(status, headers, body);
    JsonNode error = error(body);
    if (error == null) {
      return generic;
    }
    String reason = null;
    for (JsonNode d : error.path("details")) {
      String type = Json.text(d, "@type");
      if (type != null && type.endsWith("google.rpc.ErrorInfo")) {
        reason = Json.text(d, "reason");
        break;
      }
    }
    String code = reason != null ? reason : Json.text(error, "status");
    int effective = "API_KEY_INVALID".equals(reason) && status == 400 ? 401 : status;
    if (code == null && effective == status) {
      return generic;
    }
    return GatewayException.upstream(effective, code != null ? code : generic.code(),
        generic.getMessage(), generic.retryAfterMillis());
  }

  private static @Nullable JsonNode error(byte[] body) {
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      JsonNode error = root == null ? null : root.get("error");
      return error != null && error.isObject() ? error : null;
    } catch (IOException e) {
      return null;
    }
  }
}
