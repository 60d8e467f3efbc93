package org.bmsgen.generator.ir;

/**
 * The STM32's control loop and the pack's ratings.
 *
 * @param periodMs the control period every delay and timeout is counted in
 * @param watchdogMs 0 when not written
 * @param continuousMa the pack's continuous current rating, 0 when not written (likewise the others)
 * @param fets null when the pack has no {@code fets} line
 */
public record ControlIr(String mcu, int periodMs, int watchdogMs, int continuousMa, int peakMa, int peakDurationMs,
		int chargeMa, Fets fets, Trace trace) {

	/**
	 * The FETs of the charge and discharge path as written ({@code fets 6 back-to-back on 1.5 mOhm rated 60 A}): half
	 * of them in parallel in each direction, the two directions in series.
	 *
	 * @param onResistanceMicroOhm one FET's on-resistance, 0 when not written
	 * @param ratedMa 0 when not written
	 */
	public record Fets(int count, boolean backToBack, long onResistanceMicroOhm, int ratedMa, Trace trace) {
	}
}
