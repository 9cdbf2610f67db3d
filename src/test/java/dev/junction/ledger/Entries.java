package dev.junction.ledger;

import dev.junction.chat.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/** Ledger entries for tests: one plain entry to vary, and seeded random ones. */
final class Entries {

  /** Served models: requested, upstream (null: nothing served), provider, currency. */
  record Served(String requested, String upstream, String provider, String currency) {}

  static final List<Served> SERVED = List.of(
      new Served("fast", "gpt-4o-mini", "openai", "USD"),
      new Served("smart", "claude-sonnet-4-5", "anthropic", "USD"),
      new Served("smart", "gemini-2.5-pro", "gemini", "USD"),
      new Served("cheap", "deepseek-chat", "deepseek", "CNY"),
      new Served("cheap", "qwen-plus", "dashscope", "CNY"),
      new Served("fast", null, null, "USD"));
  static final List<String> KEYS = List.of("key_a1", "key_b2", "key_c3", "key_d4", "key_e5");
  static final List<String> TEAMS = List.of("search", "ads", "support");
  static final List<String> TAGS = List.of("chat", "summarize", "embed-index", "agent");

  private Entries() {}

  /** A successful OpenAI call at {@code time} with the given cost of its input tokens. */
  static LedgerEntry plain(String requestId, Instant time, String model, String currency,
      String inputCost) {
    BigDecimal z = BigDecimal.ZERO;
    return new LedgerEntry(requestId, time, "key_a1", "search", "chat", "openai", "chat", model,
        "openai/" + model, "openai", model, 1, false, 200, null, null,
        new Usage(1000, 0, 0, 0, 200, 0, false),
        new Spend(currency, new BigDecimal(inputCost), z, z, z, z, z), false, null, null, 100,
        -1, false, null);
  }

  /** A random entry within {@code spanMillis} after {@code start}. */
  static LedgerEntry random(RandomGenerator r, String requestId, Instant start, long spanMillis) {
    Served s = SERVED.get(r.nextInt(SERVED.size()));
    int keyIndex = r.nextInt(KEYS.size() + 1);
    String key = keyIndex == KEYS.size() ? null : KEYS.get(keyIndex);
    String team = key == null || r.nextInt(5) == 0 ? null : TEAMS.get(keyIndex % TEAMS.size());
    String tag = r.nextInt(4) == 0 ? null : TAGS.get(r.nextInt(TAGS.size()));
    boolean served = s.upstream() != null;
    int status = !served ? 503 : r.nextInt(20) == 0 ? 429 : 200;
    boolean streamFailed = status == 200 && r.nextInt(30) == 0;
    boolean unpriced = !served || r.nextInt(25) == 0;
    Usage usage = served
        ? new Usage(r.nextLong(50_000), r.nextLong(20_000), r.nextLong(5_000),
            r.nextLong(2_000), r.nextLong(4_000), r.nextLong(3_000), r.nextInt(10) == 0)
        : Usage.ZERO;
    Spend cost = unpriced ? Spend.zero(s.currency())
        : new Spend(s.currency(), nanos(r, 2_000_000_000L), nanos(r, 500_000_000L),
            nanos(r, 300_000_000L), nanos(r, 100_000_000L), nanos(r, 900_000_000L),
            nanos(r, 700_000_000L));
    BigDecimal reserved = r.nextInt(3) == 0 ? nanos(r, 5_000_000_000L) : null;
    BigDecimal settled = reserved == null ? null : cost.total();
    long latency = 20 + r.nextLong(30_000);
    boolean stream = r.nextBoolean();
    return new LedgerEntry(requestId, start.plusMillis(r.nextLong(spanMillis)), key, team, tag,
        r.nextBoolean() ? "openai" : "anthropic", r.nextInt(10) == 0 ? "embeddings" : "chat",
        s.requested(), served ? s.provider() + "/" + s.upstream() : null, s.provider(),
        s.upstream(), 1 + r.nextInt(3), stream, status,
        status >= 400 ? "rate_limit_error" : streamFailed ? "api_error" : null,
        status >= 400 ? String.valueOf(status) : streamFailed ? "stream_interrupted" : null,
        usage, cost, unpriced, reserved, settled, latency,
        stream ? r.nextLong(latency) : -1, r.nextInt(50) == 0,
        r.nextBoolean() ? null : "%032x".formatted(r.nextLong(1L << 40)));
  }

  private static BigDecimal nanos(RandomGenerator r, long bound) {
    return BigDecimal.valueOf(r.nextLong(bound), 9);
  }
}
