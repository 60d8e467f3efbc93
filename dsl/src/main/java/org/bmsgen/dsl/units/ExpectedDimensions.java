package org.bmsgen.dsl.units;

import static org.bmsgen.dsl.bms.BmsPackage.Literals.*;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Comparison;
import org.bmsgen.dsl.bms.Derating;
import org.bmsgen.dsl.bms.EcmParameter;
import org.bmsgen.dsl.bms.EcmParameterKind;
import org.bmsgen.dsl.bms.Measurement;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.ProtectionKind;
import org.bmsgen.dsl.bms.ProtectionSubject;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Table;
import org.bmsgen.dsl.bms.TablePoint;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;

/**
 * The dimension due where a quantity stands, decided by its containing object and feature: a cell's
 * {@code voltage nominal} is a voltage, a trip level follows its protection's subject and kind, a table point follows
 * the table it belongs to. Every quantity-typed feature of the grammar has an entry (a test walks the
 * metamodel), so that a new feature cannot go unchecked.
 */
public final class ExpectedDimensions {

	/**
	 * What range check {@code checkValueRange} applies beyond the dimension: intrinsic limits of the
	 * dimension only, those plus "above zero" for voltages and currents, or none because a dedicated check
	 * owns the range (and says it in the terms of what is checked).
	 */
	public enum Bounds {
		/** Temperatures above absolute zero, ratios in 0..100 %, charges/times/resistances... above zero. */
		PHYSICAL,
		/** As {@link #PHYSICAL}, and a voltage or current above zero: ratings and cell characteristics. */
		POSITIVE,
		/** A dedicated check owns the range of this value; the generic range check stays silent. */
		OWN_CHECK
	}

	/** The dimensions allowed at one place (empty: any, checked elsewhere) and the bounds that apply. */
	public static final class Expectation {

		private static final Expectation ANY = new Expectation(EnumSet.noneOf(Dimension.class), Bounds.OWN_CHECK);

		private final Set<Dimension> dimensions;
		private final Bounds bounds;

		private Expectation(Set<Dimension> dimensions, Bounds bounds) {
			this.dimensions = Collections.unmodifiableSet(dimensions);
			this.bounds = bounds;
		}

		/** No dimension is due here, or another check decides it (a signal follows its source). */
		public static Expectation any() {
			return ANY;
		}

		public static Expectation of(Dimension first, Dimension... more) {
			return new Expectation(EnumSet.of(first, more), Bounds.PHYSICAL);
		}

		public static Expectation positive(Dimension first, Dimension... more) {
			return new Expectation(EnumSet.of(first, more), Bounds.POSITIVE);
		}

		public static Expectation ownRange(Dimension first, Dimension... more) {
			return new Expectation(EnumSet.of(first, more), Bounds.OWN_CHECK);
		}

		public boolean isAny() {
			return dimensions.isEmpty();
		}

		public boolean allows(Dimension dimension) {
			return isAny() || dimensions.contains(dimension);
		}

		/** True when a bare number is wrong here. */
		public boolean needsUnit() {
			return !isAny() && !dimensions.contains(Dimension.NONE);
		}

		public Set<Dimension> dimensions() {
			return dimensions;
		}

		public Bounds bounds() {
			return bounds;
		}

		/** "a voltage (V, mV, uV)", "a power (W, mW) or a current (A, mA)". */
		public String describe() {
			return dimensions.stream()
					.map(d -> d == Dimension.NONE ? d.description() : d.description() + " (" + Units.unitList(d) + ")")
					.collect(Collectors.joining(" or "));
		}

		/** "a voltage unit (V, mV, uV)", "a power or current unit (W, mW, A, mA)". */
		public String describeUnit() {
			String nouns = dimensions.stream().filter(d -> d != Dimension.NONE)
					.map(d -> d.description().replaceFirst("^an? ", "")).collect(Collectors.joining(" or "));
			String units = dimensions.stream().filter(d -> d != Dimension.NONE).map(Units::unitList)
					.collect(Collectors.joining(", "));
			return "a " + nouns + " unit (" + units + ")";
		}

