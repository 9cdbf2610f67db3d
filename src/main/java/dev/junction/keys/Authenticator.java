package dev.junction.keys;

import java.util.Optional;

/**
 * Tells who presented a credential. Every comparison of secret material is constant-time: the
 * presented value is hashed and digests are compared with {@link
 * java.security.MessageDigest#isEqual}. Implementations are thread-safe and never block.
 */
public interface Authenticator {

  /** The active virtual key with this secret, and its team; empty if unknown or revoked. */
  Optional<KeyContext> authenticate(String presentedSecret);

  /** Whether {@code presentedSecret} is the master key (false when none is configured). */
  boolean isMaster(String presentedSecret);

  /** True when no master key is configured: the gateway runs open (development mode). */
  boolean developmentMode();
}
