package org.bmsgen.cli.simulate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.plant.PackLoad;

/**
 * One scenario on one pack's board with its generated firmware: advances the board one control period at a time,
 * samples the plant's truth next to what the firmware believes, and records the events (faults raised and
 * released, FET and state changes) with their times.
 */
public final class SimulationRun {

	/** One control period's look at the board. */
	public record Sample(double seconds, double[] cellVolts, int[] cellMv, double amps, int firmwareMa,
			double[] cellCelsius, int[] temperatureCentiDegC, double trueSoc, double estimatedSoc, int fetMask,
			int faultWord, int warningWord, int balancingMask, int state) {
	}

	/** Something that happened, at a time. */
	public record Event(double seconds, String kind, String what) {
	}

	private final PackIr pack;
	private final BoardSpec spec;
	private final SimBoard board;
	private final CompiledFirmware.Installed firmware;
	private final List<Sample> samples = new ArrayList<>();
	private final List<Event> events = new ArrayList<>();
	private final Set<String> happened = new HashSet<>();
	private final long startMicros;
	private double firstFaultSeconds = Double.NaN;
	private double energyInWh;
	private double energyOutWh;
	private double chargeInAh;
	private double chargeOutAh;
	private double balancingSeconds;
	private double balancingCellSeconds;

	SimulationRun(PackIr pack, BoardSpec spec, SimBoard board, CompiledFirmware.Installed firmware) {
		this.pack = pack;
		this.spec = spec;
		this.board = board;
		this.firmware = firmware;
		this.startMicros = board.nowMicros();
	}

	// ---- what scenarios use ------------------------------------------------------------------------------------

	public SimBoard board() {
		return board;
	}

	/** Seconds since the scenario started. */
	public double seconds() {
		return (board.nowMicros() - startMicros) / 1e6;
	}

	public double plantAmps() {
		return board.plant().packAmps();
	}

	public int balancingMask() {
		return firmware.balancingMask();
	}

	public void setLoad(PackLoad load) {
		board.setLoad(load);
	}

	/** The load clamped to the BMS's charge and discharge limits, as a charger or inverter reading them would. */
	public PackLoad withinLimits(PackLoad load) {
		return (now, source, ohms) -> {
			double amps = load.requestedChargeAmps(now, source, ohms);
			return Math.max(-firmware.dischargeLimitMa() / 1000.0, Math.min(firmware.chargeLimitMa() / 1000.0, amps));
		};
	}

	/** True the first time {@code condition} holds for this key. */
	public boolean once(String key, boolean condition) {
		return condition && happened.add(key);
	}

	/** Seconds since the first fault was raised, or -1 before. */
	public double secondsSinceFirstFault() {
		return Double.isNaN(firstFaultSeconds) ? -1 : seconds() - firstFaultSeconds;
	}

	/** A scenario's own event (a fault injected). */
	public void note(String what) {
		events.add(new Event(seconds(), "scenario", what));
	}

	// ---- the run -------------------------------------------------------------------------------------------------

	/** Runs the scenario for at most {@code seconds}, or until it is done. */
	void run(Scenario scenario, double seconds) {
		scenario.start(this);
		Sample previous = sample();
		samples.add(previous);
		long period = spec.controlPeriodMicros();
		long end = startMicros + Math.round(seconds * 1e6);
		while (board.nowMicros() < end) {
			scenario.step(this);
			board.advance(Math.min(period, end - board.nowMicros()));
			Sample now = sample();
			account(previous, now);
			samples.add(now);
			previous = now;
			if (scenario.done(this)) {
				events.add(new Event(seconds(), "scenario", "done: " + scenario.name() + " has shown its outcome"));
				break;
			}
		}
	}

	private Sample sample() {
		int cells = spec.seriesCells();
		double[] volts = new double[cells];
		double[] celsius = new double[cells];
		double min = 1;
		double max = 0;
		for (int cell = 1; cell <= cells; cell++) {
			volts[cell - 1] = board.plant().cellVolts(cell);
			celsius[cell - 1] = board.plant().cellCelsius(cell);
			min = Math.min(min, board.plant().stateOfCharge(cell));
			max = Math.max(max, board.plant().stateOfCharge(cell));
		}
		int[] machine = firmware.machineState();
		return new Sample(seconds(), volts, firmware.cellMv().clone(), board.plant().packAmps(), firmware.packMa(), celsius,
				firmware.temperatureCentiDegC().clone(), min / (min + 1 - max), firmware.socBp() / 10_000.0,
				firmware.fetMask(), firmware.faultWord(), firmware.warningWord(), firmware.balancingMask(),
				machine.length == 0 ? -1 : machine[0]);
	}

