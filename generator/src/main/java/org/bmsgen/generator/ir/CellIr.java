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
 */
public record CellIr(String name, String chemistry, int seriesCells, int parallelCells, int capacityMah,
		int packCapacityMah, int nominalMv, int minimumMv, int maximumMv, List<OcvTable> ocv,
		List<EquivalentCircuit> ecm, Trace trace) {

	/** OCV over SoC at one temperature; breakpoints ascending in SoC as written. */
	public record OcvTable(int temperatureCentiDegC, List<Float> soc, List<Float> volts, Trace trace) {
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
