package org.bmsgen.generator.ir;

import java.util.List;

/**
 * A state machine lowered to an execution table. States are numbered in model order; each state's transitions
 * are listed in the order the firmware tries them: higher {@code priority} first (an unwritten priority is 0,
 * so writing one raises a transition above the others), then model order. On each control tick the machine
 * first applies the {@link FaultReaction} (from every state except its target), then the first transition of
 * the current state whose event, guard and timeout all hold; it fires at most one transition per tick.
 *
 * @param index position among the pack's machines in model order (what {@code state of <machine>} refers to)
 * @param initialState index into {@link #states()}
 * @param faultReaction null when the machine has none
 */
public record StateMachineIr(int index, String name, int initialState, List<State> states,
		FaultReaction faultReaction, Trace trace) {

	/** @param index position in {@link StateMachineIr#states()}, the value a {@code state of} signal carries */
	public record State(int index, String name, List<Action> entry, List<Action> during, List<Action> exit,
			List<Transition> transitions, Trace trace) {
	}

	/**
	 * One row of a state's transition table; it fires when the event (if any) arrived this tick, every
	 * comparison and flag holds, and the timeout (if any) has run out.
	 *
	 * @param modelOrder position among the state's transitions as written
	 * @param event {@link Event#NONE} when the transition waits for no event
	 * @param timeoutMs the modelled time, 0 when none
	 * @param timeoutPeriods ceil(timeoutMs / control period): the count the tick counter must reach, with the
	 *        same rule as a protection delay (no earlier than modelled, at most one period later)
	 * @param target index of the target state
	 */
	public record Transition(int modelOrder, int priority, Event event, List<Comparison> comparisons,
			List<FlagTest> flags, TimeoutBasis timeoutBasis, int timeoutMs, int timeoutPeriods, int target,
			Trace trace) {
	}

	/** What an {@code after} counts: the time the guard has held (with a guard), or the time in the state. */
	public enum TimeoutBasis {
		NONE, GUARD_HELD, TIME_IN_STATE
	}

	public enum Event {
		NONE, AFE_READY, FAULTS_CLEARED, CLEAR_FAULTS, SHIP_MODE, BALANCING_ON, BALANCING_OFF, WAKE
	}

	/**
	 * A guard row: {@code measurement direction threshold}, strict, the threshold in the measurement's unit
	 * ({@link MeasuredQuantity#unit()}), rounded to the nearest step (half even) when not a whole number of it.
	 */
	public record Comparison(MeasuredQuantity measurement, Direction direction, long threshold, Trace trace) {
	}

	/** A flag row: holds when the flag has the required value ({@code not fault-active}: FAULT_ACTIVE, false). */
	public record FlagTest(Flag flag, boolean required) {
	}

	public enum Flag {
		CHARGING, BALANCING, FAULT_ACTIVE, WARNING_ACTIVE
	}

	/**
	 * An entry, during or exit action as an action code with one operand.
	 *
	 * @param operand ENABLE_FETS / DISABLE_FETS: a mask of {@link #FET_CHARGE} and {@link #FET_DISCHARGE};
	 *        LOG_EVENT: the event code ({@link LogLayoutIr#eventCodes()}); SEND_CAN_MESSAGE: the message index;
	 *        otherwise 0
	 * @param operandName what the operand names in the model (FET list, event code name, message name), or ""
	 */
	public record Action(ActionCode code, int operand, String operandName, Trace trace) {
	}

	public static final int FET_CHARGE = 1;
	public static final int FET_DISCHARGE = 2;

	public enum ActionCode {
		ENABLE_FETS, DISABLE_FETS, START_BALANCING, STOP_BALANCING, LOG_EVENT, SEND_CAN_MESSAGE, ENTER_SHIP_MODE,
		CONFIGURE_AFE, CLEAR_FAULTS
	}

	/**
	 * {@code on any <severity> -> Target}: when a protection of at least that severity is active and the machine
	 * is not in the target, it goes there (exit actions of the current state, entry actions of the target).
	 */
	public record FaultReaction(ProtectionIr.Severity minimumSeverity, int target, Trace trace) {
	}
}
