package org.bmsgen.dsl.validation;

import static org.bmsgen.dsl.bms.ProtectionKind.COMMUNICATION_LOSS;
import static org.bmsgen.dsl.bms.ProtectionKind.IMBALANCE;
import static org.bmsgen.dsl.bms.ProtectionKind.OPEN_WIRE;
import static org.bmsgen.dsl.bms.ProtectionKind.OVERCURRENT;
import static org.bmsgen.dsl.bms.ProtectionKind.OVERTEMPERATURE;
import static org.bmsgen.dsl.bms.ProtectionKind.OVERVOLTAGE;
import static org.bmsgen.dsl.bms.ProtectionKind.PLAUSIBILITY;
import static org.bmsgen.dsl.bms.ProtectionKind.SHORT_CIRCUIT;
import static org.bmsgen.dsl.bms.ProtectionKind.UNDERTEMPERATURE;
import static org.bmsgen.dsl.bms.ProtectionKind.UNDERVOLTAGE;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Afe;
import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.CellCurrents;
import org.bmsgen.dsl.bms.CellTemperatures;
import org.bmsgen.dsl.bms.CellVoltages;
import org.bmsgen.dsl.bms.Direction;
import org.bmsgen.dsl.bms.Enforcement;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.PackMember;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.ProtectionKind;
import org.bmsgen.dsl.bms.ProtectionSet;
import org.bmsgen.dsl.bms.ProtectionSubject;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Severity;
import org.bmsgen.dsl.bms.Trip;
import org.bmsgen.dsl.naming.ProtectionNames;
import org.bmsgen.dsl.parts.Bq769x0;
import org.bmsgen.dsl.parts.Bq769x0.CurrentComparator;
import org.bmsgen.dsl.parts.Bq769x0.CurrentSetting;
import org.bmsgen.dsl.parts.Bq769x0.DelayTable;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.ExpectedDimensions;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.xtext.validation.Check;

/**
 * Protections that protect: each is a combination that means something, trips in the right direction,
 * releases and warns on the safe side of its threshold, stays inside the cell's datasheet ratings, and, when
 * the AFE is to enforce it, is something the bq769x0 can do with a level and delay its registers can hold.
 * What it prevents on the bench: an overvoltage that never trips because it was written "below", a release
 * level that re-enables the charger above the trip (chatter), an AFE programmed 6 mV or 10 A away from
 * what the model says without anyone being told, a short-circuit that "the AFE handles" but cannot be
 * programmed with the shunt fitted, and a pack whose charge overcurrent nobody enforces.
 *
 * <p>Pack-wide checks use the pack with its variant chain applied: a variant with other cells or another
 * shunt is checked against the thresholds it inherits.
 */
public class ProtectionChecks extends BmsChecks {

	private static final Map<ProtectionSubject, Set<ProtectionKind>> KINDS_BY_SUBJECT = new EnumMap<>(
			ProtectionSubject.class);
	private static final Map<ProtectionKind, Direction> TRIP_DIRECTION = new EnumMap<>(ProtectionKind.class);

	static {
		KINDS_BY_SUBJECT.put(ProtectionSubject.CELL,
				EnumSet.of(OVERVOLTAGE, UNDERVOLTAGE, IMBALANCE, OPEN_WIRE, OVERTEMPERATURE, UNDERTEMPERATURE));
		KINDS_BY_SUBJECT.put(ProtectionSubject.PACK, EnumSet.of(OVERVOLTAGE, UNDERVOLTAGE, PLAUSIBILITY));
		KINDS_BY_SUBJECT.put(ProtectionSubject.CHARGE, EnumSet.of(OVERCURRENT, OVERTEMPERATURE, UNDERTEMPERATURE));
		KINDS_BY_SUBJECT.put(ProtectionSubject.DISCHARGE,
				EnumSet.of(OVERCURRENT, SHORT_CIRCUIT, OVERTEMPERATURE, UNDERTEMPERATURE));
		// fet plausibility: current through a FET the firmware holds open, i.e. a FET welded closed
		KINDS_BY_SUBJECT.put(ProtectionSubject.FET, EnumSet.of(OVERTEMPERATURE, PLAUSIBILITY));
		KINDS_BY_SUBJECT.put(ProtectionSubject.BOARD, EnumSet.of(OVERTEMPERATURE));
		KINDS_BY_SUBJECT.put(ProtectionSubject.AFE, EnumSet.of(COMMUNICATION_LOSS));

		// Open wire reads as a cell voltage collapsing towards 0 V; plausibility is the disagreement between
		// the sum of the cells and the pack measurement growing too large.
		for (ProtectionKind kind : EnumSet.of(OVERVOLTAGE, OVERCURRENT, SHORT_CIRCUIT, OVERTEMPERATURE, IMBALANCE,
				PLAUSIBILITY)) {
			TRIP_DIRECTION.put(kind, Direction.ABOVE);
		}
		for (ProtectionKind kind : EnumSet.of(UNDERVOLTAGE, UNDERTEMPERATURE, OPEN_WIRE)) {
			TRIP_DIRECTION.put(kind, Direction.BELOW);
		}
	}

