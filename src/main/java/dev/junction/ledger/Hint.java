package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.jspecify.annotations.Nullable;

/**
 * One optimisation hint computed from the ledger by {@link SpendHints}: what could be done, what
 * it would have saved over the window, and the numbers it rests on.
 *
 * <ul>
 *   <li>{@code kind}: which rule produced it;
 *   <li>{@code tag}: the feature tag it concerns, null for the whole ledger or untagged calls
 *       (the message says which);
 *   <li>{@code saving}: the estimated saving over the window, exact, at {@value Spend#SCALE}
 *       digits, in {@code currency};
 *   <li>{@code share}: the fraction of the relevant spend (or calls) the hint is about, 0 to 1,
 *       rounded half-even to 4 digits (a percentage with two decimals);
 *   <li>{@code evidence}: the named numbers behind the hint (call counts, amounts), exact, in a
 *       stable order and in their shortest form ({@code 0.01}, not {@code 0.010000000}).
 * </ul>
 *
 * Immutable and thread-safe.
 */
public record Hint(
    Kind kind,
    @Nullable String tag,
    String currency,
    BigDecimal saving,
    BigDecimal share,
    String message,
    SequencedMap<String, BigDecimal> evidence) {

  /** The rule behind a hint. */
  public enum Kind {
    /** Small prompts on an expensive model that has a cheaper sibling at the same provider. */
    SMALL_PROMPTS_ON_EXPENSIVE_MODEL("small-prompts"),
    /** Prompts repeated within an hour: what a response cache would have saved. */
    REPEATED_PROMPTS("repeated-prompts"),
    /** Calls that failed but were billed: spend with nothing to show for it. */
    FAILED_CALLS("failed-calls");

    /** The kind's short name in reports. */
    public final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  public Hint {
    requireNonNull(kind, "kind");
    requireNonNull(currency, "currency");
    saving = Spend.exact(saving, "saving");
    requireNonNull(share, "share");
    requireNonNull(message, "message");
    SequencedMap<String, BigDecimal> shortest = new LinkedHashMap<>();
    requireNonNull(evidence, "evidence").forEach((name, v) -> {
      BigDecimal s = v.stripTrailingZeros();
      shortest.put(name, s.scale() < 0 ? s.setScale(0) : s);
    });
    evidence = Collections.unmodifiableSequencedMap(shortest);
  }
}
