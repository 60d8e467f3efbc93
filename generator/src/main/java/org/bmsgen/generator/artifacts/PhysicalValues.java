package org.bmsgen.generator.artifacts;

import java.math.BigDecimal;
import java.math.MathContext;

import org.bmsgen.generator.ir.MeasuredQuantity;
import org.bmsgen.generator.ir.Rational;
import org.bmsgen.generator.ir.ScaledUnit;
import org.bmsgen.generator.ir.ScaledValue;

/**
 * How artifacts print the IR's fixed-point numbers for a reader: in the base unit the model writes (4200 mV as
 * "4.2 V"), exactly, plain notation. Printing only: the values are the IR's.
 */
final class PhysicalValues {

	private PhysicalValues() {
	}

	/** A whole number of a unit in its base unit: "4.2". */
	static String number(long steps, ScaledUnit unit) {
		return plain(unit.toBase(steps));
	}

	/** With the base unit's symbol: "4.2 V", "45 degC", below 1 V in mV ("15 mV"); a plain count without a unit. */
	static String withUnit(long steps, ScaledUnit unit) {
		if (unit == ScaledUnit.MILLIVOLT && Math.abs(steps) < 1000) {
			// deltas, open-wire and plausibility levels read as engineers write them: 15 mV, not 0.015 V
			return steps + " mV";
		}
		return unit.baseSymbol().isEmpty() ? number(steps, unit) : number(steps, unit) + " " + unit.baseSymbol();
	}

	static String withUnit(ScaledValue value) {
		return withUnit(value.value(), value.unit());
	}

	/** A fraction of a fixed-point unit, in the base unit: 10/1 mA -> 0.01 (A). Decimal fractions are exact. */
	static BigDecimal toBase(Rational value, ScaledUnit unit) {
		BigDecimal ratio = new BigDecimal(value.numerator()).divide(new BigDecimal(value.denominator()),
				MathContext.DECIMAL64);
		return ratio.multiply(unit.baseUnitsPerStep()).stripTrailingZeros();
	}

	static String plain(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		return stripped.signum() == 0 ? "0" : stripped.toPlainString();
	}

	/** A time in ms as a reader writes it: "250 ms", "2 s", "60 s", "30 min" (minutes from 10 min). */
	static String duration(long ms) {
		if (ms >= 600_000 && ms % 60_000 == 0) {
			return ms / 60_000 + " min";
		}
		if (ms != 0 && ms % 1000 == 0) {
			return ms / 1000 + " s";
		}
		return ms + " ms";
	}

	/** A time in us: "200 us", "640 ms", "2 s". */
	static String durationUs(long us) {
		return us % 1000 == 0 ? duration(us / 1000) : us + " us";
	}

	/** A size in bytes with its binary multiple: "262144 B (256 KiB)". */
	static String bytes(long bytes) {
		if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
			return bytes + " B (" + (bytes >> 20) + " MiB)";
		}
		if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
			return bytes + " B (" + (bytes >> 10) + " KiB)";
		}
		return bytes + " B";
	}

	/** The measurement's name as the .bms language writes it: PACK_CURRENT -> "current". */
	static String measurement(MeasuredQuantity quantity) {
		return quantity.keyword();
	}
}
