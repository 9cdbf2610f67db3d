package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential (provider API key, master key). {@link #toString()} never shows it, so a secret
 * that reaches a log line or an error message by accident shows as {@code ****}; only {@link
 * #reveal()} gives the value, for the one place that sends it upstream. Immutable.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a credential value. */
  public static Secret of(String value) {
    return new Secret(requireNonNull(value, "value"));
  }

  /** The credential itself. Call only where it is sent upstream or hashed. */
  public String reveal() {
    return value;
  }

  /** Constant-time comparison with a candidate the client presented. */
  public boolean matches(String candidate) {
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
        candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