	// ------------------------------------------------------------------ one protection

	@Check
	public void checkSubjectSuitsKind(Protection protection) {
		ProtectionSubject subject = protection.getSubject();
		Set<ProtectionKind> kinds = KINDS_BY_SUBJECT.get(subject);
		if (kinds != null && !kinds.contains(protection.getKind())) {
			error("'" + ProtectionNames.describe(protection) + "' is not a protection of a " + subject.getLiteral()
					+ ": " + subject.getLiteral() + " protections are "
					+ kinds.stream().map(ProtectionKind::getLiteral).collect(Collectors.joining(", ")),
					protection, BmsPackage.Literals.PROTECTION__KIND, IssueCodes.PROTECTION_KIND_INVALID);
		}
	}

	@Check
	public void checkTripDirection(Protection protection) {
		Direction expected = TRIP_DIRECTION.get(protection.getKind());
		if (expected == null) {
			return;
		}
		Direction opposite = expected == Direction.ABOVE ? Direction.BELOW : Direction.ABOVE;
		String name = ProtectionNames.describe(protection);
		directionIs(protection.getTrip(), expected, name + " trips " + expected.getLiteral() + " its threshold");
		directionIs(protection.getWarning(), expected,
				"the warning of " + name + " comes on " + expected.getLiteral() + " its level, like the fault");
		directionIs(protection.getRelease(), opposite,
				name + " releases when the value is back " + opposite.getLiteral() + " the release level");
	}

	private void directionIs(Trip trip, Direction expected, String rule) {
		if (trip != null && trip.getDirection() != expected) {
			error("'" + trip.getDirection().getLiteral() + "' is the wrong direction: " + rule + "; write '"
					+ expected.getLiteral() + " " + Units.format(trip.getLevel()) + "'", trip,
					BmsPackage.Literals.TRIP__DIRECTION, IssueCodes.PROTECTION_DIRECTION_WRONG, expected.getLiteral());
		}
	}

	@Check
	public void checkThresholdPresence(Protection protection) {
		String name = ProtectionNames.describe(protection);
		if (protection.getKind() == COMMUNICATION_LOSS) {
			for (Trip level : new Trip[] { protection.getTrip(), protection.getRelease(), protection.getWarning() }) {
				if (level != null) {
					error(name + " has no threshold (it trips when the AFE stops answering for the delay): "
							+ "remove '" + level.getDirection().getLiteral() + " " + Units.format(level.getLevel())
							+ "' and give only 'for <time>'", level, null, IssueCodes.PROTECTION_THRESHOLD_MISSING);
				}
			}
		} else if (protection.getTrip() == null && protection.getKind() != null) {
			Direction direction = TRIP_DIRECTION.get(protection.getKind());
			Dimension dimension = ExpectedDimensions.protectionLevel(protection.getSubject(), protection.getKind());
			error(name + " needs a threshold: write '" + (direction == null ? "above" : direction.getLiteral())
					+ " <" + (dimension == null ? "level" : dimension.description().substring(2)) + ">' after it",
					protection, BmsPackage.Literals.PROTECTION__KIND, IssueCodes.PROTECTION_THRESHOLD_MISSING);
		}
	}

	@Check
	public void checkAfeCanEnforce(Protection protection) {
		if (protection.getEnforcement() != Enforcement.AFE || afeEnforceable(protection)) {
			return;
		}
		if (isStuckFet(protection)) {
			error(ProtectionNames.describe(protection) + " cannot be enforced by the bq769x0: the chip switches the "
					+ "FETs but has no comparator for current through a FET it holds open (OCD and SCD see discharge "
					+ "current only and answer by opening DSG, which a welded DSG ignores, DS 8.5); the check needs "
					+ "the FET state the firmware commanded: write 'by firmware'",
					protection, BmsPackage.Literals.PROTECTION__ENFORCEMENT, IssueCodes.AFE_CANNOT_ENFORCE);
		} else {
			error(ProtectionNames.describe(protection) + " cannot be enforced by the bq769x0: its comparators cover "
					+ "cell overvoltage, cell undervoltage, discharge overcurrent and discharge short-circuit only "
					+ "(PROTECT1-3, DS 8.5: no charge overcurrent, no temperature protection); write 'by firmware'",
					protection, BmsPackage.Literals.PROTECTION__ENFORCEMENT, IssueCodes.AFE_CANNOT_ENFORCE);
		}
	}