		@Override
		public String toString() {
			return isAny() ? "any" : describe() + " " + bounds;
		}
	}

	/** The expectations for the x and the y of a table's points. */
	private record Axes(Expectation x, Expectation y) {
	}

	private static final Map<EReference, Function<EObject, Expectation>> BY_FEATURE = new HashMap<>();
	private static final Map<EReference, Function<EObject, Axes>> BY_TABLE = new HashMap<>();

	static {
		// cells
		at(CELL__CAPACITY, Expectation.of(Dimension.CHARGE));
		at(CELL_VOLTAGES__NOMINAL, Expectation.positive(Dimension.VOLTAGE));
		at(CELL_VOLTAGES__MINIMUM, Expectation.positive(Dimension.VOLTAGE));
		at(CELL_VOLTAGES__MAXIMUM, Expectation.positive(Dimension.VOLTAGE));
		at(CELL_CURRENTS__CHARGE, Expectation.positive(Dimension.CURRENT));
		at(CELL_CURRENTS__DISCHARGE, Expectation.positive(Dimension.CURRENT));
		at(CELL_CURRENTS__PEAK, Expectation.positive(Dimension.CURRENT));
		at(CELL_CURRENTS__PEAK_DURATION, Expectation.of(Dimension.TIME));
		at(CELL_TEMPERATURES__CHARGE_MIN, Expectation.of(Dimension.TEMPERATURE));
		at(CELL_TEMPERATURES__CHARGE_MAX, Expectation.of(Dimension.TEMPERATURE));
		at(CELL_TEMPERATURES__DISCHARGE_MIN, Expectation.of(Dimension.TEMPERATURE));
		at(CELL_TEMPERATURES__DISCHARGE_MAX, Expectation.of(Dimension.TEMPERATURE));
		at(OCV_TABLE__TEMPERATURE, Expectation.of(Dimension.TEMPERATURE));
		at(EQUIVALENT_CIRCUIT__TEMPERATURE, Expectation.of(Dimension.TEMPERATURE));
		BY_FEATURE.put(ECM_PARAMETER__VALUE, owner -> ecmParameter(((EcmParameter) owner).getKind()));
		// Relative spreads (one standard deviation in % of the value): the simulation scales each cell by them.
		at(MANUFACTURING_SPREAD__CAPACITY, Expectation.of(Dimension.RATIO));
		at(MANUFACTURING_SPREAD__RESISTANCE, Expectation.of(Dimension.RATIO));
		at(MANUFACTURING_SPREAD__SOC, Expectation.of(Dimension.RATIO));
		at(THERMAL_MODEL__MASS, Expectation.of(Dimension.HEAT_CAPACITY));
		at(THERMAL_MODEL__RESISTANCE, Expectation.of(Dimension.THERMAL_RESISTANCE));

		// tables: OCV(SoC), ECM parameters over SoC, current deratings over a measurement
		BY_TABLE.put(OCV_TABLE__TABLE,
				owner -> new Axes(Expectation.of(Dimension.RATIO), Expectation.positive(Dimension.VOLTAGE)));
		BY_TABLE.put(ECM_PARAMETER__TABLE,
				owner -> new Axes(Expectation.of(Dimension.RATIO), ecmParameter(((EcmParameter) owner).getKind())));
		BY_TABLE.put(DERATING__TABLE, owner -> new Axes(measurement(((Derating) owner).getVariable()),
				Expectation.ownRange(Dimension.RATIO)));
		BY_FEATURE.put(TABLE_POINT__X, point -> axes(point).x());
		BY_FEATURE.put(TABLE_POINT__Y, point -> axes(point).y());

		// pack hardware
		at(AFE__SHUNT, Expectation.of(Dimension.RESISTANCE));
		// A shunt is rated by the power it dissipates or by the current it carries: both are on datasheets.
		at(AFE__SHUNT_RATING, Expectation.positive(Dimension.POWER, Dimension.CURRENT));
		at(THERMISTOR__RESISTANCE, Expectation.of(Dimension.RESISTANCE));
		at(MCU__PERIOD, Expectation.of(Dimension.TIME));
		at(MCU__WATCHDOG, Expectation.of(Dimension.TIME));
		at(RADIO__BAUD_RATE, Expectation.of(Dimension.BIT_RATE));
		at(PUBLICATION__PERIOD, Expectation.of(Dimension.TIME));
		at(CAN_BUS__NOMINAL_BIT_RATE, Expectation.of(Dimension.BIT_RATE));
		at(CAN_BUS__DATA_BIT_RATE, Expectation.of(Dimension.BIT_RATE));
		at(FETS__ON_RESISTANCE, Expectation.of(Dimension.RESISTANCE));
		at(FETS__RATING, Expectation.positive(Dimension.CURRENT));
		at(CURRENT_RATING__CONTINUOUS, Expectation.positive(Dimension.CURRENT));
		at(CURRENT_RATING__PEAK, Expectation.positive(Dimension.CURRENT));
		at(CURRENT_RATING__PEAK_DURATION, Expectation.of(Dimension.TIME));
		at(CURRENT_RATING__CHARGE, Expectation.positive(Dimension.CURRENT));

		// protection: the signs of levels are the protection checks' concern (direction, release side)
		BY_FEATURE.put(TRIP__LEVEL, trip -> tripLevel(trip.eContainer()));
		at(PROTECTION__DELAY, Expectation.of(Dimension.TIME));
		at(PROTECTION__RECOVER_AFTER, Expectation.of(Dimension.TIME));

		// balancing: the deltas and the cell voltage are ranged by the balancing checks, against the cell
		at(BALANCING__START_DELTA, Expectation.ownRange(Dimension.VOLTAGE));
		at(BALANCING__STOP_DELTA, Expectation.ownRange(Dimension.VOLTAGE));
		at(BALANCING__MINIMUM_CELL, Expectation.positive(Dimension.VOLTAGE));
		at(BALANCING__MAX_TEMPERATURE, Expectation.of(Dimension.TEMPERATURE));
		at(BALANCING_CONDITION__REST_TIME, Expectation.of(Dimension.TIME));

		// estimators and limits: noise, uncertainty and end of life are ranged by the estimator checks
		at(SOC_ESTIMATOR__MEASUREMENT_NOISE, Expectation.ownRange(Dimension.VOLTAGE));
		at(SOC_ESTIMATOR__INITIAL_UNCERTAINTY, Expectation.ownRange(Dimension.RATIO));
		at(SOC_ESTIMATOR__REST_CORRECTION, Expectation.of(Dimension.TIME));
		at(SOH_ESTIMATOR__END_OF_LIFE, Expectation.ownRange(Dimension.RATIO));
		at(CURRENT_LIMITS__CHARGE, Expectation.positive(Dimension.CURRENT));
		at(CURRENT_LIMITS__DISCHARGE, Expectation.positive(Dimension.CURRENT));

		// state machines
		at(TRANSITION__TIMEOUT, Expectation.of(Dimension.TIME));
		BY_FEATURE.put(COMPARISON__VALUE, comparison -> measurement(((Comparison) comparison).getMeasurement()));

		// telemetry: a signal's scale, offset and range carry the unit of its source, which the telemetry
		// checks compare with the source; here any dimension or none is accepted.
		at(CAN_MESSAGE__PERIOD, Expectation.of(Dimension.TIME));
		at(SIGNAL__SCALE, Expectation.any());
		at(SIGNAL__OFFSET, Expectation.any());
		at(SIGNAL__MINIMUM, Expectation.any());
		at(SIGNAL__MAXIMUM, Expectation.any());
		at(UART_FRAME__PERIOD, Expectation.of(Dimension.TIME));

		// logging
		at(EVENT_LOG__SIZE, Expectation.of(Dimension.DATA_SIZE));
		at(EVENT_LOG__RECORD_SIZE, Expectation.of(Dimension.DATA_SIZE));
		at(HISTORY_LOG__SIZE, Expectation.of(Dimension.DATA_SIZE));
		at(HISTORY_LOG__RECORD_SIZE, Expectation.of(Dimension.DATA_SIZE));
		at(HISTORY_LOG__PERIOD, Expectation.of(Dimension.TIME));
	}

