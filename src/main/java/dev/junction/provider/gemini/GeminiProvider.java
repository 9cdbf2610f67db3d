package dev.junction.provider.gemini;

import static java.util.Objects.requireNonNull;

import dev.junction.config.DeploymentConfig;
import dev.junction.provider.Provider;
import dev.junction.provider.ProviderContext;
import dev.junction.provider.Upstream;
import java.util.Locale;

/**
 * Google Gemini through its native Generative Language API (v1beta): {@code generateContent},
 * {@code streamGenerateContent?alt=sse} and {@code batchEmbedContents}, authenticated with the
 * deployment's key in the {@code x-goog-api-key} header, the deployment's extra headers added.
 *
 * <pre>{@code
 * deployments:
 *   - provider: gemini
 *     model: gemini-2.5-flash          # or models/gemini-2.5-flash, tunedModels/…
 *     api-key: ${GEMINI_API_KEY}
 *     # base-url: https://generativelanguage.googleapis.com   (the default)
 * }</pre>
 *
 * <p>How the canonical model maps onto Gemini's is documented where it happens: requests in
 * {@code GenerateContentRequest} and {@code Contents} (thought signatures included), answers in
 * {@code GenerateContentResponse}, streams in {@code GenerateContentStream}.
 *
 * <p>Stateless and thread-safe. The public no-argument constructor lets a {@link
 * java.util.ServiceLoader} create it.
 */
public final class GeminiProvider implements Provider {

  /** The provider name deployments use. */
  public static final String NAME = "gemini";

  /** Google's endpoint, used when a deployment names no base URL. */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

  /** A Gemini provider. */
  public GeminiProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the base URL is not an http(s) URL, or when the
   *     deployment has no API key and no {@code Authorization} or {@code x-goog-api-key} header
   */
  @Override
  public Upstream create(DeploymentConfig deployment, ProviderContext context) {
    requireNonNull(deployment, "deployment");
    requireNonNull(context, "context");
    Endpoint.root(deployment);
    if (deployment.apiKey() == null && deployment.headers().keySet().stream()
        .map(h -> h.toLowerCase(Locale.ROOT))
        .noneMatch(h -> h.equals("authorization") || h.equals("x-goog-api-key"))) {
      throw new IllegalArgumentException("deployment " + deployment.id() + ": api-key: missing"
          + " (expected: a Gemini API key, or an Authorization header under headers)");
    }
    GeminiCodec codec = new GeminiCodec(context.clock(), context.random());
    return new GeminiUpstream(Upstream.http(deployment, codec, context));
  }
}
