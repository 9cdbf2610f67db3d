/**
 * The gateway's embedded SQLite database: one file shared by the stores that must survive a
 * restart (virtual keys and teams, budget spend), with per-component schema migrations.
 *
 * <pre>{@code
 * try (SqliteDatabase db = SqliteDatabase.open(Path.of("data/junction.db"))) {
 *   db.migrate("keys", List.of("CREATE TABLE teams(...)", "ALTER TABLE teams ADD ..."));
 *   long n = db.read(c -> { try (var st = c.createStatement()) { ... } });
 * }
 * }</pre>
 *
 * <p>A later issue adds shared stores (PostgreSQL, Redis) for several replicas; the stores that
 * use this package sit behind interfaces those can implement.
 */
@NullMarked
package dev.junction.sqlite;

import org.jspecify.annotations.NullMarked;
