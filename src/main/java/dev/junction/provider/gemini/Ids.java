package dev.junction.provider.gemini;

import java.util.HexFormat;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Identifiers for one Gemini answer. Gemini usually gives function calls no {@code id}, and
 * OpenAI and Anthropic clients need one to match their tool results, so each call without one is
 * named {@code call_<responseId>_<n>}, {@code n} counting the answer's calls from 0 across all
 * candidates: stable for a given answer, and unique across the answers of a conversation because
 * Gemini's {@code responseId} is. An answer without a {@code responseId} (never seen in
 * recordings) gets a random stem from the injected generator instead.
 *
 * <p>Not thread-safe: one instance per decoded answer or stream.
 */
final class Ids {

  private final String stem;
  private final boolean synthesized;
  private int next;

  private Ids(String stem, boolean synthesized) {
    this.stem = stem;
    this.synthesized = synthesized;
  }

  /** Ids for the answer with this {@code responseId} (or a random stem when it has none). */
  static Ids forResponse(@Nullable String responseId, RandomGenerator random) {
    if (responseId != null && !responseId.isEmpty()) {
      return new Ids(responseId, false);
    }
    return new Ids(HexFormat.of().toHexDigits(random.nextLong()), true);
  }

  /** The answer's id: Gemini's {@code responseId}, or {@code gemini-<random>} without one. */
  String responseId() {
    return synthesized ? "gemini-" + stem : stem;
  }

  /** The id of the next function call: its own {@code id} if Gemini gave one, else a new one. */
  String callId(@Nullable String given) {
    if (given != null && !given.isEmpty()) {
      next++;
      return given;
    }
    return "call_" + stem + "_" + next++;
  }
}
