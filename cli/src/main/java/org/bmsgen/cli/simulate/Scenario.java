package org.bmsgen.cli.simulate;

import org.bmsgen.sim.plant.PackConfig;

/**
 * A built-in scenario or a profile: how the pack starts (initial SoC, ambient, spread), what is on its terminals and
 * what goes wrong when, and when it is over.
 */
public interface Scenario {

	String name();

	/** One line for --help and the summary. */
	String description();

	/** Simulated seconds when no --duration is given. */
	double defaultSeconds();

	/** The plant before power-on (initial SoC, ambient, spread); the model's pack by default. */
	default PackConfig adjust(PackConfig pack) {
		return pack;
	}

	/** After power-on and the firmware's start-up: connect the load, schedule faults. */
	void start(SimulationRun run);

	/** Once per control period, before the sample (faults that start later, loads that change). */
	default void step(SimulationRun run) {
	}

	/** True when the scenario has shown what it is for (the run stops early). */
	default boolean done(SimulationRun run) {
		return false;
	}
}
