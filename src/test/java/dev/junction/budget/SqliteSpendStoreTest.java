package dev.junction.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.sqlite.SqliteDatabase;
import dev.junction.testing.ManualClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSpendStoreTest {

  @TempDir Path dir;

  private final ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");
  private final BudgetScope key = new BudgetScope("key:k",
      Budget.of(new BigDecimal("1"), "USD", BudgetPeriod.MONTHLY));

  @Test
  void spendAndAlertsSurviveARestart() {
    Path file = dir.resolve("junction.db");
    RecordingListener alerts = new RecordingListener();
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      Reservations r = Reservations.of(SpendStore.sqlite(db), CurrencyRates.NONE, alerts, clock);
      Reservation res = (Reservation) r.reserve(List.of(key), Money.of("0.6", "USD"));
      r.settle(res, Money.of("0.55", "USD"));
    }
    assertThat(alerts.percents()).containsExactly(50);
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      Reservations r = Reservations.of(SpendStore.sqlite(db), CurrencyRates.NONE, alerts, clock);
      assertThat(r.status(key).spent()).isEqualByComparingTo("0.55");
      assertThat(r.reserve(List.of(key), Money.of("0.5", "USD")))
          .isInstanceOf(BudgetExceeded.class);
      Reservation res = (Reservation) r.reserve(List.of(key), Money.of("0.1", "USD"));
      r.settle(res, Money.of("0.1", "USD"));
      assertThat(alerts.percents()).containsExactly(50); // 50 % already fired this period
    }
  }

  @Test
  void reservationsOfAProcessThatDiedCountAsSpentAtTheirWorstCase() {
    Path file = dir.resolve("junction.db");
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      Reservations r = Reservations.of(SpendStore.sqlite(db), CurrencyRates.NONE, e -> { },
          clock);
      r.reserve(List.of(key), Money.of("0.3", "USD")); // never settled: the process "dies"
    }
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      Reservations r = Reservations.of(SpendStore.sqlite(db), CurrencyRates.NONE, e -> { },
          clock);
      BudgetStatus s = r.status(key);
      assertThat(s.spent()).isEqualByComparingTo("0.3");
      assertThat(s.reserved()).isEqualByComparingTo("0");
    }
  }

  @Test
  void amountsAreStoredExactly() {
    try (SqliteDatabase db = SqliteDatabase.inMemory()) {
      SpendStore store = SpendStore.sqlite(db);
      BucketKey b = new BucketKey("key:k", BudgetPeriod.TOTAL, java.time.Instant.EPOCH);
      store.hold(List.of(new Hold(b, new BigDecimal("0.0000000000000001"), null)));
      store.settle(List.of(new Hold(b, new BigDecimal("0.0000000000000001"), null)),
          List.of(new BigDecimal("0.1234567890123456789")));
      String stored = db.read(c -> {
        try (var st = c.createStatement();
            var rs = st.executeQuery("SELECT spent, reserved FROM budget_buckets")) {
          rs.next();
          return rs.getString(1) + "|" + rs.getString(2);
        }
      });
      assertThat(stored).isEqualTo("0.1234567890123456789|0");
    }
  }

  /**
   * A settlement while the database refuses writes still frees the call's hold (it is not
   * counted against the budget for the rest of the period), new holds are refused meanwhile, and
   * the unsaved state is stored with the first write that succeeds again.
   */
  @Test
  void aSettlementDuringADatabaseOutageFreesTheHoldAndIsStoredOnceWritesWorkAgain() {
    Path file = dir.resolve("junction.db");
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      SpendStore store = SpendStore.sqlite(db);
      Reservations r = Reservations.of(store, CurrencyRates.NONE, e -> { }, clock);
      Reservation res = (Reservation) r.reserve(List.of(key), Money.of("0.6", "USD"));
      outage(db, true); // a real failure: the table is gone for the store's writes
      assertThat(r.settle(res, Money.of("0.2", "USD"))).isTrue();
      BudgetStatus during = r.status(key);
      assertThat(during.spent()).isEqualByComparingTo("0.2");
      assertThat(during.reserved()).isEqualByComparingTo("0");
      assertThat(((BucketSpendStore) store).unsavedCount()).isEqualTo(1);
      assertThatThrownBy(() -> r.reserve(List.of(key), Money.of("0.1", "USD")))
          .isInstanceOf(RuntimeException.class); // a hold that cannot be stored is refused
      assertThat(r.status(key).reserved()).isEqualByComparingTo("0");
      outage(db, false);
      Reservation next = (Reservation) r.reserve(List.of(key), Money.of("0.1", "USD"));
      assertThat(((BucketSpendStore) store).unsavedCount()).isZero();
      r.settle(next, Money.of("0.1", "USD"));
    }
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      Reservations r = Reservations.of(SpendStore.sqlite(db), CurrencyRates.NONE, e -> { },
          clock);
      assertThat(r.status(key).spent()).isEqualByComparingTo("0.3");
      assertThat(r.status(key).reserved()).isEqualByComparingTo("0");
    }
  }

  private static void outage(SqliteDatabase db, boolean down) {
    db.write(c -> {
      try (var st = c.createStatement()) {
        st.execute(down ? "ALTER TABLE budget_buckets RENAME TO budget_buckets_away"
            : "ALTER TABLE budget_buckets_away RENAME TO budget_buckets");
      }
      return null;
    });
  }
}
