package org.bmsgen.firmware.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bmsgen.firmware.smart4s.stm32.ControlStateMachine;
import org.bmsgen.firmware.smart4s.stm32.MachineActions;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.junit.jupiter.api.Test;

/**
 * The generated state machine Control of the reference pack (models/smart4s.bms:90-121), driven tick by tick with a
 * PackState filled by hand. Expected values are read off the model: period 250 ms; states in model order Init 0,
 * Standby 1, Charging 2, Discharging 3, Fault 4, Ship 5; "0.2 A" = 200 mA, "0.05 A" = 50 mA, comparisons strict;
 * "after 60 s" with a guard = 240 periods of the guard held, "after 5 s" without one = 20 periods in the state;
 * "charge, discharge" = FET mask 1 | 2 = 3; "log event" in Fault is the pack's first event code (1), in Ship the
 * second (2); "on any fault" reacts to severity FAULT (1) and PERMANENT (2), not WARNING (0).
 */
class ControlStateMachineTest {

	private static final int PERIOD_MS = 250;
	private static final int INIT = 0;
	private static final int STANDBY = 1;
	private static final int CHARGING = 2;
	private static final int DISCHARGING = 3;
	private static final int FAULT = 4;
	private static final int SHIP = 5;
	private static final String BOTH_OFF = "disableFets 3";
	private static final String BOTH_ON = "enableFets 3";
	/** Standby switches both FETs on (smart4s.bms: with both off the body diodes block any current). */
	private static final String STANDBY_ENTRY = BOTH_ON;

	private final RecordingActions actions = new RecordingActions();
	private final ControlStateMachine machine = new ControlStateMachine(actions);
	private final PackState state = new PackState();
	private int flags;

	private void tick(int packMa) {
		state.packMa = packMa;
		machine.tick(state, flags);
		assertEquals(machine.state(), state.machineState[PackState.MACHINE_CONTROL], "machineState written each tick");
	}

	private void toStandby() {
		machine.start();
		machine.post(ControlStateMachine.EVENT_AFE_READY);
		tick(0);
		assertEquals(STANDBY, machine.state());
		actions.take();
	}

	private void to(int target) {
		toStandby();
		switch (target) {
		case STANDBY -> {
		}
		case CHARGING -> tick(1000);
		case DISCHARGING -> tick(-1000);
		case FAULT -> {
			state.highestSeverity = 1;
			tick(0);
			state.highestSeverity = -1;
		}
		case SHIP -> {
			machine.post(ControlStateMachine.EVENT_SHIP_MODE);
			tick(0);
		}
		case INIT -> {
			machine.post(ControlStateMachine.EVENT_SHIP_MODE);
			tick(0);
			machine.post(ControlStateMachine.EVENT_WAKE);
			tick(0);
		}
		default -> throw new IllegalArgumentException();
		}
		assertEquals(target, machine.state());
		actions.take();
	}

	@Test
	void constants_areTheModelsOrder() {
		assertEquals(List.of(INIT, STANDBY, CHARGING, DISCHARGING, FAULT, SHIP), List.of(ControlStateMachine.STATE_INIT,
				ControlStateMachine.STATE_STANDBY, ControlStateMachine.STATE_CHARGING,
				ControlStateMachine.STATE_DISCHARGING, ControlStateMachine.STATE_FAULT, ControlStateMachine.STATE_SHIP));
		assertEquals(1, MachineActions.FET_CHARGE);
		assertEquals(2, MachineActions.FET_DISCHARGE);
		assertEquals(List.of(1, 2, 4, 8), List.of(MachineActions.FLAG_CHARGING, MachineActions.FLAG_BALANCING,
				MachineActions.FLAG_FAULT_ACTIVE, MachineActions.FLAG_WARNING_ACTIVE));
	}

	@Test
	void start_entersInit_andConfiguresTheAfe() {
		machine.start();
		assertEquals(INIT, machine.state());
		assertEquals(List.of("configureAfe"), actions.take());
	}

	@Test
	void init_waitsForAfeReady() {
		machine.start();
		actions.take();
		for (int i = 0; i < 100; i++) {
			tick(5000); // a current is no reason to leave Init: only afe-ready is
		}
		machine.post(ControlStateMachine.EVENT_WAKE); // not Init's event
		tick(0);
		assertEquals(INIT, machine.state());
		assertEquals(List.of(), actions.take());
		machine.post(ControlStateMachine.EVENT_AFE_READY);
		tick(0);
		assertEquals(STANDBY, machine.state());
		assertEquals(List.of(STANDBY_ENTRY), actions.take());
	}

	@Test
	void standby_toCharging_above200mA_strict() {
		toStandby();
		tick(200);
		assertEquals(STANDBY, machine.state());
		assertEquals(List.of(), actions.take());
		tick(201);
		assertEquals(CHARGING, machine.state());
		assertEquals(List.of(BOTH_ON, "startBalancing"), actions.take());
	}

