package org.bmsgen.generator.ir;

/** A whole number of a {@link ScaledUnit}: {@code 4200 MILLIVOLT}. Used where a value's dimension varies by element. */
public record ScaledValue(long value, ScaledUnit unit) {

	@Override
	public String toString() {
		return value + " " + unit;
	}
}
