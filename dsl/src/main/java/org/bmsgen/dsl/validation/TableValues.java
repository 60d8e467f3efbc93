package org.bmsgen.dsl.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Table;
import org.bmsgen.dsl.bms.TablePoint;
import org.bmsgen.dsl.units.ExpectedDimensions;
import org.bmsgen.dsl.units.Units;

/**
 * The x or y column of a table in base units, for the checks that compare points. A column with a value in
 * the wrong dimension or without a unit is not compared: the unit checks report it, and comparing
 * 0.5 (a bare number) with 50 % would only add a second, misleading message.
 */
final class TableValues {

	private TableValues() {
	}

	/** The x values in base units, or null when one of them is not in the dimension due. */
	static List<BigDecimal> xs(Table table) {
		return column(table, TablePoint::getX);
	}

	/** The y values in base units, or null when one of them is not in the dimension due. */
	static List<BigDecimal> ys(Table table) {
		return column(table, TablePoint::getY);
	}

	private static List<BigDecimal> column(Table table, Function<TablePoint, Quantity> axis) {
		if (table == null || table.getPoints().isEmpty()) {
			return null;
		}
		List<BigDecimal> values = new ArrayList<>();
		for (TablePoint point : table.getPoints()) {
			Quantity quantity = axis.apply(point);
			if (quantity == null || quantity.getValue() == null || !Units.hasUnit(quantity)
					|| !ExpectedDimensions.of(quantity).allows(Units.dimensionOf(quantity))) {
				return null;
			}
			values.add(Units.toBase(quantity));
		}
		return values;
	}

	/** The index of the first value not above the one before it, or -1 when the column rises strictly. */
	static int firstNotAscending(List<BigDecimal> values) {
		for (int i = 1; i < values.size(); i++) {
			if (values.get(i).compareTo(values.get(i - 1)) <= 0) {
				return i;
			}
		}
		return -1;
	}
}
