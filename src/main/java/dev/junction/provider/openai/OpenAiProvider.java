package dev.junction.provider.openai;

import static java.util.Objects.requireNonNull;

import dev.junction.config.DeploymentConfig;
import dev.junction.provider.Provider;
import dev.junction.provider.ProviderContext;
import dev.junction.provider.Upstream;
import org.jspecify.annotations.Nullable;

/**
 * The provider for OpenAI and each OpenAI-compatible vendor. One instance per vendor; stateless
 * and thread-safe.
 */
public final class OpenAiProvider implements Provider {

  private final OpenAiVendor vendor;

  private OpenAiProvider(OpenAiVendor vendor) {
    this.vendor = vendor;
  }

  /** The provider for a vendor. */
  public static OpenAiProvider of(OpenAiVendor vendor) {
    return new OpenAiProvider(requireNonNull(vendor, "vendor"));
  }

  /** The vendor this provider speaks to. */
  public OpenAiVendor vendor() {
    return vendor;
  }

  @Override
  public String name() {
    return vendor.name();
  }

  @Override
  public @Nullable String defaultBaseUrl() {
    return vendor.defaultBaseUrl();
  }

  @Override
  public Upstream create(DeploymentConfig deployment, ProviderContext context) {
    // fails early with a clear message when the base URL is missing
    return Upstream.http(deployment, new OpenAiCodec(vendor, deployment), context);
  }
}
