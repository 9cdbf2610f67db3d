package dev.junction.ledger;

import java.sql.SQLException;

/**
 * A store operation failed. {@link #refusedData()} tells the writer whether retrying the same
 * rows is pointless (the database rejected their content) or worthwhile (it was unavailable).
 */
final class StoreFailure extends IllegalStateException {

  private final boolean refusedData;

  StoreFailure(String message, SQLException cause, boolean refusedData) {
    super(message + ": " + cause.getMessage(), cause);
    this.refusedData = refusedData;
  }

  boolean refusedData() {
    return refusedData;
  }
}
