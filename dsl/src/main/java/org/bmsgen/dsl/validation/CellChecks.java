package org.bmsgen.dsl.validation;

import static org.bmsgen.dsl.bms.BmsPackage.Literals.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.CellTemperatures;
import org.bmsgen.dsl.bms.CellVoltages;
import org.bmsgen.dsl.bms.EcmParameter;
import org.bmsgen.dsl.bms.EcmParameterKind;
import org.bmsgen.dsl.bms.EquivalentCircuit;
import org.bmsgen.dsl.bms.OcvTable;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.TablePoint;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.Units;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.validation.Check;

/**
 * The cell as a datasheet and a lab measurement describe it. On the bench a cell model that contradicts
 * itself shows up late: an OCV curve that falls somewhere makes the SoC filter jump between two states of
 * charge, a table that stops at 90 % makes it extrapolate at full charge, an equivalent circuit without
 * its capacitor has no time constant, and protection limits derived from a minimum above the nominal
 * voltage never let the pack discharge.
 */
public class CellChecks extends BmsChecks {

	/**
	 * How far an OCV point may stand outside the cell's minimum..maximum before it is suspicious. OCV tables
	 * come from slow (C/20) discharges cut off at the cell's limits, so their end points sit at the limits
	 * give or take the C/20 IR drop (C/20 x R0: 0.145 A x 30 mOhm = 4.4 mV for the reference NCR18650PF,
	 * up to about 8 mV for higher-resistance cells) and the cycler's accuracy (a few mV). 10 mV accepts
	 * that and the BQ76920's own typical +-10 mV reading error (shared/reference/bq76920.md "Conversions");
	 * a point further out means the table and the voltage limits describe different cells.
	 */
	static final BigDecimal OCV_TOLERANCE_V = new BigDecimal("0.010");

	private static final String TOLERANCE = OCV_TOLERANCE_V.movePointRight(3).stripTrailingZeros().toPlainString()
			+ " mV";

	private static final BigDecimal HUNDRED_PERCENT = new BigDecimal(100);

	@Check
	public void checkVoltagesOrdered(CellVoltages voltages) {
		BigDecimal minimum = voltage(voltages.getMinimum());
		BigDecimal nominal = voltage(voltages.getNominal());
		BigDecimal maximum = voltage(voltages.getMaximum());
		String order = ": cell voltages must read minimum < nominal < maximum";
		if (minimum != null && nominal != null && minimum.compareTo(nominal) >= 0) {
			error("minimum " + Units.format(voltages.getMinimum()) + " is not below nominal "
					+ Units.format(voltages.getNominal()) + order, voltages, CELL_VOLTAGES__MINIMUM,
					IssueCodes.CELL_VOLTAGES_INCONSISTENT);
		} else if (nominal != null && maximum != null && nominal.compareTo(maximum) >= 0) {
			error("nominal " + Units.format(voltages.getNominal()) + " is not below maximum "
					+ Units.format(voltages.getMaximum()) + order, voltages, CELL_VOLTAGES__NOMINAL,
					IssueCodes.CELL_VOLTAGES_INCONSISTENT);
		} else if (minimum != null && maximum != null && minimum.compareTo(maximum) >= 0) {
			error("minimum " + Units.format(voltages.getMinimum()) + " is not below maximum "
					+ Units.format(voltages.getMaximum()) + order, voltages, CELL_VOLTAGES__MINIMUM,
					IssueCodes.CELL_VOLTAGES_INCONSISTENT);
		}
	}

	@Check
	public void checkTemperatureRanges(CellTemperatures temperatures) {
		checkRange("charge", temperatures, temperatures.getChargeMin(), temperatures.getChargeMax(),
				CELL_TEMPERATURES__CHARGE_MIN);
		checkRange("discharge", temperatures, temperatures.getDischargeMin(), temperatures.getDischargeMax(),
				CELL_TEMPERATURES__DISCHARGE_MIN);
	}

	private void checkRange(String what, CellTemperatures temperatures, Quantity min, Quantity max,
			EReference feature) {
		BigDecimal low = inDimension(min, Dimension.TEMPERATURE);
		BigDecimal high = inDimension(max, Dimension.TEMPERATURE);
		if (low != null && high != null && low.compareTo(high) >= 0) {
			error(what + " temperature range " + Units.format(min) + " to " + Units.format(max)
					+ " is empty: the lower limit must come first and be below the upper one", temperatures, feature,
					IssueCodes.CELL_TEMPERATURES_INCONSISTENT);
		}
	}