	/** {@code fet plausibility}: current flowing through a FET the firmware holds open, a FET welded closed. */
	static boolean isStuckFet(Protection protection) {
		return protection.getSubject() == ProtectionSubject.FET && protection.getKind() == PLAUSIBILITY;
	}

	@Check
	public void checkStuckFetLatches(Protection protection) {
		if (!isStuckFet(protection) || protection.isLatch() || protection.getSeverity() == Severity.PERMANENT
				|| protection.getSeverity() == Severity.WARNING) {
			return;
		}
		String how = protection.getRecoverAfter() != null ? "'recover after " + Units.format(protection.getRecoverAfter())
				+ "'" : protection.getRelease() != null ? "its release level" : "nothing written (it clears as soon as "
						+ "the current stops)";
		warning(ProtectionNames.describe(protection) + " would clear by itself (" + how + "): a welded FET does not "
				+ "heal, and the current through it stops whenever the load or charger does, so the fault would come "
				+ "and go with the load; write 'latch' or 'severity permanent' (the reference model does both)",
				protection, BmsPackage.Literals.PROTECTION__KIND, IssueCodes.STUCK_FET_NOT_LATCHED);
	}

	private static boolean afeEnforceable(Protection protection) {
		ProtectionSubject subject = protection.getSubject();
		ProtectionKind kind = protection.getKind();
		return subject == ProtectionSubject.CELL && (kind == OVERVOLTAGE || kind == UNDERVOLTAGE)
				|| subject == ProtectionSubject.DISCHARGE && (kind == OVERCURRENT || kind == SHORT_CIRCUIT);
	}

	@Check
	public void checkReleaseOnSafeSide(Protection protection) {
		Trip trip = protection.getTrip();
		Trip release = protection.getRelease();
		if (trip == null || release == null || !comparable(trip.getLevel(), release.getLevel())) {
			return;
		}
		double tripLevel = Units.base(trip.getLevel());
		double releaseLevel = Units.base(release.getLevel());
		boolean above = trip.getDirection() == Direction.ABOVE;
		if (above ? releaseLevel >= tripLevel : releaseLevel <= tripLevel) {
			String side = above ? "below" : "above";
			error("release " + Units.format(release.getLevel()) + " is not " + side + " the "
					+ ProtectionNames.describe(protection) + " threshold " + Units.format(trip.getLevel())
					+ ": release must be " + side + " it, or the protection releases while still tripped",
					release, BmsPackage.Literals.TRIP__LEVEL, IssueCodes.RELEASE_WRONG_SIDE,
					mirrored(trip.getLevel(), release.getLevel()));
		}
	}

	@Check
	public void checkWarningBeforeFault(Protection protection) {
		Trip trip = protection.getTrip();
		Trip warning = protection.getWarning();
		if (trip == null || warning == null || !comparable(trip.getLevel(), warning.getLevel())) {
			return;
		}
		double tripLevel = Units.base(trip.getLevel());
		double warningLevel = Units.base(warning.getLevel());
		boolean above = trip.getDirection() == Direction.ABOVE;
		if (above ? warningLevel >= tripLevel : warningLevel <= tripLevel) {
			String side = above ? "below" : "above";
			error("warning " + Units.format(warning.getLevel()) + " is not before the "
					+ ProtectionNames.describe(protection) + " fault at " + Units.format(trip.getLevel())
					+ ": a warning must come first, " + side + " the fault level",
					warning, BmsPackage.Literals.TRIP__LEVEL, IssueCodes.WARNING_BEYOND_FAULT,
					mirrored(trip.getLevel(), warning.getLevel()));
		}
	}

	/**
	 * Issue data of a level on the wrong side of its trip: the level mirrored about the trip, in the level's own
	 * unit (same distance, safe side: release 4.30 V of a 4.20 V overvoltage becomes 4.10 V); none when the two
	 * coincide or the mirror would turn a voltage or current negative.
	 */
	private static String[] mirrored(Quantity trip, Quantity level) {
		BigDecimal tripBase = Units.toBase(trip);
		BigDecimal mirroredBase = tripBase.multiply(BigDecimal.valueOf(2)).subtract(Units.toBase(level));
		Dimension dimension = Units.dimensionOf(level);
		boolean signFlips = (dimension == Dimension.VOLTAGE || dimension == Dimension.CURRENT)
				&& mirroredBase.signum() != tripBase.signum();
		if (mirroredBase.compareTo(Units.toBase(level)) == 0 || signFlips || !Units.hasUnit(level)) {
			return new String[0];
		}
		return new String[] { Units.inUnit(mirroredBase, Units.unitOf(level), level.getValue().scale()) };
	}

