package org.bmsgen.generator.ir;

import java.util.List;

/**
 * The cell and its arrangement, and the cell model the SoC filter runs on. Ratings are fixed point; the
 * OCV and equivalent-circuit tables are {@code float}, because the EKF that uses them computes in
 * {@code float} (issue 4): converting once here means the generated literal is exactly the number the firmware
 * computes with, and {@link Float#toString(float)} prints it the same on every machine. SoC axes are fractions
 * (0..1), as the filter's state is.
 *
 * @param capacityMah one cell's capacity
 * @param packCapacityMah capacity x parallel count
 * @param thermal null when the cell has no {@code thermal} block (the simulated board's plant needs it)
 * @param spread null when the cell has no {@code spread} block
 */
public record CellIr(String name, String chemistry, int seriesCells, int parallelCells, int capacityMah,
		int packCapacityMah, int nominalMv, int minimumMv, int maximumMv, List<OcvTable> ocv,
		List<EquivalentCircuit> ecm, Thermal thermal, Spread spread, Trace trace) {

	/**
	 * The cell's lumped thermal model as written, in base units ({@code float} as the other plant values here): what
	 * the simulated board's plant heats and cools the cell with. Not used by the firmware.
	 *
	 * @param heatCapacityJoulePerKelvin {@code mass}; 0 when not written
	 * @param resistanceKelvinPerWatt {@code resistance} to ambient; 0 when not written
	 */
	public record Thermal(float heatCapacityJoulePerKelvin, float resistanceKelvinPerWatt, Trace trace) {
	}

	/**
	 * Cell-to-cell variation (one standard deviation) the simulation draws the pack's cells from, as fractions
	 * (1 % = 0.01f); 0 when not written. Not used by the firmware.
	 */
	public record Spread(float capacity, float resistance, float soc, Trace trace) {
	}

	/**
	 * The OCV table written for the temperature nearest {@code centiDegC} (the first of two equally near), null when
	 * the cell has none: what generation-time estimates read (the tables hold at 25 degC in the reference cell).
	 */
	public OcvTable ocvNearest(int centiDegC) {
		OcvTable nearest = null;
		for (OcvTable table : ocv) {
			if (nearest == null || Math.abs(table.temperatureCentiDegC() - centiDegC)
					< Math.abs(nearest.temperatureCentiDegC() - centiDegC)) {
				nearest = table;
			}
		}
		return nearest;
	}

	/** OCV over SoC at one temperature; breakpoints ascending in SoC as written. */
	public record OcvTable(int temperatureCentiDegC, List<Float> soc, List<Float> volts, Trace trace) {

		/** The OCV at {@code atSoc}, linear between the breakpoints, the end values outside them. */
		public double voltsAt(double atSoc) {
			if (atSoc <= soc.get(0)) {
				return volts.get(0);
			}
			for (int i = 1; i < soc.size(); i++) {
				if (atSoc <= soc.get(i)) {
					return volts.get(i - 1) + (atSoc - soc.get(i - 1)) / (soc.get(i) - soc.get(i - 1))
							* (volts.get(i) - volts.get(i - 1));
				}
			}
			return volts.get(volts.size() - 1);
		}
	}

	/** Equivalent-circuit parameters at one temperature, in the order r0, r1, c1, r2, c2 (those written). */
	public record EquivalentCircuit(int temperatureCentiDegC, List<EcmParameter> parameters, Trace trace) {
	}

	/**
	 * One parameter, in ohm (r) or farad (c): a constant ({@code soc} empty, one value) or a table over SoC.
	 */
	public record EcmParameter(String kind, List<Float> soc, List<Float> values, Trace trace) {

		public boolean isConstant() {
			return soc.isEmpty();
		}
	}
}
