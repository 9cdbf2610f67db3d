package dev.junction.simulator;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Choice;
import dev.junction.chat.ToolChoice;
import dev.junction.chat.ToolDefinition;
import dev.junction.chat.Usage;
import dev.junction.config.DeploymentConfig;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.provider.CallContext;
import dev.junction.provider.ChatStream;
import dev.junction.provider.ProviderContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The simulator upstream: answers canonical requests in process.
 *
 * <p>Per call: requests a vendor would refuse (prompt over the context window, a bad {@code n},
 * a tool choice naming no offered tool) fail at once with 400; otherwise one number is drawn from
 * the fault random source (seeded, so failures repeat in sequence) and picks the call's {@link
 * Fault}. A whole answer (or embedding) comes after {@code latency}, or its 429/500/connection
 * error does; a stream is accepted at once (or refused at once with 429/500) and plays its chunks
 * from {@code start}. A hung call never answers: it fails when the deployment's first-token
 * timeout runs out, as an HTTP upstream's would, or when its {@link CallContext} is cancelled.
 *
 * <p>The answer itself depends only on the seed and the prompt's content (see {@link Prompt}),
 * never on the fault sequence or on time. Thread-safe: calls run on the caller's event loop and
 * share only the fault source (locked), the id counter and the stats.
 */
final class SimulatedUpstream implements SimulatorUpstream {

  /** Most choices a request may ask for (OpenAI's limit). */
  static final int MAX_CHOICES = 128;
  private static final long GOLDEN = 0x9e3779b97f4a7c15L;

  private final DeploymentConfig deployment;
  private final SimulatorConfig config;
  private final Vertx vertx;
  private final InstantSource clock;
  private final RandomGenerator faults;
  private final Object faultLock = new Object();
  private final Prose prose;
  private final SimulatorStats stats = new SimulatorStats();
  private final AtomicLong ids = new AtomicLong();

  SimulatedUpstream(DeploymentConfig deployment, SimulatorConfig config, ProviderContext context,
      RandomGenerator faults) {
    this.deployment = requireNonNull(deployment, "deployment");
    this.config = requireNonNull(config, "config");
    this.vertx = context.vertx();
    this.clock = context.clock();
    this.faults = requireNonNull(faults, "faults");
    this.prose = new Prose(deployment.model());
  }

  @Override
  public DeploymentConfig deployment() {
    return deployment;
  }

  @Override
  public SimulatorConfig config() {
    return config;
  }

  @Override
  public SimulatorStats stats() {
    return stats;
  }

  @Override
  public Future<ChatResponse> chat(ChatRequest request, CallContext ctx) {
    requireNonNull(request, "request");
    requireNonNull(ctx, "ctx");
    stats.called();
    Prompt prompt = Prompt.of(request);
    GatewayException refusal = refusal(request, prompt);
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    return whole(ctx, drawFault(), () -> response(request, prompt));
  }

  @Override
  public Future<ChatStream> stream(ChatRequest request, CallContext ctx) {
    requireNonNull(request, "request");
    requireNonNull(ctx, "ctx");
    stats.called();
    Prompt prompt = Prompt.of(request);
    GatewayException refusal = refusal(request, prompt);
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    Fault fault = drawFault();
    switch (fault) {
      case HANG -> {
        return hang(ctx);
      }
      case RATE_LIMITED, SERVER_ERROR -> {
        return Future.failedFuture(error(fault));
      }
      default -> {
        // answered
      }
    }
    if (ctx.isCancelled()) {
      return Future.failedFuture(cancelled());
    }
    Script script;
    try {
      List<Answer> answers = answers(request, prompt);
      script = new Script(nextId(), deployment.model(), now(), answers, usage(prompt, answers));
    } catch (RuntimeException e) {
      return Future.failedFuture(GatewayException.wrap(e));
    }
    stats.began();
    SimulatedStream stream = new SimulatedStream(vertx, vertx.getOrCreateContext(), script,
        config, fault == Fault.DROP ? error(fault) : null, stats);
    ctx.onCancel(stream::cancel);
    return Future.succeededFuture(stream);
  }

  @Override
  public Future<EmbeddingResponse> embed(EmbeddingRequest request, CallContext ctx) {
    requireNonNull(request, "request");
    requireNonNull(ctx, "ctx");
    stats.called();
    if (request.input().isEmpty()) {
      return Future.failedFuture(GatewayException.upstream(400, null,
          "simulator: embedding input must be text (token arrays are not supported)", -1));
    }
    int dimensions = request.dimensions() == null
        ? config.embeddingDimensions() : request.dimensions();
    if (dimensions < 1 || dimensions > SimulatorConfig.MAX_EMBEDDING_DIMENSIONS) {
      return Future.failedFuture(GatewayException.upstream(400, null, "dimensions: "
          + dimensions + " (expected: 1 to " + SimulatorConfig.MAX_EMBEDDING_DIMENSIONS + ")", -1));
    }
    return whole(ctx, drawFault(), () -> {
      List<float[]> vectors = new ArrayList<>(request.input().size());
      for (String text : request.input()) {
        vectors.add(EmbeddingVector.of(config.seed(), text, dimensions));
      }
      Usage usage = new Usage(Prompt.tokens(request.input()), 0, 0, 0, 0, 0, false);
      return new EmbeddingResponse(deployment.model(), vectors, usage);
    });
  }

