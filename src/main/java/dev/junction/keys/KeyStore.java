package dev.junction.keys;

import dev.junction.sqlite.SqliteDatabase;
import java.util.List;

/**
 * Where teams and virtual keys are kept. {@link VirtualKeys} loads everything once at start and
 * writes every change through before it takes effect; the store itself does no lookups on the
 * request path. A shared store (PostgreSQL, a later issue) implements this and additionally tells
 * the other replicas to reload. Implementations are thread-safe.
 */
public interface KeyStore {

  /** Kept in memory only (tests, development). */
  static KeyStore inMemory() {
    return new MemoryKeyStore();
  }

  /** Kept in tables {@code teams} and {@code virtual_keys} of {@code db}. */
  static KeyStore sqlite(SqliteDatabase db) {
    return new SqliteKeyStore(db);
  }

  /** Every team. */
  List<Team> teams();

  /** Every key, revoked ones included. */
  List<VirtualKey> keys();

  /** Inserts or replaces a team. */
  void saveTeam(Team team);

  /** Inserts or replaces a key. */
  void saveKey(VirtualKey key);
}
