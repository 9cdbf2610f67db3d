package dev.junction.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A request a {@link FakeUpstream} received: method, path, headers (names lower-cased), body, the
 * body parsed as JSON when it is JSON, and a future completed when its connection closes.
 * Immutable apart from that future.
 */
public record RecordedRequest(
    String method,
    String path,
    Map<String, String> headers,
    byte[] body,
    @Nullable JsonNode json,
    CompletableFuture<Void> connectionClosed) {

  public RecordedRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    requireNonNull(body, "body");
    requireNonNull(connectionClosed, "connectionClosed");
  }

  /** A header's value (name case-insensitive), or null. */
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The body as JSON; fails when it was not JSON. */
  public JsonNode bodyJson() {
    if (json == null) {
      throw new IllegalStateException("request body is not JSON: "
          + new String(body, StandardCharsets.UTF_8));
    }
    return json;
  }

  /** Whether the connection that carried this request has closed. */
  public boolean isConnectionClosed() {
    return connectionClosed.isDone();
  }

  /**
   * Waits until the connection that carried this request closes.
   *
   * @return false when it is still open after {@code timeout}
   */
  public boolean awaitConnectionClosed(Duration timeout) {
    try {
      connectionClosed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
