package dev.junction.ledger;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * One row of the daily rollup: the {@link Tally} of every entry of one UTC day with the same
 * provider, model ({@link LedgerEntry#model()}), key, team, tag and currency. Dimensions that were
 * null on the entries are the empty string here. Rollups are kept forever; spend reports read
 * them. Immutable.
 */
public record DailyRollup(LocalDate day, String provider, String model, String keyId,
    String team, String tag, Tally tally) {

  public DailyRollup {
    requireNonNull(day, "day");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(keyId, "keyId");
    requireNonNull(team, "team");
    requireNonNull(tag, "tag");
    requireNonNull(tally, "tally");
  }

  /** The rollup of one entry: its UTC day, its dimensions and its tally. */
  public static DailyRollup of(LedgerEntry e) {
    return new DailyRollup(LocalDate.ofInstant(e.time(), ZoneOffset.UTC), orEmpty(e.provider()),
        e.model(), orEmpty(e.keyId()), orEmpty(e.team()), orEmpty(e.tag()), Tally.of(e));
  }

  /** Whether {@code other} is the same day and dimensions (and currency), so the two add up. */
  public boolean sameKey(DailyRollup other) {
    return day.equals(other.day) && provider.equals(other.provider) && model.equals(other.model)
        && keyId.equals(other.keyId) && team.equals(other.team) && tag.equals(other.tag)
        && tally.currency().equals(other.tally.currency());
  }

  /** This rollup plus another of the same key. */
  public DailyRollup plus(DailyRollup other) {
    if (!sameKey(other)) {
      throw new IllegalArgumentException("cannot add rollup " + other.key() + " to " + key());
    }
    return new DailyRollup(day, provider, model, keyId, team, tag, tally.plus(other.tally));
  }

  /** The day, dimensions and currency, as one string (for messages). */
  public String key() {
    return String.join("|", day.toString(), provider, model, keyId, team, tag, tally.currency());
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }
}
