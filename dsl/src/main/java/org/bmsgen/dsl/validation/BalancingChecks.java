package org.bmsgen.dsl.validation;

import static org.bmsgen.dsl.bms.BmsPackage.Literals.*;

import java.math.BigDecimal;

import org.bmsgen.dsl.bms.Balancing;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.OnOff;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Topology;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.xtext.validation.Check;

/**
 * Passive balancing through the bq769x0's internal bleed switches (CELLBAL, one CBn bit per cell). On the
 * bench the AFE must never be asked to bleed two adjacent cells at once (DS 8.3.1.3.3; the firmware has to
 * pick cells accordingly), and thresholds that contradict the cell or each other make balancing chatter on
 * and off, never start, or bleed a cell that is already empty or too hot to charge.
 */
public class BalancingChecks extends BmsChecks {

	@Check
	public void checkAdjacentBalancing(Pack pack) {
		EffectivePack effective = effective(pack);
		Balancing writer = WrittenSettings.writerOf(effective, Balancing.class, BALANCING__ADJACENT);
		if (writer != null && writer.getAdjacent() == OnOff.ON) {
			errorIn(effective, writer, BALANCING__ADJACENT, "adjacent on: the bq769x0 must never balance two adjacent"
					+ " cells at once (DS 8.3.1.3.3); write adjacent off or leave it out",
					IssueCodes.BALANCING_ADJACENT);
		}
	}

	/**
	 * Adjacency is decided on physical cells, not on AFE channels (shared/reference/bq76920.md "Device"): in
	 * a 4S pack on a BQ76920, VC4-VC3 is shorted and physical cell 4 bleeds through CB5, whose node it shares
	 * with cell 3 on CB3, so cells 3 and 4 are adjacent although CB3 and CB5 are not neighbours. Along a
	 * string of n physical cells the most pairwise non-adjacent ones are every other cell: ceil(n / 2).
	 * Adjacency is counted along the whole string, also across the cell groups of a BQ76930/40, which is the
	 * stricter reading.
	 */
	@Check
	public void checkSimultaneousCells(Pack pack) {
		EffectivePack effective = effective(pack);
		Balancing writer = WrittenSettings.writerOf(effective, Balancing.class, BALANCING__MAX_CELLS);
		int series = effective.seriesCells();
		if (writer == null) {
			return;
		}
		int cells = writer.getMaxCells();
		if (cells < 1) {
			errorIn(effective, writer, BALANCING__MAX_CELLS, "max " + cells + " cells balances nothing: at least 1",
					IssueCodes.VALUE_OUT_OF_RANGE);
			return;
		}
		int nonAdjacent = (series + 1) / 2;
		if (series > 0 && cells > nonAdjacent) {
			errorIn(effective, writer, BALANCING__MAX_CELLS, "max " + cells + " cells: a " + series + "S string has at"
					+ " most " + nonAdjacent + " cells no two of which are adjacent (every other physical cell), and"
					+ " the bq769x0 must not balance adjacent cells at once (DS 8.3.1.3.3); write max " + nonAdjacent
					+ " cells or fewer", IssueCodes.BALANCING_TOO_MANY_CELLS, String.valueOf(nonAdjacent));
		}
	}

