package dev.junction.ledger;

import dev.junction.chat.Usage;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The raw table {@code ledger_entry}: its column list, and the mapping of a {@link LedgerEntry}
 * to a row and back. Costs are stored as nano-unit integers, booleans as 0/1, the time as epoch
 * milliseconds. Stateless.
 */
final class EntryTable {

  static final List<String> COLUMNS = columns();
  static final String INSERT = "INSERT INTO ledger_entry (" + String.join(", ", COLUMNS)
      + ") VALUES (" + "?, ".repeat(COLUMNS.size() - 1) + "?)";
  static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM ledger_entry";

  private EntryTable() {}

  private static List<String> columns() {
    List<String> c = new ArrayList<>(List.of("request_id", "ts_ms", "key_id", "team", "tag",
        "front", "endpoint", "requested_model", "deployment_id", "provider", "upstream_model",
        "model", "attempts", "stream", "status", "error_type", "error_code"));
    TokenKind.ALL.forEach(k -> c.add(k.tokenColumn()));
    c.add("usage_estimated");
    c.add("currency");
    TokenKind.ALL.forEach(k -> c.add(k.costColumn()));
    c.addAll(List.of("cost_total_nanos", "unpriced", "reserved_nanos", "settled_nanos",
        "latency_ms", "ttft_ms", "cache_hit", "prompt_hash"));
    return List.copyOf(c);
  }

  /** Binds {@code e} in {@link #COLUMNS} order. */
  static void bind(Params p, LedgerEntry e) throws SQLException {
    p.reset().text(e.requestId()).number(e.time().toEpochMilli()).text(e.keyId()).text(e.team())
        .text(e.tag()).text(e.front()).text(e.endpoint()).text(e.requestedModel())
        .text(e.deploymentId()).text(e.provider()).text(e.upstreamModel()).text(e.model())
        .integer(e.attempts()).flag(e.stream()).integer(e.status()).text(e.errorType())
        .text(e.errorCode());
    for (TokenKind k : TokenKind.ALL) {
      p.number(k.tokens(e.tokens()));
    }
    p.flag(e.tokens().estimated()).text(e.cost().currency());
    for (TokenKind k : TokenKind.ALL) {
      p.number(k.costNanos(e.cost()));
    }
    p.number(Spend.nanos(e.cost().total())).flag(e.unpriced()).number(nanosOrNull(e.reserved()))
        .number(nanosOrNull(e.settled())).number(e.latencyMillis()).number(e.ttftMillis())
        .flag(e.cacheHit()).text(e.promptHash());
  }

  /** Reads a row selected with {@link #SELECT}. */
  static LedgerEntry read(Columns c) throws SQLException {
    c.reset();
    String requestId = c.text();
    Instant time = Instant.ofEpochMilli(c.number());
    String keyId = c.nullableText();
    String team = c.nullableText();
    String tag = c.nullableText();
    String front = c.text();
    String endpoint = c.text();
    String requestedModel = c.text();
    String deploymentId = c.nullableText();
    String provider = c.nullableText();
    String upstreamModel = c.nullableText();
    c.text(); // model: derived from upstream/requested model
    int attempts = c.integer();
    boolean stream = c.flag();
    int status = c.integer();
    String errorType = c.nullableText();
    String errorCode = c.nullableText();
    long[] tokens = c.perKind();
    Usage usage = TokenKind.usage(tokens, c.flag());
    String currency = c.text();
    Spend cost = TokenKind.spend(currency, c.perKind());
    c.number(); // cost_total_nanos: the sum of the kinds
    boolean unpriced = c.flag();
    BigDecimal reserved = amountOrNull(c.nullableNumber());
    BigDecimal settled = amountOrNull(c.nullableNumber());
    return new LedgerEntry(requestId, time, keyId, team, tag, front, endpoint, requestedModel,
        deploymentId, provider, upstreamModel, attempts, stream, status, errorType, errorCode,
        usage, cost, unpriced, reserved, settled, c.number(), c.number(), c.flag(),
        c.nullableText());
  }

  private static @Nullable Long nanosOrNull(@Nullable BigDecimal amount) {
    return amount == null ? null : Spend.nanos(amount);
  }

  private static @Nullable BigDecimal amountOrNull(@Nullable Long nanos) {
    return nanos == null ? null : Spend.fromNanos(nanos);
  }
}
