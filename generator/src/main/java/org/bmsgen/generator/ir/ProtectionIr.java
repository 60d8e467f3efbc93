package org.bmsgen.generator.ir;

/**
 * One protection, lowered. Levels are in the unit of the protection's kind ({@link ScaledValue#unit()}: mV for
 * voltages, mA for currents, 0.01 degC for temperatures).
 * <p>
 * Rounding of a level that is not a whole number of its unit: a trip or warning condition is widened (above:
 * down, below: up), so it holds at least wherever the modelled one does; a release condition is narrowed
 * (release below: down, release above: up), so it never releases before the modelled level.
 * <p>
 * Delay: {@link #delayPeriods()} = ceil(delay / control period). The firmware counts the control ticks on
 * which the condition holds, consecutively, the first included, and trips on the tick where that count
 * exceeds {@code delayPeriods} (0: on the first tick that sees it). Because a condition becomes true at most
 * one period before the tick that first sees it, the protection trips no earlier than the modelled delay and
 * no later than the delay plus one control period. For an AFE-enforced protection the chip applies its own
 * programmed delay ({@link AfeIr}); {@code delayPeriods} then times the firmware's warning and its reading of
 * the same condition.
 *
 * @param index position among all the pack's protections in model order: the bit of the fault word and the
 *        number a signal's {@code from fault <name>} refers to
 * @param name {@code cellOvervoltage} (ProtectionNames)
 * @param trip null for a kind without a level (communication-loss: the delay is the time without an answer)
 * @param release null when none is written
 * @param warning null when none is written; same direction as the trip
 * @param delayUs the modelled delay in us (0 when none is written)
 * @param recoverAfterMs for {@link Recovery#AFTER_TIME}, else 0
 * @param recoverAfterPeriods ceil(recoverAfterMs / control period)
 */