	@Test
	void standby_toDischarging_belowMinus200mA_strict() {
		toStandby();
		tick(-200);
		assertEquals(STANDBY, machine.state());
		tick(-201);
		assertEquals(DISCHARGING, machine.state());
		assertEquals(List.of(BOTH_ON), actions.take());
	}

	@Test
	void standby_toShip_onShipMode_logsThenShips() {
		toStandby();
		tick(0);
		assertEquals(STANDBY, machine.state());
		machine.post(ControlStateMachine.EVENT_SHIP_MODE);
		tick(0);
		assertEquals(SHIP, machine.state());
		assertEquals(List.of("logEvent 2", "enterShipMode"), actions.take());
	}

	@Test
	void standby_tableOrder_currentBeforeShipMode_andTheEventIsConsumedAnyway() {
		toStandby();
		machine.post(ControlStateMachine.EVENT_SHIP_MODE);
		tick(1000); // smart4s.bms:98 is tried before :100
		assertEquals(CHARGING, machine.state());
		assertEquals(List.of(BOTH_ON, "startBalancing"), actions.take());
		// back to Standby: 241 ticks with the guard held
		for (int i = 0; i < 241; i++) {
			tick(0);
		}
		assertEquals(STANDBY, machine.state());
		tick(0);
		assertEquals(STANDBY, machine.state(), "the ship-mode posted before is gone");
	}

	@Test
	void ship_toInit_onWakeOnly() {
		to(SHIP);
		machine.post(ControlStateMachine.EVENT_AFE_READY);
		machine.post(ControlStateMachine.EVENT_CLEAR_FAULTS);
		tick(1000);
		assertEquals(SHIP, machine.state());
		machine.post(ControlStateMachine.EVENT_WAKE);
		tick(0);
		assertEquals(INIT, machine.state());
		assertEquals(List.of("configureAfe"), actions.take());
	}

	@Test
	void charging_toStandby_after240PeriodsBelow50mA_exitThenEntry() {
		to(CHARGING);
		for (int i = 0; i < 240; i++) {
			tick(49);
			assertEquals(CHARGING, machine.state(), "tick " + (i + 1));
		}
		tick(49);
		assertEquals(STANDBY, machine.state());
		assertEquals(List.of("stopBalancing", STANDBY_ENTRY), actions.take());
	}

	@Test
	void charging_guardTheOtherWay_50mAIsNotBelow50mA() {
		to(CHARGING);
		for (int i = 0; i < 1000; i++) {
			tick(50);
		}
		assertEquals(CHARGING, machine.state());
		assertEquals(List.of(), actions.take());
	}

	@Test
	void charging_aBreakInTheGuardRestartsTheTimeout() {
		to(CHARGING);
		for (int i = 0; i < 200; i++) {
			tick(0);
		}
		tick(60);
		for (int i = 0; i < 240; i++) {
			tick(0);
		}
		assertEquals(CHARGING, machine.state());
		tick(0);
		assertEquals(STANDBY, machine.state());
	}

	@Test
	void discharging_toStandby_after240PeriodsAboveMinus50mA() {
		to(DISCHARGING);
		for (int i = 0; i < 1000; i++) {
			tick(-50); // not above -50 mA
		}
		assertEquals(DISCHARGING, machine.state());
		for (int i = 0; i < 240; i++) {
			tick(-49);
		}
		assertEquals(DISCHARGING, machine.state());
		tick(-49);
		assertEquals(STANDBY, machine.state());
		assertEquals(List.of(STANDBY_ENTRY), actions.take(), "Discharging has no exit action");
	}

	/**
	 * "after 60 s" in real time: the current falls between two ticks (or on one); the machine must leave Charging
	 * no earlier than 60 s after the fall and at most one period (250 ms) later.
	 */
	@Test
	void guardHeldTimeout_firesBetween60And60_25sAfterTheGuardBecameTrue() {
		for (int offsetMs : new int[] { 0, 1, 125, 249 }) {
			to(CHARGING);
			long startMs = 1_000_000;
			long fallMs = startMs + 10 * PERIOD_MS + offsetMs;
			long firedMs = -1;
			for (long t = startMs; t < startMs + 70_000; t += PERIOD_MS) {
				tick(t >= fallMs ? 0 : 3000);
				if (machine.state() == STANDBY) {
					firedMs = t;
					break;
				}
			}
			long elapsed = firedMs - fallMs;
			assertTrue(elapsed >= 60_000 && elapsed <= 60_000 + PERIOD_MS, "offset " + offsetMs + ": " + elapsed);
		}
	}

	@Test
	void fault_clearFaults_onlyWhenNoFaultActive() {
		to(FAULT);
		flags = MachineActions.FLAG_FAULT_ACTIVE | MachineActions.FLAG_CHARGING;
		machine.post(ControlStateMachine.EVENT_CLEAR_FAULTS);
		tick(0);
		assertEquals(FAULT, machine.state());
		flags = MachineActions.FLAG_WARNING_ACTIVE | MachineActions.FLAG_BALANCING; // not fault-active
		tick(0);
		assertEquals(FAULT, machine.state(), "the refused clear-faults was consumed");
		machine.post(ControlStateMachine.EVENT_CLEAR_FAULTS);
		tick(0);
		assertEquals(STANDBY, machine.state());
		assertEquals(List.of(STANDBY_ENTRY), actions.take(), "Fault has no exit action");
	}

