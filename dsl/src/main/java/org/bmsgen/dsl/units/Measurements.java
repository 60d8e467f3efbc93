package org.bmsgen.dsl.units;

import org.bmsgen.dsl.bms.Measurement;

/** What each measurement the firmware reads is a quantity of: guards and signals are written in it. */
public final class Measurements {

	private Measurements() {
	}

	public static Dimension dimensionOf(Measurement measurement) {
		return switch (measurement) {
			case PACK_CURRENT -> Dimension.CURRENT;
			case PACK_VOLTAGE, MIN_CELL, MAX_CELL, CELL_DELTA -> Dimension.VOLTAGE;
			case SOC -> Dimension.RATIO;
			case MAX_TEMPERATURE, MIN_TEMPERATURE -> Dimension.TEMPERATURE;
		};
	}

	/** Base unit of a measurement by its literal ("current" -> "A"), "" when the literal is unknown. */
	public static String baseUnitOf(String literal) {
		Measurement measurement = Measurement.get(literal);
		return measurement == null ? "" : dimensionOf(measurement).baseUnit();
	}
}
