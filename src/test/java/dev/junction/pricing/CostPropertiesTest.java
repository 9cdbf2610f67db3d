package dev.junction.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.chat.Usage;
import java.math.BigDecimal;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** Algebraic properties of {@link CostCalculator}, over seeded random prices and usages. */
class CostPropertiesTest {

  private static final int RUNS = 2_000;

  private static RandomGenerator rng(long seed) {
    return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
  }

  /** A decimal price per million with up to 6 decimal places, below 200. */
  private static BigDecimal price(RandomGenerator r) {
    return BigDecimal.valueOf(r.nextLong(200_000_000L), r.nextInt(7));
  }

  private static ModelPrice model(RandomGenerator r) {
    TokenRates rates = new TokenRates(price(r), price(r), price(r), price(r), price(r),
        r.nextBoolean() ? price(r) : null);
    return ModelPrice.of("p", "m", "USD", rates);
  }

  private static long count(RandomGenerator r) {
    return r.nextInt(4) == 0 ? 0 : r.nextLong(5_000_000L);
  }

  private static Usage usage(RandomGenerator r) {
    return new Usage(count(r), count(r), count(r), count(r), count(r), count(r), false);
  }

  private static Usage only(Usage u, TokenKind k) {
    long n = CostCalculator.tokens(u, k);
    return new Usage(k == TokenKind.INPUT ? n : 0, k == TokenKind.CACHE_READ ? n : 0,
        k == TokenKind.CACHE_WRITE_5M ? n : 0, k == TokenKind.CACHE_WRITE_1H ? n : 0,
        k == TokenKind.OUTPUT ? n : 0, k == TokenKind.REASONING ? n : 0, false);
  }

  private static Usage scaled(Usage u, long f) {
    return new Usage(u.input() * f, u.cacheRead() * f, u.cacheWrite() * f, u.cacheWrite1h() * f,
        u.output() * f, u.reasoning() * f, false);
  }

  @Test
  void costIsAdditiveOverTokenKinds() {
    RandomGenerator r = rng(1);
    for (int i = 0; i < RUNS; i++) {
      ModelPrice p = model(r);
      Usage u = usage(r);
      Cost whole = CostCalculator.cost(p, u);
      BigDecimal sum = BigDecimal.ZERO;
      for (TokenKind k : TokenKind.values()) {
        Cost part = CostCalculator.cost(p, only(u, k));
        assertThat(part.amount(k)).isEqualByComparingTo(whole.amount(k));
        sum = sum.add(part.total());
      }
      assertThat(whole.total()).isEqualByComparingTo(sum);
    }
  }

  @Test
  void costIsLinearInEachCount() {
    RandomGenerator r = rng(2);
    for (int i = 0; i < RUNS; i++) {
      ModelPrice p = model(r);
      Usage u = usage(r);
      long f = 1 + r.nextLong(1000);
      Cost once = CostCalculator.cost(p, u);
      Cost many = CostCalculator.cost(p, scaled(u, f));
      for (TokenKind k : TokenKind.values()) {
        assertThat(many.amount(k))
            .isEqualByComparingTo(once.amount(k).multiply(BigDecimal.valueOf(f)));
      }
    }
  }

  @Test
  void costIsNeverNegative() {
    RandomGenerator r = rng(3);
    for (int i = 0; i < RUNS; i++) {
      Cost c = CostCalculator.cost(model(r), usage(r));
      for (TokenKind k : TokenKind.values()) {
        assertThat(c.amount(k).signum()).isGreaterThanOrEqualTo(0);
      }
      assertThat(c.total().signum()).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void zeroTokensCostExactlyZero() {
    RandomGenerator r = rng(4);
    for (int i = 0; i < RUNS; i++) {
      Cost c = CostCalculator.cost(model(r), Usage.ZERO);
      assertThat(c.total()).isEqualTo(BigDecimal.ZERO);
      assertThat(c.complete()).isTrue();
    }
  }

  @Test
  void summingCostsEqualsPricingSummedUsageWithoutDrift() {
    RandomGenerator r = rng(5);
    ModelPrice p = model(r);
    long[] sums = new long[6];
    BigDecimal summedCosts = BigDecimal.ZERO;
    for (int i = 0; i < 10_000; i++) {
      Usage u = usage(r);
      summedCosts = summedCosts.add(CostCalculator.cost(p, u).total());
      List<TokenKind> kinds = List.of(TokenKind.values());
      for (int k = 0; k < kinds.size(); k++) {
        sums[k] += CostCalculator.tokens(u, kinds.get(k));
      }
    }
    Usage total = new Usage(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], false);
    assertThat(summedCosts).isEqualByComparingTo(CostCalculator.cost(p, total).total());
  }

  @Test
  void aDecimalPriceIsNotApproximatedThroughDouble() {
    // 0.1 per million: 10 tokens cost exactly 0.000001, which a double-based sum would miss.
    ModelPrice p = ModelPrice.of("p", "m", "USD",
        TokenRates.of(new BigDecimal("0.1"), new BigDecimal("0.3")));
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < 3; i++) {
      sum = sum.add(CostCalculator.cost(p, new Usage(10, 0, 0, 0, 10, 0, false)).total());
    }
    assertThat(sum).isEqualByComparingTo("0.000012");
  }
}