	/**
	 * A current as quick-fix data and as the value a message tells the user to write: ten significant digits, so
	 * that a table step with an inexact quotient (83 mV / 1.5 mOhm = 55.333... A) still reads back as that step
	 * within the checks' tolerance (1e-9), without the binary noise of the quotient (a step that is a whole number
	 * of amps is written as that number). Four digits, as messages round other amounts, would not do: "55.33 A" is
	 * 82.995 mV, which programs the step below (78 mV = 52 A).
	 */
	static String exactAmps(double amps) {
		return new BigDecimal(amps).round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString() + " A";
	}

	private static boolean comparable(Quantity a, Quantity b) {
		return a != null && b != null && a.getValue() != null && b.getValue() != null
				&& Units.dimensionOf(a) == Units.dimensionOf(b) && Units.dimensionOf(a) != Dimension.NONE;
	}

	// ------------------------------------------------------------------ protections of a pack

	@Check
	public void checkProtectionNamesUnique(Pack pack) {
		Set<String> seen = new HashSet<>();
		for (PackMember member : pack.getMembers()) {
			if (!(member instanceof ProtectionSet)) {
				continue;
			}
			for (Protection protection : ((ProtectionSet) member).getProtections()) {
				if (protection.getSubject() == null || protection.getKind() == null) {
					continue;
				}
				if (!seen.add(ProtectionNames.nameOf(protection))) {
					error("a second '" + ProtectionNames.describe(protection) + "' in pack " + pack.getName()
							+ ": keep one (a variant overrides it by writing it again in its own pack)", protection,
							BmsPackage.Literals.PROTECTION__KIND, IssueCodes.DUPLICATE_PROTECTION);
				}
			}
		}
	}

	@Check
	public void checkAfeVoltageThresholds(Pack pack) {
		EffectivePack effective = effective(pack);
		if (effective.afe() == null) {
			return;
		}
		String part = String.valueOf(effective.afe().getPart());
		checkVoltageRange(effective, afeProtection(effective, "cellOvervoltage"), Bq769x0.ovRangeForEveryTrim(),
				RoundingMode.FLOOR, part, "DS Table 8-12");
		checkVoltageRange(effective, afeProtection(effective, "cellUndervoltage"), Bq769x0.uvRangeForEveryTrim(),
				RoundingMode.CEILING, part, "DS Table 8-13");
	}

	private void checkVoltageRange(EffectivePack effective, Protection protection, Bq769x0.MicrovoltRange range,
			RoundingMode rounding, String part, String table) {
		Quantity level = level(protection, Dimension.VOLTAGE);
		if (level == null) {
			return;
		}
		long microvolts = Units.toBase(level).movePointRight(6).setScale(0, rounding).longValueExact();
		if (!range.contains(microvolts)) {
			errorIn(effective, level, null, ProtectionNames.describe(protection) + " " + Units.format(level)
					+ " cannot be programmed on every " + part + ": over all factory trims (GAIN 365..396 uV/LSB, "
					+ "OFFSET -128..127 mV, DS Tables 8-22, 8-23) the chip holds " + volts(range.min()) + " to "
					+ volts(range.max()) + " (" + table + "); choose a level in that range or enforce it by firmware",
					IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE);
		}
	}

	@Check
	public void checkAfeVoltageDelays(Pack pack) {
		EffectivePack effective = effective(pack);
		if (effective.afe() == null) {
			return;
		}
		checkExactDelay(effective, afeProtection(effective, "cellOvervoltage"), DelayTable.OV);
		checkExactDelay(effective, afeProtection(effective, "cellUndervoltage"), DelayTable.UV);
	}

	private void checkExactDelay(EffectivePack effective, Protection protection, DelayTable table) {
		Quantity delay = protection == null ? null : protection.getDelay();
		if (delay == null || Units.dimensionOf(delay) != Dimension.TIME) {
			return;
		}
		double seconds = Units.base(delay);
		if (AfeSettings.programmedDelay(table, seconds).isEmpty()) {
			errorIn(effective, delay, null, ProtectionNames.describe(protection) + " delay " + Units.format(delay)
					+ " is not one the AFE can program (" + table + "_DELAY: " + table.describe()
					+ ", DS 8.5): the nearest is " + table.format(table.nearest(seconds)),
					IssueCodes.AFE_DELAY_UNSUPPORTED, table.format(AfeSettings.safeDelayCode(table, seconds)));
		}
	}

