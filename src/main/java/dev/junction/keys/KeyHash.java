package dev.junction.keys;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digest of a virtual key's secret: all that is stored of it.
 *
 * <p><b>Why a plain SHA-256 and not bcrypt/argon2.</b> Slow, salted hashes protect low-entropy
 * secrets (passwords) from offline guessing. Virtual-key secrets are 256 random bits: guessing a
 * preimage of SHA-256 is infeasible either way, so a slow hash adds no protection, while it would
 * cost tens of milliseconds of CPU on every request (a denial-of-service lever) and, being salted,
 * would rule out finding the key by its hash in one map lookup. An unsalted fast digest of a
 * random secret gives both: a leaked database reveals no usable secret, and lookup is O(1).
 *
 * <p>Immutable; {@link #toString()} shows only the first 8 hex digits.
 */
public final class KeyHash {

  private final byte[] digest;

  private KeyHash(byte[] digest) {
    this.digest = digest;
  }

  /** The hash of a presented or generated secret. */
  public static KeyHash of(String secret) {
    requireNonNull(secret, "secret");
    return new KeyHash(sha256(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** A stored hash, from its 64 hex digits. */
  public static KeyHash fromHex(String hex) {
    requireNonNull(hex, "hex");
    if (hex.length() != 64) {
      throw new IllegalArgumentException("a SHA-256 hash has 64 hex digits, got " + hex.length());
    }
    return new KeyHash(HexFormat.of().parseHex(hex));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The 64 lower-case hex digits. */
  public String hex() {
    return HexFormat.of().formatHex(digest);
  }

  /** Constant-time comparison of the digests ({@link MessageDigest#isEqual}). */
  public boolean matches(KeyHash other) {
    return MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyHash h && matches(h);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "sha256:" + hex().substring(0, 8) + "…";
  }
}
