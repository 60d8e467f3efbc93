package org.bmsgen.generator.ir;

import java.math.BigDecimal;

/**
 * The fixed-point units the firmware computes in: every modelled value is normalised once, in
 * {@link IrBuilder}, to a whole number of one of these. {@link #suffix()} is what generated constant and field
 * names end in ({@code cellOvervoltageMv}), so that a value's unit is always in its name.
 */
public enum ScaledUnit {
	/** Voltages: cell and pack levels, deltas, open-wire and plausibility levels. 1 mV resolution. */
	MILLIVOLT("Mv", "0.001", "V"),
	/** Currents, signed: positive is charge (the model's {@code current above 0.2 A -> Charging}). */
	MILLIAMPERE("Ma", "0.001", "A"),
	/** Temperatures in 0.01 degC, so that a level written in K (273.15 offset) converts exactly. */
	CENTI_DEGREE_CELSIUS("CentiDegC", "0.01", "degC"),
	/** Ratios (SoC, derating factors, end of life) in 0.01 % = 1 basis point: 100 % = 10000. */
	BASIS_POINT("Bp", "0.01", "%"),
	MILLISECOND("Ms", "0.001", "s"),
	MICROSECOND("Us", "0.000001", "s"),
	MICRO_OHM("MicroOhm", "0.000001", "Ohm"),
	MILLIAMPERE_HOUR("Mah", "0.001", "Ah"),
	BYTE("Bytes", "1", "B"),
	BIT_PER_SECOND("BitPerS", "1", "bit/s"),
	/** A plain count or code: a state index, a fault flag. */
	ONE("", "1", "");

	private final String suffix;
	private final BigDecimal baseUnitsPerStep;
	private final String baseSymbol;

	ScaledUnit(String suffix, String baseUnitsPerStep, String baseSymbol) {
		this.suffix = suffix;
		this.baseUnitsPerStep = new BigDecimal(baseUnitsPerStep);
		this.baseSymbol = baseSymbol;
	}

	/**
	 * The symbol of the dimension's base unit as the .bms language writes it ("V", "A", "degC", "%"; "" for a plain
	 * number): the unit artifacts (DBC, configuration sheet) show physical values in.
	 */
	public String baseSymbol() {
		return baseSymbol;
	}

	/** A whole number of this unit in the base unit, exactly: 4200 mV -> 4.2. */
	public BigDecimal toBase(long steps) {
		return baseUnitsPerStep.multiply(BigDecimal.valueOf(steps)).stripTrailingZeros();
	}

	/** Name suffix of a value in this unit: "Mv", "CentiDegC"; empty for plain numbers. */
	public String suffix() {
		return suffix;
	}

	/** How much of the dimension's base unit (V, A, degC, %, s, Ohm, Ah, B, bit/s) one step is. */
	public BigDecimal baseUnitsPerStep() {
		return baseUnitsPerStep;
	}
}