	@Check
	public void checkBalancingDeltas(Pack pack) {
		EffectivePack effective = effective(pack);
		Balancing balancing = effective.balancing();
		if (balancing == null) {
			return;
		}
		Quantity start = balancing.getStartDelta();
		Quantity stop = balancing.getStopDelta();
		BigDecimal startV = CellChecks.inDimension(start, Dimension.VOLTAGE);
		BigDecimal stopV = CellChecks.inDimension(stop, Dimension.VOLTAGE);
		if (startV != null && startV.signum() <= 0) {
			errorIn(effective, start, null, "start above " + Units.format(start) + " delta must be above zero: the"
					+ " cells would be bled without end", IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
		}
		if (stopV != null && stopV.signum() <= 0) {
			errorIn(effective, stop, null, "stop below " + Units.format(stop) + " delta must be above zero: the"
					+ " measured spread never gets below zero, so balancing would never stop",
					IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
		}
		if (startV != null && stopV != null && startV.signum() > 0 && stopV.signum() > 0
				&& stopV.compareTo(startV) >= 0) {
			errorIn(effective, stop, null, "stop below " + Units.format(stop) + " delta is not below start above "
					+ Units.format(start) + " delta: without that hysteresis balancing switches on and off on"
					+ " every reading; the stop delta must be below the start delta",
					IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
		}
	}

	/**
	 * The lowest cell voltage at which bleeding is allowed sits in [minimum, maximum) of the cell: at or above
	 * the maximum balancing could only start once the overvoltage protection has stopped the charge.
	 */
	@Check
	public void checkBalancingCellVoltage(Pack pack) {
		EffectivePack effective = effective(pack);
		Balancing balancing = effective.balancing();
		Cell cell = cellOf(effective);
		if (balancing == null || cell == null || cell.getVoltage() == null) {
			return;
		}
		Quantity floor = balancing.getMinimumCell();
		BigDecimal floorV = CellChecks.inDimension(floor, Dimension.VOLTAGE);
		Quantity minimum = cell.getVoltage().getMinimum();
		Quantity maximum = cell.getVoltage().getMaximum();
		BigDecimal minimumV = CellChecks.inDimension(minimum, Dimension.VOLTAGE);
		BigDecimal maximumV = CellChecks.inDimension(maximum, Dimension.VOLTAGE);
		if (floorV == null) {
			return;
		}
		if (minimumV != null && floorV.compareTo(minimumV) < 0) {
			errorIn(effective, floor, null, "cells above " + Units.format(floor) + " is below cell " + cell.getName()
					+ "'s minimum " + Units.format(minimum) + ": balancing must not bleed a cell that is already empty",
					IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
		} else if (maximumV != null && floorV.compareTo(maximumV) >= 0) {
			errorIn(effective, floor, null, "cells above " + Units.format(floor) + " is not below cell "
					+ cell.getName() + "'s maximum " + Units.format(maximum)
					+ ": balancing could never start before the charge is stopped", IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
		}
	}

	@Check
	public void checkBalancingTemperature(Pack pack) {
		EffectivePack effective = effective(pack);
		Balancing balancing = effective.balancing();
		Cell cell = cellOf(effective);
		if (balancing == null || cell == null || cell.getTemperature() == null) {
			return;
		}
		Quantity ceiling = balancing.getMaxTemperature();
		BigDecimal ceilingC = CellChecks.inDimension(ceiling, Dimension.TEMPERATURE);
		Quantity low = cell.getTemperature().getChargeMin();
		Quantity high = cell.getTemperature().getChargeMax();
		BigDecimal lowC = CellChecks.inDimension(low, Dimension.TEMPERATURE);
		BigDecimal highC = CellChecks.inDimension(high, Dimension.TEMPERATURE);
		if (ceilingC == null || lowC == null || highC == null) {
			return;
		}
		String range = " cell " + cell.getName() + "'s charge temperature range " + Units.format(low) + " to "
				+ Units.format(high);
		if (ceilingC.compareTo(highC) > 0) {
			errorIn(effective, ceiling, null, "never above " + Units.format(ceiling) + " is above" + range
					+ ": the bleed resistors heat the cells, so balancing must stop no later than charging does",
					IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
		} else if (ceilingC.compareTo(lowC) < 0) {
			errorIn(effective, ceiling, null, "never above " + Units.format(ceiling) + " is below" + range
					+ ": balancing would be blocked at every temperature the cells may be charged at",
					IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
		}
	}

	private static Cell cellOf(EffectivePack effective) {
		Topology topology = effective.topology();
		if (topology == null || topology.getCell() == null || topology.getCell().eIsProxy()) {
			return null;
		}
		return topology.getCell();
	}
}
