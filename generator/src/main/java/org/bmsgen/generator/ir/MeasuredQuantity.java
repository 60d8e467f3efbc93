package org.bmsgen.generator.ir;

/**
 * What the firmware measures, as guards, deratings and signals refer to it, with the fixed-point unit its
 * value is held in ({@code current} in mA, {@code soc} in basis points).
 */
public enum MeasuredQuantity {
	PACK_CURRENT(ScaledUnit.MILLIAMPERE, "current"),
	PACK_VOLTAGE(ScaledUnit.MILLIVOLT, "pack-voltage"),
	MIN_CELL(ScaledUnit.MILLIVOLT, "min-cell"),
	MAX_CELL(ScaledUnit.MILLIVOLT, "max-cell"),
	CELL_DELTA(ScaledUnit.MILLIVOLT, "cell-delta"),
	SOC(ScaledUnit.BASIS_POINT, "soc"),
	MAX_TEMPERATURE(ScaledUnit.CENTI_DEGREE_CELSIUS, "max-temperature"),
	MIN_TEMPERATURE(ScaledUnit.CENTI_DEGREE_CELSIUS, "min-temperature");

	private final ScaledUnit unit;

	private final String keyword;

	MeasuredQuantity(ScaledUnit unit, String keyword) {
		this.unit = unit;
		this.keyword = keyword;
	}

	/** The measurement as the .bms language writes it ({@code current}, {@code pack-voltage}): for artifacts. */
	public String keyword() {
		return keyword;
	}

	public ScaledUnit unit() {
		return unit;
	}
}
