package dev.junction.provider.anthropic;

import static java.util.Objects.requireNonNull;

import dev.junction.chat.ChatRequest;
import dev.junction.chat.ChatResponse;
import dev.junction.config.DeploymentConfig;
import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import dev.junction.provider.HttpCall;
import dev.junction.provider.StreamDecoder;
import dev.junction.provider.WireCodec;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Messages API as a {@link WireCodec}: {@code POST {baseUrl}/v1/messages} with {@code
 * x-api-key} and {@code anthropic-version} headers (the deployment's own headers, e.g. {@code
 * anthropic-beta}, are added last and win). Error bodies ({@code {"type":"error","error":{…}}})
 * are read by the shared {@code UpstreamErrors}. It also relays Messages bodies untouched ({@link
 * #passThroughFormat()} {@code "anthropic"}) for Anthropic clients. Stateless and thread-safe.
 */
final class AnthropicCodec implements WireCodec {

  /** The pass-through operation for {@code POST /v1/messages/count_tokens}. */
  static final String COUNT_TOKENS = "count_tokens";

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
  public String passThroughFormat() {
    return AnthropicProvider.NAME;
  }

  @Override
  public HttpCall passThroughCall(byte[] body, MultiMap clientHeaders,
      DeploymentConfig deployment) {
    return passThroughCall("", body, clientHeaders, deployment);
  }

  /**
   * The client's body, untouched, to {@code /v1/messages} (or {@code /v1/messages/count_tokens}).
   * Headers: the deployment's key as {@code x-api-key} (the client's {@code x-api-key} and {@code
   * Authorization} are never forwarded), the client's {@code anthropic-version} (default {@value
   * AnthropicProvider#API_VERSION}), the client's {@code anthropic-beta} values merged with those
   * the deployment configures, then the deployment's other headers.
   */
  @Override
  public HttpCall passThroughCall(String operation, byte[] body, MultiMap clientHeaders,
      DeploymentConfig deployment) {
    String url = switch (operation) {
      case "" -> url(deployment);
      case COUNT_TOKENS -> url(deployment) + "/" + COUNT_TOKENS;
      default -> throw GatewayException.of(ErrorKind.NOT_FOUND, "operation_not_supported",
          "the Messages API has no operation '" + operation + "'");
    };
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set("content-type", "application/json");
    String version = clientHeaders.get("anthropic-version");
    headers.set("anthropic-version", version == null || version.isBlank()
        ? AnthropicProvider.API_VERSION : version.strip());
    if (deployment.apiKey() != null) {
      headers.set("x-api-key", deployment.apiKey().reveal());
    }
    Set<String> betas = new LinkedHashSet<>();
    addBetas(clientHeaders.getAll("anthropic-beta"), betas);
    deployment.headers().forEach((name, value) -> {
      if (name.equalsIgnoreCase("anthropic-beta")) {
        addBetas(List.of(value), betas);
      } else {
        headers.set(name, value);
      }
    });
    if (!betas.isEmpty()) {
      headers.set("anthropic-beta", String.join(",", betas));
    }
    return new HttpCall(url, headers, Buffer.buffer(body));
  }

  /** Splits comma-separated beta names into {@code out}, without duplicates. */
  private static void addBetas(List<String> values, Set<String> out) {
    for (String v : values) {
      for (String beta : v.split(",")) {
        if (!beta.isBlank()) {
          out.add(beta.strip());
        }
      }
    }
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
