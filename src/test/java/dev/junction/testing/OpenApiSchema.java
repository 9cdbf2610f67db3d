package dev.junction.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A small JSON-schema checker over the schemas of an OpenAPI document, for tests that validate
 * what the gateway writes against a vendor's published spec.
 *
 * <p>Understands what the OpenAI spec uses to describe shapes: {@code $ref} (local JSON pointers,
 * with sibling keywords such as {@code nullable}), {@code type} (one or a list, {@code "null"}
 * included), OpenAPI 3.0 {@code nullable}, {@code required}, {@code properties}, {@code
 * additionalProperties} (false or a schema), {@code enum}, {@code const}, {@code items}, {@code
 * allOf}, {@code anyOf} and {@code oneOf} (exactly one branch). Value constraints ({@code
 * minimum}, {@code pattern}, {@code format}, ...) and {@code $recursiveRef} are not checked.
 * Unknown properties are allowed unless {@code additionalProperties: false}, as in JSON Schema.
 *
 * <p>Immutable after loading; thread-safe.
 */
public final class OpenApiSchema {

  private static @Nullable OpenApiSchema openAi;

  private final JsonNode document;

  private OpenApiSchema(JsonNode document) {
    this.document = document;
  }

  /** Loads an OpenAPI document (YAML or JSON). */
  public static OpenApiSchema load(Path file) {
    requireNonNull(file, "file");
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024); // the OpenAI spec is ~3 MB, SnakeYAML's default
    ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    try {
      return new OpenApiSchema(yaml.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An in-memory document, e.g. {@code {"components":{"schemas":{...}}}}, for tests. */
  public static OpenApiSchema of(JsonNode document) {
    return new OpenApiSchema(requireNonNull(document, "document"));
  }

  /** The OpenAI spec under {@link Fixtures#specs()}, loaded once. */
  public static synchronized OpenApiSchema openAi() {
    if (openAi == null) {
      openAi = load(Fixtures.specs().resolve("openai/openapi.yaml"));
    }
    return openAi;
  }

  /** True when {@code components.schemas} defines {@code name}. */
  public boolean has(String name) {
    return document.path("components").path("schemas").has(name);
  }

  /** The raw schema {@code components.schemas.<name>} (for its examples and descriptions). */
  public JsonNode schema(String name) {
    if (!has(name)) {
      throw new IllegalArgumentException("no schema " + name);
    }
    return document.path("components").path("schemas").get(name);
  }

  /**
   * Every place {@code value} breaks schema {@code components.schemas.<name>}, as {@code
   * "$.path: what"} lines; empty when it conforms.
   */
  public List<String> validate(String schemaName, JsonNode value) {
    List<String> out = new ArrayList<>();
    check(schema(schemaName), value, "$", out);
    return out;
  }

  private void check(JsonNode schema, JsonNode v, String path, List<String> out) {
    if (schema.isBoolean()) {
      if (!schema.asBoolean()) {
        out.add(path + ": no value is allowed here");
      }
      return;
    }
    if (schema.has("$recursiveRef") || schema.has("$dynamicRef")) {
      return;
    }
    boolean nullable = schema.path("nullable").asBoolean(false);
    JsonNode ref = schema.get("$ref");
    if (ref != null) {
      if (v.isNull() && nullable) {
        return;
      }
      check(resolve(ref.asText()), v, path, out);
    }
    if (v.isNull() && nullable) {
      return;
    }
    JsonNode type = schema.get("type");
    if (type != null && !typeMatches(type, v)) {
      out.add(path + ": " + describe(v) + " where " + type + " is expected");
      return;
    }
    JsonNode en = schema.get("enum");
    if (en != null && !contains(en, v)) {
      out.add(path + ": " + describe(v) + " is not one of " + en);
    }
    JsonNode cst = schema.get("const");
    if (cst != null && !same(cst, v)) {
      out.add(path + ": " + describe(v) + " is not the constant " + cst);
    }
    if (v.isObject()) {
      object(schema, v, path, out);
    }
    JsonNode items = schema.get("items");
    if (v.isArray() && items != null) {
      for (int i = 0; i < v.size(); i++) {
        check(items, v.get(i), path + "[" + i + "]", out);
      }
    }
    JsonNode allOf = schema.get("allOf");
    if (allOf != null) {
      allOf.forEach(s -> check(s, v, path, out));
    }
    JsonNode anyOf = schema.get("anyOf");
    if (anyOf != null) {
      List<List<String>> misses = branches(anyOf, v, path);
      if (misses.stream().noneMatch(List::isEmpty)) {
        out.add(path + ": matches none of anyOf " + summary(misses));
      }
    }
    JsonNode oneOf = schema.get("oneOf");
    if (oneOf != null) {
      List<List<String>> misses = branches(oneOf, v, path);
      long matched = misses.stream().filter(List::isEmpty).count();
      if (matched == 0) {
        out.add(path + ": matches none of oneOf " + summary(misses));
      } else if (matched > 1) {
        out.add(path + ": matches " + matched + " branches of oneOf (exactly one expected)");
      }
    }
  }

  private void object(JsonNode schema, JsonNode v, String path, List<String> out) {
    JsonNode props = schema.path("properties");
    for (JsonNode r : schema.path("required")) {
      if (!v.has(r.asText())) {
        out.add(path + ": required property '" + r.asText() + "' is missing");
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = path + "." + e.getKey();
      JsonNode p = props.get(e.getKey());
      if (p != null) {
        check(p, e.getValue(), at, out);
      } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
        out.add(at + ": property not allowed (additionalProperties: false)");
      } else if (additional != null && additional.isObject()) {
        check(additional, e.getValue(), at, out);
      }
    }
  }

  private List<List<String>> branches(JsonNode alternatives, JsonNode v, String path) {
    List<List<String>> misses = new ArrayList<>(alternatives.size());
    for (JsonNode s : alternatives) {
      List<String> errs = new ArrayList<>();
      check(s, v, path, errs);
      misses.add(errs);
    }
    return misses;
  }

  private static String summary(List<List<String>> misses) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < misses.size(); i++) {
      sb.append(i == 0 ? "" : " | ").append(misses.get(i).isEmpty() ? "ok" : misses.get(i).get(0));
    }
    return sb.append(']').toString();
  }

  private JsonNode resolve(String ref) {
    if (!ref.startsWith("#/")) {
      throw new IllegalArgumentException("only local $refs are supported: " + ref);
    }
    JsonNode target = document.at(ref.substring(1));
    if (target.isMissingNode()) {
      throw new IllegalArgumentException("dangling $ref " + ref);
    }
    return target;
  }

  private static boolean typeMatches(JsonNode type, JsonNode v) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (isType(t.asText(), v)) {
          return true;
        }
      }
      return false;
    }
    return isType(type.asText(), v);
  }

  private static boolean isType(String type, JsonNode v) {
    return switch (type) {
      case "null" -> v.isNull();
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "boolean" -> v.isBoolean();
      case "number" -> v.isNumber();
      case "integer" -> v.isIntegralNumber()
          || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
      default -> throw new IllegalArgumentException("unknown schema type " + type);
    };
  }

  private static boolean contains(JsonNode values, JsonNode v) {
    for (JsonNode e : values) {
      if (same(e, v)) {
        return true;
      }
    }
    return false;
  }

  /** JSON equality with numbers compared by value ({@code 1 == 1.0}). */
  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      BigDecimal x = a.decimalValue();
      return x.compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static String describe(JsonNode v) {
    String s = v.isContainerNode() ? v.getNodeType().name().toLowerCase(Locale.ROOT)
        : v.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
