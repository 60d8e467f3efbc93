package org.bmsgen.dsl.validation;

import java.math.BigDecimal;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Unit;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.ExpectedDimensions;
import org.bmsgen.dsl.units.ExpectedDimensions.Bounds;
import org.bmsgen.dsl.units.ExpectedDimensions.Expectation;
import org.bmsgen.dsl.units.Units;
import org.eclipse.xtext.validation.Check;

/**
 * Units and physically possible values. On the bench these are the mistakes that turn into a firmware
 * constant off by a factor of 1000 (a shunt of "1 Ohm" meant as 1 mOhm reads every current 1000 times too
 * small), a threshold compared in the wrong quantity, or a simulation fed a negative capacity.
 */
public class UnitChecks extends BmsChecks {

	private static final BigDecimal ABSOLUTE_ZERO_DEG_C = new BigDecimal("-273.15");
	private static final BigDecimal HUNDRED_PERCENT = new BigDecimal(100);

	@Check
	public void checkDimension(Quantity quantity) {
		if (quantity.getValue() == null) {
			return;
		}
		Expectation expected = ExpectedDimensions.of(quantity);
		if (expected.isAny()) {
			return;
		}
		if (!Units.hasUnit(quantity)) {
			if (expected.needsUnit()) {
				// data: the units that fit here, any of which the quick fix can append
				error("missing unit: " + Units.format(quantity) + " needs " + expected.describeUnit(), quantity, null,
						IssueCodes.MISSING_UNIT, expected.dimensions().stream().filter(d -> d != Dimension.NONE)
								.flatMap(d -> Units.unitsOf(d).stream()).map(Unit::getLiteral).toArray(String[]::new));
			}
			return;
		}
		Dimension found = Units.dimensionOf(quantity);
		if (!expected.allows(found)) {
			error("expected " + expected.describe() + ", found " + Units.format(quantity), quantity, null,
					IssueCodes.DIMENSION_MISMATCH, intendedUnit(quantity, expected));
		}
	}

	/**
	 * Issue data of a unit in the wrong dimension: the written unit and the one meant, when that is obvious:
	 * the only unit of the expected dimension with the same scale ("640 mA" for a delay is 640 ms, "1 mV" for a
	 * shunt 1 mOhm). None when several dimensions are allowed or no unit has that scale.
	 */
	private static String[] intendedUnit(Quantity quantity, Expectation expected) {
		Unit written = Units.unitOf(quantity);
		Set<Dimension> dimensions = expected.dimensions();
		if (written == null || dimensions.size() != 1 || Units.dimensionOf(written) == Dimension.TEMPERATURE) {
			return new String[0];
		}
		List<Unit> sameScale = Units.unitsOf(dimensions.iterator().next()).stream()
				.filter(u -> Units.sameScale(u, written)).collect(Collectors.toList());
		return sameScale.size() == 1 ? new String[] { written.getLiteral(), sameScale.get(0).getLiteral() }
				: new String[0];
	}

	/** Issue data of a negative value where only positive ones exist: the value without its sign (a typo). */
	private static String[] withoutSign(Quantity quantity) {
		return quantity.getValue().signum() < 0
				? new String[] { Units.format(quantity).substring(1) } : new String[0];
	}

	@Check
	public void checkValueRange(Quantity quantity) {
		if (quantity.getValue() == null) {
			return;
		}
		Expectation expected = ExpectedDimensions.of(quantity);
		if (expected.isAny() || expected.bounds() == Bounds.OWN_CHECK || !Units.hasUnit(quantity)) {
			return;
		}
		Dimension dimension = Units.dimensionOf(quantity);
		if (!expected.allows(dimension)) {
			return;
		}
		BigDecimal value = Units.toBase(quantity);
		String written = Units.format(quantity);
		switch (dimension) {
		case TEMPERATURE:
			if (value.compareTo(ABSOLUTE_ZERO_DEG_C) < 0) {
				error(written + " is below absolute zero (-273.15 degC, 0 K)", quantity, null,
						IssueCodes.VALUE_OUT_OF_RANGE);
			}
			break;
		case RATIO:
			// Every ratio outside signals is a state of charge, a derating or a share of a value.
			if (value.signum() < 0 || value.compareTo(HUNDRED_PERCENT) > 0) {
				error(written + " is outside 0 % to 100 %: a state of charge or a share cannot be "
						+ (value.signum() < 0 ? "negative" : "above 100 %"), quantity, null,
						IssueCodes.VALUE_OUT_OF_RANGE);
			}
			break;
		case VOLTAGE:
		case CURRENT:
			if (expected.bounds() == Bounds.POSITIVE && value.signum() <= 0) {
				error(written + " is impossible here: " + dimension.description() + " rating or characteristic must be"
						+ " above zero", quantity, null, IssueCodes.VALUE_OUT_OF_RANGE, withoutSign(quantity));
			}
			break;
		case NONE:
			break;
		default:
			// Charges, resistances, capacitances, times, rates, sizes, powers and thermal constants exist only
			// above zero.
			if (value.signum() <= 0) {
				error(written + " is impossible here: " + dimension.description() + " must be above zero", quantity,
						null, IssueCodes.VALUE_OUT_OF_RANGE, withoutSign(quantity));
			}
			break;
		}
	}
}
