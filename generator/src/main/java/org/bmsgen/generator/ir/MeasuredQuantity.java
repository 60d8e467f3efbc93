package org.bmsgen.generator.ir;

/**
 * What the firmware measures, as guards, deratings and signals refer to it, with the fixed-point unit its
 * value is held in ({@code current} in mA, {@code soc} in basis points).
 */
public enum MeasuredQuantity {
	PACK_CURRENT(ScaledUnit.MILLIAMPERE),
	PACK_VOLTAGE(ScaledUnit.MILLIVOLT),
	MIN_CELL(ScaledUnit.MILLIVOLT),
	MAX_CELL(ScaledUnit.MILLIVOLT),
	CELL_DELTA(ScaledUnit.MILLIVOLT),
	SOC(ScaledUnit.BASIS_POINT),
	MAX_TEMPERATURE(ScaledUnit.CENTI_DEGREE_CELSIUS),
	MIN_TEMPERATURE(ScaledUnit.CENTI_DEGREE_CELSIUS);

	private final ScaledUnit unit;

	MeasuredQuantity(ScaledUnit unit) {
		this.unit = unit;
	}

	public ScaledUnit unit() {
		return unit;
	}
}
