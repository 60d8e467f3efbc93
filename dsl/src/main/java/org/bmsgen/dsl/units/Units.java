package org.bmsgen.dsl.units;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Unit;

/**
 * The one place where units are known: each unit's dimension and its factor to the base unit. Every
 * other part of bmsgen normalises through here.
 */
public final class Units {

	private record Definition(Dimension dimension, BigDecimal factor, BigDecimal offset) {
	}

	private static final Map<Unit, Definition> DEFINITIONS = new EnumMap<>(Unit.class);

	static {
		define(Unit.V, Dimension.VOLTAGE, "1");
		define(Unit.MV, Dimension.VOLTAGE, "0.001");
		define(Unit.UV, Dimension.VOLTAGE, "0.000001");
		define(Unit.A, Dimension.CURRENT, "1");
		define(Unit.MA, Dimension.CURRENT, "0.001");
		define(Unit.AH, Dimension.CHARGE, "1");
		define(Unit.MAH, Dimension.CHARGE, "0.001");
		define(Unit.W, Dimension.POWER, "1");
		define(Unit.MW, Dimension.POWER, "0.001");
		define(Unit.OHM, Dimension.RESISTANCE, "1");
		define(Unit.MOHM, Dimension.RESISTANCE, "0.001");
		define(Unit.UOHM, Dimension.RESISTANCE, "0.000001");
		define(Unit.KOHM, Dimension.RESISTANCE, "1000");
		define(Unit.F, Dimension.CAPACITANCE, "1");
		define(Unit.KF, Dimension.CAPACITANCE, "1000");
		define(Unit.DEG_C, Dimension.TEMPERATURE, "1");
		DEFINITIONS.put(Unit.K, new Definition(Dimension.TEMPERATURE, BigDecimal.ONE, new BigDecimal("-273.15")));
		define(Unit.D, Dimension.TIME, "86400");
		define(Unit.H, Dimension.TIME, "3600");
		define(Unit.MIN, Dimension.TIME, "60");
		define(Unit.S, Dimension.TIME, "1");
		define(Unit.MS, Dimension.TIME, "0.001");
		define(Unit.US, Dimension.TIME, "0.000001");
		define(Unit.PERCENT, Dimension.RATIO, "1");
		define(Unit.HZ, Dimension.FREQUENCY, "1");
		define(Unit.KHZ, Dimension.FREQUENCY, "1000");
		define(Unit.MHZ, Dimension.FREQUENCY, "1000000");
		define(Unit.BIT_PER_S, Dimension.BIT_RATE, "1");
		define(Unit.KBIT_PER_S, Dimension.BIT_RATE, "1000");
		define(Unit.MBIT_PER_S, Dimension.BIT_RATE, "1000000");
		// A UART symbol is one bit, so baud and bit/s are the same rate here.
		define(Unit.BAUD, Dimension.BIT_RATE, "1");
		define(Unit.B, Dimension.DATA_SIZE, "1");
		define(Unit.KI_B, Dimension.DATA_SIZE, "1024");
		define(Unit.MI_B, Dimension.DATA_SIZE, "1048576");
		define(Unit.JPER_K, Dimension.HEAT_CAPACITY, "1");
		define(Unit.KPER_W, Dimension.THERMAL_RESISTANCE, "1");
		if (DEFINITIONS.size() != Unit.values().length) {
			throw new IllegalStateException("a unit of the grammar has no definition in Units");
		}
	}

	private Units() {
	}

	private static void define(Unit unit, Dimension dimension, String factor) {
		DEFINITIONS.put(unit, new Definition(dimension, new BigDecimal(factor), BigDecimal.ZERO));
	}

	/** The dimension a quantity is written in; {@link Dimension#NONE} when it has no unit. */
	public static Dimension dimensionOf(Quantity quantity) {
		return hasUnit(quantity) ? dimensionOf(unitOf(quantity)) : Dimension.NONE;
	}

	public static Dimension dimensionOf(Unit unit) {
		return DEFINITIONS.get(unit).dimension();
	}

	public static boolean hasUnit(Quantity quantity) {
		return quantity.getSymbol() != null && quantity.getSymbol().getUnit() != null;
	}

	/** The unit a quantity is written in, or null when it has none. */
	public static Unit unitOf(Quantity quantity) {
		return hasUnit(quantity) ? quantity.getSymbol().getUnit() : null;
	}

	/** The quantity in its dimension's base unit (V, A, Ah, Ohm, s, degC, % ...), exactly. */
	public static BigDecimal toBase(Quantity quantity) {
		if (quantity == null || quantity.getValue() == null) {
			return BigDecimal.ZERO;
		}
		if (!hasUnit(quantity)) {
			return quantity.getValue();
		}
		Definition definition = DEFINITIONS.get(unitOf(quantity));
		return quantity.getValue().multiply(definition.factor()).add(definition.offset());
	}

	/** The quantity in the base unit as a double, for comparisons and messages. */
	public static double base(Quantity quantity) {
		return toBase(quantity).doubleValue();
	}

	/** The units that measure a dimension, in grammar order: "V, mV, uV". */
	public static List<Unit> unitsOf(Dimension dimension) {
		return Stream.of(Unit.values()).filter(u -> dimensionOf(u) == dimension).collect(Collectors.toList());
	}

	public static String unitList(Dimension dimension) {
		return unitsOf(dimension).stream().map(Unit::getLiteral).collect(Collectors.joining(", "));
	}

	/** The quantity as written: "4.25 V", "1e-6". */
	public static String format(Quantity quantity) {
		if (quantity == null || quantity.getValue() == null) {
			return "?";
		}
		String number = quantity.getValue().toPlainString();
		return hasUnit(quantity) ? number + " " + unitOf(quantity).getLiteral() : number;
	}

	/**
	 * A base-unit value written in a unit with at least the given number of decimals: (4.1, V, 2) is
	 * "4.10 V", (0.64, ms, 0) is "640 ms".
	 */
	public static String inUnit(BigDecimal base, Unit unit, int scale) {
		Definition definition = DEFINITIONS.get(unit);
		BigDecimal value = base.subtract(definition.offset()).divide(definition.factor(), java.math.MathContext.DECIMAL64);
		BigDecimal trimmed = value.stripTrailingZeros();
		if (trimmed.scale() < scale) {
			trimmed = trimmed.setScale(scale);
		}
		return (trimmed.scale() < 0 ? trimmed.setScale(0) : trimmed).toPlainString() + " " + unit.getLiteral();
	}

	/** True when two units have the same factor to their base units (mV and ms; V and s) and no offset. */
	public static boolean sameScale(Unit a, Unit b) {
		Definition da = DEFINITIONS.get(a);
		Definition db = DEFINITIONS.get(b);
		return da.factor().compareTo(db.factor()) == 0 && da.offset().signum() == 0 && db.offset().signum() == 0;
	}

	/** A value in a dimension's base unit, trimmed: "4.1 V", "0.32 s". */
	public static String formatBase(BigDecimal value, Dimension dimension) {
		String number = value.stripTrailingZeros().toPlainString();
		return dimension.baseUnit().isEmpty() ? number : number + " " + dimension.baseUnit();
	}
}