public record ProtectionIr(int index, String name, String subject, String kind, Enforcement enforcement,
		Severity severity, Threshold trip, ScaledValue release, ScaledValue warning, long delayUs, int delayPeriods,
		Recovery recovery, int recoverAfterMs, int recoverAfterPeriods, Trace trace) {

	public enum Enforcement {
		/** The AFE's comparators trip it (BQ769x0: cell OV/UV, discharge OCD/SCD); the firmware reads SYS_STAT. */
		AFE,
		/** The STM32 compares its own measurements every control period. */
		FIRMWARE
	}

	/** Ordered: a fault reaction to a severity also reacts to every higher one. Unwritten severity is FAULT. */
	public enum Severity {
		WARNING, FAULT, PERMANENT
	}

	/**
	 * How a tripped protection clears.
	 * <ul>
	 * <li>LATCH: only a clear-faults command (or action) clears it, and only once the condition is gone;</li>
	 * <li>AFTER_TIME: it clears by itself {@code recoverAfterPeriods} after the condition is gone (at the
	 * release level when one is written, else the trip level);</li>
	 * <li>RELEASE_LEVEL: it clears when the value passes the release level;</li>
	 * <li>CONDITION_GONE: nothing written: it clears when the trip condition no longer holds (no hysteresis).</li>
	 * </ul>
	 * A {@link Severity#PERMANENT} protection is latched whatever is written for its recovery.
	 */
	public enum Recovery {
		LATCH, AFTER_TIME, RELEASE_LEVEL, CONDITION_GONE
	}

	/**
	 * What the firmware compares with the levels, decided here once for every emitter and artifact.
	 * <ul>
	 * <li>cell overvoltage / undervoltage / open-wire: the highest / lowest cell (an open sense wire reads as a
	 * cell collapsing towards 0 V);</li>
	 * <li>cell imbalance: highest minus lowest cell;</li>
	 * <li>pack over/undervoltage: the pack measurement; pack plausibility: |sum of the cells - pack|;</li>
	 * <li>charge overcurrent: the current into the pack; discharge overcurrent and short-circuit: the current out
	 * of it (a positive number);</li>
	 * <li>overtemperatures: the hottest sensor, undertemperatures: the coldest. The model does not say which
	 * sensor sits on the FETs or the board, so {@code fet} and {@code board overtemperature} watch the hottest
	 * sensor too: never later than a sensor mapping would, possibly earlier;</li>
	 * <li>communication loss: the time the AFE has not answered;</li>
	 * <li>fet plausibility (a FET welded closed): the current through a FET the firmware holds open, i.e.
	 * discharge current while DSG has been commanded off, or charge current while CHG has been commanded off
	 * ({@link Watched#CURRENT_THROUGH_OPEN_FET}). Only the blocked direction counts: with back-to-back FETs the
	 * open FET's body diode still passes the other direction while the other FET is on.</li>
	 * </ul>
	 */
	public Watched watched() {
		return switch (kind) {
			case "overvoltage" -> "cell".equals(subject) ? Watched.MAX_CELL : Watched.PACK_VOLTAGE;
			case "undervoltage" -> "cell".equals(subject) ? Watched.MIN_CELL : Watched.PACK_VOLTAGE;
			case "open-wire" -> Watched.MIN_CELL;
			case "imbalance" -> Watched.CELL_DELTA;
			case "plausibility" -> "fet".equals(subject) ? Watched.CURRENT_THROUGH_OPEN_FET
					: Watched.CELL_SUM_PACK_DIFFERENCE;
			case "overcurrent" -> "charge".equals(subject) ? Watched.CHARGE_CURRENT : Watched.DISCHARGE_CURRENT;
			case "short-circuit" -> Watched.DISCHARGE_CURRENT;
			case "overtemperature" -> Watched.MAX_TEMPERATURE;
			case "undertemperature" -> Watched.MIN_TEMPERATURE;
			case "communication-loss" -> Watched.AFE_SILENCE;
			default -> throw new IllegalStateException("no watched value for " + subject + " " + kind);
		};
	}

	/**
	 * True for the charge temperature limits: they exist to stop charging outside the cells' charge window, so
	 * their trip and warning conditions hold only while current flows into the pack (above the rest band). Once
	 * tripped they release on temperature alone, so opening the charge FET (the current stops) does not clear
	 * them and the charger does not chatter. Discharge temperature limits are the wider, always-valid envelope
	 * and hold whatever the current.
	 */
	public boolean onlyWhileCharging() {
		return "charge".equals(subject) && ("overtemperature".equals(kind) || "undertemperature".equals(kind));
	}

	/**
	 * Whether a tripped protection of severity fault or permanent opens the charge FET: overvoltage and the
	 * charge protections do; so does every protection that is neither about charging nor about discharging
	 * (FET, board and cell temperatures, imbalance, open wire, plausibility, communication loss), because the
	 * firmware can then no longer tell which direction is safe. A FET welded closed (fet plausibility) opens both:
	 * the healthy FET of the pair then blocks the welded one's direction, and in the other direction the welded
	 * FET's own body diode is no path once its partner is open. A warning-severity protection opens nothing.
	 */
	public boolean opensChargeFet() {
		return severity != Severity.WARNING && !dischargeOnly();
	}

	/** As {@link #opensChargeFet()}: undervoltage, the discharge protections and the undirected ones. */
	public boolean opensDischargeFet() {
		return severity != Severity.WARNING && !chargeOnly();
	}

	private boolean chargeOnly() {
		return "overvoltage".equals(kind) || "charge".equals(subject);
	}

	private boolean dischargeOnly() {
		return "undervoltage".equals(kind) || "discharge".equals(subject);
	}

	/** The value a protection compares with its levels ({@link #watched()}). */
	public enum Watched {
		MAX_CELL, MIN_CELL, CELL_DELTA, PACK_VOLTAGE, CELL_SUM_PACK_DIFFERENCE, CHARGE_CURRENT, DISCHARGE_CURRENT,
		MAX_TEMPERATURE, MIN_TEMPERATURE, AFE_SILENCE,
		/**
		 * Current in the direction a FET the firmware has held open blocks, mA (0 when both are commanded on or
		 * the current flows the other way). A FET counts as held open once it was commanded off at the previous
		 * evaluation too: the coulomb counter's 250 ms reading that ends after the write began before it.
		 */
		CURRENT_THROUGH_OPEN_FET
	}

	/** The trip condition: value strictly above or below the level. */
	public record Threshold(Direction direction, ScaledValue level) {
	}
}
