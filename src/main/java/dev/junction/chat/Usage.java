package dev.junction.chat;

/**
 * Token usage of one call, in disjoint buckets so that each token is priced exactly once.
 *
 * <ul>
 *   <li>{@code input}: prompt tokens billed at the base input rate (neither read from nor written
 *       to a prompt cache);
 *   <li>{@code cacheRead}: prompt tokens served from the vendor's prompt cache;
 *   <li>{@code cacheWrite}: prompt tokens written to a 5-minute cache (Anthropic default);
 *   <li>{@code cacheWrite1h}: prompt tokens written to a 1-hour cache;
 *   <li>{@code output}: generated tokens other than reasoning;
 *   <li>{@code reasoning}: reasoning/thinking tokens, when the vendor reports them separately (a
 *       vendor that folds thinking into output, like Anthropic, leaves this 0).
 * </ul>
 *
 * <p>Vendors count differently, and the static factories are the one place where that is undone:
 * OpenAI's {@code prompt_tokens} includes cached tokens and {@code completion_tokens} includes
 * reasoning; Anthropic's {@code input_tokens} excludes cache reads and writes; Gemini's {@code
 * promptTokenCount} includes {@code cachedContentTokenCount} while {@code candidatesTokenCount}
 * excludes {@code thoughtsTokenCount}. A vendor's inconsistent numbers (more cached than prompt
 * tokens) are clamped, never made negative.
 *
 * <p>{@code estimated} is true when the numbers were counted by the gateway rather than reported
 * by the vendor (e.g. a stream the client cut short). Immutable and thread-safe.
 */
public record Usage(
    long input,
    long cacheRead,
    long cacheWrite,
    long cacheWrite1h,
    long output,
    long reasoning,
    boolean estimated) {

  /** No tokens. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, false);

  public Usage {
    if (input < 0 || cacheRead < 0 || cacheWrite < 0 || cacheWrite1h < 0 || output < 0
        || reasoning < 0) {
      throw new IllegalArgumentException("token counts must be >= 0: " + input + "/" + cacheRead
          + "/" + cacheWrite + "/" + cacheWrite1h + "/" + output + "/" + reasoning);
    }
  }

  /**
   * From OpenAI-convention numbers: {@code promptTokens} includes {@code cachedTokens} (and, where
   * a vendor reports them, {@code cacheWriteTokens}); {@code completionTokens} includes {@code
   * reasoningTokens}.
   */
  public static Usage fromOpenAi(long promptTokens, long completionTokens, long cachedTokens,
      long cacheWriteTokens, long reasoningTokens) {
    long cached = clamp(cachedTokens, promptTokens);
    long writes = clamp(cacheWriteTokens, promptTokens - cached);
    long reasoning = clamp(reasoningTokens, completionTokens);
    return new Usage(promptTokens - cached - writes, cached, writes, 0,
        completionTokens - reasoning, reasoning, false);
  }

  /**
   * From Anthropic-convention numbers: {@code inputTokens} excludes cache reads and writes; {@code
   * outputTokens} includes thinking. {@code cacheCreation1h} is the part of {@code cacheCreation}
   * written with a one-hour TTL.
   */
  public static Usage fromAnthropic(long inputTokens, long cacheRead, long cacheCreation,
      long cacheCreation1h, long outputTokens) {
    long oneHour = clamp(cacheCreation1h, cacheCreation);
    return new Usage(Math.max(0, inputTokens), Math.max(0, cacheRead), cacheCreation - oneHour,
        oneHour, Math.max(0, outputTokens), 0, false);
  }

  /**
   * From Gemini {@code usageMetadata}: {@code promptTokenCount} includes {@code
   * cachedContentTokenCount}; {@code toolUsePromptTokenCount} is billed as input; {@code
   * candidatesTokenCount} excludes {@code thoughtsTokenCount}.
   */
  public static Usage fromGemini(long promptTokens, long cachedTokens, long toolUsePromptTokens,
      long candidatesTokens, long thoughtsTokens) {
    long cached = clamp(cachedTokens, promptTokens);
    return new Usage(promptTokens - cached + Math.max(0, toolUsePromptTokens), cached, 0, 0,
        Math.max(0, candidatesTokens), Math.max(0, thoughtsTokens), false);
  }

  /** An estimate made by the gateway: uncached input and plain output. */
  public static Usage estimated(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, 0, 0, 0, outputTokens, 0, true);
  }

  private static long clamp(long part, long whole) {
    return Math.max(0, Math.min(part, Math.max(0, whole)));
  }

  /** Every prompt-side token: what OpenAI reports as {@code prompt_tokens}. */
  public long promptTokens() {
    return input + cacheRead + cacheWrite + cacheWrite1h;
  }

  /** Every generated token: what OpenAI reports as {@code completion_tokens}. */
  public long completionTokens() {
    return output + reasoning;
  }

  /** Tokens written to any prompt cache. */
  public long cacheWriteTotal() {
    return cacheWrite + cacheWrite1h;
  }

  /** All tokens. */
  public long totalTokens() {
    return promptTokens() + completionTokens();
  }

  /** This usage marked as estimated. */
  public Usage asEstimated() {
    return new Usage(input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning, true);
  }
}
