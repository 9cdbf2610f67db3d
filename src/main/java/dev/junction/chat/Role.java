package dev.junction.chat;

import java.util.Locale;

/** Who authored a {@link Message}. */
public enum Role {
  SYSTEM, DEVELOPER, USER, ASSISTANT, TOOL;

  /** The lower-case wire name shared by OpenAI and Anthropic ({@code "user"}, …). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire role; {@code "function"} (the legacy OpenAI name) reads as {@link #TOOL}.
   *
   * @throws IllegalArgumentException for an unknown role
   */
  public static Role parse(String wire) {
    return switch (wire) {
      case "system" -> SYSTEM;
      case "developer" -> DEVELOPER;
      case "user" -> USER;
      case "assistant" -> ASSISTANT;
      case "tool", "function" -> TOOL;
      default -> throw new IllegalArgumentException("unknown role '" + wire + "'");
    };
  }
}
