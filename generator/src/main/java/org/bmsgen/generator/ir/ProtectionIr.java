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

	/** The trip condition: value strictly above or below the level. */
	public record Threshold(Direction direction, ScaledValue level) {
	}
}
