package dev.junction.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sqlite.SqliteDatabase;
import dev.junction.testing.ManualClock;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads reserving and settling against one budget at once: spend never passes the amount
 * by more than the documented bound, and every settled amount is counted exactly once.
 */
class ReservationBoundTest {

  private static final BigDecimal WORST = new BigDecimal("0.02");
  private static final BigDecimal LIMIT = new BigDecimal("1.00"); // 50 worst cases
  private static final int CALLS = 200;

  private record Result(boolean admitted, BigDecimal settled) {}

  private static List<Result> race(Reservations budgets, List<BudgetScope> scopes,
      BigDecimal excess) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Result>> futures = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      SplittableRandom random = new SplittableRandom(i);
      futures.add(pool.submit(() -> {
        go.await();
        ReserveOutcome o = budgets.reserve(scopes, new Money(WORST, "USD"));
        if (!(o instanceof Reservation r)) {
          return new Result(false, BigDecimal.ZERO);
        }
        Thread.yield();
        if (random.nextInt(10) == 0) { // one call in ten never reaches the upstream
          budgets.release(r);
          return new Result(true, BigDecimal.ZERO);
        }
        // real cost: anything up to the worst case, plus the excess under test
        BigDecimal actual = WORST.multiply(BigDecimal.valueOf(random.nextInt(101)))
            .movePointLeft(2).add(excess);
        budgets.settle(r, new Money(actual, "USD"));
        budgets.settle(r, new Money(actual, "USD")); // a second settlement must not count
        return new Result(true, actual);
      }));
    }
    go.countDown();
    List<Result> out = new ArrayList<>();
    for (Future<Result> f : futures) {
      out.add(f.get(20, TimeUnit.SECONDS));
    }
    pool.shutdown();
    return out;
  }

  private static BigDecimal sum(List<Result> rs) {
    return rs.stream().map(Result::settled).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void whenTheWorstCaseHoldsSpendNeverPassesTheBudget() throws Exception {
    ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");
    try (SqliteDatabase db = SqliteDatabase.inMemory()) {
      SpendStore store = SpendStore.sqlite(db);
      Reservations budgets = Reservations.of(store, CurrencyRates.NONE, e -> { }, clock);
      BudgetScope key = new BudgetScope("key:k", Budget.of(LIMIT, "USD", BudgetPeriod.DAILY));
      BudgetScope team = new BudgetScope("team:t",
          Budget.of(new BigDecimal("5"), "USD", BudgetPeriod.DAILY));
      List<Result> rs = race(budgets, List.of(key, team), BigDecimal.ZERO);

      BudgetStatus k = budgets.status(key);
      assertThat(k.spent()).isLessThanOrEqualTo(LIMIT);
      assertThat(k.reserved()).isEqualByComparingTo("0");
      assertThat(k.spent()).isEqualByComparingTo(sum(rs)); // nothing double-counted or lost
      assertThat(budgets.status(team).spent()).isEqualByComparingTo(sum(rs));
      assertThat(rs.stream().filter(Result::admitted).count()).isBetween(50L, (long) CALLS);
      assertThat(rs.stream().filter(r -> !r.admitted()).count()).isPositive();
    }
  }

  @Test
  void whenRealCostsExceedTheWorstCaseTheOvershootIsAtMostTheSumOfTheExcesses()
      throws Exception {
    ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");
    Reservations budgets = Reservations.of(SpendStore.inMemory(), CurrencyRates.NONE, e -> { },
        clock);
    BudgetScope key = new BudgetScope("key:k", Budget.of(LIMIT, "USD", BudgetPeriod.DAILY));
    BigDecimal excess = new BigDecimal("0.001");
    List<Result> rs = race(budgets, List.of(key), excess);
    long settled = rs.stream().filter(r -> r.settled().signum() > 0).count();
    BudgetStatus s = budgets.status(key);
    assertThat(s.spent()).isEqualByComparingTo(sum(rs));
    assertThat(s.spent()).isLessThanOrEqualTo(LIMIT.add(excess.multiply(
        BigDecimal.valueOf(settled))));
    assertThat(s.reserved()).isEqualByComparingTo("0");
  }
}