	@Check
	public void checkAfeCurrentThresholds(Pack pack) {
		EffectivePack effective = effective(pack);
		Afe afe = effective.afe();
		if (afe == null) {
			return;
		}
		Protection ocd = afeProtection(effective, "dischargeOvercurrent");
		Protection scd = afeProtection(effective, "dischargeShortCircuit");
		Quantity ocdLevel = level(ocd, Dimension.CURRENT);
		Quantity scdLevel = level(scd, Dimension.CURRENT);
		if (ocdLevel == null && scdLevel == null) {
			return;
		}
		Double shunt = shuntOhm(afe);
		if (shunt == null) {
			for (Protection protection : new Protection[] { ocd, scd }) {
				if (level(protection, Dimension.CURRENT) != null) {
					errorIn(effective, protection, BmsPackage.Literals.PROTECTION__ENFORCEMENT,
							ProtectionNames.describe(protection) + " by afe is a voltage across the shunt: "
									+ "give the afe its shunt resistance ('shunt 1 mOhm') so the level can be programmed",
							IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE);
				}
			}
			return;
		}
		Optional<CurrentSetting> ocdSetting = programmable(effective, ocd, ocdLevel, CurrentComparator.OCD, shunt, afe);
		Optional<CurrentSetting> scdSetting = programmable(effective, scd, scdLevel, CurrentComparator.SCD, shunt, afe);
		if (ocdSetting.isPresent() && scdSetting.isPresent()
				&& Bq769x0.currentProtection(Units.base(ocdLevel), Units.base(scdLevel), shunt).isEmpty()) {
			return; // reported by checkAfeShuntRange
		}
		// PROTECT1 holds one RSNS bit for both comparators: what is programmed is the shared choice.
		reportQuantised(effective, ocd, ocdLevel,
				AfeSettings.programmedCurrent(CurrentComparator.OCD, ocdLevel, scdLevel, shunt), afe);
		reportQuantised(effective, scd, scdLevel,
				AfeSettings.programmedCurrent(CurrentComparator.SCD, ocdLevel, scdLevel, shunt), afe);
	}

	private Optional<CurrentSetting> programmable(EffectivePack effective, Protection protection, Quantity level,
			CurrentComparator comparator, double shunt, Afe afe) {
		if (level == null) {
			return Optional.empty();
		}
		Optional<CurrentSetting> setting = Bq769x0.currentSetting(comparator, Units.base(level), shunt);
		if (setting.isEmpty()) {
			errorIn(effective, level, null, ProtectionNames.describe(protection) + " " + Units.format(level) + " is "
					+ HardwareChecks.amount(Units.base(level) * shunt * 1000, "mV") + " across the "
					+ Units.format(afe.getShunt()) + " shunt, outside the " + comparator + " thresholds ("
					+ comparator.minMillivolts(0) + "-" + comparator.maxMillivolts(0) + " mV with RSNS=0, "
					+ comparator.minMillivolts(1) + "-" + comparator.maxMillivolts(1) + " mV with RSNS=1, DS 8.5): "
					+ "with this shunt choose " + HardwareChecks.amount(comparator.minMillivolts() / 1000.0 / shunt, "A")
					+ " to " + HardwareChecks.amount(comparator.maxMillivolts() / 1000.0 / shunt, "A")
					+ ", or another shunt", IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE);
		}
		return setting;
	}

	private void reportQuantised(EffectivePack effective, Protection protection, Quantity level,
			Optional<CurrentSetting> setting, Afe afe) {
		if (level == null || setting.isEmpty()) {
			return;
		}
		double amps = Units.base(level);
		if (Math.abs(setting.get().amps() - amps) > 1e-9 * Math.max(1, amps)) {
			warningIn(effective, level, null, ProtectionNames.describe(protection) + " " + Units.format(level)
					+ " falls between the AFE's steps with the " + Units.format(afe.getShunt()) + " shunt: programmed as "
					+ setting.get().describe() + ", the nearest step not above it; write "
					+ exactAmps(setting.get().amps()) + " to model what the chip does",
					IssueCodes.AFE_THRESHOLD_QUANTISED, exactAmps(setting.get().amps()));
		}
	}

	@Check
	public void checkAfeCurrentDelays(Pack pack) {
		EffectivePack effective = effective(pack);
		if (effective.afe() == null) {
			return;
		}
		checkQuantisedDelay(effective, afeProtection(effective, "dischargeOvercurrent"), DelayTable.OCD);
		checkQuantisedDelay(effective, afeProtection(effective, "dischargeShortCircuit"), DelayTable.SCD);
	}

