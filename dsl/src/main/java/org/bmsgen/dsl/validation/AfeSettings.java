package org.bmsgen.dsl.validation;

import java.util.Optional;

import org.bmsgen.dsl.bms.Afe;
import org.bmsgen.dsl.bms.Enforcement;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.parts.Bq769x0;
import org.bmsgen.dsl.parts.Bq769x0.CurrentComparator;
import org.bmsgen.dsl.parts.Bq769x0.CurrentProtection;
import org.bmsgen.dsl.parts.Bq769x0.CurrentSetting;
import org.bmsgen.dsl.parts.Bq769x0.DelayTable;
import org.bmsgen.dsl.parts.Bq769x0.MicrovoltRange;
import org.bmsgen.dsl.units.Dimension;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;

/**
 * What the bq769x0 is programmed with for a pack's AFE-enforced protections, computed the one way the
 * protection checks report it: the checks' "programmed as" warnings, the editor's hover and completion and
 * the quick fixes that snap a level to the chip's table all ask here, so they cannot disagree.
 */
public final class AfeSettings {

	/** The protections the bq769x0's comparators can enforce (PROTECT1-3, DS 8.5), by protection name. */
	public static final String CELL_OVERVOLTAGE = "cellOvervoltage";
	public static final String CELL_UNDERVOLTAGE = "cellUndervoltage";
	public static final String DISCHARGE_OVERCURRENT = "dischargeOvercurrent";
	public static final String DISCHARGE_SHORT_CIRCUIT = "dischargeShortCircuit";

	private AfeSettings() {
	}

	/** The effective protection of a name when the AFE is to enforce it, else null. */
	public static Protection afeProtection(EffectivePack effective, String name) {
		Protection protection = effective.protection(name);
		return protection != null && protection.getEnforcement() == Enforcement.AFE ? protection : null;
	}

	/** The trip level of a protection when it is written in the dimension asked for, else null. */
	public static Quantity level(Protection protection, Dimension dimension) {
		if (protection == null || protection.getTrip() == null) {
			return null;
		}
		Quantity level = protection.getTrip().getLevel();
		return level != null && level.getValue() != null && Units.dimensionOf(level) == dimension ? level : null;
	}

	/** The shunt in ohms, or null when it is missing, not a resistance or not above zero. */
	public static Double shuntOhm(Afe afe) {
		Quantity shunt = afe == null ? null : afe.getShunt();
		if (shunt == null || shunt.getValue() == null || Units.dimensionOf(shunt) != Dimension.RESISTANCE
				|| Units.base(shunt) <= 0) {
			return null;
		}
		return Units.base(shunt);
	}

	/** The comparator of an AFE-enforced current protection, or null for any other protection name. */
	public static CurrentComparator comparatorOf(String protectionName) {
		if (DISCHARGE_OVERCURRENT.equals(protectionName)) {
			return CurrentComparator.OCD;
		}
		return DISCHARGE_SHORT_CIRCUIT.equals(protectionName) ? CurrentComparator.SCD : null;
	}

	/** The delay table of an AFE-enforced protection (OV, UV, OCD, SCD), or null for any other name. */
	public static DelayTable delayTableOf(String protectionName) {
		switch (protectionName) {
		case CELL_OVERVOLTAGE:
			return DelayTable.OV;
		case CELL_UNDERVOLTAGE:
			return DelayTable.UV;
		case DISCHARGE_OVERCURRENT:
			return DelayTable.OCD;
		case DISCHARGE_SHORT_CIRCUIT:
			return DelayTable.SCD;
		default:
			return null;
		}
	}

