package org.bmsgen.generator.ir;

import java.util.List;

/**
 * The SoC filter, SoH and current limits. Filter parameters are {@code float}, as the filter computes (see
 * {@link CellIr}).
 *
 * @param soc null when the pack has no {@code soc} block
 * @param soh null when the pack has no {@code soh} block
 * @param limits null when the pack has no {@code limits} block
 */
public record EstimatorsIr(Soc soc, Soh soh, CurrentLimits limits) {

	/**
	 * @param rcPairs 1 or 2 ({@code model 1RC | 2RC}; 1 when not written)
	 * @param processNoise as written (variance per step, dimensionless); 0 when not written
	 * @param measurementNoiseV standard deviation of a cell voltage reading, in V
	 * @param initialUncertainty standard deviation of the first SoC, as a fraction (5 % = 0.05)
	 * @param initialFromFlash {@code initial from flash}; otherwise from the OCV at rest
	 * @param restCorrectionMs re-anchor on the OCV after this long at rest; 0 when not written
	 */
	public record Soc(int rcPairs, float processNoise, float measurementNoiseV, float initialUncertainty,
			boolean initialFromFlash, int restCorrectionMs, int restCorrectionPeriods, Trace trace) {
	}

	/** @param endOfLifeBp the capacity (or resistance margin) at which the pack is worn out; 0 when not written */
	public record Soh(boolean capacityFade, boolean resistanceGrowth, int endOfLifeBp, Trace trace) {
	}

	/**
	 * @param chargeMa 0 when not written
	 * @param dischargeMa 0 when not written
	 */
	public record CurrentLimits(int chargeMa, int dischargeMa, List<Derating> deratings, Trace trace) {
	}

	/**
	 * A derating: the limit times a factor interpolated linearly over the measurement, held at the end values
	 * outside the table.
	 *
	 * @param charge true for the charge limit, false for discharge
	 * @param points breakpoints in model order; x in the measurement's unit
	 */
	public record Derating(boolean charge, MeasuredQuantity variable, List<DeratingPoint> points, Trace trace) {
	}

	/** @param factorBp the share of the limit, 10000 = 100 % */
	public record DeratingPoint(long x, int factorBp) {
	}
}