	private void checkQuantisedDelay(EffectivePack effective, Protection protection, DelayTable table) {
		Quantity delay = protection == null ? null : protection.getDelay();
		if (delay == null || Units.dimensionOf(delay) != Dimension.TIME) {
			return;
		}
		double seconds = Units.base(delay);
		Optional<Integer> code = AfeSettings.programmedDelay(table, seconds);
		if (code.isEmpty()) {
			errorIn(effective, delay, null, ProtectionNames.describe(protection) + " delay " + Units.format(delay)
					+ " is outside the AFE's " + table + "_DELAY table (" + table.describe()
					+ ", DS 8.5): the nearest is " + table.format(table.nearest(seconds)),
					IssueCodes.AFE_DELAY_UNSUPPORTED, table.format(AfeSettings.safeDelayCode(table, seconds)));
		} else if (table.exact(seconds).isEmpty()) {
			warningIn(effective, delay, null, ProtectionNames.describe(protection) + " delay " + Units.format(delay)
					+ " falls between the AFE's " + table + "_DELAY steps: programmed as " + table.format(code.get())
					+ " (" + table + " delay code 0x" + Integer.toHexString(code.get()).toUpperCase()
					+ "), the nearest step not above it; write " + table.format(code.get()) + " to model what the chip does",
					IssueCodes.AFE_THRESHOLD_QUANTISED, table.format(code.get()));
		}
	}

	@Check
	public void checkAfeShuntRange(Pack pack) {
		EffectivePack effective = effective(pack);
		Afe afe = effective.afe();
		Double shunt = afe == null ? null : shuntOhm(afe);
		if (shunt == null) {
			return;
		}
		Protection ocd = afeProtection(effective, "dischargeOvercurrent");
		Protection scd = afeProtection(effective, "dischargeShortCircuit");
		Quantity ocdLevel = level(ocd, Dimension.CURRENT);
		Quantity scdLevel = level(scd, Dimension.CURRENT);
		if (ocdLevel == null || scdLevel == null) {
			return;
		}
		double ocdAmps = Units.base(ocdLevel);
		double scdAmps = Units.base(scdLevel);
		Optional<CurrentSetting> ocdAlone = Bq769x0.currentSetting(CurrentComparator.OCD, ocdAmps, shunt);
		Optional<CurrentSetting> scdAlone = Bq769x0.currentSetting(CurrentComparator.SCD, scdAmps, shunt);
		if (ocdAlone.isPresent() && scdAlone.isPresent()
				&& Bq769x0.currentProtection(ocdAmps, scdAmps, shunt).isEmpty()) {
			errorIn(effective, scdLevel, null, "discharge overcurrent " + Units.format(ocdLevel)
					+ " needs RSNS=" + ocdAlone.get().rsns() + " but discharge short-circuit " + Units.format(scdLevel)
					+ " needs RSNS=" + scdAlone.get().rsns() + " with the " + Units.format(afe.getShunt())
					+ " shunt; both share one RSNS bit (PROTECT1, DS 8.5): bring the levels into one range or "
					+ "change the shunt", IssueCodes.AFE_SHUNT_RANGE_CONFLICT);
		}
	}

	/** Coulomb-counter LSBs a stuck-FET level must span at least: see {@link #checkStuckFetLevelAboveNoise}. */
	static final int STUCK_FET_MIN_CC_LSB = 10;

	@Check
	public void checkStuckFetLevelAboveNoise(Pack pack) {
		EffectivePack effective = effective(pack);
		Protection stuck = effective.protection("fetPlausibility");
		Quantity level = level(stuck, Dimension.CURRENT);
		Afe afe = effective.afe();
		Double shunt = afe == null ? null : shuntOhm(afe);
		if (level == null || shunt == null) {
			return;
		}
		// The firmware reads the current from the coulomb counter, 8.44 uV per LSB across the shunt (DS 8.3.1.1.3):
		// a level of a few LSBs is inside the reading's noise and offset, and a healthy open FET would trip it.
		double lsbAmps = Bq769x0.COULOMB_COUNTER_LSB_NV * 1e-9 / shunt;
		double minimum = STUCK_FET_MIN_CC_LSB * lsbAmps;
		if (Units.base(level) < minimum - 1e-12) {
			warningIn(effective, level, null, "fet plausibility " + Units.format(level) + " is less than "
					+ STUCK_FET_MIN_CC_LSB + " LSBs of the coulomb counter with the " + Units.format(afe.getShunt())
					+ " shunt (" + HardwareChecks.amount(lsbAmps * 1000, "mA") + " each, DS 8.3.1.1.3): the reading's "
					+ "noise and offset would trip it with a healthy FET; set it at least "
					+ HardwareChecks.amount(minimum, "A"), IssueCodes.STUCK_FET_LEVEL_IN_NOISE);
		}
	}