	@Check
	public void checkOcvAscending(OcvTable ocv) {
		List<BigDecimal> socs = TableValues.xs(ocv.getTable());
		if (socs == null) {
			return;
		}
		int at = TableValues.firstNotAscending(socs);
		if (at >= 0) {
			TablePoint point = ocv.getTable().getPoints().get(at);
			error("SoC " + Units.format(point.getX()) + " follows " + Units.format(ocv.getTable().getPoints().get(at - 1).getX())
					+ ": OCV points must be in strictly ascending SoC", point, TABLE_POINT__X,
					IssueCodes.TABLE_NOT_ASCENDING);
		}
	}

	@Check
	public void checkOcvMonotonic(OcvTable ocv) {
		List<BigDecimal> socs = TableValues.xs(ocv.getTable());
		List<BigDecimal> volts = TableValues.ys(ocv.getTable());
		if (socs == null || volts == null || TableValues.firstNotAscending(socs) >= 0) {
			return;
		}
		for (int i = 1; i < volts.size(); i++) {
			if (volts.get(i).compareTo(volts.get(i - 1)) < 0) {
				TablePoint before = ocv.getTable().getPoints().get(i - 1);
				TablePoint point = ocv.getTable().getPoints().get(i);
				error("OCV falls from " + Units.format(before.getY()) + " at " + Units.format(before.getX()) + " to "
						+ Units.format(point.getY()) + " at " + Units.format(point.getX())
						+ ": the open-circuit voltage must not decrease as SoC rises, or one voltage reads as two SoCs",
						point, TABLE_POINT__Y, IssueCodes.OCV_NOT_MONOTONIC);
			}
		}
	}

	@Check
	public void checkOcvCoversFullRange(OcvTable ocv) {
		List<BigDecimal> socs = TableValues.xs(ocv.getTable());
		if (socs == null) {
			return;
		}
		BigDecimal lowest = socs.stream().min(BigDecimal::compareTo).get();
		BigDecimal highest = socs.stream().max(BigDecimal::compareTo).get();
		if (lowest.signum() != 0 || highest.compareTo(HUNDRED_PERCENT) != 0) {
			error("the OCV table covers " + Units.formatBase(lowest, Dimension.RATIO) + " to "
					+ Units.formatBase(highest, Dimension.RATIO)
					+ ": it must run from 0 % to 100 % so that the estimator never extrapolates", ocv, OCV_TABLE__TABLE,
					IssueCodes.OCV_NOT_COVERING);
		}
	}

	@Check
	public void checkOcvInsideCellVoltages(OcvTable ocv) {
		Cell cell = ocv.eContainer() instanceof Cell ? (Cell) ocv.eContainer() : null;
		if (cell == null || cell.getVoltage() == null) {
			return;
		}
		BigDecimal minimum = voltage(cell.getVoltage().getMinimum());
		BigDecimal maximum = voltage(cell.getVoltage().getMaximum());
		List<BigDecimal> volts = TableValues.ys(ocv.getTable());
		if (volts == null) {
			return;
		}
		for (int i = 0; i < volts.size(); i++) {
			TablePoint point = ocv.getTable().getPoints().get(i);
			BigDecimal v = volts.get(i);
			if (minimum != null && v.compareTo(minimum.subtract(OCV_TOLERANCE_V)) < 0) {
				warning("OCV " + Units.format(point.getY()) + " at " + Units.format(point.getX())
						+ " is below the cell's minimum " + Units.format(cell.getVoltage().getMinimum())
						+ " by more than " + TOLERANCE + ": the table and the voltage limits describe different cells",
						point, TABLE_POINT__Y, IssueCodes.OCV_OUTSIDE_CELL_VOLTAGES);
			} else if (maximum != null && v.compareTo(maximum.add(OCV_TOLERANCE_V)) > 0) {
				warning("OCV " + Units.format(point.getY()) + " at " + Units.format(point.getX())
						+ " is above the cell's maximum " + Units.format(cell.getVoltage().getMaximum())
						+ " by more than " + TOLERANCE + ": the table and the voltage limits describe different cells",
						point, TABLE_POINT__Y, IssueCodes.OCV_OUTSIDE_CELL_VOLTAGES);
			}
		}
	}

	@Check
	public void checkOcvTemperaturesDistinct(Cell cell) {
		reportRepeatedTemperatures("OCV tables", new ArrayList<EObject>(cell.getOcv()), OCV_TABLE__TEMPERATURE);
	}

	@Check
	public void checkEcmTemperaturesDistinct(Cell cell) {
		reportRepeatedTemperatures("ecm blocks", new ArrayList<EObject>(cell.getEcm()),
				EQUIVALENT_CIRCUIT__TEMPERATURE);
	}

