package dev.junction.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.Usage;
import dev.junction.json.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpendReportRenderTest {

  static final LocalDate DAY = LocalDate.of(2025, 1, 30);
  static final SpendQuery BY_KEY = new SpendQuery(DAY, DAY, Dimension.KEY, Period.DAY);

  static SpendRow row(String group, String currency, long requests, long errors, String cost) {
    BigDecimal z = BigDecimal.ZERO;
    return new SpendRow(DAY, group, new Tally(requests, errors, 0, 0, 0,
        new Usage(1000 * requests, 100 * requests, 0, 0, 50 * requests, 10 * requests, false),
        new Spend(currency, z, z, z, z, new BigDecimal(cost), z), 183 * requests,
        400));
  }

  static final List<SpendRow> ROWS = List.of(
      row("key_b", "CNY", 1, 0, "2.00"),
      row("key_a", "USD", 3, 1, "1.85"),
      row("tag \"x\", y", "USD", 1, 0, "0.000000123"),
      row("", "USD", 2, 0, "0"));

  @Test
  void csvHasEveryColumnQuotedWhereNeededAndNoTotals() {
    String csv = SpendReport.render(ROWS, BY_KEY, ReportFormat.CSV);
    assertThat(csv.split("\r\n", -1)).containsExactly(
        "day,key,currency,requests,errors,unpriced,tokens_input,tokens_cache_read,"
            + "tokens_cache_write,tokens_cache_write_1h,tokens_output,tokens_reasoning,tokens_in,"
            + "tokens_out,cost,latency_avg_ms,latency_max_ms",
        "2025-01-30,key_b,CNY,1,0,0,1000,100,0,0,50,10,1100,60,2.00,183,400",
        "2025-01-30,key_a,USD,3,1,0,3000,300,0,0,150,30,3300,180,1.85,183,400",
        "2025-01-30,\"tag \"\"x\"\", y\",USD,1,0,0,1000,100,0,0,50,10,1100,60,0.000000123,183,400",
        "2025-01-30,,USD,2,0,0,2000,200,0,0,100,20,2200,120,0.00,183,400",
        "");
  }

  @Test
  void jsonKeepsAmountsExactAndTotalsPerCurrency() throws Exception {
    JsonNode root = Json.MAPPER.readTree(SpendReport.render(ROWS, BY_KEY, ReportFormat.JSON));
    JsonNode rows = root.get("rows");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(2).get("cost").asText()).isEqualTo("0.000000123");
    assertThat(rows.get(2).get("key").asText()).isEqualTo("tag \"x\", y");
    assertThat(rows.get(1).get("requests").isIntegralNumber()).isTrue();
    assertThat(rows.get(1).get("requests").asLong()).isEqualTo(3);
    assertThat(rows.get(3).get("key").isNull()).isTrue();
    JsonNode totals = root.get("totals");
    assertThat(totals).hasSize(2);
    assertThat(totals.get(0).get("currency").asText()).isEqualTo("CNY");
    assertThat(totals.get(0).get("cost").asText()).isEqualTo("2.00");
    assertThat(totals.get(1).get("currency").asText()).isEqualTo("USD");
    assertThat(totals.get(1).get("cost").asText()).isEqualTo("1.850000123");
    assertThat(totals.get(1).get("requests").asLong()).isEqualTo(6);
  }

  @Test
  void tableAlignsColumnsAndTotalsEachCurrency() {
    String table = SpendReport.render(ROWS, BY_KEY, ReportFormat.TABLE);
    List<String> lines = table.lines().toList();
    assertThat(lines.getFirst()).startsWith("day         key         cur  requests  errors");
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .matches("2025-01-30\\s+key_a\\s+USD\\s+3\\s+1\\s+3300\\s+180\\s+1\\.85\\s+183"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("(none)"));
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .matches("2025-01-30\\s+TOTAL\\s+CNY\\s+1\\s+0\\s+1100\\s+60\\s+2\\.00\\s+183"));
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .matches("2025-01-30\\s+TOTAL\\s+USD\\s+6\\s+1\\s+6600\\s+360\\s+1\\.850000123\\s+183"));
  }

  @Test
  void anEmptyReportSaysSo() {
    assertThat(SpendReport.render(List.of(), BY_KEY, ReportFormat.TABLE))
        .contains("(no entries in this range)");
    assertThat(SpendReport.render(List.of(), BY_KEY, ReportFormat.CSV).split("\r\n"))
        .hasSize(1);
  }

  @Test
  void latencyRendersRatesAndMissingPercentiles() {
    List<LatencyRow> rows = List.of(new LatencyRow("claude", 4, 1, 120, 300, 310),
        new LatencyRow("broken", 2, 2, -1, -1, -1));
    assertThat(SpendReport.renderLatency(rows, ReportFormat.CSV).split("\r\n")).containsExactly(
        "model,requests,errors,error_rate,p50_ms,p95_ms,max_ms",
        "claude,4,1,0.2500,120,300,310",
        "broken,2,2,1.0000,,,");
    String table = SpendReport.renderLatency(rows, ReportFormat.TABLE);
    assertThat(table).contains("25.00%").contains("(none)");
  }
}