	@Check
	public void checkUndervoltageBelowOvervoltage(Pack pack) {
		EffectivePack effective = effective(pack);
		for (String subject : new String[] { "cell", "pack" }) {
			Quantity over = level(effective.protection(subject + "Overvoltage"), Dimension.VOLTAGE);
			Quantity under = level(effective.protection(subject + "Undervoltage"), Dimension.VOLTAGE);
			if (over != null && under != null && Units.base(under) >= Units.base(over)) {
				errorIn(effective, under, null, subject + " undervoltage " + Units.format(under)
						+ " is not below " + subject + " overvoltage " + Units.format(over)
						+ ": the undervoltage threshold must be the lower one", IssueCodes.UNDERVOLTAGE_ABOVE_OVERVOLTAGE);
			}
		}
	}

	@Check
	public void checkLimitsWithinCellRatings(Pack pack) {
		EffectivePack effective = effective(pack);
		Cell cell = HardwareChecks.cellOf(effective);
		if (cell == null) {
			return;
		}
		CellVoltages voltages = cell.getVoltage();
		if (voltages != null) {
			notAbove(effective, "cellOvervoltage", voltages.getMaximum(), cell, "maximum voltage");
			notBelow(effective, "cellUndervoltage", voltages.getMinimum(), cell, "minimum voltage");
		}
		CellTemperatures temperatures = cell.getTemperature();
		if (temperatures != null) {
			notAbove(effective, "chargeOvertemperature", temperatures.getChargeMax(), cell, "highest charge temperature");
			notBelow(effective, "chargeUndertemperature", temperatures.getChargeMin(), cell, "lowest charge temperature");
			notAbove(effective, "dischargeOvertemperature", temperatures.getDischargeMax(), cell,
					"highest discharge temperature");
			notBelow(effective, "dischargeUndertemperature", temperatures.getDischargeMin(), cell,
					"lowest discharge temperature");
			notAbove(effective, "cellOvertemperature", higher(temperatures.getChargeMax(), temperatures.getDischargeMax()),
					cell, "highest rated temperature");
			notBelow(effective, "cellUndertemperature", lower(temperatures.getChargeMin(), temperatures.getDischargeMin()),
					cell, "lowest rated temperature");
		}
		CellCurrents currents = cell.getCurrents();
		int parallel = effective.parallelCells();
		if (currents != null && parallel > 0) {
			currentNotAbove(effective, "chargeOvercurrent", currents.getCharge(), parallel, cell, "charge current");
			Protection discharge = effective.protection("dischargeOvercurrent");
			// An overcurrent that trips within the cell's peak duration may go up to the peak rating;
			// one that waits longer must hold to the continuous rating.
			boolean withinPeak = currents.getPeak() != null && discharge != null
					&& (currents.getPeakDuration() == null || discharge.getDelay() == null
							|| Units.base(discharge.getDelay()) <= Units.base(currents.getPeakDuration()));
			if (withinPeak) {
				currentNotAbove(effective, "dischargeOvercurrent", currents.getPeak(), parallel, cell, "peak current");
			} else {
				currentNotAbove(effective, "dischargeOvercurrent", currents.getDischarge(), parallel, cell,
						"continuous discharge current");
			}
		}
	}

	private static Quantity higher(Quantity a, Quantity b) {
		if (a == null || b == null) {
			return a == null ? b : a;
		}
		return Units.base(a) >= Units.base(b) ? a : b;
	}

	private static Quantity lower(Quantity a, Quantity b) {
		if (a == null || b == null) {
			return a == null ? b : a;
		}
		return Units.base(a) <= Units.base(b) ? a : b;
	}

	private void notAbove(EffectivePack effective, String name, Quantity rating, Cell cell, String what) {
		compareWithRating(effective, name, rating, cell, what, true);
	}

	private void notBelow(EffectivePack effective, String name, Quantity rating, Cell cell, String what) {
		compareWithRating(effective, name, rating, cell, what, false);
	}

	private void compareWithRating(EffectivePack effective, String name, Quantity rating, Cell cell, String what,
			boolean upper) {
		Protection protection = effective.protection(name);
		Quantity level = protection == null || protection.getTrip() == null ? null : protection.getTrip().getLevel();
		if (level == null || !comparable(level, rating)) {
			return;
		}
		boolean outside = upper ? Units.base(level) > Units.base(rating) : Units.base(level) < Units.base(rating);
		if (outside) {
			errorIn(effective, level, null, ProtectionNames.describe(protection) + " " + Units.format(level) + " is "
					+ (upper ? "above" : "below") + " the " + what + " of " + cell.getName() + " ("
					+ Units.format(rating) + "): the protection must trip at or " + (upper ? "below" : "above") + " "
					+ Units.format(rating), IssueCodes.LIMIT_OUTSIDE_CELL_RATING, Units.format(rating));
		}
	}

