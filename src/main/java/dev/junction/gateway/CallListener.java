package dev.junction.gateway;

/**
 * Receives a {@link CallRecord} for every finished client request (the ledger, metrics). Called on
 * an event-loop thread: implementations must return at once and never block (hand the record to
 * a queue). Must be thread-safe: every event loop calls it.
 */
@FunctionalInterface
public interface CallListener {

  /** A listener that drops every record. */
  CallListener NONE = r -> { };

  /** One request finished. */
  void onCall(CallRecord record);

  /** This listener, then {@code next}. */
  default CallListener andThen(CallListener next) {
    return r -> {
      onCall(r);
      next.onCall(r);
    };
  }
}
