package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.provider.CallContext;
import dev.junction.provider.Upstream;
import dev.junction.ratelimit.Priority;
import io.vertx.core.Future;
import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Runs one request against a route with every resilience rule: the {@link Balancer} picks the
 * deployment, its {@link DeploymentHealth} admits it (breaker, cooldown, in-flight count), the
 * {@link RetryPolicy} decides on each failure (another deployment at once, else the same one
 * after backoff or the vendor's wait, never past the deadline), the {@link HedgePolicy} sends a
 * second call when the first token is late (the first answer wins, the other is cancelled at
 * once), and {@link Fallbacks} switch to other models when the retries are exhausted, the prompt
 * does not fit or the vendor refused on content policy.
 *
 * <pre>{@code
 * Attempts attempts = Attempts.create(router, board, balancer, retry, hedge, fallbacks,
 *     Scheduler.vertx(vertx));
 * Attempts.Call<ChatResponse> call = Attempts.Call.of(
 *     (upstream, route, model, attemptCtx) -> upstream.chat(request.withModel(model), attemptCtx))
 *     .withPromptTokens(estimate).withContentFilter(Fallbacks::isContentPolicy);
 * attempts.run(route, request.model(), call, ctx).onComplete(ar -> {
 *   // ar.result(): Attempted (value, deployment, attempts, fallback, hedged, headers())
 *   // ar.cause(): AttemptsFailed (error(), headers())
 * });
 * }</pre>
 *
 * <p>A request's state is guarded by its own monitor; callbacks may come from any thread (in
 * the gateway they all come on the request's event loop, timers included, with {@link
 * Scheduler#vertx}). Every wait goes through the {@link Scheduler} and every time reading
 * through the board's clock. Thread-safe.
 */
public final class Attempts {

  final Router router;
  final HealthBoard board;
  final Balancer balancer;
  final RetryPolicy retry;
  final HedgePolicy hedge;
  final Fallbacks fallbacks;
  final Scheduler scheduler;
  final InstantSource clock;
  final Pacing pacing;

  private Attempts(Router router, HealthBoard board, Balancer balancer, RetryPolicy retry,
      HedgePolicy hedge, Fallbacks fallbacks, Scheduler scheduler, Pacing pacing) {
    this.pacing = pacing;
    this.router = router;
    this.board = board;
    this.balancer = balancer;
    this.retry = retry;
    this.hedge = hedge;
    this.fallbacks = fallbacks;
    this.scheduler = scheduler;
    this.clock = board.clock();
  }

  /** An orchestrator over these policies, without pacing; time is {@code board}'s clock. */
  public static Attempts create(Router router, HealthBoard board, Balancer balancer,
      RetryPolicy retry, HedgePolicy hedge, Fallbacks fallbacks, Scheduler scheduler) {
    return create(router, board, balancer, retry, hedge, fallbacks, scheduler, Pacing.none());
  }

  /** An orchestrator over these policies and upstream {@code pacing}. */
  public static Attempts create(Router router, HealthBoard board, Balancer balancer,
      RetryPolicy retry, HedgePolicy hedge, Fallbacks fallbacks, Scheduler scheduler,
      Pacing pacing) {
    return new Attempts(requireNonNull(router, "router"), requireNonNull(board, "board"),
        requireNonNull(balancer, "balancer"), requireNonNull(retry, "retry"),
        requireNonNull(hedge, "hedge"), requireNonNull(fallbacks, "fallbacks"),
        requireNonNull(scheduler, "scheduler"), requireNonNull(pacing, "pacing"));
  }

  /** Whether calls to {@code route} are paced (they then need a token estimate). */
  public boolean paced(Route route) {
    return pacing.paced(route);
  }

  /**
   * Runs {@code call} for a request of {@code model} (the name the client sent), resolved to
   * {@code route}. The future fails only with {@link AttemptsFailed}. Cancelling {@code ctx}
   * cancels every call in flight and fails the run.
   */
  public <T> Future<Attempted<T>> run(Route route, String model, Call<T> call, CallContext ctx) {
    return new AttemptRun<>(this, requireNonNull(route, "route"), requireNonNull(model, "model"),
        requireNonNull(call, "call"), requireNonNull(ctx, "ctx")).start();
  }

  /** Sends one attempt. */
  @FunctionalInterface
  public interface Sender<T> {

    /**
     * Calls {@code upstream} for {@code model} (the requested name or a fallback's; for a
     * wildcard {@code route}, the part after the prefix is the upstream model id). Cancelling
     * {@code attempt} must abort the call.
     */
    Future<T> send(Upstream upstream, Route route, String model, CallContext attempt);
  }

  /**
   * What to run and how to judge it.
   *
   * @param sender sends one attempt
   * @param stream whether the answer is a stream: its future completing means the first token
   *     (or the upstream's acceptance); the deployment's permit stays open until {@link
   *     Attempted#streamEnded()}
   * @param promptTokens the prompt's estimated size for the context-window fallback, or -1
   * @param contentFiltered whether an answer was cut by a content filter (whole answers only)
   * @param discard disposes of an answer nobody will read (a hedge that lost the race), e.g.
   *     {@code ChatStream::cancel}
   * @param priority the request's place in a pacing queue ({@code x-junction-priority}, later
   *     a virtual key's default)
   * @param tokensUsed the tokens a whole answer used (its usage), or -1 when unknown; corrects
   *     a paced deployment's TPM
   */
  public record Call<T>(Sender<T> sender, boolean stream, long promptTokens,
      Predicate<? super T> contentFiltered, Consumer<? super T> discard, Priority priority,
      ToLongFunction<? super T> tokensUsed) {

    public Call {
      requireNonNull(sender, "sender");
      requireNonNull(contentFiltered, "contentFiltered");
      requireNonNull(discard, "discard");
      requireNonNull(priority, "priority");
      requireNonNull(tokensUsed, "tokensUsed");
    }

    /**
     * A whole-answer call: no token estimate, no content filter, nothing to discard, normal
     * priority.
     */
    public static <T> Call<T> of(Sender<T> sender) {
      return new Call<>(sender, false, -1, v -> false, v -> { }, Priority.NORMAL, v -> -1);
    }

    /** This call as a stream, whose unread answers {@code discard} disposes of. */
    public Call<T> streamed(Consumer<? super T> discard) {
      return new Call<>(sender, true, promptTokens, contentFiltered, discard, priority,
          tokensUsed);
    }

    /** This call with the prompt's estimated size in tokens. */
    public Call<T> withPromptTokens(long tokens) {
      return new Call<>(sender, stream, tokens, contentFiltered, discard, priority, tokensUsed);
    }

    /** This call with a content-filter test for its answers. */
    public Call<T> withContentFilter(Predicate<? super T> filtered) {
      return new Call<>(sender, stream, promptTokens, filtered, discard, priority, tokensUsed);
    }

    /** This call with a pacing priority. */
    public Call<T> withPriority(Priority p) {
      return new Call<>(sender, stream, promptTokens, contentFiltered, discard, p, tokensUsed);
    }

    /** This call with a way to read the tokens a whole answer used. */
    public Call<T> withTokensUsed(ToLongFunction<? super T> used) {
      return new Call<>(sender, stream, promptTokens, contentFiltered, discard, priority, used);
    }
  }
}
