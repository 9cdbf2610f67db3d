/**
 * Virtual keys and teams: who may call the gateway, which models, with which limits and budget.
 *
 * <p>{@link dev.junction.keys.VirtualKeys} holds every {@link dev.junction.keys.Team} and {@link
 * dev.junction.keys.VirtualKey} in memory over a {@link dev.junction.keys.KeyStore} (SQLite, or a
 * shared store later) and answers {@link dev.junction.keys.Authenticator#authenticate} on the
 * request path without locks or I/O. Secrets are shown once and stored only as SHA-256.
 *
 * <pre>{@code
 * VirtualKeys keys = VirtualKeys.open(KeyStore.sqlite(db), masterKey, new SecureRandom(),
 *     InstantSource.system());
 * Team team = keys.createTeam(TeamSpec.named("search").withBudget(
 *     Budget.of(new BigDecimal("100"), "USD", BudgetPeriod.MONTHLY)));
 * IssuedKey issued = keys.createKey(KeySpec.named("search-prod").inTeam(team.id())
 *     .withAllowedModels(List.of("gpt-4o*", "anthropic/*")));
 * show(issued.secret());                              // once
 * Optional<KeyContext> who = keys.authenticate(bearerToken);
 * keys.revoke(issued.key().id());                     // effective at once
 * }</pre>
 */
@NullMarked
package dev.junction.keys;

import org.jspecify.annotations.NullMarked;
