package dev.junction.gateway;

import dev.junction.error.ErrorKind;
import dev.junction.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads a request body up to a size cap. A declared {@code Content-Length} over the cap is
 * refused before a byte is read; a chunked body is refused the moment it crosses the cap, and its
 * connection is closed after the answer so the rest is never read.
 */
final class BodyReader {

  private BodyReader() {}

  static void read(HttpServerRequest req, long maxBytes, Consumer<Buffer> onBody,
      Consumer<GatewayException> onError) {
    String length = req.getHeader("content-length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        declared = -1;
      }
      if (declared > maxBytes) {
        req.response().putHeader("connection", "close");
        onError.accept(tooLarge(maxBytes));
        return;
      }
    }
    Buffer body = Buffer.buffer(length == null ? 1024 : (int) Math.min(maxBytes,
        Math.max(16, parse(length))));
    boolean[] failed = {false};
    req.handler(chunk -> {
      if (failed[0]) {
        return;
      }
      if (body.length() + chunk.length() > maxBytes) {
        failed[0] = true;
        req.response().putHeader("connection", "close");
        onError.accept(tooLarge(maxBytes));
        return;
      }
      body.appendBuffer(chunk);
    });
    req.exceptionHandler(t -> failed[0] = true);
    req.endHandler(v -> {
      if (!failed[0]) {
        onBody.accept(body);
      }
    });
  }

  private static long parse(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return 1024;
    }
  }

  private static GatewayException tooLarge(long maxBytes) {
    return GatewayException.of(ErrorKind.REQUEST_TOO_LARGE, "request_too_large",
        "request body exceeds " + maxBytes + " bytes (server.max-body-size)");
  }
}
