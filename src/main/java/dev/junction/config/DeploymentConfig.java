package dev.junction.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One upstream deployment a model name can be served by: a provider, the upstream's model id, its
 * endpoint and key, and how to treat it.
 *
 * <ul>
 *   <li>{@code id}: stable name used in headers, metrics and the ledger (default {@code
 *       provider/model}, or {@code provider/model#n} when repeated);
 *   <li>{@code provider}: {@code openai}, {@code anthropic}, {@code gemini}, {@code simulator} or an
 *       OpenAI-compatible vendor name ({@code deepseek}, {@code moonshot}, {@code xai}, …);
 *   <li>{@code baseUrl}: what the vendor's own SDK takes as base URL; null for the provider's
 *       default;
 *   <li>{@code apiKey}: null for keyless upstreams (Ollama, vLLM, simulator);
 *   <li>{@code headers}: extra headers sent upstream;
 *   <li>{@code weight}, {@code priority}: load-balancing weight and tier (lower tiers first);
 *   <li>{@code options}: provider-specific settings (the simulator's behaviour, for instance);
 *   <li>{@code limits}: the vendor's own rate limits for this deployment's key ({@code limits:
 *       {rpm, tpm}}); calls are paced to stay within them ({@link Limits#NONE}: unlimited).
 * </ul>
 */
public record DeploymentConfig(
    String id,
    String provider,
    String model,
    @Nullable String baseUrl,
    @Nullable Secret apiKey,
    Map<String, String> headers,
    int weight,
    int priority,
    Timeouts timeouts,
    JsonNode options,
    Limits limits) {

  public static final int DEFAULT_WEIGHT = 1;
  public static final int DEFAULT_PRIORITY = 1;

  /**
   * A vendor's limits for one key: requests and tokens per minute, 0 for no limit. Validated:
   * {@code limits.rpm: -1 (expected: >= 0)}.
   */
  public record Limits(long rpm, long tpm) {

    /** No limit. */
    public static final Limits NONE = new Limits(0, 0);

    public Limits {
      if (rpm < 0) {
        throw new IllegalArgumentException("limits.rpm: " + rpm + " (expected: >= 0)");
      }
      if (tpm < 0) {
        throw new IllegalArgumentException("limits.tpm: " + tpm + " (expected: >= 0)");
      }
    }

    /** Whether any limit is set. */
    public boolean any() {
      return rpm > 0 || tpm > 0;
    }
  }

  /** A deployment without vendor limits. */
  public DeploymentConfig(String id, String provider, String model, @Nullable String baseUrl,
      @Nullable Secret apiKey, Map<String, String> headers, int weight, int priority,
      Timeouts timeouts, JsonNode options) {
    this(id, provider, model, baseUrl, apiKey, headers, weight, priority, timeouts, options,
        Limits.NONE);
  }

  public DeploymentConfig {
    requireNonNull(id, "id");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    headers = Map.copyOf(headers);
    requireNonNull(timeouts, "timeouts");
    requireNonNull(options, "options");
    requireNonNull(limits, "limits");
    if (weight < 0) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
    }
  }

  /** A deployment with default weight, priority, timeouts and no options. */
  public static DeploymentConfig of(String provider, String model, @Nullable String baseUrl,
      @Nullable Secret apiKey) {
    return new DeploymentConfig(provider + "/" + model, provider, model, baseUrl, apiKey,
        Map.of(), DEFAULT_WEIGHT, DEFAULT_PRIORITY, Timeouts.DEFAULTS,
        JsonNodeFactory.instance.objectNode());
  }

  /** The same deployment with other provider options. */
  public DeploymentConfig withOptions(JsonNode newOptions) {
    return new DeploymentConfig(id, provider, model, baseUrl, apiKey, headers, weight, priority,
        timeouts, newOptions, limits);
  }

  /** The same deployment with other vendor limits. */
  public DeploymentConfig withLimits(Limits newLimits) {
    return new DeploymentConfig(id, provider, model, baseUrl, apiKey, headers, weight, priority,
        timeouts, options, newLimits);
  }

  @Override
  public String toString() {
    return "Deployment[" + id + " " + provider + " " + model + " " + baseUrl + "]";
  }
}
