package org.bmsgen.cli.simulate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.sim.board.SimBoard;

/** Puts the pieces together: board, firmware, scenario, run; and the run's summary in words. */
public final class Simulator {

	/** The firmware's start-up before a scenario begins (AFE boot, configuration, first readings, Standby). */
	static final double START_UP_SECONDS = 5;

	private Simulator() {
	}

	public static SimulationRun run(PackIr pack, BoardSpec spec, long seed, Scenario scenario, CompiledFirmware firmware,
			double seconds) {
		SimBoard board = BoardFactory.builder(spec, seed).pack(scenario.adjust(BoardFactory.pack(spec, seed))).build();
		CompiledFirmware.Installed installed = firmware.install(board);
		board.powerOn();
		board.advance(Math.round(START_UP_SECONDS * 1e6));
		if (!installed.started()) {
			throw new IllegalStateException("the firmware did not start");
		}
		SimulationRun run = new SimulationRun(pack, spec, board, installed);
		run.run(scenario, seconds);
		return run;
	}

	/**
	 * shared/data beside or above the current folder (the repository is checked out next to shared/), or beside or
	 * above the folder bmsgen's jar is in; null when none is found (the scenarios that need it say so).
	 */
	public static Path findDataFolder() {
		for (Path start : new Path[] { Path.of("").toAbsolutePath(), jarFolder() }) {
			for (Path folder = start; folder != null; folder = folder.getParent()) {
				Path candidate = folder.resolve("shared").resolve("data");
				if (Files.isDirectory(candidate)) {
					return candidate;
				}
			}
		}
		return Path.of("shared", "data");
	}

	private static Path jarFolder() {
		try {
			return Path.of(Simulator.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
		} catch (Exception e) {
			return null;
		}
	}

	public static String summary(SimulationRun run, Scenario scenario, long seed, double wallSeconds) {
		StringBuilder s = new StringBuilder();
		var samples = run.samples();
		double simulated = samples.get(samples.size() - 1).seconds();
		s.append(String.format(Locale.ROOT, "bmsgen simulate %s, scenario %s, seed %d: %.1f s simulated in %.1f s%n",
				run.pack().name(), scenario.name(), seed, simulated, wallSeconds));
		s.append("  ").append(scenario.description()).append('\n');
		s.append(String.format(Locale.ROOT, "board: %dS%dP, %.3f Ah per cell, %s, shunt %.2f mOhm, FETs %.3f mOhm per direction%n",
				run.spec().seriesCells(), run.spec().parallelCells(), run.spec().capacityAh(), run.spec().afeVariant(),
				run.spec().shuntOhms() * 1000, run.spec().fetOnOhms() * 1000));
		long faults = run.events().stream().filter(e -> e.kind().equals("fault") && e.what().endsWith("raised")).count();
		s.append("faults raised: ").append(faults == 0 ? "none" : Long.toString(faults)).append('\n');
		s.append("events (t from the scenario's start, after the firmware's start-up):\n");
		if (run.events().isEmpty()) {
			s.append("  none\n");
		}
		for (SimulationRun.Event event : run.events()) {
			s.append(String.format(Locale.ROOT, "  %10.2f s  %-9s %s%n", event.seconds(), event.kind(), event.what()));
		}
		double[] soc = run.socError();
		SimulationRun.Sample last = samples.get(samples.size() - 1);
		s.append(String.format(Locale.ROOT, "SoC, estimated - true: RMS %.2f %%, max %.2f %% over %d samples; at the end"
				+ " true %.1f %%, estimated %.1f %%%n", soc[0] * 100, soc[1] * 100, samples.size(), last.trueSoc() * 100,
				last.estimatedSoc() * 100));
		s.append(String.format(Locale.ROOT, "energy: in %.2f Wh (%.3f Ah), out %.2f Wh (%.3f Ah)%n", run.energyInWh(),
				run.chargeInAh(), run.energyOutWh(), run.chargeOutAh()));
		s.append(String.format(Locale.ROOT, "balancing: %.0f s with a cell bleeding (%.0f cell-seconds)%n",
				run.balancingSeconds(), run.balancingCellSeconds()));
		double minCell = Double.POSITIVE_INFINITY;
		double maxCell = 0;
		double maxCelsius = Double.NEGATIVE_INFINITY;
		for (SimulationRun.Sample sample : samples) {
			for (double v : sample.cellVolts()) {
				minCell = Math.min(minCell, v);
				maxCell = Math.max(maxCell, v);
			}
			for (double c : sample.cellCelsius()) {
				maxCelsius = Math.max(maxCelsius, c);
			}
		}
		s.append(String.format(Locale.ROOT, "cells: %.3f..%.3f V, hottest %.1f degC; final state %s%n", minCell, maxCell,
				maxCelsius, run.stateName(last.state())));
		return s.toString();
	}
}
