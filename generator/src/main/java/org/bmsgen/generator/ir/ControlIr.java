package org.bmsgen.generator.ir;

/**
 * The STM32's control loop and the pack's ratings.
 *
 * @param periodMs the control period every delay and timeout is counted in
 * @param watchdogMs 0 when not written
 * @param continuousMa the pack's continuous current rating, 0 when not written (likewise the others)
 */
public record ControlIr(String mcu, int periodMs, int watchdogMs, int continuousMa, int peakMa, int peakDurationMs,
		int chargeMa, Trace trace) {
}
