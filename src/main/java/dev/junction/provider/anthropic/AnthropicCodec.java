package dev.junction.provider.anthropic;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.config.DeploymentConfig;
import dev.junction.json.Json;
import dev.junction.provider.HttpCall;
import dev.junction.provider.StreamDecoder;
import dev.junction.provider.WireCodec;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.InstantSource;

/**
 * The Messages API as a {@link WireCodec}: {@code POST {baseUrl}/v1/messages} with {@code
 * x-api-key} and {@code anthropic-version} headers (the deployment's own headers, e.g. {@code
 * anthropic-beta}, are added last and win). Error bodies ({@code {"type":"error","error":{…}}})
 * are read by the shared {@code UpstreamErrors}. Stateless and thread-safe.
 */
final class AnthropicCodec implements WireCodec {

  private final InstantSource clock;

  AnthropicCodec(InstantSource clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public HttpCall chatCall(ChatRequest request, DeploymentConfig deployment) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set("content-type", "application/json");
    headers.set("anthropic-version", AnthropicProvider.API_VERSION);
    if (request.stream()) {
      headers.set("accept", "text/event-stream");
    }
    if (deployment.apiKey() != null) {
      headers.set("x-api-key", deployment.apiKey().reveal());
    }
    deployment.headers().forEach(headers::set);
    byte[] body = Json.bytes(RequestEncoder.encode(request));
    return new HttpCall(url(deployment), headers, Buffer.buffer(body));
  }

  /** The Messages endpoint of {@code deployment}. */
  static String url(DeploymentConfig deployment) {
    String base = deployment.baseUrl() == null ? AnthropicProvider.DEFAULT_BASE_URL
        : deployment.baseUrl();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/v1/messages";
  }

  @Override
  public ChatResponse decodeChat(byte[] body) {
    return ResponseDecoder.decode(body, clock.instant().getEpochSecond());
  }

  @Override
  public StreamDecoder streamDecoder(ChatRequest request) {
    return new MessagesStreamDecoder(request.model(), clock);
  }
}
