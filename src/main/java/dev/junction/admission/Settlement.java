package dev.junction.admission;

import dev.junction.budget.Money;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Admission#complete} did to the budget, for the ledger: the reservation's id and
 * worst case, and the amount settled (null when the reservation was released, or when there was
 * none). All null for a request without a budget, or for a second completion. Immutable.
 */
public record Settlement(@Nullable String reservationId, @Nullable Money reserved,
    @Nullable Money settled) {

  /** Nothing to record. */
  public static final Settlement NONE = new Settlement(null, null, null);
}
