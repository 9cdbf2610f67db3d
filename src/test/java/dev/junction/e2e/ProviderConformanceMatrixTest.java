package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.junction.gateway.CallRecord;
import dev.junction.testing.FakeUpstream;
import dev.junction.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider conformance matrix: for each provider adapter, streamed and whole answers × a good
 * answer, a 429, a 5xx and a broken-off answer, each asserting what an OpenAI client of the gateway
 * sees and how many upstream calls were made (one deployment, so exactly one: the gateway must not
 * retry a single upstream on its own).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("providers")
class ProviderConformanceMatrixTest {

  private static final String MODEL = "matrix-model";

  static Stream<ProviderCase> providers() {
    return Stream.of(new OpenAiProviderCase());
  }

  @Parameter
  ProviderCase provider;

  private static FakeUpstream fake;
  private static RunningGateway gateway;

  @BeforeParameterizedClassInvocation
  static void start(ProviderCase c) {
    fake = FakeUpstream.start();
    gateway = RunningGateway.start("""
        routing:
          retry: {max-attempts: 1} # one upstream answer per request; retries: RoutingWiringTest
        models:
          - name: %s
            deployments:
              - id: %s-deployment
                provider: %s
                model: %s
                base-url: %s
                api-key: sk-matrix-key
        """.formatted(MODEL, c.provider(), c.provider(), c.upstreamModel(), c.baseUrl(fake)));
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
    if (fake != null) {
      fake.close();
      fake = null;
    }
  }

  @BeforeEach
  void reset() {
    fake.reset();
    gateway.clearRecords();
  }

  private static ChatCompletionCreateParams params(boolean stream) {
    ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(MODEL)
        .addUserMessage("What is the capital of the UK?");
    if (stream) {
      b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    return b.build();
  }

  /** Makes the call; a stream is read to its end, chunk by chunk, into {@code chunks}. */
  private static ChatCompletion call(boolean stream, List<ChatCompletionChunk> chunks) {
    if (!stream) {
      return gateway.sdk().chat().completions().create(params(false));
    }
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> s =
        gateway.sdk().chat().completions().createStreaming(params(true))) {
      s.stream().forEach(c -> {
        chunks.add(c);
        acc.accumulate(c);
      });
    }
    return acc.chatCompletion();
  }

  /** Exactly one upstream call, to the right path with the deployment's model id. */
  private void assertOneUpstreamCall(boolean stream) {
    RecordedRequest sent = fake.awaitRequest(0, RunningGateway.WAIT);
    assertThat(fake.requestCount()).as("upstream calls").isEqualTo(1);
    assertThat(sent.path()).isEqualTo(provider.upstreamPath(stream));
    assertThat(sent.body()).isNotEmpty();
  }

  @ParameterizedTest(name = "ok, stream={0}")
  @ValueSource(booleans = {false, true})
  void ok(boolean stream) {
    fake.enqueue(provider.ok(stream));
    ChatCompletion c = call(stream, new ArrayList<>());
    ProviderCase.Answer expected = provider.answer(stream);
    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).message().content()).contains(expected.text());
    assertThat(c.choices().get(0).finishReason().asString()).isEqualTo(expected.finishReason());
    assertThat(c.usage()).hasValueSatisfying(u -> {
      assertThat(u.promptTokens()).isEqualTo(expected.promptTokens());
      assertThat(u.completionTokens()).isEqualTo(expected.completionTokens());
    });
    assertOneUpstreamCall(stream);
    CallRecord r = gateway.nextRecord();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.errorCode()).isNull();
    assertThat(r.usage().promptTokens()).isEqualTo(expected.promptTokens());
  }

  @ParameterizedTest(name = "429, stream={0}")
  @ValueSource(booleans = {false, true})
  void rateLimited(boolean stream) {
    fake.enqueue(provider.rateLimited(11));
    RateLimitException e = catchThrowableOfType(RateLimitException.class,
        () -> call(stream, new ArrayList<>()));
    assertThat(e).as("the client gets a 429").isNotNull();
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.headers().values("retry-after")).containsExactly("11");
    assertOneUpstreamCall(stream);
    assertThat(gateway.nextRecord().status()).isEqualTo(429);
  }

  @ParameterizedTest(name = "5xx, stream={0}")
  @ValueSource(booleans = {false, true})
  void serverError(boolean stream) {
    fake.enqueue(provider.serverError());
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class,
        () -> call(stream, chunks));
    assertThat(e).as("the client gets an error status").isNotNull();
    assertThat(e.statusCode()).isEqualTo(provider.serverErrorStatus());
    assertThat(chunks).as("no stream was started").isEmpty();
    assertOneUpstreamCall(stream);
    assertThat(gateway.nextRecord().status()).isEqualTo(provider.serverErrorStatus());
  }

  @ParameterizedTest(name = "broken off, stream={0}")
  @ValueSource(booleans = {false, true})
  void brokenOff(boolean stream) {
    fake.enqueue(provider.broken(stream));
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class,
        () -> call(stream, chunks));
    assertThat(e).as("the client gets an error, not a truncated success").isNotNull();
    assertThat(e.code()).contains("upstream_connection_error");
    CallRecord r = gateway.nextRecord();
    if (stream) {
      StringBuilder text = new StringBuilder();
      chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      assertThat(text.toString()).as("text delivered before the cut").isNotEmpty();
      assertThat(provider.answer(true).text()).startsWith(text.toString());
      assertThat(r.status()).as("the stream had started with 200").isEqualTo(200);
    } else {
      assertThat(e.statusCode()).isEqualTo(502);
      assertThat(r.status()).isEqualTo(502);
    }
    assertThat(r.errorCode()).isEqualTo("upstream_connection_error");
    assertOneUpstreamCall(stream);
  }
}
