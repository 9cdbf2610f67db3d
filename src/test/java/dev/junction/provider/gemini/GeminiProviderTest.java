package dev.junction.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.FinishReason;
import dev.junction.chat.Message;
import dev.junction.chat.Role;
import dev.junction.chat.StreamChunk;
import dev.junction.chat.Usage;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Secret;
import dev.junction.config.Timeouts;
import dev.junction.embedding.EmbeddingRequest;
import dev.junction.embedding.EmbeddingResponse;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.CallContext;
import dev.junction.provider.ProviderContext;
import dev.junction.provider.StreamSink;
import dev.junction.provider.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider end to end against a local HTTP server that answers with the recorded bodies:
 * URLs, headers, the HTTP plumbing of {@link Upstream#http} and the embedding completion.
 */
class GeminiProviderTest {

  /** What the fake Gemini answers next. */
  record Answer(int status, String contentType, byte[] body) {}

  /** What the fake Gemini received. */
  record Received(String uri, MultiMap headers, JsonNode body) {}

  static Vertx vertx;
  static HttpServer server;
  static volatile Answer answer;
  static final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(new Received(req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(
          req.headers()), Json.parse(body.getBytes())));
      Answer a = answer;
      req.response().setStatusCode(a.status()).putHeader("content-type", a.contentType());
      if (a.contentType().equals("text/event-stream")) {
        // in small writes, as a network would deliver it
        req.response().setChunked(true);
        for (int i = 0; i < a.body().length; i += 100) {
          req.response().write(Buffer.buffer(java.util.Arrays.copyOfRange(a.body(), i,
              Math.min(a.body().length, i + 100))));
        }
        req.response().end();
      } else {
        req.response().end(Buffer.buffer(a.body()));
      }
    })).listen(0));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void reset() {
    received.clear();
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  static DeploymentConfig deployment(String baseUrl) {
    return new DeploymentConfig("gemini/gemini-2.5-flash", "gemini", "gemini-2.5-flash", baseUrl,
        Secret.of("test-key-123"), Map.of("x-extra", "yes"), 1, 1, Timeouts.DEFAULTS,
        Json.object());
  }

  static Upstream upstream() {
    ProviderContext context = new ProviderContext(vertx, vertx.createHttpClient(),
        GenerateContentResponseTest.CLOCK, new Random(3));
    return new GeminiProvider().create(deployment("http://localhost:" + server.actualPort()),
        context);
  }

  static ChatRequest hello() {
    return ChatRequest.of("flash", List.of(Message.text(Role.USER, "Hello!")));
  }

  @Test
  void chatPostsToGenerateContentWithTheKeyHeader() throws Exception {
    answer = new Answer(200, "application/json", Fixtures.bytes("text.json"));
    ChatResponse r = await(upstream().chat(hello(), CallContext.create("r1")));

    assertThat(r.choices().get(0).text()).isEqualTo("Hello! How can I help you today?");
    Received req = received.get(0);
    assertThat(req.uri()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(req.headers().get("x-goog-api-key")).isEqualTo("test-key-123");
    assertThat(req.headers().get("x-extra")).isEqualTo("yes");
    assertThat(req.headers().get("content-type")).isEqualTo("application/json");
    assertThat(req.body().at("/contents/0/parts/0/text").asText()).isEqualTo("Hello!");
  }

  @Test
  void streamReadsTheCrlfFramedBody() throws Exception {
    answer = new Answer(200, "text/event-stream", Fixtures.bytes("thinking-stream.sse"));
    List<StreamChunk> chunks = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    await(upstream().stream(hello(), CallContext.create("r2")).onSuccess(s -> s.start(
        new StreamSink() {
          @Override
          public void onChunk(StreamChunk chunk) {
            chunks.add(chunk);
          }

          @Override
          public void onComplete() {
            done.complete(null);
          }

          @Override
          public void onError(GatewayException error) {
            done.completeExceptionally(error);
          }
        })));
    done.get(30, TimeUnit.SECONDS);

    assertThat(received.get(0).uri())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(chunks.stream().flatMap(c -> c.choices().stream())
        .filter(d -> d.finishReason() != null).map(d -> d.finishReason()))
        .containsExactly(FinishReason.STOP);
    assertThat(chunks.get(chunks.size() - 1).usage())
        .isEqualTo(new Usage(34, 0, 0, 0, 469, 787, false));
  }

  @Test
  void rateLimitCarriesTheRetryDelay() {
    answer = new Answer(429, "application/json", Fixtures.bytes("error-429-quota-retry-info.json"));
    assertThatThrownBy(() -> await(upstream().chat(hello(), CallContext.create("r3"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
          assertThat(e.retryAfterMillis()).isEqualTo(34_400);
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void embeddingsTakeTheDeploymentModelAndAnEstimatedUsage() throws Exception {
    // Hand-written BatchEmbedContentsResponse (generative_service.proto): no recording exists.
    answer = new Answer(200, "application/json",
        "{\"embeddings\":[{\"values\":[0.25,-1.5]},{\"values\":[3,0.125]}]}".getBytes());
    EmbeddingRequest request = new EmbeddingRequest("embed-alias", List.of("hello", "a longer one"),
        2, null, null, Json.object());
    EmbeddingResponse r = await(upstream().embed(request, CallContext.create("r4")));

    assertThat(r.model()).isEqualTo("gemini-2.5-flash");
    assertThat(r.vectors()).hasSize(2);
    assertThat(r.vectors().get(0)).containsExactly(0.25f, -1.5f);
    assertThat(r.vectors().get(1)).containsExactly(3f, 0.125f);
    // "hello" + "a longer one" = 5 + 12 = 17 characters -> ceil(17 / 4) = 5 tokens
    assertThat(r.usage()).isEqualTo(new Usage(5, 0, 0, 0, 0, 0, true));
    Received req = received.get(0);
    assertThat(req.uri()).isEqualTo("/v1beta/models/gemini-2.5-flash:batchEmbedContents");
    assertThat(req.body()).isEqualTo(Json.parse(("{\"requests\":["
        + "{\"model\":\"models/gemini-2.5-flash\",\"content\":{\"parts\":[{\"text\":\"hello\"}]},"
        + "\"outputDimensionality\":2},{\"model\":\"models/gemini-2.5-flash\",\"content\":"
        + "{\"parts\":[{\"text\":\"a longer one\"}]},\"outputDimensionality\":2}]}").getBytes()));
  }

  @Test
  void urlsAndValidation() {
    DeploymentConfig d = deployment("https://proxy.example/gemini/v1beta/");
    assertThat(Endpoint.url(d, "models/gemini-2.5-pro", "generateContent"))
        .isEqualTo("https://proxy.example/gemini/v1beta/models/gemini-2.5-pro:generateContent");
    assertThat(Endpoint.url(deployment(null), "tunedModels/t1", "generateContent")).isEqualTo(
        "https://generativelanguage.googleapis.com/v1beta/tunedModels/t1:generateContent");
    GeminiProvider p = new GeminiProvider();
    assertThat(p.name()).isEqualTo("gemini");
    assertThat(p.defaultBaseUrl()).isEqualTo("https://generativelanguage.googleapis.com");
    ProviderContext context = new ProviderContext(vertx, vertx.createHttpClient(),
        GenerateContentResponseTest.CLOCK, new Random(3));
    assertThatThrownBy(() -> p.create(deployment("ftp://x"), context))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base-url");
    DeploymentConfig keyless = new DeploymentConfig("g", "gemini", "m", null, null, Map.of(), 1, 1,
        Timeouts.DEFAULTS, Json.object());
    assertThatThrownBy(() -> p.create(keyless, context))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api-key");
    DeploymentConfig bearer = new DeploymentConfig("g", "gemini", "m", null, null,
        Map.of("Authorization", "Bearer t"), 1, 1, Timeouts.DEFAULTS, Json.object());
    assertThat(p.create(bearer, context).deployment()).isEqualTo(bearer);
  }
}
