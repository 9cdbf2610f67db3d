package dev.junction.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.budget.Budget;
import dev.junction.budget.BudgetPeriod;
import dev.junction.budget.BudgetScope;
import dev.junction.budget.BudgetStatus;
import dev.junction.budget.SpendStore;
import dev.junction.chat.Usage;
import dev.junction.keys.IssuedKey;
import dev.junction.keys.KeySpec;
import dev.junction.keys.Team;
import dev.junction.keys.TeamSpec;
import dev.junction.pricing.Cost;
import dev.junction.pricing.CostCalculator;
import dev.junction.ratelimit.RateLimits;
import dev.junction.sqlite.SqliteDatabase;
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
 * 200 streaming requests at once through the enforcement point, against a key whose budget
 * allows about 50 worst-case calls, with spend kept in SQLite: settled spend never passes the
 * budget (the bound is zero: every request sets max_tokens), every settled cost is counted once,
 * and nothing stays reserved or in flight.
 */
class ConcurrentStreamsTest {

  private static final int REQUESTS = 200;
  private static final long INPUT = 1000;
  private static final long MAX_TOKENS = 1000;
  // worst case at Rig.PRICE: 1000 x $1/M + 1000 x $2/M = $0.003; 50 of them = $0.15
  private static final BigDecimal BUDGET = new BigDecimal("0.15");

  @Test
  void settledSpendNeverPassesTheBudgetAndNothingIsCountedTwice() throws Exception {
    try (SqliteDatabase db = SqliteDatabase.inMemory()) {
      Rig rig = new Rig("master", SpendStore.sqlite(db));
      Team team = rig.keys.createTeam(TeamSpec.named("t")
          .withBudget(Budget.of(new BigDecimal("100"), "USD", BudgetPeriod.MONTHLY)));
      IssuedKey key = rig.keys.createKey(KeySpec.named("k").inTeam(team.id())
          .withBudget(Budget.of(BUDGET, "USD", BudgetPeriod.DAILY))
          .withLimits(new RateLimits(0, 0, REQUESTS)));

      ExecutorService pool = Executors.newFixedThreadPool(50);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Cost>> results = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        SplittableRandom random = new SplittableRandom(i);
        results.add(pool.submit(() -> {
          go.await();
          Decision d = rig.admission.admit(
              new AdmissionRequest(key.secret(), "gpt-x", INPUT, MAX_TOKENS, null));
          if (d instanceof Denied denied) {
            assertThat(denied.code()).isEqualTo("budget_exceeded");
            return null;
          }
          Admitted a = (Admitted) d;
          // the stream: chunks of output until the model stops or max_tokens is reached
          long out = 0;
          long stopAt = random.nextLong(MAX_TOKENS + 1);
          while (out < stopAt) {
            out = Math.min(stopAt, out + 1 + random.nextInt(50));
            Thread.yield();
          }
          Usage usage = Usage.fromOpenAi(random.nextLong(INPUT / 2, INPUT + 1), out, 0, 0, 0);
          Cost cost = CostCalculator.cost(Rig.PRICE, usage);
          rig.admission.complete(a, Outcome.billed(usage, cost));
          rig.admission.complete(a, Outcome.billed(usage, cost)); // e.g. error after hang-up
          return cost;
        }));
      }
      go.countDown();
      BigDecimal total = BigDecimal.ZERO;
      int admitted = 0;
      for (Future<Cost> f : results) {
        Cost c = f.get(20, TimeUnit.SECONDS);
        if (c != null) {
          admitted++;
          total = total.add(c.total());
        }
      }
      pool.shutdown();

      BudgetStatus k = rig.budgets.status(new BudgetScope(key.key().scope(), key.key().budget()));
      assertThat(k.spent()).isLessThanOrEqualTo(BUDGET);
      assertThat(k.spent()).isEqualByComparingTo(total);
      assertThat(k.reserved()).isEqualByComparingTo("0");
      BudgetStatus t = rig.budgets.status(new BudgetScope(team.scope(), team.budget()));
      assertThat(t.spent()).isEqualByComparingTo(total);
      assertThat(t.reserved()).isEqualByComparingTo("0");
      assertThat(admitted).isBetween(50, REQUESTS - 1);
      // every concurrency slot was given back: REQUESTS more may start at once
      for (int i = 0; i < REQUESTS; i++) {
        Decision d = rig.admission.admit(
            new AdmissionRequest(key.secret(), "gpt-x", 0, 0L, null));
        assertThat(d).isInstanceOf(Admitted.class);
      }
    }
  }
}
