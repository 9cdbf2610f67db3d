package dev.junction.sqlite;

/**
 * A persistent store failed (disk full, corrupt file, a schema from a newer Junction). Unchecked:
 * callers cannot recover a request from it; the gateway answers 500 and logs it.
 */
public final class StoreException extends RuntimeException {

  /** A failure with its cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure without an underlying exception. */
  public StoreException(String message) {
    super(message);
  }
}
