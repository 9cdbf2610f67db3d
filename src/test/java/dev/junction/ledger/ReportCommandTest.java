package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction report} over a SQLite ledger holding {@link LedgerSuite#reportData()}. */
class ReportCommandTest {

  @TempDir
  Path dir;
  Path db;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final ManualClock clock = new ManualClock(Instant.parse("2025-02-03T18:00:00Z"));

  @BeforeEach
  void ledger() {
    db = dir.resolve("ledger.db");
    try (LedgerStore store = LedgerStore.sqlite(db)) {
      store.write(LedgerSuite.reportData(), true);
    }
  }

  int run(String... args) {
    out.reset();
    err.reset();
    return ReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), clock);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void spendByTeamAsCsv() {
    assertThat(run("--db", db.toString(), "--from", "2025-01-30", "--to", "2025-02-03", "--by",
        "team", "--period", "total", "--format", "csv")).isZero();
    assertThat(out().split("\r\n")).extracting(l -> l.replaceAll(",[^,]*,[^,]*$", ""))
        .startsWith("team,currency,requests,errors,unpriced,tokens_input,tokens_cache_read,"
            + "tokens_cache_write,tokens_cache_write_1h,tokens_output,tokens_reasoning,"
            + "tokens_in,tokens_out,cost");
    assertThat(out()).contains("\r\nads,CNY,1,0,0,1000,100,0,0,50,10,1100,60,2.00,")
        .contains("\r\n,CNY,1,0,0,")
        .contains("\r\nsearch,USD,3,1,0,3000,300,0,0,150,30,3300,180,1.85,")
        .contains("\r\nads,USD,1,0,0,1000,100,0,0,50,10,1100,60,0.000000123,");
  }

  @Test
  void defaultsToTheLast30DaysByModelPerDay() {
    assertThat(run("--db=" + db)).isZero();
    assertThat(out()).contains("2025-01-30").contains("gpt-4o-mini").contains("0.100000123")
        .contains("TOTAL").contains("1.850000123").contains("2.50");
  }

  @Test
  void topAsJson() throws Exception {
    assertThat(run("top", "--db", db.toString(), "--top", "1", "--by", "key", "--format",
        "json")).isZero();
    JsonNode rows = Json.MAPPER.readTree(out()).get("rows");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("key").asText()).isEqualTo("key_b");
    assertThat(rows.get(0).get("currency").asText()).isEqualTo("CNY");
    assertThat(rows.get(1).get("key").asText()).isEqualTo("key_a");
    assertThat(rows.get(1).get("cost").asText()).isEqualTo("1.85");
  }

  @Test
  void latencyOverAWindow() {
    assertThat(run("latency", "--db", db.toString(), "--from", "2025-01-30", "--to",
        "2025-02-03", "--format", "csv")).isZero();
    assertThat(out().split("\r\n")).containsExactly(
        "model,requests,errors,error_rate,p50_ms,p95_ms,max_ms",
        "claude-sonnet-4-5,1,1,1.0000,,,",
        "deepseek-chat,2,0,0.0000,200,1000,1000",
        "gpt-4o-mini,3,0,0.0000,300,400,400");
  }

  @Test
  void badUsageExitsWithTwoAndSaysWhy() {
    assertThat(run("--db", db.toString(), "--by", "colour")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--by: 'colour'");
    assertThat(run("--db", dir.resolve("missing.db").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no ledger at");
    assertThat(run("--db", db.toString(), "--top", "0")).isEqualTo(2);
    assertThat(run("forecast")).isEqualTo(2);
    assertThat(run("--db", db.toString(), "--from", "2025-02-05", "--to", "2025-02-01"))
        .isEqualTo(2);
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("Usage: junction report");
  }
}