	@Test
	void fault_faultsCleared_onlyAfter20PeriodsInTheState() {
		to(FAULT); // entered on tick 0
		for (int tick = 1; tick <= 19; tick++) {
			machine.post(ControlStateMachine.EVENT_FAULTS_CLEARED); // 4.75 s in Fault at tick 19: too early
			tick(0);
			assertEquals(FAULT, machine.state(), "tick " + tick);
		}
		machine.post(ControlStateMachine.EVENT_FAULTS_CLEARED); // tick 20: 5.00 s
		tick(0);
		assertEquals(STANDBY, machine.state());
	}

	@Test
	void fault_anEarlyFaultsClearedIsNotKeptForLater() {
		to(FAULT);
		for (int tick = 1; tick <= 10; tick++) {
			tick(0);
		}
		machine.post(ControlStateMachine.EVENT_FAULTS_CLEARED);
		machine.post(ControlStateMachine.EVENT_FAULTS_CLEARED); // twice before a tick: once
		tick(0);
		for (int tick = 12; tick <= 100; tick++) {
			tick(0);
		}
		assertEquals(FAULT, machine.state());
	}

	@Test
	void faultReaction_fromEveryStateButFault_exitThenEntryActions() {
		int[] sources = { INIT, STANDBY, CHARGING, DISCHARGING, SHIP };
		List<List<String>> expected = List.of(List.of(BOTH_OFF, "logEvent 1"), List.of(BOTH_OFF, "logEvent 1"),
				List.of("stopBalancing", BOTH_OFF, "logEvent 1"), List.of(BOTH_OFF, "logEvent 1"),
				List.of(BOTH_OFF, "logEvent 1"));
		for (int i = 0; i < sources.length; i++) {
			for (int severity : new int[] { 1, 2 }) {
				state.highestSeverity = -1;
				to(sources[i]);
				state.highestSeverity = severity;
				tick(sources[i] == CHARGING ? 1000 : 0);
				assertEquals(FAULT, machine.state(), "from " + sources[i] + " severity " + severity);
				assertEquals(expected.get(i), actions.take(), "from " + sources[i]);
			}
		}
	}

	@Test
	void faultReaction_notForAWarning() {
		to(CHARGING);
		state.highestSeverity = 0; // SEVERITY_WARNING
		for (int i = 0; i < 10; i++) {
			tick(1000);
		}
		assertEquals(CHARGING, machine.state());
		assertEquals(List.of(), actions.take());
	}

	@Test
	void faultReaction_notFromFault_noReentry() {
		to(FAULT);
		state.highestSeverity = 2;
		for (int i = 0; i < 19; i++) {
			tick(0);
		}
		assertEquals(FAULT, machine.state());
		assertEquals(List.of(), actions.take(), "Fault is not re-entered while the fault stays");
		// the time in Fault was not restarted either: faults-cleared fires on tick 20
		machine.post(ControlStateMachine.EVENT_FAULTS_CLEARED);
		tick(0);
		assertEquals(STANDBY, machine.state());
		// the fault is still there: back to Fault on the next tick (one transition a tick)
		tick(0);
		assertEquals(FAULT, machine.state());
	}

	@Test
	void faultReaction_comesBeforeTheStatesTransitions_andConsumesTheEvents() {
		toStandby();
		state.highestSeverity = 1;
		machine.post(ControlStateMachine.EVENT_SHIP_MODE);
		tick(1000); // Standby's :98 and :100 both hold; the reaction wins
		assertEquals(FAULT, machine.state());
		state.highestSeverity = -1;
		machine.post(ControlStateMachine.EVENT_CLEAR_FAULTS);
		tick(0);
		assertEquals(STANDBY, machine.state());
		actions.take();
		tick(0);
		assertEquals(STANDBY, machine.state(), "ship-mode was consumed by the tick of the fault reaction");
	}

	@Test
	void oneTransitionPerTick() {
		machine.start();
		machine.post(ControlStateMachine.EVENT_AFE_READY);
		tick(5000); // Init -> Standby; Standby -> Charging would hold too, but only on the next tick
		assertEquals(STANDBY, machine.state());
		tick(5000);
		assertEquals(CHARGING, machine.state());
	}

	@Test
	void post_ignoresValuesThatAreNoEvent() {
		machine.start();
		machine.post(ControlStateMachine.EVENT_NONE);
		machine.post(-1);
		machine.post(8);
		machine.post(31);
		tick(0);
		assertEquals(INIT, machine.state());
	}

	@Test
	void start_dropsEventsPostedBefore() {
		machine.post(ControlStateMachine.EVENT_AFE_READY);
		machine.start();
		tick(0);
		assertEquals(INIT, machine.state());
	}
}
