package dev.junction.admission;

/**
 * Settings of the enforcement point.
 *
 * <ul>
 *   <li>{@code fallbackMaxOutputTokens}: the output assumed for the worst case when the request
 *       sets no cap and the catalogue knows none for the model (a call that produces more is the
 *       documented exception to the zero-overshoot bound); default 32768;
 *   <li>{@code assumedOutputTokens}: the output charged to TPM at admission when the request sets
 *       no cap (corrected when it ends); default 1024.
 * </ul>
 *
 * Immutable.
 */
public record AdmissionPolicy(long fallbackMaxOutputTokens, long assumedOutputTokens) {

  /** The defaults above. */
  public static final AdmissionPolicy DEFAULTS = new AdmissionPolicy(32_768, 1_024);

  public AdmissionPolicy {
    if (fallbackMaxOutputTokens < 1 || assumedOutputTokens < 0) {
      throw new IllegalArgumentException("fallbackMaxOutputTokens must be >= 1 and"
          + " assumedOutputTokens >= 0: " + fallbackMaxOutputTokens + ", " + assumedOutputTokens);
    }
  }
}
