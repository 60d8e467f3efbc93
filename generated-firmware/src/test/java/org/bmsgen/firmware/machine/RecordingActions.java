package org.bmsgen.firmware.machine;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.firmware.smart4s.stm32.MachineActions;

/** Every action a machine calls, in order, as "name" or "name operand". */
final class RecordingActions implements MachineActions {

	final List<String> calls = new ArrayList<>();

	/** The calls since the last take, then forgets them. */
	List<String> take() {
		List<String> taken = List.copyOf(calls);
		calls.clear();
		return taken;
	}

	@Override
	public void enableFets(int mask) {
		calls.add("enableFets " + mask);
	}

	@Override
	public void disableFets(int mask) {
		calls.add("disableFets " + mask);
	}

	@Override
	public void startBalancing() {
		calls.add("startBalancing");
	}

	@Override
	public void stopBalancing() {
		calls.add("stopBalancing");
	}

	@Override
	public void logEvent(int code) {
		calls.add("logEvent " + code);
	}

	@Override
	public void sendCanMessage(int index) {
		calls.add("sendCanMessage " + index);
	}

	@Override
	public void enterShipMode() {
		calls.add("enterShipMode");
	}

	@Override
	public void configureAfe() {
		calls.add("configureAfe");
	}

	@Override
	public void clearFaults() {
		calls.add("clearFaults");
	}
}
