package dev.junction.ledger;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The ledger suite on PostgreSQL at {@code jdbc:postgresql://127.0.0.1:5432/test} (user {@code
 * postgres}, else {@code root}; trust authentication), each test in a fresh schema dropped
 * afterwards. Skipped when the server is not reachable, unless {@code
 * -Djunction.require-services=true}, which makes that a failure.
 */
class PostgresLedgerTest extends LedgerSuite {

  static final String URL = System.getProperty("junction.postgres.url",
      "jdbc:postgresql://127.0.0.1:5432/test");
  private static String user = "postgres";

  private String schema = "";

  /** Why the server cannot be used, or null when it can. */
  private static @Nullable String unreachable;

  @BeforeAll
  static void server() {
    List<String> problems = new ArrayList<>();
    for (String candidate : List.of("postgres", "root")) {
      try (Connection c = DriverManager.getConnection(URL, props(candidate))) {
        if (c.isValid(5)) {
          user = candidate;
          unreachable = null;
          return;
        }
      } catch (SQLException e) {
        problems.add(candidate + ": " + e.getMessage());
      }
    }
    unreachable = "PostgreSQL not reachable at " + URL + " " + problems;
    if (Boolean.getBoolean("junction.require-services")) {
      fail(unreachable + " (junction.require-services=true makes this a failure)");
    }
    System.err.println(unreachable + " — PostgreSQL ledger tests skipped");
  }

  private static Properties props(String u) {
    Properties p = new Properties();
    p.setProperty("user", u);
    p.setProperty("connectTimeout", "5");
    return p;
  }

  @BeforeEach
  void createSchema() throws SQLException {
    Assumptions.assumeTrue(unreachable == null, () -> unreachable
        + " — skipped (run with -Djunction.require-services=true to fail instead)");
    schema = "ledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(URL, props(user));
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (unreachable != null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(URL, props(user));
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private String schemaUrl() {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRES;
  }

  @Override
  LedgerStore newStore() {
    return LedgerStore.postgres(schemaUrl(), user, null);
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(schemaUrl(), props(user));
  }
}
