package org.bmsgen.dsl.statemachine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bmsgen.dsl.bms.Comparison;
import org.bmsgen.dsl.bms.Condition;
import org.bmsgen.dsl.bms.FlagCondition;
import org.bmsgen.dsl.bms.Guard;
import org.bmsgen.dsl.units.Units;

/**
 * The set of situations in which a guard holds. The guard language is a conjunction of strict comparisons
 * ({@code current above 0.2 A}) and flags ({@code not fault-active}), so that set is exactly a product of
 * one open interval per measurement and a required value per flag: intersecting two regions and asking
 * whether the result is empty decides, without sampling, whether two guards can both be true.
 * Measurements and flags are taken as independent of each other (the firmware reads them separately).
 */
public final class GuardRegion {

	/** Open interval (low, high); a null end is unbounded. */
	public record Interval(BigDecimal low, BigDecimal high) {

		static final Interval EVERYTHING = new Interval(null, null);

		Interval intersect(Interval other) {
			BigDecimal lo = low == null ? other.low : other.low == null ? low : low.max(other.low);
			BigDecimal hi = high == null ? other.high : other.high == null ? high : high.min(other.high);
			return new Interval(lo, hi);
		}

		/** Empty when low >= high: both ends are open, so (1, 1) holds no value either. */
		public boolean isEmpty() {
			return low != null && high != null && low.compareTo(high) >= 0;
		}

		public boolean contains(BigDecimal value) {
			return (low == null || value.compareTo(low) > 0) && (high == null || value.compareTo(high) < 0);
		}
	}

	/** Holds everywhere: the region of a transition without a guard. */
	public static final GuardRegion EVERYWHERE = new GuardRegion(Map.of(), Map.of(), false);

	private final Map<String, Interval> intervals;
	private final Map<String, Boolean> flags;
	private final boolean flagsContradict;

	private GuardRegion(Map<String, Interval> intervals, Map<String, Boolean> flags, boolean flagsContradict) {
		this.intervals = Collections.unmodifiableMap(new TreeMap<>(intervals));
		this.flags = Collections.unmodifiableMap(new TreeMap<>(flags));
		this.flagsContradict = flagsContradict;
	}

	/** The region of a written guard, values in base units; a null guard holds everywhere. */
	public static GuardRegion of(Guard guard) {
		GuardRegion region = EVERYWHERE;
		if (guard == null) {
			return region;
		}
		for (Condition condition : guard.getConditions()) {
			if (condition instanceof Comparison comparison) {
				if (comparison.getMeasurement() == null || comparison.getDirection() == null
						|| comparison.getValue() == null) {
					continue;
				}
				String measurement = comparison.getMeasurement().getLiteral();
				BigDecimal value = Units.toBase(comparison.getValue());
				region = switch (comparison.getDirection()) {
					case ABOVE -> region.above(measurement, value);
					case BELOW -> region.below(measurement, value);
				};
			} else if (condition instanceof FlagCondition flag && flag.getFlag() != null) {
				region = region.flag(flag.getFlag().getLiteral(), !flag.isNegated());
			}
		}
		return region;
	}

	/** This region where additionally {@code measurement > value}. */
	public GuardRegion above(String measurement, BigDecimal value) {
		return restrict(measurement, new Interval(value, null));
	}

	/** This region where additionally {@code measurement < value}. */
	public GuardRegion below(String measurement, BigDecimal value) {
		return restrict(measurement, new Interval(null, value));
	}

	/** This region where additionally the flag has the given value ({@code not charging}: false). */
	public GuardRegion flag(String flag, boolean value) {
		Map<String, Boolean> merged = new TreeMap<>(flags);
		Boolean before = merged.put(flag, value);
		return new GuardRegion(intervals, merged, flagsContradict || before != null && before != value);
	}

	private GuardRegion restrict(String measurement, Interval interval) {
		Map<String, Interval> merged = new TreeMap<>(intervals);
		merged.merge(measurement, interval, Interval::intersect);
		return new GuardRegion(merged, flags, flagsContradict);
	}

	/** Where both guards hold. */
	public GuardRegion intersect(GuardRegion other) {
		GuardRegion result = this;
		for (Map.Entry<String, Interval> entry : other.intervals.entrySet()) {
			result = result.restrict(entry.getKey(), entry.getValue());
		}
		for (Map.Entry<String, Boolean> entry : other.flags.entrySet()) {
			result = result.flag(entry.getKey(), entry.getValue());
		}
		return other.flagsContradict ? new GuardRegion(result.intervals, result.flags, true) : result;
	}

	/** True when no values of the measurements and flags satisfy the guard. */
	public boolean isEmpty() {
		return flagsContradict || intervals.values().stream().anyMatch(Interval::isEmpty);
	}

	/** The interval a measurement is confined to ({@link Interval#EVERYTHING} when unconstrained). */
	public Interval interval(String measurement) {
		return intervals.getOrDefault(measurement, Interval.EVERYTHING);
	}

	/** Whether a point (every constrained measurement and flag given) lies in the region. */
	public boolean contains(Map<String, BigDecimal> measurements, Map<String, Boolean> flagValues) {
		if (flagsContradict) {
			return false;
		}
		for (Map.Entry<String, Interval> entry : intervals.entrySet()) {
			BigDecimal value = measurements.get(entry.getKey());
			if (value == null || !entry.getValue().contains(value)) {
				return false;
			}
		}
		for (Map.Entry<String, Boolean> entry : flags.entrySet()) {
			if (!entry.getValue().equals(flagValues.get(entry.getKey()))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * "current above 0.5 and below 2, not fault-active" in base units (the unit is appended by the caller's
	 * {@code unitOf}); "always" for the whole space.
	 */
	public String describe(java.util.function.Function<String, String> unitOf) {
		List<String> parts = new ArrayList<>();
		for (Map.Entry<String, Interval> entry : intervals.entrySet()) {
			Interval interval = entry.getValue();
			String unit = unitOf.apply(entry.getKey());
			String suffix = unit == null || unit.isEmpty() ? "" : " " + unit;
			List<String> bounds = new ArrayList<>();
			if (interval.low() != null) {
				bounds.add("above " + interval.low().stripTrailingZeros().toPlainString() + suffix);
			}
			if (interval.high() != null) {
				bounds.add("below " + interval.high().stripTrailingZeros().toPlainString() + suffix);
			}
			parts.add(entry.getKey() + " " + String.join(" and ", bounds));
		}
		for (Map.Entry<String, Boolean> entry : flags.entrySet()) {
			parts.add((entry.getValue() ? "" : "not ") + entry.getKey());
		}
		return parts.isEmpty() ? "always" : String.join(", ", parts);
	}

	@Override
	public String toString() {
		return describe(m -> "");
	}
}
