package dev.junction.chat;

import org.jspecify.annotations.Nullable;

/**
 * Reasoning controls. OpenAI-style fronts set {@code effort} ({@code minimal|low|medium|high});
 * Anthropic-style fronts set {@code budgetTokens}. Adapters convert whichever is set into what
 * their vendor takes (see {@link #budgetOr(int)} and {@link #effortOr()}). {@code enabled=false}
 * asks the vendor to switch reasoning off where it can.
 */
public record Reasoning(boolean enabled, @Nullable String effort, @Nullable Integer budgetTokens) {

  /** Budget used for an effort when the vendor wants a token budget (fraction of max tokens). */
  public int budgetOr(int maxTokens) {
    if (budgetTokens != null) {
      return budgetTokens;
    }
    String e = effort == null ? "medium" : effort;
    int budget = switch (e) {
      case "minimal" -> 1024;
      case "low" -> Math.max(1024, maxTokens / 4);
      case "high" -> Math.max(1024, maxTokens * 4 / 5);
      default -> Math.max(1024, maxTokens / 2);
    };
    return budget;
  }

  /** Effort for vendors that take a level: the given one, or one derived from the budget. */
  public String effortOr() {
    if (effort != null) {
      return effort;
    }
    if (budgetTokens == null) {
      return "medium";
    }
    return budgetTokens <= 2048 ? "low" : budgetTokens <= 16384 ? "medium" : "high";
  }
}
