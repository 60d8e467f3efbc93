package org.bmsgen.generator.ir;

import java.util.List;

/**
 * The BQ769x0 as the firmware programs it: the register values are computed here by
 * {@link org.bmsgen.dsl.parts.Bq769x0} (one implementation, shared with the checks and the simulator), and the
 * programmed levels are kept next to the modelled ones so that the configuration sheet can report the
 * quantisation.
 *
 * @param i2cAddress 7-bit
 * @param shuntMicroOhm shunt resistance in uOhm (1 mOhm = 1000)
 * @param channels the VCn input (1-based, also the CELLBAL bit + 1) of each physical cell, bottom cell first
 * @param cellOvervoltage null when the cell overvoltage protection is not {@code by afe}
 * @param cellUndervoltage null when the cell undervoltage protection is not {@code by afe}
 * @param dischargeOvercurrent null when not {@code by afe}
 * @param dischargeShortCircuit null when not {@code by afe}
 * @param rsns PROTECT1 b7, shared by OCD and SCD (DS 8.5)
 * @param protect1 RSNS | SCD_DELAY | SCD_THRESH (DS 8.5); codes of an absent comparator are 0
 * @param protect2 OCD_DELAY | OCD_THRESH
 * @param protect3 UV_DELAY | OV_DELAY; OV_TRIP and UV_TRIP are not here: they depend on the chip's factory trim
 *        and are computed at run time (see {@link VoltageLimit})
 */
public record AfeIr(String part, int i2cAddress, boolean crc, long shuntMicroOhm, List<Integer> channels,
		List<Thermistor> thermistors, VoltageLimit cellOvervoltage, VoltageLimit cellUndervoltage,
		CurrentLimit dischargeOvercurrent, CurrentLimit dischargeShortCircuit, int rsns, int protect1, int protect2,
		int protect3, Trace trace) {

	/**
	 * The rounding rule the run-time OV_TRIP / UV_TRIP computation applies to the chip's ADCGAIN/ADCOFFSET (DS
	 * 9.2, Tables 8-12, 8-13), as implemented by {@code Bq769x0.ovTrip} and {@code Bq769x0.uvTrip}.
	 */
	public enum TripRounding {
		/** OV: the highest byte whose threshold is not above the modelled level: never trips later, at most one step (~6 mV) earlier. */
		HIGHEST_NOT_ABOVE,
		/** UV: the lowest byte whose threshold is not below the modelled level: never trips later. */
		LOWEST_NOT_BELOW
	}

	/**
	 * A cell voltage limit of the AFE.
	 *
	 * @param modelledMv the level as modelled; OV/UV_TRIP = rule(modelledMv * 1000 uV, trim)
	 * @param delayCode OV_DELAY / UV_DELAY code (the model's delay is a table value: checked)
	 * @param delayS the programmed delay in seconds (OV/UV tables are in seconds, DS 8.5)
	 * @param programmedMinUv the lowest threshold the rule programs over every factory trim (GAIN 365..396
	 *        uV/LSB, OFFSET -128..127 mV, DS Tables 8-22, 8-23), for the configuration sheet
	 * @param programmedMaxUv the highest such threshold
	 */
	public record VoltageLimit(String protection, int modelledMv, TripRounding rounding, int delayCode, int delayS,
			long programmedMinUv, long programmedMaxUv, Trace trace) {
	}

	/**
	 * A discharge current comparator (OCD or SCD) as programmed: the nearest table step not above the modelled
	 * level, and the nearest delay not longer than the modelled one, so the chip never acts later than modelled.
	 *
	 * @param code OCD_THRESH / SCD_THRESH
	 * @param programmedShuntMv the table entry, in mV across the shunt
	 * @param programmedMa what that entry means through the shunt, rounded down to a whole mA
	 * @param delayCode OCD_DELAY / SCD_DELAY
	 * @param programmedDelayUs the delay of that code
	 */
	public record CurrentLimit(String protection, int modelledMa, int code, int programmedShuntMv, int programmedMa,
			long modelledDelayUs, int delayCode, long programmedDelayUs, Trace trace) {

		/** True when the chip trips below the modelled level (reported as quantisation). */
		public boolean quantised() {
			return programmedMa != modelledMa;
		}

		/** True when the chip's delay is shorter than the modelled one (the table has no exact entry). */
		public boolean delayQuantised() {
			return programmedDelayUs != modelledDelayUs;
		}
	}

	/**
	 * A temperature input.
	 *
	 * @param input "TS1".."TS3", or "die" for the internal sensor
	 * @param nominalOhm the NTC's resistance at 25 degC (0 for the die)
	 * @param beta the NTC's B constant in K (0 for the die)
	 */
	public record Thermistor(String input, long nominalOhm, int beta, Trace trace) {
	}
}
