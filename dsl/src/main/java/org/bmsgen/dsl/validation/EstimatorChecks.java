package org.bmsgen.dsl.validation;

import static org.bmsgen.dsl.bms.BmsPackage.Literals.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.CurrentLimits;
import org.bmsgen.dsl.bms.CurrentRating;
import org.bmsgen.dsl.bms.Derating;
import org.bmsgen.dsl.bms.EcmOrder;
import org.bmsgen.dsl.bms.EcmParameter;
import org.bmsgen.dsl.bms.EcmParameterKind;
import org.bmsgen.dsl.bms.EquivalentCircuit;
import org.bmsgen.dsl.bms.Fets;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.SocEstimator;
import org.bmsgen.dsl.bms.SohEstimator;
import org.bmsgen.dsl.bms.TablePoint;
import org.bmsgen.dsl.bms.Topology;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.xtext.validation.Check;

/**
 * The SoC/SoH estimators and the current limits. On the bench an extended Kalman filter with a zero or
 * negative covariance never corrects (or diverges), a 2RC filter run on a cell measured with one RC pair
 * has no parameters for half its state, and a current limit above what the shunt, FETs and cells are rated
 * for invites the load to draw a current the pack must then cut by tripping a protection.
 */
public class EstimatorChecks extends BmsChecks {

	private static final BigDecimal HUNDRED_PERCENT = new BigDecimal(100);

	@Check
	public void checkProcessNoise(SocEstimator soc) {
		BigDecimal noise = soc.getProcessNoise();
		if (noise != null && noise.signum() <= 0) {
			error("process noise " + noise.toPlainString() + " must be above zero: a filter that trusts its model"
					+ " completely never corrects with the measured voltage", soc, SOC_ESTIMATOR__PROCESS_NOISE,
					IssueCodes.ESTIMATOR_PARAMETER_INVALID);
		}
	}

	@Check
	public void checkMeasurementNoise(SocEstimator soc) {
		BigDecimal noise = CellChecks.inDimension(soc.getMeasurementNoise(), Dimension.VOLTAGE);
		if (noise != null && noise.signum() <= 0) {
			error("measurement noise " + Units.format(soc.getMeasurementNoise())
					+ " must be above zero: no voltage measurement is exact (the BQ76920 reads within about 10 mV)",
					soc.getMeasurementNoise(), null, IssueCodes.ESTIMATOR_PARAMETER_INVALID);
		}
	}

	@Check
	public void checkInitialUncertainty(SocEstimator soc) {
		BigDecimal uncertainty = CellChecks.inDimension(soc.getInitialUncertainty(), Dimension.RATIO);
		if (uncertainty != null && (uncertainty.signum() <= 0 || uncertainty.compareTo(HUNDRED_PERCENT) > 0)) {
			error("initial uncertainty " + Units.format(soc.getInitialUncertainty())
					+ " must be above 0 % and at most 100 %: the SoC at start is never known exactly, and never"
					+ " less than not at all", soc.getInitialUncertainty(), null, IssueCodes.ESTIMATOR_PARAMETER_INVALID);
		}
	}

	@Check
	public void checkEndOfLife(SohEstimator soh) {
		BigDecimal endOfLife = CellChecks.inDimension(soh.getEndOfLife(), Dimension.RATIO);
		if (endOfLife != null && (endOfLife.signum() <= 0 || endOfLife.compareTo(HUNDRED_PERCENT) >= 0)) {
			error("end of life " + Units.format(soh.getEndOfLife())
					+ " must be between 0 % and 100 % of the new capacity (80 % is usual)", soh.getEndOfLife(), null,
					IssueCodes.ESTIMATOR_PARAMETER_INVALID);
		}
	}

	@Check
	public void checkDeratingAscending(Derating derating) {
		List<BigDecimal> xs = TableValues.xs(derating.getTable());
		if (xs == null) {
			return;
		}
		int at = TableValues.firstNotAscending(xs);
		if (at >= 0) {
			List<TablePoint> points = derating.getTable().getPoints();
			error(Units.format(points.get(at).getX()) + " follows " + Units.format(points.get(at - 1).getX())
					+ ": derating points must be in strictly ascending " + derating.getVariable().getLiteral(),
					points.get(at), TABLE_POINT__X, IssueCodes.DERATING_INVALID);
		}
	}

	@Check
	public void checkDeratingWithinFullCurrent(Derating derating) {
		List<BigDecimal> ys = TableValues.ys(derating.getTable());
		if (ys == null) {
			return;
		}
		for (int i = 0; i < ys.size(); i++) {
			if (ys.get(i).signum() < 0 || ys.get(i).compareTo(HUNDRED_PERCENT) > 0) {
				TablePoint point = derating.getTable().getPoints().get(i);
				error("derating " + Units.format(point.getY()) + " at " + Units.format(point.getX())
						+ " is outside 0 % to 100 %: a derating is a share of the " + derating.getDirection().getLiteral()
						+ " limit and can only lower it", point, TABLE_POINT__Y, IssueCodes.DERATING_INVALID);
			}
		}
	}

