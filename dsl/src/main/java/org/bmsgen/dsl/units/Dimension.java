package org.bmsgen.dsl.units;

/** The physical dimensions a .bms quantity can have, each with the base unit values are normalised to. */
public enum Dimension {
	VOLTAGE("a voltage", "V"),
	CURRENT("a current", "A"),
	CHARGE("a charge", "Ah"),
	POWER("a power", "W"),
	RESISTANCE("a resistance", "Ohm"),
	CAPACITANCE("a capacitance", "F"),
	TEMPERATURE("a temperature", "degC"),
	TIME("a time", "s"),
	RATIO("a ratio", "%"),
	FREQUENCY("a frequency", "Hz"),
	BIT_RATE("a bit rate", "bit/s"),
	DATA_SIZE("a size", "B"),
	HEAT_CAPACITY("a heat capacity", "J/K"),
	THERMAL_RESISTANCE("a thermal resistance", "K/W"),
	/** A plain number: counts, noise variances, Beta values. */
	NONE("a plain number", "");

	private final String description;
	private final String baseUnit;

	Dimension(String description, String baseUnit) {
		this.description = description;
		this.baseUnit = baseUnit;
	}

	/** "a voltage": for messages such as "expected a voltage". */
	public String description() {
		return description;
	}

	public String baseUnit() {
		return baseUnit;
	}
}
