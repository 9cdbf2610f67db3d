package dev.junction.budget;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A spending budget of a virtual key or team: {@code amount} of {@code currency} (ISO 4217) per
 * {@code period}, which resets at {@code resetAt} in {@code zone} (see {@link BudgetPeriod}).
 *
 * <ul>
 *   <li>{@code alertPercents}: soft thresholds, e.g. {@code [50, 80, 100]}; each fires a {@link
 *       ThresholdEvent} once per period when settled spend reaches that share of {@code amount}.
 *       Values 1..1000, stored sorted and distinct.
 *   <li>{@code hard}: when true, a request is refused unless its worst-case cost still fits:
 *       {@code spent + reserved + worstCase <= amount}. When false the budget only alerts.
 * </ul>
 *
 * Immutable.
 */
public record Budget(
    BigDecimal amount,
    String currency,
    BudgetPeriod period,
    ZoneId zone,
    LocalTime resetAt,
    List<Integer> alertPercents,
    boolean hard) {

  /** Alerts used when none are configured. */
  public static final List<Integer> DEFAULT_ALERTS = List.of(50, 80, 100);

  private static final Pattern ISO_CURRENCY = Pattern.compile("[A-Z]{3}");

  public Budget {
    requireNonNull(amount, "amount");
    requireNonNull(currency, "currency");
    requireNonNull(period, "period");
    requireNonNull(zone, "zone");
    requireNonNull(resetAt, "resetAt");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("budget amount must be >= 0: " + amount.toPlainString());
    }
    if (!ISO_CURRENCY.matcher(currency).matches()) {
      throw new IllegalArgumentException("budget currency must be an ISO 4217 code: " + currency);
    }
    for (Integer p : alertPercents) {
      if (p == null || p < 1 || p > 1000) {
        throw new IllegalArgumentException("alert thresholds must be 1..1000 percent: " + p);
      }
    }
    alertPercents = alertPercents.stream().distinct().sorted().toList();
    amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
  }

  /** A hard budget resetting at midnight UTC, alerting at 50, 80 and 100 %. */
  public static Budget of(BigDecimal amount, String currency, BudgetPeriod period) {
    return new Budget(amount, currency, period, ZoneOffset.UTC, LocalTime.MIDNIGHT,
        DEFAULT_ALERTS, true);
  }

  /** The period containing {@code now}. */
  public PeriodWindow window(Instant now) {
    return period.window(now, zone, resetAt);
  }

  /** {@code percent} % of the amount, exactly. */
  public BigDecimal share(int percent) {
    return amount.multiply(BigDecimal.valueOf(percent)).movePointLeft(2);
  }

  /** This budget with other alert thresholds. */
  public Budget withAlerts(List<Integer> percents) {
    return new Budget(amount, currency, period, zone, resetAt, percents, hard);
  }

  /** This budget, enforced or only alerting. */
  public Budget withHard(boolean newHard) {
    return new Budget(amount, currency, period, zone, resetAt, alertPercents, newHard);
  }
}
