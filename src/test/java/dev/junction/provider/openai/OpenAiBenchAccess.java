package dev.junction.provider.openai;

import dev.junction.config.DeploymentConfig;
import dev.junction.provider.StreamDecoder;
import dev.junction.provider.WireCodec;

/**
 * Test-only door to the package-private OpenAI codec for the JMH benchmarks in {@code
 * dev.junction.bench}: the codec a deployment gets in production, and a fresh stream decoder.
 */
public final class OpenAiBenchAccess {

  private OpenAiBenchAccess() {}

  /** The codec {@link OpenAiProvider} builds for {@code deployment}. */
  public static WireCodec codec(DeploymentConfig deployment) {
    return new OpenAiCodec(OpenAiVendor.forName(deployment.provider()).orElseThrow(), deployment);
  }

  /** A fresh decoder for one stream. */
  public static StreamDecoder streamDecoder() {
    return new OpenAiStreamDecoder();
  }
}