	private ExpectedDimensions() {
	}

	private static void at(EReference feature, Expectation expectation) {
		BY_FEATURE.put(feature, owner -> expectation);
	}

	/** What is due where the quantity stands; {@link Expectation#any()} when detached or not decidable. */
	public static Expectation of(Quantity quantity) {
		EObject owner = quantity.eContainer();
		if (owner == null || !(quantity.eContainingFeature() instanceof EReference)) {
			return Expectation.any();
		}
		Function<EObject, Expectation> rule = BY_FEATURE.get((EReference) quantity.eContainingFeature());
		if (rule == null) {
			return Expectation.any();
		}
		Expectation expectation = rule.apply(owner);
		return expectation == null ? Expectation.any() : expectation;
	}

	/**
	 * True when the table knows the feature: every quantity-typed reference, and every table-typed one (for
	 * the points of the table).
	 */
	public static boolean covers(EReference feature) {
		return BY_FEATURE.containsKey(feature) || BY_TABLE.containsKey(feature);
	}

	private static Axes axes(EObject point) {
		EObject table = point instanceof TablePoint ? point.eContainer() : null;
		if (!(table instanceof Table) || table.eContainer() == null
				|| !(table.eContainingFeature() instanceof EReference)) {
			return new Axes(Expectation.any(), Expectation.any());
		}
		Function<EObject, Axes> rule = BY_TABLE.get((EReference) table.eContainingFeature());
		Axes axes = rule == null ? null : rule.apply(table.eContainer());
		return axes == null ? new Axes(Expectation.any(), Expectation.any()) : axes;
	}

