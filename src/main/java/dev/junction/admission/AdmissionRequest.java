package dev.junction.admission;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.ChatRequest;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.ratelimit.Priority;
import dev.junction.tokens.TokenCount;
import org.jspecify.annotations.Nullable;

/**
 * What the enforcement point needs to know about a request before it is routed.
 *
 * <ul>
 *   <li>{@code secret}: the credential presented ({@code Authorization: Bearer …} or {@code
 *       x-api-key}), null when none;
 *   <li>{@code model}: the model name the client asked for;
 *   <li>{@code inputTokens}: the counted prompt ({@link TokenCount#promptBound});
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

  /**
   * A chat request (either dialect): counted input, and as output cap {@code max_tokens} times
   * the number of choices {@code n} (each choice may use the whole cap); no cap when the request
   * sets none. {@code priorityHeader} is the raw {@code x-junction-priority} value, or null.
   */
  public static AdmissionRequest chat(@Nullable String secret, ChatRequest request,
      @Nullable String priorityHeader) {
    requireNonNull(request, "request");
    Integer max = request.maxTokens();
    long choices = request.n() == null ? 1 : Math.max(1, request.n());
    return new AdmissionRequest(secret, request.model(), TokenCount.promptBound(request),
        max == null ? null : max * choices, priority(priorityHeader));
  }

  /** An embeddings request: counted input, no output. */
  public static AdmissionRequest embeddings(@Nullable String secret, EmbeddingRequest request,
      @Nullable String priorityHeader) {
    requireNonNull(request, "request");
    return new AdmissionRequest(secret, request.model(), TokenCount.embeddingsBound(request), 0L,
        priority(priorityHeader));
  }

  private static @Nullable Priority priority(@Nullable String header) {
    return header == null ? null : Priority.parse(header).orElse(null);
  }

  /**
   * The credential a client presented: the token of {@code Authorization: Bearer <token>}
   * (OpenAI dialect), else {@code x-api-key} (Anthropic dialect), else null.
   */
  public static @Nullable String credential(@Nullable String authorization,
      @Nullable String apiKey) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      if (!token.isEmpty()) {
        return token;
      }
    }
    return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
  }
}
