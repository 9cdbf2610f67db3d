package dev.junction.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void dailyStartsAtTheResetTimeInTheZone() {
    ZoneId berlin = ZoneId.of("Europe/Berlin"); // UTC+1 in January
    PeriodWindow w = BudgetPeriod.DAILY.window(t("2026-01-15T22:30:00Z"), berlin,
        LocalTime.of(6, 0));
    // 23:30 local on the 15th: the period began at 06:00 local on the 15th = 05:00Z.
    assertThat(w.start()).isEqualTo(t("2026-01-15T05:00:00Z"));
    assertThat(w.end()).isEqualTo(t("2026-01-16T05:00:00Z"));
  }

  @Test
  void beforeTheResetTimeTheDayBeforeIsStillRunning() {
    PeriodWindow w = BudgetPeriod.DAILY.window(t("2026-01-15T04:59:59Z"), ZoneOffset.UTC,
        LocalTime.of(5, 0));
    assertThat(w.start()).isEqualTo(t("2026-01-14T05:00:00Z"));
    assertThat(w.end()).isEqualTo(t("2026-01-15T05:00:00Z"));
  }

  @Test
  void theResetInstantBelongsToTheNewPeriod() {
    PeriodWindow w = BudgetPeriod.DAILY.window(t("2026-01-15T00:00:00Z"), ZoneOffset.UTC,
        LocalTime.MIDNIGHT);
    assertThat(w.start()).isEqualTo(t("2026-01-15T00:00:00Z"));
  }

  @Test
  void weeklyStartsOnMonday() {
    // 2026-01-15 is a Thursday; the Monday before is the 12th.
    PeriodWindow w = BudgetPeriod.WEEKLY.window(t("2026-01-15T12:00:00Z"), ZoneOffset.UTC,
        LocalTime.MIDNIGHT);
    assertThat(w.start()).isEqualTo(t("2026-01-12T00:00:00Z"));
    assertThat(w.end()).isEqualTo(t("2026-01-19T00:00:00Z"));
  }

  @Test
  void monthlyStartsOnTheFirstAndEndsWithTheMonth() {
    PeriodWindow feb = BudgetPeriod.MONTHLY.window(t("2028-02-29T23:59:59Z"), ZoneOffset.UTC,
        LocalTime.MIDNIGHT);
    assertThat(feb.start()).isEqualTo(t("2028-02-01T00:00:00Z"));
    assertThat(feb.end()).isEqualTo(t("2028-03-01T00:00:00Z"));
  }

  @Test
  void monthlyBeforeTheFirstResetBelongsToThePreviousMonth() {
    PeriodWindow w = BudgetPeriod.MONTHLY.window(t("2026-03-01T08:00:00Z"), ZoneOffset.UTC,
        LocalTime.of(9, 0));
    assertThat(w.start()).isEqualTo(t("2026-02-01T09:00:00Z"));
    assertThat(w.end()).isEqualTo(t("2026-03-01T09:00:00Z"));
  }

  @Test
  void aDaylightSavingDayIsTwentyThreeHoursLong() {
    ZoneId berlin = ZoneId.of("Europe/Berlin"); // clocks jump 02:00 -> 03:00 on 2026-03-29
    PeriodWindow w = BudgetPeriod.DAILY.window(t("2026-03-29T12:00:00Z"), berlin,
        LocalTime.MIDNIGHT);
    assertThat(w.start()).isEqualTo(t("2026-03-28T23:00:00Z"));
    assertThat(w.end()).isEqualTo(t("2026-03-29T22:00:00Z"));
  }

  @Test
  void totalNeverResets() {
    PeriodWindow w = BudgetPeriod.TOTAL.window(t("2031-06-01T00:00:00Z"), ZoneOffset.UTC,
        LocalTime.MIDNIGHT);
    assertThat(w.start()).isEqualTo(Instant.EPOCH);
    assertThat(w.end()).isNull();
  }
}
