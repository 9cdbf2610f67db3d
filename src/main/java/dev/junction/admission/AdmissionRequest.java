package dev.junction.admission;

import static java.util.Objects.requireNonNull;

import dev.junction.ratelimit.Priority;
import org.jspecify.annotations.Nullable;

/**
 * What the enforcement point needs to know about a request before it is routed.
 *
 * <ul>
 *   <li>{@code secret}: the credential presented ({@code Authorization: Bearer …} or {@code
 *       x-api-key}), null when none;
 *   <li>{@code model}: the model name the client asked for;
 *   <li>{@code inputTokens}: the counted prompt ({@link TokenEstimate});
 *   <li>{@code maxOutputTokens}: the output cap the request sets, null when it sets none;
 *   <li>{@code priority}: from {@code x-junction-priority}, null to use the key's default.
 * </ul>
 *
 * Immutable.
 */
public record AdmissionRequest(@Nullable String secret, String model, long inputTokens,
    @Nullable Long maxOutputTokens, @Nullable Priority priority) {

  public AdmissionRequest {
    requireNonNull(model, "model");
    if (inputTokens < 0) {
      throw new IllegalArgumentException("inputTokens must be >= 0: " + inputTokens);
    }
  }
}