	private static Expectation ecmParameter(EcmParameterKind kind) {
		if (kind == null) {
			return Expectation.any();
		}
		switch (kind) {
		case C1:
		case C2:
			return Expectation.of(Dimension.CAPACITANCE);
		default:
			return Expectation.of(Dimension.RESISTANCE);
		}
	}

	/** The dimension of a measured variable, as a comparison value or a derating axis compares it. */
	public static Expectation measurement(Measurement measurement) {
		return measurement == null ? Expectation.any() : Expectation.of(Measurements.dimensionOf(measurement));
	}

	private static Expectation tripLevel(EObject owner) {
		if (!(owner instanceof Protection)) {
			return Expectation.any();
		}
		Protection protection = (Protection) owner;
		Dimension dimension = protectionLevel(protection.getSubject(), protection.getKind());
		// communication-loss has no threshold: a level written there is the protection checks' finding.
		return dimension == null ? Expectation.any() : Expectation.of(dimension);
	}

	/**
	 * The dimension of a protection's trip, release and warning levels, decided by subject and kind together:
	 * {@code pack plausibility} compares voltages (the cells' sum against the pack reading), {@code fet
	 * plausibility} a current (current through a FET the firmware holds open: a welded FET). Null for a kind
	 * without a level (communication-loss) or when either is missing.
	 */
	public static Dimension protectionLevel(ProtectionSubject subject, ProtectionKind kind) {
		if (kind == null) {
			return null;
		}
		switch (kind) {
		case PLAUSIBILITY:
			return subject == ProtectionSubject.FET ? Dimension.CURRENT : Dimension.VOLTAGE;
		case OVERVOLTAGE:
		case UNDERVOLTAGE:
		case OPEN_WIRE:
		case IMBALANCE:
			return Dimension.VOLTAGE;
		case OVERCURRENT:
		case SHORT_CIRCUIT:
			return Dimension.CURRENT;
		case OVERTEMPERATURE:
		case UNDERTEMPERATURE:
			return Dimension.TEMPERATURE;
		default:
			return null;
		}
	}
}
