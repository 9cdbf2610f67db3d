package dev.junction.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.budget.Budget;
import dev.junction.budget.BudgetPeriod;
import dev.junction.budget.BudgetScope;
import dev.junction.chat.Usage;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.keys.IssuedKey;
import dev.junction.keys.KeySpec;
import dev.junction.keys.Team;
import dev.junction.keys.TeamSpec;
import dev.junction.pricing.Cost;
import dev.junction.pricing.CostCalculator;
import dev.junction.ratelimit.Priority;
import dev.junction.ratelimit.RateLimits;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  private final Rig rig = new Rig("master-secret");

  private Decision admit(@Nullable String secret, String model, long in, @Nullable Long out) {
    return rig.admission.admit(new AdmissionRequest(secret, model, in, out, null));
  }

  private static Budget usd(String amount) {
    return Budget.of(new BigDecimal(amount), "USD", BudgetPeriod.DAILY);
  }

  @Test
  void withoutAMasterKeyEverythingPassesAsOpen() {
    Rig open = new Rig(null);
    assertThat(open.admission.developmentMode()).isTrue();
    Decision d = open.admission.admit(new AdmissionRequest(null, "anything", 10, null, null));
    assertThat(d).isInstanceOfSatisfying(Admitted.class, a -> {
      assertThat(a.principal()).isEqualTo("open");
      assertThat(a.reservation()).isNull();
    });
    assertThat(open.admission.admit(new AdmissionRequest("sk-whatever", "m", 1, null, null)))
        .isInstanceOf(Admitted.class);
  }

  @Test
  void aValidKeyIsStillEnforcedInDevelopmentMode() {
    Rig open = new Rig(null);
    IssuedKey k = open.keys.createKey(KeySpec.named("a").withAllowedModels(List.of("gpt-4o")));
    Decision d = open.admission.admit(new AdmissionRequest(k.secret(), "claude", 1, null, null));
    assertThat(d).isInstanceOf(Denied.class);
  }

  @Test
  void missingUnknownAndRevokedKeysGet401() {
    assertThat(admit(null, "gpt-x", 1, 1L)).isInstanceOfSatisfying(Denied.class, d -> {
      assertThat(d.status()).isEqualTo(401);
      assertThat(d.code()).isEqualTo("missing_api_key");
    });
    assertThat(admit("jk-nope", "gpt-x", 1, 1L)).isInstanceOfSatisfying(Denied.class,
        d -> assertThat(d.code()).isEqualTo("invalid_api_key"));
    IssuedKey k = rig.keys.createKey(KeySpec.named("a"));
    assertThat(admit(k.secret(), "gpt-x", 1, 1L)).isInstanceOf(Admitted.class);
    rig.keys.revoke(k.key().id());
    Decision d = admit(k.secret(), "gpt-x", 1, 1L);
    assertThat(d).isInstanceOfSatisfying(Denied.class, x -> {
      assertThat(x.kind()).isEqualTo(Denied.Kind.AUTHENTICATION);
      GatewayException e = x.toException();
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.kind().anthropicType()).isEqualTo("authentication_error");
    });
  }

  @Test
  void theMasterKeyPassesWithoutLimits() {
    assertThat(admit("master-secret", "anything", 1, null)).isInstanceOfSatisfying(
        Admitted.class, a -> {
          assertThat(a.principal()).isEqualTo("master");
          assertThat(a.key()).isNull();
        });
  }

  @Test
  void aModelOutsideTheKeysOrTheTeamsListGets403() {
    Team team = rig.keys.createTeam(TeamSpec.named("t").withAllowedModels(List.of("gpt-*")));
    IssuedKey k = rig.keys.createKey(KeySpec.named("a").inTeam(team.id())
        .withAllowedModels(List.of("gpt-x", "claude-*")));
    assertThat(admit(k.secret(), "gpt-x", 1, 1L)).isInstanceOf(Admitted.class);
    Decision byTeam = admit(k.secret(), "claude-opus", 1, 1L); // key allows it, team does not
    assertThat(byTeam).isInstanceOfSatisfying(Denied.class, d -> {
      assertThat(d.status()).isEqualTo(403);
      assertThat(d.code()).isEqualTo("model_not_allowed");
      assertThat(d.message()).contains("claude-opus", k.key().id());
    });
    assertThat(admit(k.secret(), "gpt-y", 1, 1L)).isInstanceOf(Denied.class); // key's list
  }

  @Test
  void anUnpricedModelIsRefusedOnlyWhenABudgetMustHoldIt() {
    IssuedKey free = rig.keys.createKey(KeySpec.named("free"));
    assertThat(admit(free.secret(), "mystery", 1, 1L)).isInstanceOf(Admitted.class);
    IssuedKey budgeted = rig.keys.createKey(KeySpec.named("b").withBudget(usd("1")));
    assertThat(admit(budgeted.secret(), "mystery", 1, 1L)).isInstanceOfSatisfying(Denied.class,
        d -> {
          assertThat(d.status()).isEqualTo(403);
          assertThat(d.code()).isEqualTo("model_unpriced");
        });
  }

  @Test
  void overBudgetIs429BudgetExceededThatSdksShouldNotRetry() {
    // worst case: 1000 x $1/M + 1000 (catalogue cap) x $2/M = $0.003
    IssuedKey k = rig.keys.createKey(KeySpec.named("a").withBudget(usd("0.005"))
        .withLimits(new RateLimits(0, 0, 5)));
    Admitted first = (Admitted) admit(k.secret(), "gpt-x", 1000, null);
    assertThat(first.reservation().worstCase().amount()).isEqualByComparingTo("0.003");
    Decision second = admit(k.secret(), "gpt-x", 1000, null);
    assertThat(second).isInstanceOfSatisfying(Denied.class, d -> {
      assertThat(d.kind()).isEqualTo(Denied.Kind.BUDGET);
      assertThat(d.status()).isEqualTo(429);
      assertThat(d.code()).isEqualTo("budget_exceeded");
      assertThat(d.headers()).containsEntry("x-should-retry", "false")
          .containsEntry("retry-after", "50400"); // 14 h to midnight UTC
      assertThat(d.toException().code()).isEqualTo("budget_exceeded");
      assertThat(d.toException().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    });
    // with a smaller output cap the worst case fits: 1000 x 1 + 500 x 2 = $0.002
    Admitted third = (Admitted) admit(k.secret(), "gpt-x", 1000, 500L);
    // the budget refusal gave its concurrency slot back: 2 in flight, 3 more fit
    for (int i = 0; i < 3; i++) {
      rig.admission.complete(third, Outcome.NOT_SENT);
      assertThat(admit(k.secret(), "gpt-x", 0, 0L)).isInstanceOf(Admitted.class);
    }
  }

  @Test
  void overRpmIs429WithRetryAfterAndRateLimitHeaders() {
    IssuedKey k = rig.keys.createKey(KeySpec.named("a").withLimits(new RateLimits(2, 0, 0)));
    Admitted a = (Admitted) admit(k.secret(), "gpt-x", 1, 1L);
    assertThat(a.headers()).containsEntry("x-ratelimit-limit-requests", "2")
        .containsEntry("x-ratelimit-remaining-requests", "1");
    admit(k.secret(), "gpt-x", 1, 1L);
    Decision d = admit(k.secret(), "gpt-x", 1, 1L);
    assertThat(d).isInstanceOfSatisfying(Denied.class, x -> {
      assertThat(x.status()).isEqualTo(429);
      assertThat(x.code()).isEqualTo("rate_limit_exceeded");
      assertThat(x.retryAfterMillis()).isEqualTo(30_000);
      assertThat(x.headers()).containsEntry("retry-after", "30")
          .containsEntry("retry-after-ms", "30000")
          .containsEntry("x-ratelimit-remaining-requests", "0")
          .doesNotContainKey("x-should-retry");
      assertThat(x.toException().retryAfterMillis()).isEqualTo(30_000);
    });
  }

  @Test
  void completionSettlesAtTheRealCostOnce() {
    IssuedKey k = rig.keys.createKey(KeySpec.named("a").withBudget(usd("1")));
    BudgetScope scope = new BudgetScope(k.key().scope(), k.key().budget());
    Admitted a = (Admitted) admit(k.secret(), "gpt-x", 100, 100L);
    Usage usage = Usage.fromOpenAi(80, 50, 0, 0, 0);
    Cost cost = CostCalculator.cost(Rig.PRICE, usage); // 80 x 1 + 50 x 2 = 180 micro-dollars
    Settlement s = rig.admission.complete(a, Outcome.billed(usage, cost));
    assertThat(s.reservationId()).isEqualTo(a.reservation().id());
    assertThat(s.reserved().amount()).isEqualByComparingTo("0.0003"); // 100 x 1 + 100 x 2 µ$
    assertThat(s.settled().amount()).isEqualByComparingTo("0.00018");
    assertThat(rig.admission.complete(a, Outcome.billed(usage, cost))).isEqualTo(Settlement.NONE);
    assertThat(rig.budgets.status(scope).spent()).isEqualByComparingTo("0.00018");
    assertThat(rig.budgets.status(scope).reserved()).isEqualByComparingTo("0");
  }

  @Test
  void notSentReleasesAndUnknownOrPartialCostsSettleAtTheWorstCase() {
    IssuedKey k = rig.keys.createKey(KeySpec.named("a").withBudget(usd("1")));
    BudgetScope scope = new BudgetScope(k.key().scope(), k.key().budget());
    Settlement released = rig.admission.complete((Admitted) admit(k.secret(), "gpt-x", 100, 100L),
        Outcome.NOT_SENT);
    assertThat(released.reservationId()).isNotNull();
    assertThat(released.settled()).isNull();
    assertThat(rig.budgets.status(scope).spent()).isEqualByComparingTo("0");
    rig.admission.complete((Admitted) admit(k.secret(), "gpt-x", 100, 100L), Outcome.UNKNOWN);
    assertThat(rig.budgets.status(scope).spent()).isEqualByComparingTo("0.0003"); // 100+200 µ$
    Usage cached = Usage.fromOpenAi(100, 10, 50, 0, 0); // cache reads: no rate -> partial
    Cost partial = CostCalculator.cost(Rig.PRICE, cached);
    assertThat(partial.partial()).isTrue();
    rig.admission.complete((Admitted) admit(k.secret(), "gpt-x", 100, 100L),
        Outcome.billed(cached, partial));
    assertThat(rig.budgets.status(scope).spent()).isEqualByComparingTo("0.0006");
  }

  @Test
  void theRequestsPriorityWinsOverTheKeysDefault() {
    IssuedKey k = rig.keys.createKey(KeySpec.named("a").withPriority(Priority.LOW));
    assertThat(((Admitted) admit(k.secret(), "gpt-x", 1, 1L)).priority())
        .isEqualTo(Priority.LOW);
    Admitted high = (Admitted) rig.admission.admit(
        new AdmissionRequest(k.secret(), "gpt-x", 1, 1L, Priority.HIGH));
    assertThat(high.priority()).isEqualTo(Priority.HIGH);
    assertThat(high.keyId()).isEqualTo(k.key().id());
    assertThat(high.teamId()).isNull();
  }

  @Test
  void authorizeChecksOnlyTheKeyAndTheModel() {
    IssuedKey k = rig.keys.createKey(KeySpec.named("narrow").withAllowedModels(List.of("gpt-4o"))
        .withBudget(usd("0")));
    // no budget or limit is consulted: a zero budget does not refuse an authorised count
    assertThat(rig.admission.authorize(k.secret(), "gpt-4o")).isEmpty();
    assertThat(rig.admission.authorize(k.secret(), "claude")).hasValueSatisfying(
        d -> assertThat(d.code()).isEqualTo("model_not_allowed"));
    assertThat(rig.admission.authorize(null, "gpt-4o")).hasValueSatisfying(
        d -> assertThat(d.code()).isEqualTo("missing_api_key"));
    assertThat(rig.admission.authorize("jk-nope", "gpt-4o")).hasValueSatisfying(
        d -> assertThat(d.code()).isEqualTo("invalid_api_key"));
    assertThat(rig.admission.authorize("master-secret", "anything")).isEmpty();
    assertThat(new Rig(null).admission.authorize(null, "anything")).isEmpty();
  }

  @Test
  void enforcedKeyNamesOnlyActiveVirtualKeys() {
    IssuedKey k = rig.keys.createKey(KeySpec.named("a"));
    assertThat(rig.admission.enforcedKey(k.secret()))
        .hasValueSatisfying(c -> assertThat(c.key().id()).isEqualTo(k.key().id()));
    assertThat(rig.admission.enforcedKey("master-secret")).isEmpty();
    assertThat(rig.admission.enforcedKey(null)).isEmpty();
    rig.keys.revoke(k.key().id());
    assertThat(rig.admission.enforcedKey(k.secret())).isEmpty();
  }
}
