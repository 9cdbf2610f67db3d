package dev.junction.chat;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * How the model must use tools. {@code name} is set exactly when {@code mode} is {@link Mode#TOOL}.
 * {@code disableParallel} mirrors Anthropic's {@code disable_parallel_tool_use}.
 */
public record ToolChoice(Mode mode, @Nullable String name, boolean disableParallel) {

  /** The choices every vendor knows under its own names. */
  public enum Mode {
    /** The model decides (OpenAI/Anthropic {@code auto}, Gemini {@code AUTO}). */
    AUTO,
    /** No tool calls (OpenAI/Anthropic {@code none}, Gemini {@code NONE}). */
    NONE,
    /** At least one tool call (OpenAI {@code required}, Anthropic {@code any}, Gemini {@code ANY}). */
    REQUIRED,
    /** A named tool must be called. */
    TOOL
  }

  public ToolChoice {
    requireNonNull(mode, "mode");
    if ((mode == Mode.TOOL) != (name != null)) {
      throw new IllegalArgumentException("tool_choice: a tool name goes with mode TOOL only");
    }
  }

  public static ToolChoice of(Mode mode) {
    return new ToolChoice(mode, null, false);
  }

  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.TOOL, requireNonNull(name, "name"), false);
  }
}
