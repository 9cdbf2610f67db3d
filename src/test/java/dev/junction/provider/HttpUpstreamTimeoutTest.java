package dev.junction.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.chat.StreamChunk;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Timeouts;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.provider.openai.OpenAiProvider;
import dev.junction.provider.openai.OpenAiVendor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadlines of {@link HttpUpstream} (one timer per call: first token, then what is left of
 * the total) against a local HTTP server that answers slowly on purpose. Waits are generous and
 * only there to avoid hangs; no duration is asserted.
 */
class HttpUpstreamTimeoutTest {

  private static final String CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
      + "\"finish_reason\":null}]}\n\n";
  private static final String WHOLE = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"Paris\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
      + "\"completion_tokens\":1,\"total_tokens\":4}}";

  private Vertx vertx;
  private HttpServer server;
  private ProviderContext context;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/hang/v1/chat/completions" -> { } // never answers
        case "/stall/v1/chat/completions" -> req.response().setChunked(true)
            .putHeader("content-type", "text/event-stream").write(CHUNK); // then silence
        case "/halfbody/v1/chat/completions" -> req.response()
            .putHeader("content-type", "application/json")
            .putHeader("content-length", Integer.toString(WHOLE.length()))
            .write(WHOLE.substring(0, WHOLE.length() / 2)); // then silence
        default -> req.response().putHeader("content-type", "application/json").end(WHOLE);
      }
    });
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    context = new ProviderContext(vertx, vertx.createHttpClient(), InstantSource.system(),
        new SplittableRandom(0));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Upstream upstream(String path, Duration firstToken, Duration total) {
    return upstream(path, firstToken, Duration.ofSeconds(30), total);
  }

  private Upstream upstream(String path, Duration firstToken, Duration idle, Duration total) {
    DeploymentConfig d = new DeploymentConfig("openai/m", "openai", "m",
        "http://127.0.0.1:" + server.actualPort() + path + "/v1", null, Map.of(), 1, 1,
        new Timeouts(Duration.ofSeconds(5), firstToken, idle, total),
        dev.junction.json.Json.object());
    return OpenAiProvider.of(OpenAiVendor.forName("openai").orElseThrow()).create(d, context);
  }

  private static ChatRequest ask() {
    return ChatRequest.of("m", List.of(Message.text(Role.USER, "capital of France?")));
  }

  private <T> Future<T> onLoop(java.util.function.Supplier<Future<T>> call) {
    CompletableFuture<Future<T>> f = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> f.complete(call.get()));
    return f.join();
  }

  private static GatewayException failure(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (GatewayException) e.getCause();
    }
    throw new AssertionError("expected a failure, got " + f.result());
  }

  @Test
  void noAnswerHeadersFailsOnTheFirstTokenDeadline() throws Exception {
    Upstream up = upstream("/hang", Duration.ofMillis(100), Duration.ofSeconds(60));
    GatewayException e = failure(onLoop(() -> up.chat(ask(), CallContext.create("r"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.getMessage()).contains("timeouts.first-token").contains("100 ms");
  }

  @Test
  void aTotalShorterThanTheFirstTokenDeadlineWins() throws Exception {
    Upstream up = upstream("/hang", Duration.ofSeconds(60), Duration.ofMillis(100));
    GatewayException e = failure(onLoop(() -> up.chat(ask(), CallContext.create("r"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.getMessage()).contains("timeouts.total").contains("100 ms");
  }

  @Test
  void aStreamThatStallsAfterItsFirstTokenFailsOnTheTotalDeadline() throws Exception {
    // generous first-token deadline: the first call of a fresh JVM also loads the HTTP client
    Upstream up = upstream("/stall", Duration.ofMillis(2000), Duration.ofMillis(3000));
    List<String> texts = new CopyOnWriteArrayList<>();
    CompletableFuture<GatewayException> error = new CompletableFuture<>();
    ChatStream stream = onLoop(() -> up.stream(ask(), CallContext.create("r")))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.getOrCreateContext().runOnContext(v -> stream.start(new StreamSink() {
      @Override
      public void onChunk(StreamChunk chunk) {
        texts.add(chunk.choices().getFirst().text());
      }

      @Override
      public void onComplete() {
        error.completeExceptionally(new AssertionError("stream completed"));
      }

      @Override
      public void onError(GatewayException e) {
        error.complete(e);
      }
    }));
    GatewayException e = error.get(10, TimeUnit.SECONDS);
    // the first token came in time ("Hi" is in the chunk the server sent), so the total fired
    assertThat(texts).containsExactly("Hi");
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.getMessage()).contains("timeouts.total").contains("3000 ms");
  }

  @Test
  void aWholeAnswerWhoseBodyStallsFailsOnTheIdleDeadline() throws Exception {
    // headers and half the body arrive, then silence: the idle deadline (not the total) ends it
    Upstream up = upstream("/halfbody", Duration.ofSeconds(5), Duration.ofMillis(200),
        Duration.ofSeconds(60));
    GatewayException e = failure(onLoop(() -> up.chat(ask(), CallContext.create("r"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.getMessage()).contains("timeouts.idle").contains("200 ms");
  }

  @Test
  void aTimelyAnswerCompletes() throws Exception {
    Upstream up = upstream("/ok", Duration.ofSeconds(5), Duration.ofSeconds(10));
    ChatResponse r = onLoop(() -> up.chat(ask(), CallContext.create("r")))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // "Paris" and 3 prompt tokens are what the server above sends
    assertThat(r.choices().getFirst().text()).isEqualTo("Paris");
    assertThat(r.usage().promptTokens()).isEqualTo(3);
  }
}
