package dev.junction.simulator;

import static dev.junction.simulator.SimulatorConfig.PREFIX;
import static dev.junction.simulator.SimulatorConfig.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.ConfigValues;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reads typed scalars out of a simulator's {@code options} object. Text is accepted wherever a
 * number or boolean is expected (values substituted from the environment arrive as text). Range
 * checks are left to {@link SimulatorConfig}; this class only rejects values of the wrong type.
 */
final class OptionReader {

  private final JsonNode options;

  OptionReader(JsonNode options) {
    this.options = options;
  }

  long integer(String key, long dflt) {
    JsonNode n = value(key);
    if (n == null) {
      return dflt;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.textValue().trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw invalid(key, n, "an integer");
  }

  int count(String key, int dflt) {
    long v = integer(key, dflt);
    if (v != (int) v) {
      throw invalid(key, v, "a 32-bit integer");
    }
    return (int) v;
  }

  double number(String key, double dflt) {
    JsonNode n = value(key);
    if (n == null) {
      return dflt;
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      try {
        double d = Double.parseDouble(n.textValue().trim());
        if (!Double.isNaN(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw invalid(key, n, "a number");
  }

  Duration duration(String key, Duration dflt) {
    JsonNode n = value(key);
    if (n == null) {
      return dflt;
    }
    if (n.isTextual() || n.isNumber()) {
      return ConfigValues.parseDuration(PREFIX + key, n.asText());
    }
    throw invalid(key, n, "a duration such as 250ms, 5s, 2m, 1h");
  }

  boolean bool(String key, boolean dflt) {
    JsonNode n = value(key);
    if (n == null) {
      return dflt;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()) {
      String t = n.textValue().trim();
      if (t.equalsIgnoreCase("true")) {
        return true;
      }
      if (t.equalsIgnoreCase("false")) {
        return false;
      }
    }
    throw invalid(key, n, "true or false");
  }

  private @Nullable JsonNode value(String key) {
    JsonNode n = options.get(key);
    return n == null || n.isNull() ? null : n;
  }
}
