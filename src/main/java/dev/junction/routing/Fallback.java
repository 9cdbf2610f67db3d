package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** A request was served by model {@code to} instead of the requested {@code from}, and why. */
public record Fallback(Reason reason, String from, String to) {

  /** Why the model changed. */
  public enum Reason {
    /** Every retry of {@code from} failed. */
    EXHAUSTED,
    /** The prompt does not fit {@code from}'s context window. */
    CONTEXT_WINDOW,
    /** {@code from}'s vendor refused on content policy. */
    CONTENT_POLICY;

    /** {@code context-window}, as in headers and config. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public Fallback {
    requireNonNull(reason, "reason");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
  }

  /** The {@code x-junction-fallback} header value: {@code to; reason=…; from=…}. */
  public String header() {
    return to + "; reason=" + reason.label() + "; from=" + from;
  }
}
