package dev.junction.keys;

import static java.util.Objects.requireNonNull;

import dev.junction.budget.BudgetScope;
import dev.junction.ratelimit.RateScope;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: an authenticated, active virtual key and its team (null when the key has
 * none), as they were at authentication. Immutable.
 */
public record KeyContext(VirtualKey key, @Nullable Team team) {

  public KeyContext {
    requireNonNull(key, "key");
  }

  /** Whether the key, and its team, allow {@code model}. */
  public boolean allows(String model) {
    return ModelPattern.allows(key.allowedModels(), model)
        && (team == null || ModelPattern.allows(team.allowedModels(), model));
  }

  /** The rate-limit scopes: the key's, then the team's; those without limits are left out. */
  public List<RateScope> rateScopes() {
    List<RateScope> out = new ArrayList<>(2);
    if (!key.limits().isNone()) {
      out.add(new RateScope(key.scope(), key.limits()));
    }
    if (team != null && !team.limits().isNone()) {
      out.add(new RateScope(team.scope(), team.limits()));
    }
    return out;
  }

  /** The budget scopes: the key's, then the team's; those without a budget are left out. */
  public List<BudgetScope> budgetScopes() {
    List<BudgetScope> out = new ArrayList<>(2);
    if (key.budget() != null) {
      out.add(new BudgetScope(key.scope(), key.budget()));
    }
    if (team != null && team.budget() != null) {
      out.add(new BudgetScope(team.scope(), team.budget()));
    }
    return out;
  }
}
