package dev.junction.provider.anthropic;

import static java.util.Objects.requireNonNull;

import dev.junction.config.DeploymentConfig;
import dev.junction.provider.Provider;
import dev.junction.provider.ProviderContext;
import dev.junction.provider.Upstream;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The Anthropic Messages API ({@code provider: anthropic}). Deployments need an API key unless
 * they name their own base URL (a proxy may authenticate through the deployment's headers).
 * Requests go to {@code {baseUrl}/v1/messages}, {@code baseUrl} being what the Anthropic SDKs take
 * as base URL (default {@value #DEFAULT_BASE_URL}).
 *
 * <p>Stateless and thread-safe. The public no-argument constructor lets a {@link
 * java.util.ServiceLoader} create it.
 */
public final class AnthropicProvider implements Provider {

  /** The name deployments use. */
  public static final String NAME = "anthropic";

  /** Where requests go when a deployment names no base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  /** The {@code anthropic-version} header sent with every request. */
  public static final String API_VERSION = "2023-06-01";

  /** Creates the provider. */
  public AnthropicProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public @Nullable String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public Upstream create(DeploymentConfig deployment, ProviderContext context) {
    requireNonNull(deployment, "deployment");
    requireNonNull(context, "context");
    String base = deployment.baseUrl();
    if (base == null && deployment.apiKey() == null) {
      throw new IllegalArgumentException("deployment '" + deployment.id()
          + "': api-key is missing (expected: an Anthropic API key, or a base-url of a proxy "
          + "that needs none)");
    }
    if (base != null && !isHttpUrl(base)) {
      throw new IllegalArgumentException("deployment '" + deployment.id() + "': base-url '"
          + base + "' is not an http(s) URL (expected e.g. " + DEFAULT_BASE_URL + ")");
    }
    return Upstream.http(deployment, new AnthropicCodec(context.clock()), context);
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI u = URI.create(s);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
