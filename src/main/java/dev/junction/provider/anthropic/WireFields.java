package dev.junction.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.error.GatewayException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Typed fields of a client's JSON, each failing as a 400 that names the field by its path ({@code
 * messages.2.content.0.text: expected a string}). {@code at} is the path of the object holding the
 * field, or null at the top level. JSON null counts as absent. Stateless.
 */
final class WireFields {

  private WireFields() {}

  static String path(@Nullable String at, String field) {
    return at == null ? field : at + "." + field;
  }

  static String required(JsonNode obj, String field, @Nullable String at) {
    String v = optional(obj, field, at);
    if (v == null) {
      throw GatewayException.invalid(path(at, field), path(at, field) + ": field required");
    }
    return v;
  }

  static @Nullable String optional(JsonNode obj, String field, @Nullable String at) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw GatewayException.invalid(path(at, field), path(at, field) + ": expected a string");
    }
    return n.asText();
  }

  static @Nullable Double number(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw GatewayException.invalid(field, field + ": expected a number");
    }
    return n.asDouble();
  }

  static @Nullable Integer integer(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw GatewayException.invalid(field, field + ": expected an integer");
    }
    return n.asInt();
  }

  static boolean bool(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    return n != null && n.asBoolean(false);
  }

  static List<String> strings(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : n) {
      if (!s.isTextual()) {
        break;
      }
      out.add(s.asText());
    }
    if (!n.isArray() || out.size() != n.size()) {
      throw GatewayException.invalid(field, field + ": expected an array of strings");
    }
    return out;
  }
}
