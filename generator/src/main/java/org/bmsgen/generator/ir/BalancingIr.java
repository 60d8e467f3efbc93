package org.bmsgen.generator.ir;

/**
 * The passive balancing policy.
 *
 * @param maxCells the most cells bleeding at once; 0 when not written (only the adjacency rule limits it)
 * @param whileCharging balancing allowed while charging
 * @param restMs balancing allowed after this long at rest; 0 when not written
 * @param restPeriods ceil(restMs / control period)
 * @param maxTemperatureCentiDegC never above this temperature; null when not written
 * @param adjacentAllowed {@code adjacent on}: neighbouring physical cells may bleed together (the BQ76920
 *        forbids it: off unless written)
 */
public record BalancingIr(int startDeltaMv, int stopDeltaMv, int minimumCellMv, int maxCells, boolean whileCharging,
		int restMs, int restPeriods, Integer maxTemperatureCentiDegC, boolean adjacentAllowed, Trace trace) {
}
