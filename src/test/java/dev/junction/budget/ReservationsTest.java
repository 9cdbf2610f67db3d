package dev.junction.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReservationsTest {

  private final ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");
  private final RecordingListener alerts = new RecordingListener();
  private final SpendStore store = SpendStore.inMemory();
  private final Reservations budgets = Reservations.of(store, CurrencyRates.NONE, alerts, clock);

  private static BudgetScope scope(String id, String amount, BudgetPeriod p) {
    return new BudgetScope(id, Budget.of(new BigDecimal(amount), "USD", p));
  }

  private static Money usd(String a) {
    return Money.of(a, "USD");
  }

  private Reservation reserve(List<BudgetScope> s, String amount) {
    return (Reservation) budgets.reserve(s, usd(amount));
  }

  @Test
  void reservesUntilTheWorstCaseNoLongerFitsThenRefuses() {
    BudgetScope key = scope("key:a", "1.00", BudgetPeriod.DAILY);
    reserve(List.of(key), "0.40");
    reserve(List.of(key), "0.40");
    ReserveOutcome third = budgets.reserve(List.of(key), usd("0.40"));
    assertThat(third).isInstanceOf(BudgetExceeded.class);
    BudgetExceeded e = (BudgetExceeded) third;
    assertThat(e.scopeId()).isEqualTo("key:a");
    assertThat(e.reserved()).isEqualByComparingTo("0.80");
    assertThat(e.requested()).isEqualByComparingTo("0.40");
    assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-05-11T00:00:00Z"));
    assertThat(e.message()).contains("key:a", "daily", "1.00 USD", "left 0.20");
    // exactly filling the budget is allowed
    assertThat(budgets.reserve(List.of(key), usd("0.20"))).isInstanceOf(Reservation.class);
  }

  @Test
  void aRefusalByTheTeamHoldsNothingInTheKeysBudget() {
    BudgetScope key = scope("key:a", "10", BudgetPeriod.MONTHLY);
    BudgetScope team = scope("team:t", "1", BudgetPeriod.MONTHLY);
    reserve(List.of(key, team), "0.75");
    ReserveOutcome o = budgets.reserve(List.of(key, team), usd("0.50"));
    assertThat(o).isInstanceOf(BudgetExceeded.class);
    assertThat(((BudgetExceeded) o).scopeId()).isEqualTo("team:t");
    assertThat(budgets.status(key).reserved()).isEqualByComparingTo("0.75");
    assertThat(budgets.status(team).reserved()).isEqualByComparingTo("0.75");
  }

  @Test
  void settlementReplacesTheHoldByTheRealCostOnce() {
    BudgetScope key = scope("key:a", "1", BudgetPeriod.DAILY);
    Reservation r = reserve(List.of(key), "0.5");
    assertThat(budgets.settle(r, usd("0.125"))).isTrue();
    assertThat(budgets.settle(r, usd("0.125"))).isFalse();
    assertThat(budgets.release(r)).isFalse();
    BudgetStatus s = budgets.status(key);
    assertThat(s.spent()).isEqualByComparingTo("0.125");
    assertThat(s.reserved()).isEqualByComparingTo("0");
    assertThat(s.remaining()).isEqualByComparingTo("0.875");
  }

  @Test
  void releaseDropsTheHoldWithoutSpend() {
    BudgetScope key = scope("key:a", "1", BudgetPeriod.DAILY);
    Reservation r = reserve(List.of(key), "0.5");
    assertThat(budgets.release(r)).isTrue();
    assertThat(budgets.settle(r, usd("0.5"))).isFalse();
    assertThat(budgets.status(key).spent()).isEqualByComparingTo("0");
    assertThat(budgets.status(key).reserved()).isEqualByComparingTo("0");
  }

  @Test
  void theNextPeriodStartsFromZeroAndLateSettlementsCountInTheirOwnPeriod() {
    BudgetScope key = scope("key:a", "1", BudgetPeriod.DAILY);
    Reservation yesterday = reserve(List.of(key), "0.9");
    assertThat(budgets.reserve(List.of(key), usd("0.2"))).isInstanceOf(BudgetExceeded.class);
    clock.advance(Duration.ofHours(14)); // 2026-05-11T00:00Z: a new day
    assertThat(budgets.status(key).window().start())
        .isEqualTo(Instant.parse("2026-05-11T00:00:00Z"));
    Reservation today = reserve(List.of(key), "0.9");
    budgets.settle(yesterday, usd("0.3"));
    budgets.settle(today, usd("0.2"));
    assertThat(budgets.status(key).spent()).isEqualByComparingTo("0.2");
    assertThat(store.state(new BucketKey("key:a", BudgetPeriod.DAILY,
        Instant.parse("2026-05-10T00:00:00Z"))).spent()).isEqualByComparingTo("0.3");
  }

  @Test
  void aTotalBudgetNeverResets() {
    BudgetScope key = scope("key:a", "1", BudgetPeriod.TOTAL);
    budgets.settle(reserve(List.of(key), "0.6"), usd("0.6"));
    clock.advance(Duration.ofDays(400));
    assertThat(budgets.reserve(List.of(key), usd("0.5"))).isInstanceOf(BudgetExceeded.class);
    assertThat(((BudgetExceeded) budgets.reserve(List.of(key), usd("0.5"))).resetsAt()).isNull();
  }

  @Test
  void eachThresholdFiresOncePerPeriod() {
    BudgetScope key = scope("key:a", "10", BudgetPeriod.DAILY); // alerts 50, 80, 100
    budgets.settle(reserve(List.of(key), "4"), usd("4.99"));
    assertThat(alerts.percents()).isEmpty();
    budgets.settle(reserve(List.of(key), "1"), usd("0.01")); // exactly 5.00 = 50 %
    assertThat(alerts.percents()).containsExactly(50);
    budgets.settle(reserve(List.of(key), "1"), usd("0.5"));
    assertThat(alerts.percents()).containsExactly(50);
    budgets.settle(reserve(List.of(key), "4"), usd("4.5")); // 10.00: 80 and 100 together
    assertThat(alerts.percents()).containsExactly(50, 80, 100);
    ThresholdEvent last = alerts.events.get(2);
    assertThat(last.scopeId()).isEqualTo("key:a");
    assertThat(last.spent()).isEqualByComparingTo("10");
    assertThat(last.window().start()).isEqualTo(Instant.parse("2026-05-10T00:00:00Z"));
    assertThat(last.describe()).contains("key:a reached 100% of its daily budget");
    clock.advance(Duration.ofDays(1));
    budgets.settle(reserve(List.of(key), "6"), usd("6"));
    assertThat(alerts.percents()).containsExactly(50, 80, 100, 50);
  }

  @Test
  void aSoftBudgetNeverRefusesButStillAlerts() {
    BudgetScope key = new BudgetScope("key:a",
        Budget.of(new BigDecimal("1"), "USD", BudgetPeriod.DAILY).withHard(false)
            .withAlerts(List.of(100, 200)));
    budgets.settle(reserve(List.of(key), "1.5"), usd("1.5"));
    budgets.settle(reserve(List.of(key), "1.5"), usd("1.5"));
    assertThat(budgets.status(key).spent()).isEqualByComparingTo("3");
    assertThat(alerts.percents()).containsExactly(100, 200);
  }

  @Test
  void aBrokenListenerDoesNotBreakSettlement() {
    Reservations r = Reservations.of(SpendStore.inMemory(), CurrencyRates.NONE, e -> {
      throw new IllegalStateException("webhook down");
    }, clock);
    BudgetScope key = scope("key:a", "1", BudgetPeriod.DAILY);
    Reservation res = (Reservation) r.reserve(List.of(key), usd("1"));
    assertThat(r.settle(res, usd("1"))).isTrue();
    assertThat(r.status(key).spent()).isEqualByComparingTo("1");
  }

  @Test
  void costsAreConvertedIntoEachBudgetsCurrencyAtTheReservationsRate() {
    BudgetScope eur = new BudgetScope("team:eu", new Budget(new BigDecimal("10"), "EUR",
        BudgetPeriod.MONTHLY, ZoneOffset.UTC, LocalTime.MIDNIGHT, List.of(), true));
    BigDecimal[] rate = {new BigDecimal("0.9")};
    CurrencyRates rates = (from, to, at) -> from.equals(to) ? Optional.of(BigDecimal.ONE)
        : from.equals("USD") && to.equals("EUR") ? Optional.of(rate[0]) : Optional.empty();
    Reservations r = Reservations.of(SpendStore.inMemory(), rates, alerts, clock);
    Reservation res = (Reservation) r.reserve(List.of(eur), usd("2"));
    assertThat(r.status(eur).reserved()).isEqualByComparingTo("1.8");
    rate[0] = new BigDecimal("2"); // the rate changes mid-call: settlement keeps the hold's rate
    r.settle(res, usd("1"));
    assertThat(r.status(eur).spent()).isEqualByComparingTo("0.9");
    assertThatThrownBy(() -> r.reserve(List.of(eur), Money.of("1", "JPY")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("JPY to EUR");
  }
}
