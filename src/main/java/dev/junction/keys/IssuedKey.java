package dev.junction.keys;

import static java.util.Objects.requireNonNull;

/**
 * A key just created or rotated, with its {@code secret}: the only time the secret exists outside
 * the client. Show it once and drop it; {@link #toString()} leaves it out. Immutable.
 */
public record IssuedKey(VirtualKey key, String secret) {

  public IssuedKey {
    requireNonNull(key, "key");
    requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "IssuedKey[" + key.id() + ", " + key.prefix() + "…]";
  }
}
