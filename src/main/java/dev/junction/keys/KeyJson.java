package dev.junction.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.budget.Budget;
import dev.junction.budget.BudgetPeriod;
import dev.junction.ratelimit.Priority;
import dev.junction.ratelimit.RateLimits;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON forms of keys, teams, budgets and limits: what the admin API returns and accepts and
 * what the SQLite store keeps in its JSON columns. Field names are snake_case (see docs/KEYS.md).
 * A key's JSON never holds its secret or its hash. Amounts are written as decimal strings, so
 * they stay exact. Parsing rejects unknown fields and bad values with an {@link
 * IllegalArgumentException} naming the field. Stateless.
 */
public final class KeyJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> BUDGET_FIELDS =
      Set.of("amount", "currency", "period", "time_zone", "reset_at", "alerts", "hard");
  private static final Set<String> LIMIT_FIELDS = Set.of("rpm", "tpm", "max_concurrent");
  private static final Set<String> KEY_FIELDS = Set.of("name", "team_id", "metadata",
      "allowed_models", "limits", "budget", "default_priority");
  private static final Set<String> TEAM_FIELDS =
      Set.of("name", "org", "metadata", "allowed_models", "limits", "budget");

  private KeyJson() {}

  /** {@code {"amount":"10","currency":"USD","period":"monthly",...}}. */
  public static ObjectNode budget(Budget b) {
    ObjectNode o = F.objectNode();
    o.put("amount", b.amount().toPlainString());
    o.put("currency", b.currency());
    o.put("period", b.period().wireName());
    o.put("time_zone", b.zone().getId());
    o.put("reset_at", b.resetAt().toString());
    ArrayNode a = o.putArray("alerts");
    b.alertPercents().forEach(a::add);
    o.put("hard", b.hard());
    return o;
  }

  /** Parses a budget; {@code currency} defaults to USD, the rest as {@link Budget#of}. */
  public static Budget budget(JsonNode n) {
    known(n, BUDGET_FIELDS, "budget");
    JsonNode amount = n.get("amount");
    if (amount == null || !(amount.isNumber() || amount.isTextual())) {
      throw new IllegalArgumentException("budget.amount: required, a decimal number");
    }
    BigDecimal value;
    try {
      value = amount.isTextual() ? new BigDecimal(amount.asText()) : amount.decimalValue();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("budget.amount: '" + amount.asText()
          + "' (expected: a decimal number)");
    }
    String period = text(n, "period", "monthly");
    BudgetPeriod p;
    try {
      p = BudgetPeriod.valueOf(period.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("budget.period: '" + period
          + "' (expected: daily, weekly, monthly or total)");
    }
    ZoneId zone;
    LocalTime reset;
    try {
      zone = ZoneId.of(text(n, "time_zone", "UTC"));
      reset = LocalTime.parse(text(n, "reset_at", "00:00"));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("budget.time_zone/reset_at: " + e.getMessage());
    }
    List<Integer> alerts = new ArrayList<>();
    JsonNode a = n.get("alerts");
    if (a == null) {
      alerts.addAll(Budget.DEFAULT_ALERTS);
    } else {
      a.forEach(x -> alerts.add(x.asInt()));
    }
    return new Budget(value, text(n, "currency", "USD"), p, zone, reset, alerts,
        !n.has("hard") || n.get("hard").asBoolean());
  }

  /** {@code {"rpm":60,"tpm":100000,"max_concurrent":4}} (0 = unlimited). */
  public static ObjectNode limits(RateLimits l) {
    ObjectNode o = F.objectNode();
    o.put("rpm", l.requestsPerMinute());
    o.put("tpm", l.tokensPerMinute());
    o.put("max_concurrent", l.maxConcurrent());
    return o;
  }

  /** Parses limits; missing fields are 0 (unlimited). */
  public static RateLimits limits(JsonNode n) {
    known(n, LIMIT_FIELDS, "limits");
    return new RateLimits(n.path("rpm").asLong(0), n.path("tpm").asLong(0),
        n.path("max_concurrent").asInt(0));
  }

  /** A key as the admin API shows it: everything but the secret and its hash. */
  public static ObjectNode key(VirtualKey k) {
    ObjectNode o = F.objectNode();
    o.put("id", k.id());
    o.put("name", k.name());
    o.put("team_id", k.teamId());
    o.put("prefix", k.prefix());
    o.set("metadata", map(k.metadata()));
    o.set("allowed_models", list(k.allowedModels()));
    o.set("limits", limits(k.limits()));
    o.set("budget", k.budget() == null ? F.nullNode() : budget(k.budget()));
    o.put("default_priority", k.defaultPriority().wireName());
    o.put("created_at", k.createdAt().toString());
    o.put("rotated_at", k.rotatedAt() == null ? null : k.rotatedAt().toString());
    o.put("revoked_at", k.revokedAt() == null ? null : k.revokedAt().toString());
    return o;
  }

  /** A team as the admin API shows it. */
  public static ObjectNode team(Team t) {
    ObjectNode o = F.objectNode();
    o.put("id", t.id());
    o.put("name", t.name());
    o.put("org", t.org());
    o.set("metadata", map(t.metadata()));
    o.set("allowed_models", list(t.allowedModels()));
    o.set("limits", limits(t.limits()));
    o.set("budget", t.budget() == null ? F.nullNode() : budget(t.budget()));
    o.put("created_at", t.createdAt().toString());
    return o;
  }

  /** {@code base} with the fields present in {@code n} replaced (create: base = named spec). */
  public static KeySpec keySpec(JsonNode n, KeySpec base) {
    known(n, KEY_FIELDS, "key");
    String priority = text(n, "default_priority", base.defaultPriority().wireName());
    return new KeySpec(text(n, "name", base.name()),
        n.has("team_id") ? nullableText(n.get("team_id")) : base.teamId(),
        n.has("metadata") ? map(n.get("metadata"), "metadata") : base.metadata(),
        n.has("allowed_models") ? list(n.get("allowed_models"), "allowed_models")
            : base.allowedModels(),
        n.has("limits") ? limits(n.get("limits")) : base.limits(),
        n.has("budget") ? nullableBudget(n.get("budget")) : base.budget(),
        Priority.parse(priority).orElseThrow(() -> new IllegalArgumentException(
            "default_priority: '" + priority + "' (expected: high, normal or low)")));
  }

  /** {@code base} with the fields present in {@code n} replaced. */
  public static TeamSpec teamSpec(JsonNode n, TeamSpec base) {
    known(n, TEAM_FIELDS, "team");
    return new TeamSpec(text(n, "name", base.name()),
        n.has("org") ? nullableText(n.get("org")) : base.org(),
        n.has("metadata") ? map(n.get("metadata"), "metadata") : base.metadata(),
        n.has("allowed_models") ? list(n.get("allowed_models"), "allowed_models")
            : base.allowedModels(),
        n.has("limits") ? limits(n.get("limits")) : base.limits(),
        n.has("budget") ? nullableBudget(n.get("budget")) : base.budget());
  }

  static @Nullable Budget nullableBudget(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : budget(n);
  }

  static ObjectNode map(Map<String, String> m) {
    ObjectNode o = F.objectNode();
    m.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> o.put(e.getKey(), e.getValue()));
    return o;
  }

  static Map<String, String> map(JsonNode n, String field) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(field + ": expected an object of strings");
    }
    Map<String, String> m = new LinkedHashMap<>();
    n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  static ArrayNode list(List<String> l) {
    ArrayNode a = F.arrayNode();
    l.forEach(a::add);
    return a;
  }

  static List<String> list(JsonNode n, String field) {
    if (!n.isArray()) {
      throw new IllegalArgumentException(field + ": expected an array of strings");
    }
    List<String> l = new ArrayList<>();
    n.forEach(x -> l.add(x.asText()));
    return l;
  }

  private static @Nullable String nullableText(JsonNode n) {
    return n.isNull() ? null : n.asText();
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  private static void known(JsonNode n, Set<String> fields, String what) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(what + ": expected a JSON object");
    }
    n.fieldNames().forEachRemaining(f -> {
      if (!fields.contains(f)) {
        throw new IllegalArgumentException(what + "." + f + ": unknown field (expected one of: "
            + String.join(", ", fields.stream().sorted().toList()) + ")");
      }
    });
  }
}
