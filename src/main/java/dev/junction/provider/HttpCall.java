package dev.junction.provider;

import static java.util.Objects.requireNonNull;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One HTTP request to send upstream: absolute URL, headers (credentials included) and body.
 * Never log {@code headers}: they hold the provider key.
 */
public record HttpCall(String url, MultiMap headers, Buffer body) {
  public HttpCall {
    requireNonNull(url, "url");
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
  }

  @Override
  public String toString() {
    return "HttpCall[POST " + url + ", " + body.length() + " bytes]";
  }
}
