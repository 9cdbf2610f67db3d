package dev.junction.admission;

/** The answer of {@link Admission#admit}: {@link Admitted} or {@link Denied}. */
public sealed interface Decision permits Admitted, Denied {}
