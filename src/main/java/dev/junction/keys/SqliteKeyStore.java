package dev.junction.keys;

import dev.junction.json.Json;
import dev.junction.ratelimit.Priority;
import dev.junction.sqlite.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link KeyStore} on SQLite. Secrets are never stored: a key row holds the hex SHA-256 of its
 * secret ({@code secret_sha256}, unique) and the display prefix. Metadata, allowed models, limits
 * and budgets are JSON columns in the {@link KeyJson} forms; times are epoch milliseconds.
 */
final class SqliteKeyStore implements KeyStore {

  static final List<String> MIGRATIONS = List.of("""
      CREATE TABLE teams(
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        org TEXT,
        metadata TEXT NOT NULL,
        allowed_models TEXT NOT NULL,
        limits TEXT NOT NULL,
        budget TEXT,
        created_ms INTEGER NOT NULL)""", """
      CREATE TABLE virtual_keys(
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        team_id TEXT REFERENCES teams(id),
        secret_sha256 TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        metadata TEXT NOT NULL,
        allowed_models TEXT NOT NULL,
        limits TEXT NOT NULL,
        budget TEXT,
        default_priority TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        rotated_ms INTEGER,
        revoked_ms INTEGER)""");

  private final SqliteDatabase db;

  SqliteKeyStore(SqliteDatabase db) {
    this.db = db;
    db.migrate("keys", MIGRATIONS);
  }

  @Override
  public List<Team> teams() {
    return db.read(c -> {
      List<Team> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, org, metadata,"
          + " allowed_models, limits, budget, created_ms FROM teams ORDER BY created_ms, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Team(rs.getString(1), rs.getString(2), rs.getString(3),
              KeyJson.map(Json.MAPPER.readTree(rs.getString(4)), "metadata"),
              KeyJson.list(Json.MAPPER.readTree(rs.getString(5)), "allowed_models"),
              KeyJson.limits(Json.MAPPER.readTree(rs.getString(6))), budget(rs.getString(7)),
              Instant.ofEpochMilli(rs.getLong(8))));
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("corrupt JSON in teams: " + e.getOriginalMessage(), e);
      }
      return out;
    });
  }

  @Override
  public List<VirtualKey> keys() {
    return db.read(c -> {
      List<VirtualKey> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, team_id, secret_sha256,"
          + " prefix, metadata, allowed_models, limits, budget, default_priority, created_ms,"
          + " rotated_ms, revoked_ms FROM virtual_keys ORDER BY created_ms, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new VirtualKey(rs.getString(1), rs.getString(2), rs.getString(3),
              KeyHash.fromHex(rs.getString(4)), rs.getString(5),
              KeyJson.map(Json.MAPPER.readTree(rs.getString(6)), "metadata"),
              KeyJson.list(Json.MAPPER.readTree(rs.getString(7)), "allowed_models"),
              KeyJson.limits(Json.MAPPER.readTree(rs.getString(8))), budget(rs.getString(9)),
              Priority.valueOf(rs.getString(10)), Instant.ofEpochMilli(rs.getLong(11)),
              instant(rs, 12), instant(rs, 13)));
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("corrupt JSON in virtual_keys: " + e.getOriginalMessage(), e);
      }
      return out;
    });
  }

  @Override
  public void saveTeam(Team t) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO teams(id, name,"
          + " org, metadata, allowed_models, limits, budget, created_ms)"
          + " VALUES(?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, t.id());
        ps.setString(2, t.name());
        ps.setString(3, t.org());
        ps.setString(4, KeyJson.map(t.metadata()).toString());
        ps.setString(5, KeyJson.list(t.allowedModels()).toString());
        ps.setString(6, KeyJson.limits(t.limits()).toString());
        ps.setString(7, t.budget() == null ? null : KeyJson.budget(t.budget()).toString());
        ps.setLong(8, t.createdAt().toEpochMilli());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void saveKey(VirtualKey k) {
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO virtual_keys(id, name,"
          + " team_id, secret_sha256, prefix, metadata, allowed_models, limits, budget,"
          + " default_priority, created_ms, rotated_ms, revoked_ms)"
          + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
          + " name = excluded.name, team_id = excluded.team_id,"
          + " secret_sha256 = excluded.secret_sha256, prefix = excluded.prefix,"
          + " metadata = excluded.metadata, allowed_models = excluded.allowed_models,"
          + " limits = excluded.limits, budget = excluded.budget,"
          + " default_priority = excluded.default_priority, rotated_ms = excluded.rotated_ms,"
          + " revoked_ms = excluded.revoked_ms")) {
        ps.setString(1, k.id());
        ps.setString(2, k.name());
        ps.setString(3, k.teamId());
        ps.setString(4, k.hash().hex());
        ps.setString(5, k.prefix());
        ps.setString(6, KeyJson.map(k.metadata()).toString());
        ps.setString(7, KeyJson.list(k.allowedModels()).toString());
        ps.setString(8, KeyJson.limits(k.limits()).toString());
        ps.setString(9, k.budget() == null ? null : KeyJson.budget(k.budget()).toString());
        ps.setString(10, k.defaultPriority().name());
        ps.setLong(11, k.createdAt().toEpochMilli());
        millis(ps, 12, k.rotatedAt());
        millis(ps, 13, k.revokedAt());
        ps.executeUpdate();
      }
      return null;
    });
  }

  private static void millis(PreparedStatement ps, int i, @Nullable Instant t)
      throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }

  private static @Nullable Instant instant(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static dev.junction.budget.@Nullable Budget budget(@Nullable String json)
      throws SQLException {
    if (json == null) {
      return null;
    }
    try {
      return KeyJson.budget(Json.MAPPER.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("corrupt budget JSON: " + e.getOriginalMessage(), e);
    }
  }
}
