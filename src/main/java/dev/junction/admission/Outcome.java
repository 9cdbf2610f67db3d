package dev.junction.admission;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.Usage;
import dev.junction.pricing.Cost;

/**
 * How an admitted request ended, as far as spend is concerned. Immutable.
 *
 * <ul>
 *   <li>{@link NotSent}: no upstream received the call (routing failed, every attempt was refused
 *       before the vendor accepted it): the reservation is released, TPM refunded;
 *   <li>{@link Billed}: the call's usage and its cost: the reservation is settled at {@code
 *       cost.total()} when the cost is {@linkplain Cost#complete() complete}, else at the worst
 *       case (a partial cost could under-count);
 *   <li>{@link Unknown}: the call was sent but its usage is unknown (timeout, connection lost):
 *       settled at the worst case, since the vendor may bill it.
 * </ul>
 */
public sealed interface Outcome {

  /** Nothing reached an upstream. */
  Outcome NOT_SENT = new NotSent();

  /** Sent, usage unknown. */
  Outcome UNKNOWN = new Unknown();

  /** The call's usage and cost. */
  static Outcome billed(Usage usage, Cost cost) {
    return new Billed(usage, cost);
  }

  /** See {@link Outcome}. */
  record NotSent() implements Outcome {}

  /** See {@link Outcome}. */
  record Unknown() implements Outcome {}

  /** See {@link Outcome}. */
  record Billed(Usage usage, Cost cost) implements Outcome {
    public Billed {
      requireNonNull(usage, "usage");
      requireNonNull(cost, "cost");
    }
  }
}