	@Check
	public void checkEcmOrderSupported(Pack pack) {
		EffectivePack effective = effective(pack);
		SocEstimator writer = WrittenSettings.writerOf(effective, SocEstimator.class, SOC_ESTIMATOR__ORDER);
		Topology topology = effective.topology();
		if (writer == null || topology == null || topology.getCell() == null || topology.getCell().eIsProxy()) {
			return;
		}
		EcmOrder order = writer.getOrder();
		Cell cell = topology.getCell();
		List<EcmParameterKind> needed = order == EcmOrder.TWO_RC
				? List.of(EcmParameterKind.R1, EcmParameterKind.C1, EcmParameterKind.R2, EcmParameterKind.C2)
				: List.of(EcmParameterKind.R1, EcmParameterKind.C1);
		if (cell.getEcm().isEmpty()) {
			errorIn(effective, writer, SOC_ESTIMATOR__ORDER, "model " + order.getLiteral() + " needs the equivalent"
					+ " circuit of cell " + cell.getName() + ", which has no ecm block: add one with "
					+ literals(needed), IssueCodes.ECM_ORDER_UNSUPPORTED);
			return;
		}
		for (EquivalentCircuit ecm : cell.getEcm()) {
			Map<EcmParameterKind, EcmParameter> byKind = CellChecks.parametersByKind(ecm);
			List<EcmParameterKind> missing = new ArrayList<>();
			for (EcmParameterKind kind : needed) {
				if (!byKind.containsKey(kind)) {
					missing.add(kind);
				}
			}
			if (!missing.isEmpty()) {
				errorIn(effective, writer, SOC_ESTIMATOR__ORDER, "model " + order.getLiteral() + " needs "
						+ literals(needed) + " in every ecm block of cell " + cell.getName() + ", but ecm at "
						+ Units.format(ecm.getTemperature()) + " has no " + literals(missing)
						+ (order == EcmOrder.TWO_RC ? ": measure the second RC pair or use model 1RC" : ""),
						IssueCodes.ECM_ORDER_UNSUPPORTED);
			}
		}
	}

	/**
	 * The charge limit is held against the pack's charge rating and the discharge limit against its peak
	 * rating (the continuous rating where no separate one is given): the limit is the most the BMS lets the
	 * load or charger draw at any moment, and how long a current above the continuous rating may last is the
	 * overcurrent protection's job. The same holds for the cells (their charge and peak ratings times the
	 * cells in parallel), and both limits are held against the FET rating, which no current may exceed.
	 */
	@Check
	public void checkLimitsWithinRating(Pack pack) {
		EffectivePack effective = effective(pack);
		CurrentLimits limits = effective.limits();
		if (limits == null) {
			return;
		}
		CurrentRating rating = effective.currentRating();
		if (rating != null) {
			boolean chargeRated = rating.getCharge() != null;
			boolean peakRated = rating.getPeak() != null;
			checkLimit(effective, "charge", limits.getCharge(), chargeRated ? rating.getCharge() : rating.getContinuous(),
					chargeRated ? "charge rating" : "continuous rating");
			checkLimit(effective, "discharge", limits.getDischarge(), peakRated ? rating.getPeak() : rating.getContinuous(),
					peakRated ? "peak rating" : "continuous rating");
		}
		Fets fets = effective.fets();
		if (fets != null) {
			checkLimit(effective, "charge", limits.getCharge(), fets.getRating(), "FET rating");
			checkLimit(effective, "discharge", limits.getDischarge(), fets.getRating(), "FET rating");
		}
		Topology topology = effective.topology();
		Cell cell = topology == null || topology.getCell() == null || topology.getCell().eIsProxy() ? null
				: topology.getCell();
		if (cell != null && cell.getCurrents() != null && effective.parallelCells() > 0) {
			Quantity peak = cell.getCurrents().getPeak() != null ? cell.getCurrents().getPeak()
					: cell.getCurrents().getDischarge();
			checkCellLimit(effective, cell, "charge", limits.getCharge(), cell.getCurrents().getCharge(), "charge");
			checkCellLimit(effective, cell, "discharge", limits.getDischarge(), peak,
					peak == cell.getCurrents().getPeak() ? "peak" : "discharge");
		}
	}

	private void checkLimit(EffectivePack effective, String direction, Quantity limit, Quantity rating,
			String ratingName) {
		BigDecimal ratedAmps = CellChecks.inDimension(rating, Dimension.CURRENT);
		if (ratedAmps != null) {
			reportAbove(effective, direction, limit, ratedAmps, "the pack's " + ratingName + " " + Units.format(rating));
		}
	}

	private void checkCellLimit(EffectivePack effective, Cell cell, String direction, Quantity limit,
			Quantity cellRating, String ratingName) {
		BigDecimal cellAmps = CellChecks.inDimension(cellRating, Dimension.CURRENT);
		if (cellAmps != null) {
			int parallel = effective.parallelCells();
			BigDecimal packAmps = cellAmps.multiply(BigDecimal.valueOf(parallel));
			reportAbove(effective, direction, limit, packAmps, "the cells' " + ratingName + " rating: " + parallel
					+ " in parallel x " + Units.format(cellRating) + " (" + cell.getName() + ") = "
					+ Units.formatBase(packAmps, Dimension.CURRENT));
		}
	}

	private void reportAbove(EffectivePack effective, String direction, Quantity limit, BigDecimal ratedAmps,
			String rating) {
		BigDecimal amps = CellChecks.inDimension(limit, Dimension.CURRENT);
		if (amps != null && amps.compareTo(ratedAmps) > 0) {
			errorIn(effective, limit, null, direction + " limit " + Units.format(limit) + " is above " + rating
					+ ": a limit must stay within what the pack is rated for", IssueCodes.CURRENT_ABOVE_RATING);
		}
	}

	private static String literals(List<EcmParameterKind> kinds) {
		List<String> names = new ArrayList<>();
		kinds.forEach(k -> names.add(k.getLiteral()));
		return String.join(", ", names);
	}
}
