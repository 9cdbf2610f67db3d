package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.FinishReason;
import dev.junction.error.GatewayException;
import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.PriceCatalogue;
import dev.junction.provider.Upstream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which model stands in for another, and when:
 *
 * <ul>
 *   <li>{@link #onExhausted}: the model's retries are used up ({@code routing.fallbacks});
 *   <li>{@link #forContextWindow}: the prompt, counted before sending, does not fit the model's
 *       context window: the first model of {@code routing.context-window-fallbacks} it fits;
 *   <li>{@link #onContentPolicy}: the vendor refused on content policy ({@link
 *       #isContentPolicy(GatewayException)}, {@link #isContentPolicy(ChatResponse)}) ({@code
 *       routing.content-policy-fallbacks}).
 * </ul>
 *
 * <p>A model's context window is {@code routing.context-windows[model]}, else the smallest
 * {@code maxInputTokens} the price catalogue knows among the route's deployments (the prompt must
 * fit wherever it lands), else unknown, and an unknown window fits everything. Immutable and
 * thread-safe.
 */
public final class Fallbacks {

  /** Vendor error codes meaning "refused on content policy". */
  private static final Set<String> CONTENT_POLICY_CODES = Set.of("content_policy_violation",
      "content_filter", "content_filtered", "responsible_ai_policy_violation", "safety",
      "prohibited_content", "blocked_content");

  /** Vendor messages (lower case) meaning "the prompt exceeds the context window". */
  private static final List<String> CONTEXT_MESSAGES = List.of("maximum context length",
      "prompt is too long", "exceeds the maximum number of tokens", "context window",
      "context length", "too many tokens", "input is too long");

  private final RoutingConfig config;
  private final Map<String, Long> windows;

  private Fallbacks(RoutingConfig config, Map<String, Long> windows) {
    this.config = config;
    this.windows = Map.copyOf(windows);
  }

  /** Fallbacks with context windows from the config only. */
  public static Fallbacks create(RoutingConfig config) {
    return new Fallbacks(requireNonNull(config, "config"), config.contextWindows());
  }

  /**
   * Fallbacks with context windows from the config, and for the routes it leaves out, from
   * {@code catalogue} (the smallest known window among each route's deployments).
   */
  public static Fallbacks create(RoutingConfig config, Router router, PriceCatalogue catalogue) {
    requireNonNull(config, "config");
    Map<String, Long> windows = new HashMap<>();
    for (Route r : requireNonNull(router, "router").routes()) {
      long min = Long.MAX_VALUE;
      for (Upstream u : r.upstreams()) {
        Optional<ModelPrice> p =
            catalogue.lookup(u.deployment().provider(), u.deployment().model());
        if (p.isPresent() && p.get().maxInputTokens() != null) {
          min = Math.min(min, p.get().maxInputTokens());
        }
      }
      if (min != Long.MAX_VALUE) {
        windows.put(r.name(), min);
      }
    }
    windows.putAll(config.contextWindows());
    return new Fallbacks(config, windows);
  }

  /** The models to try, in order, once {@code model}'s retries are exhausted. */
  public List<String> onExhausted(String model) {
    return config.fallbacks().getOrDefault(model, List.of());
  }

  /** The models to try, in order, when {@code model} refused on content policy. */
  public List<String> onContentPolicy(String model) {
    return config.contentPolicyFallbacks().getOrDefault(model, List.of());
  }

  /** The configured context-window fallbacks of {@code model}, in order. */
  public List<String> onContextWindow(String model) {
    return config.contextWindowFallbacks().getOrDefault(model, List.of());
  }

  /** {@code model}'s context window in tokens, if known. */
  public OptionalLong contextWindow(String model) {
    Long w = windows.get(model);
    return w == null ? OptionalLong.empty() : OptionalLong.of(w);
  }

  /** Whether a prompt of {@code promptTokens} fits {@code model}; unknown counts (-1) fit. */
  public boolean fits(String model, long promptTokens) {
    OptionalLong w = contextWindow(model);
    return promptTokens < 0 || w.isEmpty() || promptTokens <= w.getAsLong();
  }

  /**
   * Where a prompt of {@code promptTokens} should go instead of {@code model} when it does not
   * fit: the first context-window fallback it fits. Empty when it fits {@code model}, or when no
   * fallback fits (then the call goes to {@code model} and the vendor has the last word).
   */
  public Optional<String> forContextWindow(String model, long promptTokens) {
    if (fits(model, promptTokens)) {
      return Optional.empty();
    }
    for (String m : onContextWindow(model)) {
      if (fits(m, promptTokens)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a vendor error is a content-policy refusal: codes {@code content_policy_violation}
   * (OpenAI), {@code content_filter} (Azure), {@code SAFETY}/{@code PROHIBITED_CONTENT}
   * (Gemini) and the like.
   */
  public static boolean isContentPolicy(GatewayException e) {
    String code = e.code();
    return !e.retryable() && code != null
        && CONTENT_POLICY_CODES.contains(code.toLowerCase(Locale.ROOT));
  }

  /** Whether an answer was cut by a content filter (a choice finished {@code CONTENT_FILTER}). */
  public static boolean isContentPolicy(ChatResponse response) {
    for (Choice c : response.choices()) {
      if (c.finishReason() == FinishReason.CONTENT_FILTER) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a vendor error says the prompt exceeds the context window: code {@code
   * context_length_exceeded}, or the vendors' messages ("maximum context length", Anthropic's
   * "prompt is too long", Gemini's "exceeds the maximum number of tokens").
   */
  public static boolean isContextWindowExceeded(GatewayException e) {
    if (e.retryable()) {
      return false;
    }
    if ("context_length_exceeded".equals(e.code())) {
      return true;
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    for (String s : CONTEXT_MESSAGES) {
      if (m.contains(s)) {
        return true;
      }
    }
    return false;
  }
}
