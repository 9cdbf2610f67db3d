package dev.junction.bench;

import dev.junction.admission.Admission;
import dev.junction.admission.AdmissionPolicy;
import dev.junction.admission.AdmissionRequest;
import dev.junction.admission.Admitted;
import dev.junction.admission.Outcome;
import dev.junction.budget.Budget;
import dev.junction.budget.BudgetPeriod;
import dev.junction.budget.CurrencyRates;
import dev.junction.budget.Reservations;
import dev.junction.budget.SpendStore;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.chat.Usage;
import dev.junction.config.Secret;
import dev.junction.keys.KeySpec;
import dev.junction.keys.KeyStore;
import dev.junction.keys.VirtualKeys;
import dev.junction.pricing.CostCalculator;
import dev.junction.pricing.ModelPrice;
import dev.junction.pricing.TokenRates;
import dev.junction.ratelimit.LimitStore;
import dev.junction.ratelimit.RateLimiter;
import dev.junction.ratelimit.RateLimits;
import dev.junction.sqlite.SqliteDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the enforcement point costs per request (admit, then complete): development mode without
 * a key, a key with rate limits only (in memory), and a key with a budget on a SQLite file (one
 * reserve and one settle write). Run with {@code bench/jmh.sh 'AdmissionBenchmark'}; not a unit
 * test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx512m"})
public class AdmissionBenchmark {

  private static final ModelPrice PRICE = new ModelPrice("openai", "gpt-x", ModelPrice.Mode.CHAT,
      "USD", TokenRates.of(new BigDecimal("1"), new BigDecimal("2")), List.of(), null, null,
      null, 1000L);

  private Path dir;
  private SqliteDatabase db;
  private Admission open;
  private Admission guarded;
  private String limitedKey;
  private String budgetKey;
  private final ChatRequest request = ChatRequest.of("gpt-x", List.of(
      Message.text(Role.SYSTEM, "You are a concise assistant."),
      Message.text(Role.USER, "Explain why an API gateway should add little latency.")));
  private final Usage usage = Usage.fromOpenAi(30, 50, 0, 0, 0);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("admission-bench");
    db = SqliteDatabase.open(dir.resolve("keys.db"));
    InstantSource clock = InstantSource.system();
    open = admission(SqliteDatabase.inMemory(), null, clock, null);
    VirtualKeys[] keys = new VirtualKeys[1];
    guarded = admission(db, Secret.of("master"), clock, keys);
    limitedKey = keys[0].createKey(KeySpec.named("limited")
        .withLimits(new RateLimits(1_000_000_000L, 0, 0))).secret();
    budgetKey = keys[0].createKey(KeySpec.named("budget").withBudget(
        Budget.of(new BigDecimal("1000000"), "USD", BudgetPeriod.MONTHLY))).secret();
  }

  private static Admission admission(SqliteDatabase db, Secret master, InstantSource clock,
      VirtualKeys[] out) {
    VirtualKeys keys = VirtualKeys.open(KeyStore.sqlite(db), master, new SecureRandom(), clock);
    if (out != null) {
      out[0] = keys;
    }
    Reservations budgets = Reservations.of(SpendStore.sqlite(db), CurrencyRates.NONE, e -> { },
        clock);
    return Admission.of(keys, budgets, RateLimiter.of(LimitStore.inMemory(), clock),
        m -> List.of(PRICE), CurrencyRates.NONE, AdmissionPolicy.DEFAULTS, clock);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    db.close();
  }

  private Object cycle(Admission a, String secret) {
    Admitted ok = (Admitted) a.admit(AdmissionRequest.chat(secret, request, null));
    return a.complete(ok, Outcome.billed(usage, CostCalculator.cost(PRICE, usage)));
  }

  @Benchmark
  public Object openNoKey() {
    return cycle(open, null);
  }

  @Benchmark
  public Object keyWithRateLimits() {
    return cycle(guarded, limitedKey);
  }

  @Benchmark
  public Object keyWithSqliteBudget() {
    return cycle(guarded, budgetKey);
  }
}
