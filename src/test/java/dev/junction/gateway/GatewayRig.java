package dev.junction.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.DeploymentConfig;
import dev.junction.config.GatewayConfig;
import dev.junction.config.ModelConfig;
import dev.junction.config.Secret;
import dev.junction.config.ServerConfig;
import dev.junction.routing.RoutingConfig;
import dev.junction.config.Timeouts;
import dev.junction.provider.SseParser;
import dev.junction.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A running gateway on a free port with one event loop, the {@link CallRecord}s it produced, and
 * a plain JDK HTTP client to talk to it. Waits are bounded (10 s) and only there to avoid hangs.
 */
final class GatewayRig implements AutoCloseable {

  /** The key deployments send upstream; the client's key must never be seen there. */
  static final String UPSTREAM_KEY = "sk-ant-upstream-deployment-key";

  final Gateway gateway;
  private final LinkedBlockingQueue<CallRecord> records = new LinkedBlockingQueue<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private GatewayRig(GatewayConfig config, InstantSource clock) throws Exception {
    this.gateway = Gateway.builder(config).listener(records::add).clock(clock).start()
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static GatewayRig start(ModelConfig... models) throws Exception {
    return start(ServerConfig.DEFAULT_MAX_BODY_BYTES, models);
  }

  static GatewayRig start(long maxBodyBytes, ModelConfig... models) throws Exception {
    return start(RoutingConfig.defaults(), maxBodyBytes, models);
  }

  /** A gateway with the {@code routing} section {@code routing}. */
  static GatewayRig start(RoutingConfig routing, long maxBodyBytes, ModelConfig... models)
      throws Exception {
    return start(routing, InstantSource.system(), maxBodyBytes, models);
  }

  /** A gateway with the {@code routing} section {@code routing}, reading time from {@code clock}. */
  static GatewayRig start(RoutingConfig routing, InstantSource clock, long maxBodyBytes,
      ModelConfig... models) throws Exception {
    ServerConfig server = new ServerConfig("127.0.0.1", 0, maxBodyBytes, 1,
        Duration.ofSeconds(1));
    return new GatewayRig(new GatewayConfig(server, List.of(models), false)
        .withRouting(routing), clock);
  }

  /** A chat model served by {@code deployments}, in that priority order. */
  static ModelConfig model(String name, DeploymentConfig... deployments) {
    return new ModelConfig(name, ModelConfig.Kind.CHAT, List.of(deployments));
  }

  /**
   * A deployment of {@code provider} at {@code baseUrl} with the upstream key, tier {@code
   * priority} and extra upstream {@code headers}.
   */
  static DeploymentConfig deployment(String provider, String model, String baseUrl, int priority,
      Map<String, String> headers) {
    return new DeploymentConfig(provider + "/" + model + "#" + priority, provider, model, baseUrl,
        Secret.of(UPSTREAM_KEY), headers, 1, priority, Timeouts.DEFAULTS,
        JsonNodeFactory.instance.objectNode());
  }

  static DeploymentConfig deployment(String provider, String model, String baseUrl) {
    return deployment(provider, model, baseUrl, 1, Map.of());
  }

  /** A simulator deployment with {@code options}. */
  static DeploymentConfig simulator(String model, ObjectNode options) {
    return new DeploymentConfig("simulator/" + model, "simulator", model, null, null, Map.of(), 1,
        1, Timeouts.DEFAULTS, options);
  }

  String url() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /** Posts {@code body} with the headers an Anthropic SDK sends, plus {@code extra}. */
  Response post(String path, String body, String... extra) throws Exception {
    return send("POST", path, body, extra);
  }

  Response send(String method, String path, @Nullable String body, String... extra)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .header("anthropic-version", "2023-06-01")
        .header("x-api-key", "sk-ant-client-key-must-not-travel");
    for (int i = 0; i < extra.length; i += 2) {
      b.header(extra[i], extra[i + 1]);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), r.headers(), r.body());
  }

  /** The next call record (records arrive when the exchange ends, maybe after the response). */
  CallRecord record() throws InterruptedException {
    CallRecord r = records.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a call record").isNotNull();
    return r;
  }

  /** Forgets the records so far (each test starts from none). */
  void clearRecords() {
    records.clear();
  }

  /** Closes each of {@code resources} that is set (a test's rig and fake upstreams), in order. */
  static void closeAll(@Nullable AutoCloseable... resources) throws Exception {
    for (AutoCloseable r : resources) {
      if (r != null) {
        r.close();
      }
    }
  }

  @Override
  public void close() throws Exception {
    gateway.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** A whole answer. */
  record Response(int status, HttpHeaders headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return Fixtures.json(body);
    }

    @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    List<Event> events() {
      return Event.parse(body);
    }
  }

  /** One SSE event: its name and its data bytes as sent. */
  record Event(@Nullable String name, byte[] data) {
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return Fixtures.MAPPER.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Events of an SSE body (framing read by the gateway's SSE parser). */
    static List<Event> parse(byte[] sse) {
      List<Event> out = new ArrayList<>();
      SseParser p = new SseParser((name, data) -> out.add(new Event(name, data)));
      p.feed(sse);
      p.end();
      return out;
    }
  }
}
