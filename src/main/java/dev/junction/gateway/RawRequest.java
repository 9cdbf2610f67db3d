package dev.junction.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.junction.error.GatewayException;
import dev.junction.json.Json;
import io.vertx.core.MultiMap;
import java.io.IOException;

/**
 * A client body already in a vendor's wire {@code format} (e.g. {@code "anthropic"}), as received,
 * with its client headers, so that it can be relayed untouched to an upstream that speaks that
 * format. One streaming pass (no tree is built) reads what routing needs: the top-level {@code
 * model}, where its string literal sits, and {@code stream}. {@link #withModel} then splices
 * another model id into that literal, leaving every other byte as the client sent it. The pass
 * also checks that the body is one well-formed JSON object (within {@link Json#MAX_DEPTH}).
 *
 * <p>Immutable; the body array is never modified.
 */
final class RawRequest {

  final String format;
  final byte[] body;
  final MultiMap headers;
  final String model;
  final boolean stream;
  private final int modelStart;
  private final int modelEnd;

  private RawRequest(String format, byte[] body, MultiMap headers, String model, boolean stream,
      int modelStart, int modelEnd) {
    this.format = format;
    this.body = body;
    this.headers = headers;
    this.model = model;
    this.stream = stream;
    this.modelStart = modelStart;
    this.modelEnd = modelEnd;
  }

  /**
   * Reads {@code body}.
   *
   * @throws GatewayException a 400 for malformed JSON, a body that is not an object, or a missing
   *     or non-string {@code model}
   */
  static RawRequest read(String format, byte[] body, MultiMap headers) {
    String model = null;
    boolean stream = false;
    int start = -1;
    int end = -1;
    try (JsonParser p = Json.MAPPER.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw GatewayException.invalid(null, "request body must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("model".equals(name)) {
          if (value != JsonToken.VALUE_STRING) {
            throw GatewayException.invalid("model", "model: expected a string");
          }
          start = (int) p.currentTokenLocation().getByteOffset();
          model = p.getText();
          end = (int) p.currentLocation().getByteOffset();
        } else if ("stream".equals(name)) {
          stream = value == JsonToken.VALUE_TRUE;
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw GatewayException.invalid(null, "malformed JSON: content after the request object");
      }
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid(null, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GatewayException.invalid(null, "unreadable body: " + e.getMessage());
    }
    if (model == null || model.isEmpty()) {
      throw GatewayException.invalid("model", "model: field required");
    }
    if (start < 0 || end > body.length || body[start] != '"' || body[end - 1] != '"') {
      throw new IllegalStateException("model literal not located at " + start + ".." + end);
    }
    return new RawRequest(format, body, headers, model, stream, start, end);
  }

  /** The body with the {@code model} value replaced by {@code id}; the body itself if equal. */
  byte[] withModel(String id) {
    if (id.equals(model)) {
      return body;
    }
    byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(id);
    byte[] out = new byte[body.length - (modelEnd - modelStart) + quoted.length + 2];
    System.arraycopy(body, 0, out, 0, modelStart);
    int at = modelStart;
    out[at++] = '"';
    System.arraycopy(quoted, 0, out, at, quoted.length);
    at += quoted.length;
    out[at++] = '"';
    System.arraycopy(body, modelEnd, out, at, body.length - modelEnd);
    return out;
  }
}
