package dev.junction.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.error.GatewayException;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Shared JSON reading and writing. {@link #MAPPER} is thread-safe and must not be reconfigured.
 * Client bodies are parsed with a nesting limit of {@value #MAX_DEPTH} (deeper is a 400), so a
 * crafted body cannot exhaust the stack; number and string lengths keep Jackson's limits.
 */
public final class Json {

  /** Deepest nesting accepted in any JSON the gateway reads. */
  public static final int MAX_DEPTH = 128;

  /** The shared mapper. */
  public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** Node factory that keeps decimals exact. */
  public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private Json() {}

  /** Parses a client body; malformed JSON is a 400 that says where it broke. */
  public static JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw GatewayException.invalid(null, "request body is empty (expected: a JSON object)");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid(null, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GatewayException.invalid(null, "unreadable body: " + e.getMessage());
    }
  }

  /** Parses a client body that must be a JSON object. */
  public static ObjectNode parseObject(byte[] body) {
    JsonNode n = parse(body);
    if (!n.isObject()) {
      throw GatewayException.invalid(null, "request body must be a JSON object");
    }
    return (ObjectNode) n;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Serialises to UTF-8 bytes. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serialises to a string. */
  public static String string(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code node} to {@code g}: the same bytes as {@code MAPPER.writeTree(g, node)}, without
   * creating a serializer provider per call (this runs for every unmodelled field of every stream
   * chunk). Binary and POJO nodes, which the gateway never builds, go through the mapper.
   */
  public static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (int i = 0, n = node.size(); i < n; i++) {
          write(g, node.get(i));
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL -> g.writeNull();
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> g.writeNumber(node.intValue());
          case LONG -> g.writeNumber(node.longValue());
          case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
          case FLOAT -> g.writeNumber(node.floatValue());
          case DOUBLE -> g.writeNumber(node.doubleValue());
          case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
        }
      }
      default -> MAPPER.writeTree(g, node);
    }
  }

  /** A text field, or null when absent or JSON null. */
  public static @Nullable String text(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  /** A long field, or {@code dflt} when absent or not a number. */
  public static long longValue(@Nullable JsonNode obj, String field, long dflt) {
    if (obj == null) {
      return dflt;
    }
    JsonNode n = obj.get(field);
    return n == null || !n.isNumber() ? dflt : n.asLong();
  }
}
