package org.bmsgen.generator.ir;

/**
 * What a CAN signal or UART field carries, resolved to indices into the IR.
 *
 * @param measurement for {@link Kind#MEASUREMENT}, else null
 * @param cellIndex a written {@code [n]} after the measurement (0-based as written), -1 when none
 * @param stateMachine for {@link Kind#STATE}: index into {@link PackIr#stateMachines()}, else -1
 * @param protection for {@link Kind#FAULT}: {@link ProtectionIr#index()} of the effective protection of that
 *        name (a variant's override, not the base's), else -1
 * @param unit the fixed-point unit the firmware holds the value in ({@link ScaledUnit#ONE} for a state index or
 *        a fault flag)
 */
public record SignalSource(Kind kind, MeasuredQuantity measurement, int cellIndex, int stateMachine, int protection,
		ScaledUnit unit) {

	public enum Kind {
		MEASUREMENT, STATE, FAULT
	}
}