  /** The 400 a vendor would answer {@code request} with, or null. */
  private @Nullable GatewayException refusal(ChatRequest request, Prompt prompt) {
    if (prompt.tokens() > config.contextWindow()) {
      return GatewayException.upstream(400, "context_length_exceeded",
          "This model's maximum context length is " + config.contextWindow()
              + " tokens, but the messages came to about " + prompt.tokens() + " tokens.", -1);
    }
    Integer n = request.n();
    if (n != null && (n < 1 || n > MAX_CHOICES)) {
      return GatewayException.upstream(400, null,
          "n: " + n + " (expected: 1 to " + MAX_CHOICES + ")", -1);
    }
    ToolChoice choice = request.toolChoice();
    if (choice != null && choice.mode() == ToolChoice.Mode.TOOL
        && request.tools().stream().map(ToolDefinition::name).noneMatch(choice.name()::equals)) {
      return GatewayException.upstream(400, null, "tool_choice: '" + choice.name()
          + "' (expected: the name of one of the request's tools)", -1);
    }
    return null;
  }

  private Fault drawFault() {
    if (config.errorRate429() + config.errorRate500() + config.timeoutRate()
        + config.dropRate() == 0) {
      return Fault.NONE;
    }
    double u;
    synchronized (faultLock) {
      u = faults.nextDouble();
    }
    Fault fault = Fault.of(u, config);
    if (fault != Fault.NONE) {
      stats.faulted();
    }
    return fault;
  }

  /** A whole answer after {@code latency}, or the fault's error then, or a hang. */
  private <T> Future<T> whole(CallContext ctx, Fault fault, Supplier<T> answer) {
    if (fault == Fault.HANG) {
      return hang(ctx);
    }
    return later(ctx, config.latency().toMillis(), promise -> {
      if (fault != Fault.NONE) {
        promise.fail(error(fault));
        return;
      }
      try {
        promise.complete(answer.get());
      } catch (RuntimeException e) {
        promise.fail(GatewayException.wrap(e));
      }
    });
  }

  /** A call that never answers: it ends with the deployment's first-token timeout or a cancel. */
  private <T> Future<T> hang(CallContext ctx) {
    long millis = deployment.timeouts().firstToken().toMillis();
    return later(ctx, millis, promise -> promise.fail(GatewayException.timeout("deployment "
        + deployment.id() + ": no first token within " + millis
        + " ms (timeouts.first-token)")));
  }

  /** Settles the call with {@code outcome} after {@code millis}, unless {@code ctx} is first. */
  private <T> Future<T> later(CallContext ctx, long millis, Consumer<Promise<T>> outcome) {
    Promise<T> promise = Promise.promise();
    if (ctx.isCancelled()) {
      promise.fail(cancelled());
    } else if (millis <= 0) {
      outcome.accept(promise);
    } else {
      stats.began();
      Delay.start(vertx, vertx.getOrCreateContext(), millis, ctx,
          () -> {
            stats.ended();
            outcome.accept(promise);
          },
          () -> {
            stats.ended();
            promise.fail(cancelled());
          });
    }
    return promise.future();
  }

  private GatewayException error(Fault fault) {
    return switch (fault) {
      case RATE_LIMITED -> GatewayException.upstream(429, "rate_limit_exceeded",
          "simulator: rate limit reached for deployment " + deployment.id()
              + " (error-rate-429)", config.retryAfter().toMillis());
      case SERVER_ERROR -> GatewayException.upstream(500, "server_error",
          "simulator: internal server error in deployment " + deployment.id()
              + " (error-rate-500)", -1);
      case DROP -> GatewayException.connection("deployment " + deployment.id()
          + ": simulator dropped the connection (drop-rate)", null);
      case HANG, NONE -> throw new IllegalArgumentException("no error for " + fault);
    };
  }

  private static GatewayException cancelled() {
    return GatewayException.of(ErrorKind.INTERNAL, "cancelled", "call cancelled");
  }

  private ChatResponse response(ChatRequest request, Prompt prompt) {
    List<Answer> answers = answers(request, prompt);
    List<Choice> choices = new ArrayList<>(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      choices.add(answers.get(i).choice(i));
    }
    return new ChatResponse(nextId(), deployment.model(), now(), choices,
        usage(prompt, answers), null);
  }

  /** One answer per choice, each drawn from the seed, the prompt and its index. */
  private List<Answer> answers(ChatRequest request, Prompt prompt) {
    int n = request.n() == null ? 1 : request.n();
    long base = Prompt.mix(config.seed() ^ prompt.fingerprint());
    List<Answer> answers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      answers.add(Answer.compose(config, prose, request, new SplittableRandom(base + i * GOLDEN)));
    }
    return answers;
  }

  /** What the call used: the prompt estimate (part of it cached) and every emitted token. */
  private Usage usage(Prompt prompt, List<Answer> answers) {
    long output = 0;
    long reasoning = 0;
    for (Answer a : answers) {
      output += a.outputTokens();
      reasoning += a.reasoningTokens();
    }
    long cached = (long) Math.floor(prompt.tokens() * config.cacheReadRatio());
    return new Usage(prompt.tokens() - cached, cached, 0, 0, output, reasoning, false);
  }

  private String nextId() {
    return "chatcmpl-sim-" + ids.incrementAndGet();
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  @Override
  public String toString() {
    return "SimulatorUpstream[" + deployment.id() + "]";
  }
}
