package dev.junction.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.budget.Budget;
import dev.junction.budget.BudgetPeriod;
import dev.junction.config.Secret;
import dev.junction.ratelimit.Priority;
import dev.junction.ratelimit.RateLimits;
import dev.junction.sqlite.SqliteDatabase;
import dev.junction.testing.ManualClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualKeysTest {

  @TempDir Path dir;

  private final ManualClock clock = ManualClock.at("2026-05-10T10:00:00Z");

  private VirtualKeys keys(KeyStore store) {
    return VirtualKeys.open(store, Secret.of("master-secret"), new SplittableRandom(7), clock);
  }

  @Test
  void aCreatedKeyAuthenticatesWithItsSecretAndCarriesItsTeam() {
    VirtualKeys keys = keys(KeyStore.inMemory());
    Team team = keys.createTeam(new TeamSpec("search", "acme", Map.of("cost-centre", "42"),
        List.of("gpt-*"), new RateLimits(100, 0, 0),
        Budget.of(new BigDecimal("50"), "USD", BudgetPeriod.MONTHLY)));
    IssuedKey issued = keys.createKey(KeySpec.named("prod").inTeam(team.id())
        .withPriority(Priority.HIGH));
    assertThat(issued.secret()).startsWith("jk-").hasSize(46); // jk- + 43 base64url chars
    assertThat(issued.key().prefix()).isEqualTo(issued.secret().substring(0, 10));
    assertThat(issued.toString()).doesNotContain(issued.secret());
    KeyContext who = keys.authenticate(issued.secret()).orElseThrow();
    assertThat(who.key().id()).isEqualTo(issued.key().id());
    assertThat(who.team()).isEqualTo(team);
    assertThat(who.key().defaultPriority()).isEqualTo(Priority.HIGH);
    assertThat(who.key().createdAt()).isEqualTo(Instant.parse("2026-05-10T10:00:00Z"));
  }

  @Test
  void unknownOrAlmostRightSecretsAreRefused() {
    VirtualKeys keys = keys(KeyStore.inMemory());
    String s = keys.createKey(KeySpec.named("a")).secret();
    String almost = s.substring(0, s.length() - 1) + (s.endsWith("A") ? "B" : "A");
    assertThat(keys.authenticate(almost)).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate("master-secret")).isEmpty();
  }

  @Test
  void rotationInvalidatesTheOldSecretAtOnce() {
    VirtualKeys keys = keys(KeyStore.inMemory());
    IssuedKey first = keys.createKey(KeySpec.named("a"));
    clock.advance(Duration.ofHours(1));
    IssuedKey second = keys.rotate(first.key().id());
    assertThat(second.secret()).isNotEqualTo(first.secret());
    assertThat(keys.authenticate(first.secret())).isEmpty();
    assertThat(keys.authenticate(second.secret())).isPresent();
    assertThat(second.key().id()).isEqualTo(first.key().id());
    assertThat(second.key().rotatedAt()).isEqualTo(Instant.parse("2026-05-10T11:00:00Z"));
  }

  @Test
  void revocationTakesEffectAtOnceAndForGood() {
    VirtualKeys keys = keys(KeyStore.inMemory());
    IssuedKey k = keys.createKey(KeySpec.named("a"));
    assertThat(keys.authenticate(k.secret())).isPresent();
    VirtualKey revoked = keys.revoke(k.key().id());
    assertThat(keys.authenticate(k.secret())).isEmpty();
    assertThat(revoked.revokedAt()).isEqualTo(clock.instant());
    assertThat(keys.revoke(k.key().id()).revokedAt()).isEqualTo(revoked.revokedAt());
    assertThatThrownBy(() -> keys.rotate(k.key().id())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.updateKey(k.key().id(), KeySpec.named("b")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(keys.keys()).extracting(VirtualKey::active).containsExactly(false);
  }

  @Test
  void updatesApplyToTheNextAuthentication() {
    VirtualKeys keys = keys(KeyStore.inMemory());
    IssuedKey k = keys.createKey(KeySpec.named("a"));
    keys.updateKey(k.key().id(), KeySpec.named("a").withAllowedModels(List.of("claude-*")));
    KeyContext who = keys.authenticate(k.secret()).orElseThrow();
    assertThat(who.allows("claude-sonnet-4-5")).isTrue();
    assertThat(who.allows("gpt-4o")).isFalse();
  }

  @Test
  void unknownTeamsAndIdsAreRejected() {
    VirtualKeys keys = keys(KeyStore.inMemory());
    assertThatThrownBy(() -> keys.createKey(KeySpec.named("a").inTeam("team_nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("team_nope");
    assertThatThrownBy(() -> keys.revoke("key_nope")).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> keys.createKey(KeySpec.named(" ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMasterKeyIsRecognisedAndItsAbsenceMeansDevelopmentMode() {
    VirtualKeys guarded = keys(KeyStore.inMemory());
    assertThat(guarded.isMaster("master-secret")).isTrue();
    assertThat(guarded.isMaster("master-secreT")).isFalse();
    assertThat(guarded.isMaster("master-secret-and-more")).isFalse();
    assertThat(guarded.developmentMode()).isFalse();
    VirtualKeys open = VirtualKeys.open(KeyStore.inMemory(), null, new SplittableRandom(1), clock);
    assertThat(open.developmentMode()).isTrue();
    assertThat(open.isMaster("")).isFalse();
  }

  @Test
  void sqliteKeepsOnlyTheHashAndEverythingSurvivesAReopen() throws IOException {
    Path file = dir.resolve("junction.db");
    IssuedKey issued;
    IssuedKey rotatedAway;
    String teamId;
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      VirtualKeys keys = keys(KeyStore.sqlite(db));
      teamId = keys.createTeam(TeamSpec.named("t").withLimits(new RateLimits(5, 6, 7))
          .withBudget(Budget.of(new BigDecimal("12.50"), "EUR", BudgetPeriod.WEEKLY))).id();
      issued = keys.createKey(KeySpec.named("k").inTeam(teamId)
          .withMetadata(Map.of("owner", "ana")).withAllowedModels(List.of("gpt-4o", "o*")));
      rotatedAway = keys.createKey(KeySpec.named("r"));
      keys.rotate(rotatedAway.key().id());
      IssuedKey revoked = keys.createKey(KeySpec.named("gone"));
      keys.revoke(revoked.key().id());

      String everything = allBytes(dir);
      assertThat(everything).doesNotContain(issued.secret())
          .doesNotContain(issued.secret().substring(10)) // not even the secret part
          .doesNotContain(rotatedAway.secret().substring(10))
          .contains(issued.key().hash().hex());
    }
    try (SqliteDatabase db = SqliteDatabase.open(file)) {
      VirtualKeys keys = keys(KeyStore.sqlite(db));
      KeyContext who = keys.authenticate(issued.secret()).orElseThrow();
      assertThat(who.key()).isEqualTo(issued.key());
      assertThat(who.team().budget().amount()).isEqualByComparingTo("12.5");
      assertThat(who.team().budget().currency()).isEqualTo("EUR");
      assertThat(who.team().limits()).isEqualTo(new RateLimits(5, 6, 7));
      assertThat(keys.team(teamId)).isPresent();
      assertThat(keys.authenticate(rotatedAway.secret())).isEmpty();
      assertThat(keys.keys()).extracting(VirtualKey::name).containsExactly("k", "r", "gone");
      assertThat(keys.keys().get(2).active()).isFalse();
    }
  }

  private static String allBytes(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        sb.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return sb.toString();
  }
}
