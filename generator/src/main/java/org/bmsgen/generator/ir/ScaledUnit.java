package org.bmsgen.generator.ir;

import java.math.BigDecimal;

/**
 * The fixed-point units the firmware computes in: every modelled value is normalised once, in
 * {@link IrBuilder}, to a whole number of one of these. {@link #suffix()} is what generated constant and field
 * names end in ({@code cellOvervoltageMv}), so that a value's unit is always in its name.
 */
public enum ScaledUnit {
	/** Voltages: cell and pack levels, deltas, open-wire and plausibility levels. 1 mV resolution. */
	MILLIVOLT("Mv", "0.001"),
	/** Currents, signed: positive is charge (the model's {@code current above 0.2 A -> Charging}). */
	MILLIAMPERE("Ma", "0.001"),
	/** Temperatures in 0.01 degC, so that a level written in K (273.15 offset) converts exactly. */
	CENTI_DEGREE_CELSIUS("CentiDegC", "0.01"),
	/** Ratios (SoC, derating factors, end of life) in 0.01 % = 1 basis point: 100 % = 10000. */
	BASIS_POINT("Bp", "0.01"),
	MILLISECOND("Ms", "0.001"),
	MICROSECOND("Us", "0.000001"),
	MICRO_OHM("MicroOhm", "0.000001"),
	MILLIAMPERE_HOUR("Mah", "0.001"),
	BYTE("Bytes", "1"),
	BIT_PER_SECOND("BitPerS", "1"),
	/** A plain count or code: a state index, a fault flag. */
	ONE("", "1");

	private final String suffix;
	private final BigDecimal baseUnitsPerStep;

	ScaledUnit(String suffix, String baseUnitsPerStep) {
		this.suffix = suffix;
		this.baseUnitsPerStep = new BigDecimal(baseUnitsPerStep);
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
