package dev.junction.simulator;

import java.util.SplittableRandom;

/**
 * A made-up embedding: a unit vector whose direction is drawn (normally distributed components,
 * then normalised) from the seed and the text's fingerprint, so equal texts get equal vectors.
 */
final class EmbeddingVector {

  private EmbeddingVector() {}

  static float[] of(long seed, String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(Prompt.mix(seed ^ Prompt.fingerprint(text)));
    double[] v = new double[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      v[i] = random.nextGaussian();
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    float[] out = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }
}
