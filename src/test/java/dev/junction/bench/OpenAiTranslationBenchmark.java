package dev.junction.bench;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.chat.StreamChunk;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.Secret;
import dev.junction.json.Json;
import dev.junction.provider.HttpCall;
import dev.junction.provider.SseParser;
import dev.junction.provider.StreamDecoder;
import dev.junction.provider.WireCodec;
import dev.junction.provider.openai.OpenAiBenchAccess;
import dev.junction.provider.openai.OpenAiRequestReader;
import dev.junction.provider.openai.OpenAiResponseReader;
import dev.junction.provider.openai.OpenAiResponseWriter;
import dev.junction.provider.openai.OpenAiStreamEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's JSON translation hot paths for the OpenAI dialect, on the bodies the bench
 * harness sends and its simulator answers ({@code src/test/resources/bench/}): a client request read
 * and re-written for the upstream, a chat completion read and re-written for the client, one stream
 * chunk decoded and re-encoded, and a whole 50-chunk stream from raw SSE bytes to client bytes.
 * Run with {@code bench/jmh.sh} (see docs/PERFORMANCE.md); not a unit test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx512m"})
public class OpenAiTranslationBenchmark {

  private byte[] clientRequest;
  private byte[] upstreamResponse;
  private byte[] sse;
  private byte[] contentChunk;
  private ChatRequest request;
  private ChatResponse response;
  private WireCodec codec;
  private DeploymentConfig deployment;

  @Setup
  public void setup() {
    clientRequest = resource("client-request.json");
    upstreamResponse = resource("sim-response.json");
    sse = resource("sim-stream.sse");
    // the second event of the stream: an ordinary content delta
    List<byte[]> events = new ArrayList<>();
    new SseParser((e, d) -> events.add(d)).feed(sse);
    contentChunk = events.get(1);
    deployment = DeploymentConfig.of("openai", "gpt-4o-mini", "http://127.0.0.1:18000/v1",
        Secret.of("sk-bench"));
    codec = OpenAiBenchAccess.codec(deployment);
    request = OpenAiRequestReader.read(Json.parseObject(clientRequest));
    response = OpenAiResponseReader.readChat(upstreamResponse);
  }

  /** Client body to canonical request. */
  @Benchmark
  public ChatRequest requestRead() {
    return OpenAiRequestReader.read(Json.parseObject(clientRequest));
  }

  /** Canonical request to the upstream call (URL, headers, body). */
  @Benchmark
  public HttpCall requestWrite() {
    return codec.chatCall(request, deployment);
  }

  /** Upstream body to canonical answer. */
  @Benchmark
  public ChatResponse responseRead() {
    return OpenAiResponseReader.readChat(upstreamResponse);
  }

  /** Canonical answer to client body. */
  @Benchmark
  public byte[] responseWrite() {
    return OpenAiResponseWriter.chat(response);
  }

  /** One non-stream request's whole translation: both reads and both writes. */
  @Benchmark
  public byte[] roundTrip() {
    ChatRequest r = OpenAiRequestReader.read(Json.parseObject(clientRequest));
    HttpCall call = codec.chatCall(r, deployment);
    if (call.body().length() == 0) {
      throw new AssertionError();
    }
    return OpenAiResponseWriter.chat(OpenAiResponseReader.readChat(upstreamResponse));
  }

  /** One content chunk: decoded from its SSE data and encoded for the client. */
  @Benchmark
  public void streamChunk(Blackhole bh) {
    StreamDecoder decoder = OpenAiBenchAccess.streamDecoder();
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(false);
    decoder.onEvent(null, contentChunk, c -> bh.consume(encoder.chunk(c)));
  }

  /** A whole 50-chunk stream: raw SSE bytes in, client SSE bytes out. */
  @Benchmark
  public void streamWhole(Blackhole bh) {
    StreamDecoder decoder = OpenAiBenchAccess.streamDecoder();
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(true);
    Consumer<StreamChunk> emit = c -> bh.consume(encoder.chunk(c));
    SseParser parser = new SseParser((e, d) -> decoder.onEvent(e, d, emit));
    parser.feed(sse);
    parser.end();
    decoder.onEnd(emit);
    bh.consume(encoder.end());
  }

  private static byte[] resource(String name) {
    try (InputStream in = OpenAiTranslationBenchmark.class.getResourceAsStream("/bench/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource bench/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