	/**
	 * The OCD or SCD threshold the chip is programmed with for the pack: each level alone when only one is
	 * AFE-enforced, both under the one RSNS bit they share (PROTECT1) when both are. Empty when the comparator's
	 * protection is not AFE-enforced, lies outside the tables or no single RSNS serves both levels.
	 */
	public static Optional<CurrentSetting> programmedCurrent(EffectivePack effective, CurrentComparator comparator) {
		Double shunt = effective.afe() == null ? null : shuntOhm(effective.afe());
		if (shunt == null) {
			return Optional.empty();
		}
		return programmedCurrent(comparator, level(afeProtection(effective, DISCHARGE_OVERCURRENT), Dimension.CURRENT),
				level(afeProtection(effective, DISCHARGE_SHORT_CIRCUIT), Dimension.CURRENT), shunt);
	}

	/** As {@link #programmedCurrent(EffectivePack, CurrentComparator)}, from the two levels (either may be null). */
	public static Optional<CurrentSetting> programmedCurrent(CurrentComparator comparator, Quantity ocdLevel,
			Quantity scdLevel, double shuntOhm) {
		Quantity own = comparator == CurrentComparator.OCD ? ocdLevel : scdLevel;
		Quantity other = comparator == CurrentComparator.OCD ? scdLevel : ocdLevel;
		if (own == null) {
			return Optional.empty();
		}
		Optional<CurrentSetting> alone = Bq769x0.currentSetting(comparator, Units.base(own), shuntOhm);
		CurrentComparator otherComparator = comparator == CurrentComparator.OCD ? CurrentComparator.SCD
				: CurrentComparator.OCD;
		if (alone.isEmpty() || other == null
				|| Bq769x0.currentSetting(otherComparator, Units.base(other), shuntOhm).isEmpty()) {
			return alone;
		}
		Optional<CurrentProtection> both = Bq769x0.currentProtection(Units.base(ocdLevel), Units.base(scdLevel),
				shuntOhm);
		return both.map(shared -> comparator == CurrentComparator.OCD ? shared.ocd() : shared.scd());
	}

	/**
	 * The delay code the chip is programmed with: OCD/SCD take the longest entry not longer than modelled
	 * (the chip acts no later), OV/UV must match an entry exactly. Empty when the delay cannot be programmed.
	 */
	public static Optional<Integer> programmedDelay(DelayTable table, double seconds) {
		return table == DelayTable.OV || table == DelayTable.UV ? table.exact(seconds) : table.notAbove(seconds);
	}

	/**
	 * The table entry a delay the chip cannot program is best replaced by: the longest not longer than
	 * modelled (acts no later), or the nearest when every entry is longer.
	 */
	public static int safeDelayCode(DelayTable table, double seconds) {
		return table.notAbove(seconds).orElseGet(() -> table.nearest(seconds));
	}

	/**
	 * The OV or UV threshold actually programmed for a modelled level, over every factory trim (OV_TRIP and
	 * UV_TRIP are computed at start-up from the chip's ADCGAIN/ADCOFFSET with the rounding rules of
	 * {@link Bq769x0#ovTrip} and {@link Bq769x0#uvTrip}); empty when some trim cannot program it.
	 */
	public static Optional<MicrovoltRange> programmedVoltage(boolean overvoltage, long modelledMicrovolts) {
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		try {
			for (int gain = Bq769x0.GAIN_MIN_UV_PER_LSB; gain <= Bq769x0.GAIN_MAX_UV_PER_LSB; gain++) {
				for (int offset = Bq769x0.OFFSET_MIN_MV; offset <= Bq769x0.OFFSET_MAX_MV; offset++) {
					Bq769x0.Trim trim = new Bq769x0.Trim(gain, offset);
					long programmed = overvoltage
							? Bq769x0.ovThresholdMicrovolts(Bq769x0.ovTrip(modelledMicrovolts, trim), trim)
							: Bq769x0.uvThresholdMicrovolts(Bq769x0.uvTrip(modelledMicrovolts, trim), trim);
					min = Math.min(min, programmed);
					max = Math.max(max, programmed);
				}
			}
		} catch (IllegalArgumentException outsideRange) {
			return Optional.empty();
		}
		return Optional.of(new MicrovoltRange(min, max));
	}
}
