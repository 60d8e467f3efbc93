package org.bmsgen.generator.ir;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact fraction in lowest terms, denominator positive: how a CAN signal's scale and offset are carried so
 * that the firmware converts with integer arithmetic and no float rounding ({@code raw = value * den / num}).
 */
public record Rational(long numerator, long denominator) {

	public Rational {
		if (denominator <= 0) {
			throw new IllegalArgumentException("denominator " + denominator + " must be positive");
		}
		long gcd = BigInteger.valueOf(numerator).gcd(BigInteger.valueOf(denominator)).longValueExact();
		if (gcd > 1) {
			numerator /= gcd;
			denominator /= gcd;
		}
	}

	public static final Rational ZERO = new Rational(0, 1);
	public static final Rational ONE = new Rational(1, 1);

	/** The exact fraction of a decimal: 0.5 -> 1/2, 10 -> 10/1. */
	public static Rational of(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		if (stripped.scale() <= 0) {
			return new Rational(stripped.toBigIntegerExact().longValueExact(), 1);
		}
		return new Rational(stripped.unscaledValue().longValueExact(),
				BigInteger.TEN.pow(stripped.scale()).longValueExact());
	}

	public boolean isInteger() {
		return denominator == 1;
	}

	@Override
	public String toString() {
		return denominator == 1 ? Long.toString(numerator) : numerator + "/" + denominator;
	}
}
