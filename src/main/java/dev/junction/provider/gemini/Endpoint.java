package dev.junction.provider.gemini;

import dev.junction.config.DeploymentConfig;
import java.net.URI;

/**
 * Gemini URLs: {@code {base}/v1beta/models/{model}:{method}}. The base URL is what Google's SDKs
 * take ({@code https://generativelanguage.googleapis.com} by default); one that already ends in
 * an API version ({@code …/v1beta}, {@code …/v1}) is used as given. A model id may carry its
 * resource prefix ({@code models/gemini-2.5-flash}, {@code tunedModels/my-model}); a bare id is a
 * {@code models/} resource. Stateless.
 */
final class Endpoint {

  private Endpoint() {}

  /** The URL of {@code method} ({@code generateContent}, …) on {@code model}. */
  static String url(DeploymentConfig deployment, String model, String method) {
    return root(deployment) + "/" + resource(model) + ":" + method;
  }

  /** The resource name of a model id: {@code models/{id}} unless it names its collection. */
  static String resource(String model) {
    return model.contains("/") ? model : "models/" + model;
  }

  /**
   * The versioned API root of a deployment.
   *
   * @throws IllegalArgumentException when the base URL is not an absolute http(s) URL
   */
  static String root(DeploymentConfig deployment) {
    String base = deployment.baseUrl() == null ? GeminiProvider.DEFAULT_BASE_URL
        : deployment.baseUrl();
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null
        || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("base-url: '" + base + "' (expected: an absolute http(s)"
          + " URL such as " + GeminiProvider.DEFAULT_BASE_URL + ")");
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base.matches(".*/v1(beta\\d*|alpha)?$") ? base : base + "/v1beta";
  }
}
