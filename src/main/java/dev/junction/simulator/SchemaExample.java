package dev.junction.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * An instance of a JSON schema, made up for a simulated tool call. Objects get their required
 * properties (every property when the schema lists none as required); {@code enum} and {@code
 * const} are honoured; strings are pseudo-words (or a fixed date, date-time, e-mail, URI or UUID
 * for those formats); integers and numbers fall within {@code minimum}/{@code maximum}; arrays
 * get {@code minItems} items (at least one, at most {@value #MAX_ITEMS}); {@code
 * anyOf}/{@code oneOf}/{@code allOf} take their first schema; local {@code $ref}s ({@code #/...})
 * are followed. Values are drawn from the given random source, so they are as deterministic as it
 * is. Nesting deeper than {@value #MAX_DEPTH} levels (a recursive schema) ends in {@code null}.
 */
final class SchemaExample {

  private static final int MAX_DEPTH = 12;
  private static final int MAX_ITEMS = 16;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode root;
  private final RandomGenerator random;

  private SchemaExample(JsonNode root, RandomGenerator random) {
    this.root = root;
    this.random = random;
  }

  /** JSON text of an object that fits the parameters schema {@code schema} ({@code {}} if none). */
  static String arguments(@Nullable JsonNode schema, RandomGenerator random) {
    if (schema == null || !schema.isObject()) {
      return "{}";
    }
    JsonNode value = new SchemaExample(schema, random).value(schema, 0);
    return Json.string(value.isObject() ? value : NODES.objectNode());
  }

  private JsonNode value(JsonNode schema, int depth) {
    if (depth > MAX_DEPTH || !schema.isObject()) {
      return NODES.nullNode();
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual() && ref.textValue().startsWith("#")) {
      JsonNode target = root.at(ref.textValue().substring(1));
      return value(target.isMissingNode() ? NODES.objectNode() : target, depth + 1);
    }
    JsonNode constant = schema.get("const");
    if (constant != null) {
      return constant;
    }
    JsonNode options = schema.get("enum");
    if (options != null && options.isArray() && !options.isEmpty()) {
      return options.get(0);
    }
    for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
      JsonNode first = schema.path(combinator).path(0);
      if (first.isObject()) {
        return value(first, depth + 1);
      }
    }
    return switch (type(schema)) {
      case "object" -> object(schema, depth);
      case "array" -> array(schema, depth);
      case "integer" -> NODES.numberNode(integer(schema));
      case "number" -> NODES.numberNode(number(schema));
      case "boolean" -> NODES.booleanNode(random.nextBoolean());
      case "null" -> NODES.nullNode();
      default -> NODES.textNode(string(schema));
    };
  }

  /** The schema's type: its {@code type} (the first non-null one of a list), else guessed. */
  private static String type(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual()) {
      return type.textValue();
    }
    if (type != null && type.isArray()) {
      for (JsonNode t : type) {
        if (t.isTextual() && !t.textValue().equals("null")) {
          return t.textValue();
        }
      }
      return "null";
    }
    if (schema.has("properties")) {
      return "object";
    }
    if (schema.has("items")) {
      return "array";
    }
    return "string";
  }

  private ObjectNode object(JsonNode schema, int depth) {
    ObjectNode out = NODES.objectNode();
    JsonNode properties = schema.path("properties");
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      for (JsonNode name : required) {
        JsonNode property = properties.get(name.asText());
        out.set(name.asText(), value(property == null ? NODES.objectNode() : property, depth + 1));
      }
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), value(e.getValue(), depth + 1));
      }
    }
    return out;
  }

  private ArrayNode array(JsonNode schema, int depth) {
    ArrayNode out = NODES.arrayNode();
    int items = Math.clamp(schema.path("minItems").asInt(1), 1, MAX_ITEMS);
    JsonNode itemSchema = schema.path("items");
    for (int i = 0; i < items; i++) {
      out.add(value(itemSchema.isObject() ? itemSchema : NODES.objectNode(), depth + 1));
    }
    return out;
  }

  private long integer(JsonNode schema) {
    long lo = schema.has("minimum") ? (long) Math.ceil(schema.get("minimum").asDouble())
        : schema.has("exclusiveMinimum")
            ? (long) Math.floor(schema.get("exclusiveMinimum").asDouble()) + 1 : 1;
    long hi = schema.has("maximum") ? (long) Math.floor(schema.get("maximum").asDouble())
        : schema.has("exclusiveMaximum")
            ? (long) Math.ceil(schema.get("exclusiveMaximum").asDouble()) - 1 : lo + 99;
    if (hi <= lo) {
      return lo;
    }
    return lo + random.nextLong(Math.min(hi - lo, 1_000_000) + 1);
  }

  private double number(JsonNode schema) {
    JsonNode min = schema.get("minimum");
    JsonNode max = schema.get("maximum");
    if (min != null && max != null) {
      return (min.asDouble() + max.asDouble()) / 2;
    }
    return integer(schema);
  }

  private String string(JsonNode schema) {
    String format = schema.path("format").asText("");
    return switch (format) {
      case "date" -> "2025-01-15";
      case "date-time" -> "2025-01-15T09:30:00Z";
      case "time" -> "09:30:00";
      case "email" -> Prose.word(random) + "@example.com";
      case "uri", "url" -> "https://example.com/" + Prose.word(random);
      case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
      default -> Prose.word(random);
    };
  }
}