	private void currentNotAbove(EffectivePack effective, String name, Quantity perCell, int parallel, Cell cell,
			String what) {
		Protection protection = effective.protection(name);
		Quantity level = level(protection, Dimension.CURRENT);
		Double cellAmps = HardwareChecks.amps(perCell);
		if (level == null || cellAmps == null) {
			return;
		}
		double allowed = cellAmps * parallel;
		if (Units.base(level) > allowed + 1e-9) {
			errorIn(effective, level, null, ProtectionNames.describe(protection) + " " + Units.format(level)
					+ " is above the cells' " + what + ": " + parallel + " in parallel x " + Units.format(perCell) + " ("
					+ cell.getName() + ") = " + HardwareChecks.amount(allowed, "A")
					+ "; the protection must trip at or below that", IssueCodes.LIMIT_OUTSIDE_CELL_RATING,
					exactAmps(allowed));
		}
	}

	@Check
	public void checkPackLimitsMatchCells(Pack pack) {
		EffectivePack effective = effective(pack);
		int series = effective.seriesCells();
		Quantity cellOver = level(effective.protection("cellOvervoltage"), Dimension.VOLTAGE);
		Quantity cellUnder = level(effective.protection("cellUndervoltage"), Dimension.VOLTAGE);
		if (series == 0 || cellOver == null || cellUnder == null) {
			return;
		}
		BigDecimal n = BigDecimal.valueOf(series);
		BigDecimal top = Units.toBase(cellOver).multiply(n);
		BigDecimal bottom = Units.toBase(cellUnder).multiply(n);
		String window = series + " x " + Units.format(cellUnder) + " = " + Units.formatBase(bottom, Dimension.VOLTAGE)
				+ " to " + series + " x " + Units.format(cellOver) + " = " + Units.formatBase(top, Dimension.VOLTAGE);
		Quantity packOver = level(effective.protection("packOvervoltage"), Dimension.VOLTAGE);
		if (packOver != null && (Units.toBase(packOver).compareTo(top) > 0 || Units.toBase(packOver).compareTo(bottom) <= 0)) {
			errorIn(effective, packOver, null, "pack overvoltage " + Units.format(packOver)
					+ " does not fit the cell limits (" + window + "): above the top the cells pass their own "
					+ "overvoltage first, at or below the bottom the pack trips in normal use; set it at most "
					+ Units.formatBase(top, Dimension.VOLTAGE), IssueCodes.PACK_LIMIT_INCONSISTENT,
					Units.formatBase(top, Dimension.VOLTAGE));
		}
		Quantity packUnder = level(effective.protection("packUndervoltage"), Dimension.VOLTAGE);
		if (packUnder != null
				&& (Units.toBase(packUnder).compareTo(bottom) < 0 || Units.toBase(packUnder).compareTo(top) >= 0)) {
			errorIn(effective, packUnder, null, "pack undervoltage " + Units.format(packUnder)
					+ " does not fit the cell limits (" + window + "): below the bottom the cells pass their own "
					+ "undervoltage first, at or above the top the pack trips in normal use; set it at least "
					+ Units.formatBase(bottom, Dimension.VOLTAGE), IssueCodes.PACK_LIMIT_INCONSISTENT,
					Units.formatBase(bottom, Dimension.VOLTAGE));
		}
	}

	@Check
	public void checkEssentialProtections(Pack pack) {
		EffectivePack effective = effective(pack);
		if (effective.afe() == null) {
			return;
		}
		if (effective.protection("chargeOvercurrent") == null) {
			warningIn(effective, null, BmsPackage.Literals.ELEMENT__NAME, "pack " + pack.getName()
					+ " has no charge overcurrent protection and the bq769x0 has none in hardware (PROTECT1-3, DS 8.5): add "
					+ "'charge overcurrent above <current> for <time> by firmware'", IssueCodes.MISSING_PROTECTION);
		}
		if (effective.protection("chargeOvertemperature") == null) {
			warningIn(effective, null, BmsPackage.Literals.ELEMENT__NAME, "pack " + pack.getName()
					+ " has no charge overtemperature protection and the bq769x0 has no temperature protection "
					+ "(PROTECT1-3, DS 8.5): add 'charge overtemperature above <temperature> for <time> by firmware'",
					IssueCodes.MISSING_PROTECTION);
		}
	}

	// ------------------------------------------------------------------ helpers

	private static Protection afeProtection(EffectivePack effective, String name) {
		return AfeSettings.afeProtection(effective, name);
	}

	private static Quantity level(Protection protection, Dimension dimension) {
		return AfeSettings.level(protection, dimension);
	}

	private static Double shuntOhm(Afe afe) {
		return AfeSettings.shuntOhm(afe);
	}

	private static String volts(long microvolts) {
		return BigDecimal.valueOf(microvolts).movePointLeft(6).stripTrailingZeros().toPlainString()
				+ " V";
	}

}
