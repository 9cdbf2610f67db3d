package dev.junction.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A report as rows of typed cells (text, whole numbers, exact amounts, nulls) under named
 * columns, and its three renderings. A column marked {@code brief} appears in the terminal table;
 * CSV and JSON carry every column. Not thread-safe while being filled.
 */
final class ReportTable {

  /** A column: its name in CSV/JSON, its heading in the table, whether the table shows it. */
  record Column(String name, String heading, boolean brief) {}

  private final List<Column> columns = new ArrayList<>();
  private final List<List<@Nullable Object>> rows = new ArrayList<>();
  private final List<List<@Nullable Object>> totals = new ArrayList<>();

  ReportTable column(String name, String heading, boolean brief) {
    columns.add(new Column(name, heading, brief));
    return this;
  }

  void row(List<@Nullable Object> cells) {
    rows.add(check(cells));
  }

  void total(List<@Nullable Object> cells) {
    totals.add(check(cells));
  }

  private List<@Nullable Object> check(List<@Nullable Object> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException(cells.size() + " cells for " + columns.size()
          + " columns");
    }
    return cells;
  }

  String render(ReportFormat format) {
    return switch (format) {
      case TABLE -> table();
      case CSV -> csv();
      case JSON -> json();
    };
  }

  private String table() {
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).brief()) {
        shown.add(i);
      }
    }
    List<List<@Nullable Object>> all = new ArrayList<>(rows);
    all.addAll(totals);
    int[] width = new int[shown.size()];
    for (int s = 0; s < shown.size(); s++) {
      width[s] = columns.get(shown.get(s)).heading().length();
      for (List<@Nullable Object> r : all) {
        width[s] = Math.max(width[s], cell(r.get(shown.get(s)), "(none)", true).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    List<@Nullable Object> headings = new ArrayList<>();
    shown.forEach(i -> headings.add(columns.get(i).heading()));
    line(sb, headings, shown, width, true);
    int total = shown.size() * 2 - 2;
    for (int w : width) {
      total += w;
    }
    sb.append("-".repeat(Math.max(0, total))).append('\n');
    rows.forEach(r -> line(sb, r, shown, width, false));
    if (!totals.isEmpty()) {
      sb.append("-".repeat(Math.max(0, total))).append('\n');
      totals.forEach(r -> line(sb, r, shown, width, false));
    }
    if (rows.isEmpty()) {
      sb.append("(no entries in this range)\n");
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<@Nullable Object> r, List<Integer> shown,
      int[] width, boolean heading) {
    StringBuilder l = new StringBuilder();
    for (int s = 0; s < shown.size(); s++) {
      Object v = heading ? r.get(s) : r.get(shown.get(s));
      String text = cell(v, "(none)", true);
      boolean right = !heading && (v instanceof Number);
      if (s > 0) {
        l.append("  ");
      }
      String pad = " ".repeat(width[s] - text.length());
      l.append(right ? pad + text : text + pad);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  private String csv() {
    StringBuilder sb = new StringBuilder();
    List<String> names = columns.stream().map(Column::name).toList();
    sb.append(String.join(",", names.stream().map(ReportTable::csvField).toList()))
        .append("\r\n");
    for (List<@Nullable Object> r : rows) {
      List<String> fields = new ArrayList<>();
      r.forEach(v -> fields.add(csvField(cell(v, "", false))));
      sb.append(String.join(",", fields)).append("\r\n");
    }
    return sb.toString();
  }

  private static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private String json() {
    ObjectNode root = Json.NODES.objectNode();
    root.set("rows", jsonRows(rows));
    root.set("totals", jsonRows(totals));
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }

  private ArrayNode jsonRows(List<List<@Nullable Object>> source) {
    ArrayNode array = Json.NODES.arrayNode();
    for (List<@Nullable Object> r : source) {
      ObjectNode o = array.addObject();
      for (int i = 0; i < columns.size(); i++) {
        String name = columns.get(i).name();
        Object v = r.get(i);
        if (v == null) {
          o.putNull(name);
        } else if (v instanceof Long l) {
          o.put(name, l);
        } else if (v instanceof Double d) {
          o.put(name, d);
        } else {
          o.put(name, cell(v, "", false));
        }
      }
    }
    return array;
  }

  /**
   * A cell as text: amounts plain with at least two decimals, nulls as {@code none}, fractions
   * as percentages in the table and as 4-decimal fractions elsewhere.
   */
  static String cell(@Nullable Object v, String none, boolean forTable) {
    if (v == null) {
      return none;
    }
    if (v instanceof BigDecimal d) {
      return amount(d);
    }
    if (v instanceof Double d) {
      return forTable ? String.format(Locale.ROOT, "%.2f%%", d * 100)
          : String.format(Locale.ROOT, "%.4f", d);
    }
    return v.toString();
  }

  /** An exact amount without exponent or trailing zeros beyond the cents. */
  static String amount(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() < 2) {
      s = s.setScale(2);
    }
    return s.toPlainString();
  }
}
