package dev.junction.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A position in a YAML config tree, for reading values with their key path in every error: the
 * one place where durations, sizes, numbers, booleans, enums, lists and maps are parsed, and where
 * {@code ${ENV}} references in values are resolved (lists and maps included), for every section
 * ({@link ConfigLoader}'s and the feature sections it hands nodes to, such as {@code routing:}).
 *
 * <p>Errors read {@code <path>: <value> (expected: <what>)}, for example {@code
 * routing.retry.base: soon (expected: a duration such as 250ms, 5s, 2m, 1h)}; unknown keys are
 * errors ({@link #allow}). Immutable and thread-safe (as its tree, which must not change).
 */
public final class ConfigNode {

  /** Resolves {@code ${ENV}} references in a raw value found at a key path. */
  @FunctionalInterface
  public interface Interpolation {
    String resolve(String path, String raw);

    /** Values as written. */
    Interpolation NONE = (path, raw) -> raw;
  }

  private final String path;
  private final JsonNode node;
  private final Interpolation env;

  private ConfigNode(String path, JsonNode node, Interpolation env) {
    this.path = path;
    this.node = node;
    this.env = env;
  }

  /** {@code node} found at {@code path} ({@code ""} for the root), values resolved by {@code env}. */
  public static ConfigNode of(String path, JsonNode node, Interpolation env) {
    return new ConfigNode(requireNonNull(path, "path"), requireNonNull(node, "node"),
        requireNonNull(env, "env"));
  }

  /** {@code node} found at {@code path}, values as written. */
  public static ConfigNode of(String path, JsonNode node) {
    return of(path, node, Interpolation.NONE);
  }

  /** The key path of this node ({@code routing.retry}, {@code models[0]}). */
  public String path() {
    return path;
  }

  /** The tree under this node. */
  public JsonNode node() {
    return node;
  }

  /** The key path of {@code key} under this node. */
  public String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Fails unless this node is a mapping whose keys are all among {@code keys}. */
  public void allow(String... keys) {
    requireMapping();
    Set<String> allowed = Set.of(keys);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(at(k) + ": unknown key (expected one of: "
            + String.join(", ", keys) + ")");
      }
    }
  }

  /** Fails unless this node is a mapping (of any keys). */
  public void requireMapping() {
    if (!node.isObject()) {
      throw new IllegalArgumentException((path.isEmpty() ? "config" : path) + ": " + node
          + " (expected: a mapping)");
    }
  }

  /** The node under {@code key}, or null when absent or null. */
  public @Nullable ConfigNode child(String key) {
    JsonNode c = node.get(key);
    return c == null || c.isNull() ? null : new ConfigNode(at(key), c, env);
  }

  /** The elements of this list node. */
  public List<ConfigNode> elements() {
    if (!node.isArray()) {
      throw new IllegalArgumentException(path + ": " + node + " (expected: a list)");
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(new ConfigNode(path + "[" + i + "]", node.get(i), env));
    }
    return out;
  }

  /** The entries of this mapping node (any keys), in order. */
  public Map<String, ConfigNode> entries() {
    requireMapping();
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), new ConfigNode(at(e.getKey()),
        e.getValue(), env)));
    return out;
  }

  /** Resolves {@code ${ENV}} references in {@code raw}, a value found under {@code key}. */
  public String interpolate(String key, String raw) {
    return env.resolve(at(key), raw);
  }

  /** This node as a single value, references resolved. */
  public String value() {
    if (!node.isValueNode()) {
      throw new IllegalArgumentException(path + ": " + node + " (expected: a single value)");
    }
    return env.resolve(path, node.asText());
  }

  /** The value under {@code key}, references resolved, or {@code dflt} when absent. */
  public @Nullable String text(String key, @Nullable String dflt) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isValueNode()) {
      throw error(key, v.toString(), "a single value");
    }
    return interpolate(key, v.asText());
  }

  public String requiredText(String key) {
    String v = text(key, null);
    if (v == null || v.isBlank()) {
      throw error(key, "(missing)", "a non-empty string");
    }
    return v;
  }

  public int integer(String key, int dflt) {
    String v = text(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error(key, v, "an integer");
    }
  }

  public long longValue(String key, long dflt) {
    String v = text(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error(key, v, "an integer");
    }
  }

  public double decimal(String key, double dflt) {
    String v = text(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw error(key, v, "a number");
    }
  }

  public boolean bool(String key, boolean dflt) {
    String v = text(key, null);
    if (v == null) {
      return dflt;
    }
    return switch (v.trim()) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error(key, v, "true or false");
    };
  }

  public Duration duration(String key, Duration dflt) {
    String v = text(key, null);
    return v == null ? dflt : ConfigValues.parseDuration(at(key), v);
  }

  public long bytes(String key, long dflt) {
    String v = text(key, null);
    return v == null ? dflt : ConfigValues.parseBytes(at(key), v);
  }

  /**
   * One of {@code type}'s constants, written in kebab case ({@code LEAST_IN_FLIGHT} as {@code
   * least-in-flight}), or {@code dflt} when absent.
   */
  public <E extends Enum<E>> E choice(String key, E dflt, Class<E> type) {
    String v = text(key, null);
    if (v == null) {
      return dflt;
    }
    String wanted = v.trim().toLowerCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      String name = kebab(e);
      if (name.equals(wanted)) {
        return e;
      }
      names.add(name);
    }
    throw error(key, v, String.join(", ", names.subList(0, names.size() - 1)) + " or "
        + names.get(names.size() - 1));
  }

  /** {@code e}'s name in kebab case, as written in config files. */
  public static String kebab(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** {@code {name: [value, …]}} under {@code key}: each list of non-blank values; empty when absent. */
  public Map<String, List<String>> lists(String key, String what) {
    ConfigNode m = child(key);
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (m == null) {
      return out;
    }
    m.entries().forEach((name, list) -> {
      if (!list.node.isArray()) {
        throw new IllegalArgumentException(list.path + ": " + list.node + " (expected: a list of "
            + what + "s)");
      }
      List<String> values = new ArrayList<>();
      for (ConfigNode e : list.elements()) {
        String v = e.node.isValueNode() ? e.value() : "";
        if (v.isBlank()) {
          throw new IllegalArgumentException(e.path + ": " + e.node + " (expected: a " + what
              + ")");
        }
        values.add(v.trim());
      }
      out.put(name, values);
    });
    return out;
  }

  /** {@code {name: integer}} under {@code key}; empty when absent. */
  public Map<String, Long> longs(String key, String expected) {
    ConfigNode m = child(key);
    Map<String, Long> out = new LinkedHashMap<>();
    if (m == null) {
      return out;
    }
    m.requireMapping();
    for (String name : m.entries().keySet()) {
      String v = m.text(name, "");
      try {
        out.put(name, Long.parseLong(v.trim().replace("_", "")));
      } catch (NumberFormatException e) {
        throw m.error(name, v, expected);
      }
    }
    return out;
  }

  /** {@code <path>.<key>: <value> (expected: <expected>)}. */
  public IllegalArgumentException error(String key, String value, String expected) {
    return new IllegalArgumentException(at(key) + ": " + value + " (expected: " + expected + ")");
  }

  /** Runs a record constructor, prefixing its validation message with this node's path. */
  public <T> T build(Supplier<T> ctor) {
    try {
      return ctor.get();
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      if (msg != null && !path.isEmpty() && !msg.startsWith(path)) {
        int colon = msg.indexOf(':');
        String local = colon > 0 ? msg.substring(msg.lastIndexOf('.', colon) + 1) : msg;
        throw new IllegalArgumentException(path + "." + local, e);
      }
      throw e;
    }
  }
}
