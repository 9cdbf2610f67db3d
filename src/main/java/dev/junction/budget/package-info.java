/**
 * Budgets per virtual key and per team, enforced by reserve-then-settle.
 *
 * <p>A {@link dev.junction.budget.Budget} is an amount of a currency per {@link
 * dev.junction.budget.BudgetPeriod} (daily, weekly, monthly, total) with soft alert thresholds and
 * an optional hard limit. {@link dev.junction.budget.Reservations} holds a call's {@link
 * dev.junction.budget.WorstCase} cost in every budget of the request before it is sent, and
 * replaces it by the real cost afterwards; counters live in a {@link
 * dev.junction.budget.SpendStore} (in memory, or SQLite so they survive restarts; a shared store
 * implements the same interface later).
 *
 * <pre>{@code
 * Reservations budgets = Reservations.of(SpendStore.sqlite(db), rates::rate,
 *     ThresholdListener.log(), InstantSource.system());
 * Money worst = WorstCase.cost(price, inputTokens, maxTokens, 4096).orElseThrow();
 * switch (budgets.reserve(List.of(keyScope, teamScope), worst)) {
 *   case BudgetExceeded e -> answer429(e.message());
 *   case Reservation r -> {
 *     ... call ...
 *     budgets.settle(r, new Money(cost.total(), cost.currency()));   // or release(r)
 *   }
 * }
 * }</pre>
 */
@NullMarked
package dev.junction.budget;

import org.jspecify.annotations.NullMarked;
