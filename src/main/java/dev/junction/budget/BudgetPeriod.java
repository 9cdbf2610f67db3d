package dev.junction.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * How often a budget starts afresh. Daily periods start every day at the budget's reset time in
 * its time zone; weekly ones on Mondays at that time; monthly ones on the first of the month at
 * that time; a total budget never resets. Local times that do not exist (a daylight-saving gap)
 * move forward, as {@link ZonedDateTime#of} does.
 */
public enum BudgetPeriod {
  DAILY,
  WEEKLY,
  MONTHLY,
  TOTAL;

  /** The period containing {@code now}. */
  public PeriodWindow window(Instant now, ZoneId zone, LocalTime resetAt) {
    if (this == TOTAL) {
      return new PeriodWindow(Instant.EPOCH, null);
    }
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate first = switch (this) {
      case DAILY -> today;
      case WEEKLY -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHLY -> today.withDayOfMonth(1);
      case TOTAL -> throw new AssertionError();
    };
    Instant start = ZonedDateTime.of(first, resetAt, zone).toInstant();
    if (start.isAfter(now)) {
      first = previous(first);
      start = ZonedDateTime.of(first, resetAt, zone).toInstant();
    }
    Instant end = ZonedDateTime.of(next(first), resetAt, zone).toInstant();
    return new PeriodWindow(start, end);
  }

  private LocalDate previous(LocalDate d) {
    return switch (this) {
      case DAILY -> d.minusDays(1);
      case WEEKLY -> d.minusWeeks(1);
      case MONTHLY -> d.minusMonths(1);
      case TOTAL -> d;
    };
  }

  private LocalDate next(LocalDate d) {
    return switch (this) {
      case DAILY -> d.plusDays(1);
      case WEEKLY -> d.plusWeeks(1);
      case MONTHLY -> d.plusMonths(1);
      case TOTAL -> d;
    };
  }

  /** The lower-case name used in config and the admin API. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