	private void reportRepeatedTemperatures(String what, List<EObject> blocks, EReference temperatureFeature) {
		List<BigDecimal> seen = new ArrayList<>();
		for (EObject block : blocks) {
			Quantity temperature = (Quantity) block.eGet(temperatureFeature);
			BigDecimal value = inDimension(temperature, Dimension.TEMPERATURE);
			if (value == null) {
				continue;
			}
			if (seen.stream().anyMatch(t -> t.compareTo(value) == 0)) {
				error("two " + what + " at " + Units.formatBase(value, Dimension.TEMPERATURE)
						+ ": one per temperature, the others are interpolated between them", block, temperatureFeature,
						IssueCodes.DUPLICATE_TEMPERATURE);
			}
			seen.add(value);
		}
	}

	@Check
	public void checkEcmComplete(EquivalentCircuit ecm) {
		Map<EcmParameterKind, EcmParameter> byKind = parametersByKind(ecm);
		String where = "ecm at " + Units.format(ecm.getTemperature());
		if (!byKind.containsKey(EcmParameterKind.R0)) {
			error(where + " has no r0: the series resistance is the least an equivalent circuit needs", ecm,
					EQUIVALENT_CIRCUIT__TEMPERATURE, IssueCodes.ECM_INCOMPLETE);
		}
		checkPair(byKind, EcmParameterKind.R1, EcmParameterKind.C1);
		checkPair(byKind, EcmParameterKind.R2, EcmParameterKind.C2);
		boolean second = byKind.containsKey(EcmParameterKind.R2) || byKind.containsKey(EcmParameterKind.C2);
		boolean first = byKind.containsKey(EcmParameterKind.R1) || byKind.containsKey(EcmParameterKind.C1);
		if (second && !first) {
			EcmParameter secondPair = byKind.getOrDefault(EcmParameterKind.R2, byKind.get(EcmParameterKind.C2));
			error(where + " has a second RC pair (r2, c2) without a first (r1, c1): number the pairs from 1",
					secondPair, ECM_PARAMETER__KIND, IssueCodes.ECM_INCOMPLETE);
		}
	}

	private void checkPair(Map<EcmParameterKind, EcmParameter> byKind, EcmParameterKind r, EcmParameterKind c) {
		if (byKind.containsKey(r) != byKind.containsKey(c)) {
			EcmParameter present = byKind.containsKey(r) ? byKind.get(r) : byKind.get(c);
			EcmParameterKind missing = byKind.containsKey(r) ? c : r;
			error(present.getKind().getLiteral() + " without " + missing.getLiteral()
					+ ": an RC pair needs both its resistance and its capacitance", present, ECM_PARAMETER__KIND,
					IssueCodes.ECM_INCOMPLETE);
		}
	}

	@Check
	public void checkEcmParametersUnique(EquivalentCircuit ecm) {
		Set<EcmParameterKind> seen = EnumSet.noneOf(EcmParameterKind.class);
		for (EcmParameter parameter : ecm.getParameters()) {
			if (parameter.getKind() != null && !seen.add(parameter.getKind())) {
				error(parameter.getKind().getLiteral() + " is given twice in ecm at " + Units.format(ecm.getTemperature())
						+ ": keep one", parameter, ECM_PARAMETER__KIND, IssueCodes.DUPLICATE_MEMBER);
			}
		}
	}

	@Check
	public void checkEcmTableAscending(EcmParameter parameter) {
		List<BigDecimal> socs = TableValues.xs(parameter.getTable());
		if (socs == null) {
			return;
		}
		int at = TableValues.firstNotAscending(socs);
		if (at >= 0) {
			TablePoint point = parameter.getTable().getPoints().get(at);
			error("SoC " + Units.format(point.getX()) + " follows "
					+ Units.format(parameter.getTable().getPoints().get(at - 1).getX()) + ": " + parameter.getKind().getLiteral()
					+ " points must be in strictly ascending SoC", point, TABLE_POINT__X, IssueCodes.TABLE_NOT_ASCENDING);
		}
	}

	static Map<EcmParameterKind, EcmParameter> parametersByKind(EquivalentCircuit ecm) {
		Map<EcmParameterKind, EcmParameter> byKind = new EnumMap<>(EcmParameterKind.class);
		for (EcmParameter parameter : ecm.getParameters()) {
			if (parameter.getKind() != null) {
				byKind.putIfAbsent(parameter.getKind(), parameter);
			}
		}
		return byKind;
	}

	private static BigDecimal voltage(Quantity quantity) {
		return inDimension(quantity, Dimension.VOLTAGE);
	}

	/** The value in base units, or null when absent or not written in the dimension (reported elsewhere). */
	static BigDecimal inDimension(Quantity quantity, Dimension dimension) {
		if (quantity == null || quantity.getValue() == null || !Units.hasUnit(quantity)
				|| Units.dimensionOf(quantity) != dimension) {
			return null;
		}
		return Units.toBase(quantity);
	}
}
