package dev.junction.admission;

import static java.util.Objects.requireNonNull;

import dev.junction.budget.Reservation;
import dev.junction.keys.KeyContext;
import dev.junction.ratelimit.Priority;
import dev.junction.ratelimit.RateTicket;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request allowed through. Pass it back to {@link Admission#complete} exactly when the request
 * ends (completing twice is harmless: the second call changes nothing).
 *
 * <ul>
 *   <li>{@code principal}: {@code key:<id>}, {@code master}, or {@code open} (development mode);
 *       for the ledger and logs;
 *   <li>{@code key}: the virtual key and team, null for master and open;
 *   <li>{@code reservation}: the budget hold, null when no budget applies (its id goes in the
 *       ledger);
 *   <li>{@code ticket}: the rate-limit hold, null when no limit applies;
 *   <li>{@code priority}: for upstream pacing;
 *   <li>{@code headers}: {@code x-ratelimit-*} to add to the response.
 * </ul>
 *
 * Immutable.
 */
public record Admitted(
    String principal,
    @Nullable KeyContext key,
    @Nullable Reservation reservation,
    @Nullable RateTicket ticket,
    Priority priority,
    Map<String, String> headers) implements Decision {

  public Admitted {
    requireNonNull(principal, "principal");
    requireNonNull(priority, "priority");
    headers = Map.copyOf(headers);
  }

  /** The key's id, or null. */
  public @Nullable String keyId() {
    return key == null ? null : key.key().id();
  }

  /** The team's id, or null. */
  public @Nullable String teamId() {
    return key == null ? null : key.key().teamId();
  }
}
