package dev.junction.ledger;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The time buckets of a spend report: UTC days, ISO weeks (Monday first), months, or none. */
public enum Period {
  DAY,
  WEEK,
  MONTH,
  /** One bucket for the whole range. */
  TOTAL;

  /** The first day of the bucket that holds {@code day} ({@code day} itself for TOTAL). */
  public LocalDate start(LocalDate day) {
    return switch (this) {
      case DAY, TOTAL -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
    };
  }

  /** The lower-case name used on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code day}, {@code week}, {@code month} or {@code total}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Period parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--period: '" + text + "' (expected: day, week, month or total)");
    }
  }
}
