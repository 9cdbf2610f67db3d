package dev.junction.chat;

/**
 * Why the model stopped, in a vocabulary rich enough to map every vendor both ways.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>canonical</th><th>OpenAI</th><th>Anthropic</th><th>Gemini</th></tr>
 *   <tr><td>STOP</td><td>stop</td><td>end_turn</td><td>STOP</td></tr>
 *   <tr><td>STOP_SEQUENCE</td><td>stop</td><td>stop_sequence</td><td>STOP</td></tr>
 *   <tr><td>LENGTH</td><td>length</td><td>max_tokens</td><td>MAX_TOKENS</td></tr>
 *   <tr><td>TOOL_CALLS</td><td>tool_calls</td><td>tool_use</td><td>STOP + functionCall</td></tr>
 *   <tr><td>CONTENT_FILTER</td><td>content_filter</td><td>refusal</td><td>SAFETY, …</td></tr>
 *   <tr><td>PAUSE_TURN</td><td>stop</td><td>pause_turn</td><td>–</td></tr>
 * </table>
 */
public enum FinishReason {
  STOP, STOP_SEQUENCE, LENGTH, TOOL_CALLS, CONTENT_FILTER, PAUSE_TURN;

  /** The OpenAI {@code finish_reason}. */
  public String openAi() {
    return switch (this) {
      case STOP, STOP_SEQUENCE, PAUSE_TURN -> "stop";
      case LENGTH -> "length";
      case TOOL_CALLS -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
    };
  }

  /** The Anthropic {@code stop_reason}. */
  public String anthropic() {
    return switch (this) {
      case STOP -> "end_turn";
      case STOP_SEQUENCE -> "stop_sequence";
      case LENGTH -> "max_tokens";
      case TOOL_CALLS -> "tool_use";
      case CONTENT_FILTER -> "refusal";
      case PAUSE_TURN -> "pause_turn";
    };
  }

  /** Reads an OpenAI {@code finish_reason}; unknown values read as {@link #STOP}. */
  public static FinishReason fromOpenAi(String s) {
    return switch (s) {
      case "length" -> LENGTH;
      case "tool_calls", "function_call" -> TOOL_CALLS;
      case "content_filter" -> CONTENT_FILTER;
      default -> STOP;
    };
  }

  /** Reads an Anthropic {@code stop_reason}; unknown values read as {@link #STOP}. */
  public static FinishReason fromAnthropic(String s) {
    return switch (s) {
      case "stop_sequence" -> STOP_SEQUENCE;
      case "max_tokens", "model_context_window_exceeded" -> LENGTH;
      case "tool_use" -> TOOL_CALLS;
      case "refusal" -> CONTENT_FILTER;
      case "pause_turn" -> PAUSE_TURN;
      default -> STOP;
    };
  }
}
