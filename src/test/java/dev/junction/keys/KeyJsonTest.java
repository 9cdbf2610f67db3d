package dev.junction.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.budget.Budget;
import dev.junction.budget.BudgetPeriod;
import dev.junction.json.Json;
import dev.junction.ratelimit.Priority;
import dev.junction.testing.ManualClock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyJsonTest {

  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void aBudgetReadsWithDefaultsAndWritesBackExactly() throws Exception {
    Budget b = KeyJson.budget(json("""
        {"amount": "100.10", "period": "daily", "time_zone": "Europe/Berlin",
         "reset_at": "06:00", "alerts": [80, 50]}"""));
    assertThat(b.amount()).isEqualByComparingTo("100.10");
    assertThat(b.currency()).isEqualTo("USD");
    assertThat(b.period()).isEqualTo(BudgetPeriod.DAILY);
    assertThat(b.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(b.resetAt()).isEqualTo(LocalTime.of(6, 0));
    assertThat(b.alertPercents()).containsExactly(50, 80);
    assertThat(b.hard()).isTrue();
    assertThat(KeyJson.budget(KeyJson.budget(b))).isEqualTo(b);
    assertThat(KeyJson.budget(b).get("amount").asText()).isEqualTo("100.1");
  }

  @Test
  void badValuesNameTheirField() {
    assertThatThrownBy(() -> KeyJson.budget(json("{\"amount\": \"ten\"}")))
        .hasMessageContaining("budget.amount");
    assertThatThrownBy(() -> KeyJson.budget(json("{\"amount\": 1, \"period\": \"yearly\"}")))
        .hasMessageContaining("budget.period: 'yearly'");
    assertThatThrownBy(() -> KeyJson.limits(json("{\"rpn\": 1}")))
        .hasMessageContaining("limits.rpn: unknown field");
    assertThatThrownBy(() -> KeyJson.keySpec(json("{\"default_priority\": \"urgent\"}"),
        KeySpec.named("x"))).hasMessageContaining("default_priority: 'urgent'");
  }

  @Test
  void aKeySpecUpdatesOnlyTheFieldsGiven() throws Exception {
    KeySpec base = KeySpec.named("a").withAllowedModels(List.of("gpt-4o"));
    KeySpec s = KeyJson.keySpec(json("""
        {"limits": {"rpm": 60, "max_concurrent": 2}, "default_priority": "low",
         "budget": {"amount": 5, "period": "total"}}"""), base);
    assertThat(s.name()).isEqualTo("a");
    assertThat(s.allowedModels()).containsExactly("gpt-4o");
    assertThat(s.limits().requestsPerMinute()).isEqualTo(60);
    assertThat(s.limits().tokensPerMinute()).isZero();
    assertThat(s.limits().maxConcurrent()).isEqualTo(2);
    assertThat(s.defaultPriority()).isEqualTo(Priority.LOW);
    assertThat(s.budget().period()).isEqualTo(BudgetPeriod.TOTAL);
    assertThat(KeyJson.keySpec(json("{\"budget\": null}"), s).budget()).isNull();
  }

  @Test
  void aKeysJsonHasNeitherSecretNorHash() {
    VirtualKeys keys = VirtualKeys.open(KeyStore.inMemory(), null, new SplittableRandom(3),
        ManualClock.at("2026-01-01T00:00:00Z"));
    IssuedKey k = keys.createKey(KeySpec.named("a"));
    String out = KeyJson.key(k.key()).toString();
    assertThat(out).doesNotContain(k.secret()).doesNotContain(k.key().hash().hex())
        .contains("\"prefix\":\"" + k.secret().substring(0, 10) + "\"")
        .contains("\"created_at\":\"2026-01-01T00:00:00Z\"");
  }
}
