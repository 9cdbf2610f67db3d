package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.junction.config.ConfigLoader;
import dev.junction.config.GatewayConfig;
import dev.junction.config.ServerConfig;
import dev.junction.gateway.CallRecord;
import dev.junction.gateway.Gateway;
import dev.junction.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway started in-process for an end-to-end test: configured from YAML, listening on
 * a free loopback port with one event loop, with an openai-java client and a raw JDK HTTP client
 * pointed at it, and every {@link CallRecord} it emits collected in a queue. Close it in
 * {@code @AfterAll}/{@code @AfterEach}.
 */
final class RunningGateway implements AutoCloseable {

  /** Bound on every wait in these tests: generous, so a slow CI box never fails on time. */
  static final Duration WAIT = Duration.ofSeconds(15);

  private final Gateway gateway;
  private final BlockingQueue<CallRecord> records;
  private final OpenAIClient sdk;
  private final HttpClient http;

  private RunningGateway(Gateway gateway, BlockingQueue<CallRecord> records) {
    this.gateway = gateway;
    this.records = records;
    this.sdk = OpenAIOkHttpClient.builder()
        .baseUrl(baseUrl())
        .apiKey("test")
        .maxRetries(0)
        .timeout(WAIT)
        .build();
    this.http = HttpClient.newBuilder().connectTimeout(WAIT)
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  /**
   * Starts a gateway for {@code yaml} (a Junction config; its {@code server} section may set
   * {@code max-body-size}; its {@code routing} section is kept). Host, port and event loops are
   * forced to 127.0.0.1, 0 and 1.
   */
  static RunningGateway start(String yaml) {
    GatewayConfig parsed = ConfigLoader.withEnv(Map.of()).parse(yaml);
    ServerConfig server = new ServerConfig("127.0.0.1", 0, parsed.server().maxBodyBytes(), 1,
        Duration.ofMillis(200));
    GatewayConfig config = new GatewayConfig(server, parsed.models(), false)
        .withRouting(parsed.routing());
    BlockingQueue<CallRecord> records = new LinkedBlockingQueue<>();
    Gateway gateway;
    try {
      gateway = Gateway.builder(config).listener(records::add).start()
          .toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start", e);
    }
    return new RunningGateway(gateway, records);
  }

  /**
   * Starts a gateway for {@code yaml} taken as a whole (every section, routing included), except
   * that it listens on a free loopback port and records nothing in a ledger.
   */
  static RunningGateway startAsConfigured(String yaml) {
    GatewayConfig config = ConfigLoader.withEnv(Map.of()).parse(yaml).withPort(0)
        .withLedger(dev.junction.ledger.LedgerConfig.disabled());
    BlockingQueue<CallRecord> records = new LinkedBlockingQueue<>();
    try {
      Gateway gateway = Gateway.builder(config).listener(records::add).start()
          .toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return new RunningGateway(gateway, records);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start", e);
    }
  }

  int port() {
    return gateway.port();
  }

  /** {@code http://127.0.0.1:PORT/v1} */
  String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** The openai-java client: key "test", no retries, bounded timeout. */
  OpenAIClient sdk() {
    return sdk;
  }

  /** Sends a raw request; {@code body} null sends none. */
  HttpResponse<String> send(String method, String path, String body,
      String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
        .timeout(WAIT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens a plain socket to the gateway and writes a POST of {@code json} to {@code path} on it,
   * for tests that must hang up at a moment of their choosing. Reads time out after {@link #WAIT}.
   */
  Socket openPost(String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port()), (int) WAIT.toMillis());
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** POSTs a JSON body to {@code path}. */
  HttpResponse<String> post(String path, String json) {
    return send("POST", path, json);
  }

  /** The gateway's request id of an SDK response. */
  static String requestId(com.openai.core.http.HttpResponse sdkResponse) {
    List<String> v = sdkResponse.headers().values("x-request-id");
    assertThat(v).as("x-request-id").hasSize(1);
    return v.get(0);
  }

  /** The gateway's request id of a raw response. */
  static String requestId(HttpResponse<?> raw) {
    return raw.headers().firstValue("x-request-id").orElseThrow(
        () -> new AssertionError("no x-request-id"));
  }

  /** A raw response's body as JSON. */
  static JsonNode json(HttpResponse<String> raw) {
    return Json.parse(raw.body().getBytes(StandardCharsets.UTF_8));
  }

  /** The OpenAI error object of a raw error response, which must have a message. */
  static JsonNode error(HttpResponse<String> raw) {
    JsonNode e = json(raw).path("error");
    assertThat(e.isObject()).as("an OpenAI error object: " + raw.body()).isTrue();
    assertThat(e.path("message").asText()).isNotBlank();
    return e;
  }

  /** The next call record, waiting up to {@link #WAIT}. */
  CallRecord nextRecord() {
    try {
      CallRecord r = records.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(r).as("a CallRecord within " + WAIT).isNotNull();
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The next call record, which must belong to {@code requestId}: since requests in a test run one
   * after another, a request that produced two records shows up as a mismatch here.
   */
  CallRecord recordOf(String requestId) {
    CallRecord r = nextRecord();
    assertThat(r.requestId()).as("the next CallRecord belongs to the request just made")
        .isEqualTo(requestId);
    return r;
  }

  /**
   * Drops the records of every earlier request. A record is emitted just after the last byte of
   * its response is written, so the client (and the next test) may already be running when it
   * arrives: clearing the queue alone would race with it. Instead a sentinel request (malformed
   * JSON, answered without any upstream) is sent, and records are dropped up to and including the
   * sentinel's: with one event loop, every earlier request's record precedes it.
   */
  void clearRecords() {
    String sentinel = requestId(send("POST", "/v1/chat/completions", "{"));
    CallRecord r;
    do {
      r = nextRecord();
    } while (!r.requestId().equals(sentinel));
  }

  @Override
  public void close() {
    sdk.close();
    http.close();
    try {
      gateway.close().toCompletionStage().toCompletableFuture()
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not close", e);
    }
  }
}
