package dev.junction.budget;

/** What {@link Reservations#reserve} answers: a {@link Reservation} or {@link BudgetExceeded}. */
public sealed interface ReserveOutcome permits Reservation, BudgetExceeded {}