	private void account(Sample before, Sample now) {
		double hours = (now.seconds() - before.seconds()) / 3600;
		double packVolts = 0;
		for (double v : now.cellVolts()) {
			packVolts += v;
		}
		double amps = now.amps();
		if (amps > 0) {
			energyInWh += packVolts * amps * hours;
			chargeInAh += amps * hours;
		} else {
			energyOutWh -= packVolts * amps * hours;
			chargeOutAh -= amps * hours;
		}
		if (now.balancingMask() != 0) {
			balancingSeconds += now.seconds() - before.seconds();
			balancingCellSeconds += Integer.bitCount(now.balancingMask()) * (now.seconds() - before.seconds());
		}
		int raised = now.faultWord() & ~before.faultWord();
		int released = before.faultWord() & ~now.faultWord();
		for (ProtectionIr protection : pack.protections()) {
			int bit = 1 << protection.index();
			if ((raised & bit) != 0) {
				events.add(new Event(now.seconds(), "fault", protection.name() + " raised"));
				if (Double.isNaN(firstFaultSeconds)) {
					firstFaultSeconds = now.seconds();
				}
			}
			if ((released & bit) != 0) {
				events.add(new Event(now.seconds(), "fault", protection.name() + " released"));
			}
			if ((now.warningWord() & ~before.warningWord() & bit) != 0) {
				events.add(new Event(now.seconds(), "warning", protection.name() + " warning"));
			}
		}
		if (now.fetMask() != before.fetMask()) {
			events.add(new Event(now.seconds(), "fet", "charge FET " + ((now.fetMask() & 1) != 0 ? "on" : "off")
					+ ", discharge FET " + ((now.fetMask() & 2) != 0 ? "on" : "off")));
		}
		if (now.state() != before.state()) {
			events.add(new Event(now.seconds(), "state", stateName(before.state()) + " -> " + stateName(now.state())));
		}
		if ((now.balancingMask() == 0) != (before.balancingMask() == 0)) {
			events.add(new Event(now.seconds(), "balancing", now.balancingMask() == 0 ? "stopped"
					: "started (cells " + cellsOf(now.balancingMask()) + ")"));
		}
	}

	static String cellsOf(int mask) {
		StringBuilder cells = new StringBuilder();
		for (int bit = 0; bit < 32; bit++) {
			if ((mask & (1 << bit)) != 0) {
				cells.append(cells.length() == 0 ? "" : ", ").append(bit + 1);
			}
		}
		return cells.toString();
	}

	String stateName(int index) {
		if (pack.stateMachines().isEmpty()) {
			return "-";
		}
		StateMachineIr machine = pack.stateMachines().get(0);
		return index >= 0 && index < machine.states().size() ? machine.states().get(index).name() : "#" + index;
	}

	// ---- results -------------------------------------------------------------------------------------------------

	public List<Sample> samples() {
		return samples;
	}

	public List<Event> events() {
		return events;
	}

	public PackIr pack() {
		return pack;
	}

	public BoardSpec spec() {
		return spec;
	}

	public double energyInWh() {
		return energyInWh;
	}

	public double energyOutWh() {
		return energyOutWh;
	}

	public double chargeInAh() {
		return chargeInAh;
	}

	public double chargeOutAh() {
		return chargeOutAh;
	}

	public double balancingSeconds() {
		return balancingSeconds;
	}

	public double balancingCellSeconds() {
		return balancingCellSeconds;
	}

	/** RMS and largest |estimated - true| SoC over the samples (fractions). */
	public double[] socError() {
		double sum = 0;
		double worst = 0;
		for (Sample s : samples) {
			double e = s.estimatedSoc() - s.trueSoc();
			sum += e * e;
			worst = Math.max(worst, Math.abs(e));
		}
		return new double[] { Math.sqrt(sum / Math.max(1, samples.size())), worst };
	}
}
