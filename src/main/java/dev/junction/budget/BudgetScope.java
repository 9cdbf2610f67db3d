package dev.junction.budget;

import static java.util.Objects.requireNonNull;

/**
 * A budget holder: {@code id} names it in the store ({@code key:<id>}, {@code team:<id>}) and
 * {@code budget} is the budget in force now. Immutable.
 */
public record BudgetScope(String id, Budget budget) {

  public BudgetScope {
    requireNonNull(id, "id");
    requireNonNull(budget, "budget");
  }
}
