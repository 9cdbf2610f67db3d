package dev.junction.ledger;

/**
 * Counters of a {@link Ledger} since it started; a snapshot, immutable.
 *
 * @param accepted entries {@link Ledger#record} took
 * @param written entries stored
 * @param dropped entries refused at {@link Ledger#record} because the queue was full (the
 *     database down or too slow) or the ledger was closing — never stored
 * @param rejected accepted entries never stored: the database refused their data, or it was still
 *     unavailable when the ledger closed
 * @param queued entries accepted and not yet stored (waiting, or held for a retry)
 * @param failedWrites write attempts that failed (each failed batch counts once per attempt)
 */
public record LedgerStats(long accepted, long written, long dropped, long rejected, long queued,
    long failedWrites) {

  /** Nothing recorded. */
  public static final LedgerStats ZERO = new LedgerStats(0, 0, 0, 0, 0, 0);
}
