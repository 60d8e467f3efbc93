package org.bmsgen.cli.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.sim.plant.CurrentProfile;
import org.bmsgen.sim.plant.PackConfig;
import org.bmsgen.sim.plant.PackLoad;

/**
 * The built-in scenarios of {@code bmsgen simulate} (issue 5's list), each built from the pack's IR: its charge
 * current and cell limits, its protections' levels as modelled and as programmed into the AFE.
 */
public final class Scenarios {

	/** Name to one-line description, in the order --help lists them. */
	public static final Map<String, String> BUILT_IN = new LinkedHashMap<>();

	static {
		BUILT_IN.put("showcase", "the reference run: CC-CV charge from 30 % to full, 2 min rest, then the measured US06"
				+ " within the BMS's limits");
		BUILT_IN.put("charge", "CC-CV charge from 30 % at the model's charge current to 50 mV under the cell maximum");
		BUILT_IN.put("discharge", "constant discharge from 90 % at the continuous rating (at most 1C), within the BMS's limits");
		BUILT_IN.put("us06", "measured US06 (Panasonic NCR18650PF, 25 degC) per cell, scaled to the pack, within the limits");
		BUILT_IN.put("udds", "PyBaMM's UDDS per-cell current profile, scaled to the pack, within the limits");
		BUILT_IN.put("overvoltage", "a faulty charger from 97 %: CV 150 mV per cell above the overvoltage level");
		BUILT_IN.put("undervoltage", "discharge at 0.5C from 6 % ignoring the BMS's limits");
		BUILT_IN.put("overcurrent", "a discharge at 1.2 x the AFE's programmed OCD level from t = 5 s");
		BUILT_IN.put("short-circuit", "a short drawing 3 x the AFE's programmed SCD level from t = 5 s");
		BUILT_IN.put("overtemperature", "charging at an ambient 5 degC above the charge overtemperature level");
		BUILT_IN.put("imbalance", "CC-CV charge from 85 % with a 6 % initial SoC spread between cells (balancing)");
		BUILT_IN.put("open-wire", "a cell sense wire (node 2) opens at t = 10 s during a light discharge");
		BUILT_IN.put("i2c-noise", "5 % NACKs and 1 % corrupted bytes on the AFE's I2C from t = 10 s, light discharge");
		BUILT_IN.put("stuck-fet", "the discharge FET welds closed at t = 10 s of a light discharge; an overload at"
				+ " 1.2 x the discharge overcurrent level from t = 15 s makes the BMS open it; the current goes on");
	}

	private Scenarios() {
	}

	/** Thrown when a scenario needs something the pack or the repository does not have. */
	public static final class ScenarioException extends Exception {
		private static final long serialVersionUID = 1L;

		public ScenarioException(String message) {
			super(message);
		}
	}

	/** A built-in scenario for this pack. */
	public static Scenario builtIn(String name, PackIr pack, Path dataFolder) throws ScenarioException {
		Ratings r = new Ratings(pack);
		return switch (name) {
		case "showcase" -> showcase(r, measuredUs06(dataFolder));
		case "charge" -> simple(name, 5 * 3600, p -> p.withInitialSoc(0.30),
				run -> run.setLoad(run.withinLimits(PackLoad.ccCvCharger(r.chargeA, r.cells * r.chargeCellV))),
				run -> run.seconds() > 600 && run.plantAmps() < r.chargeA / 20);
		case "discharge" -> simple(name, 2 * 3600, p -> p.withInitialSoc(0.90),
				run -> run.setLoad(run.withinLimits(PackLoad.constantCurrent(-Math.min(r.continuousA, r.oneC)))),
				run -> run.seconds() > 60 && Math.abs(run.plantAmps()) < 0.01);
		case "us06" -> profileScenario(name, measuredUs06(dataFolder), r);
		case "udds" -> profileScenario(name, pybammUdds(dataFolder), r);
		case "overvoltage" -> {
			int ov = level(pack, "cellOvervoltage", name);
			yield simple(name, 3600, p -> p.withInitialSoc(0.97),
					run -> run.setLoad(PackLoad.ccCvCharger(r.chargeA, r.cells * (ov + 150) / 1000.0)),
					run -> run.secondsSinceFirstFault() > 30);
		}
		case "undervoltage" -> {
			level(pack, "cellUndervoltage", name);
			yield simple(name, 3600, p -> p.withInitialSoc(0.06), run -> run.setLoad(PackLoad.constantCurrent(-0.5 * r.oneC)),
					run -> run.secondsSinceFirstFault() > 30);
		}
		case "overcurrent" -> {
			AfeIr.CurrentLimit ocd = pack.afe() == null ? null : pack.afe().dischargeOvercurrent();
			if (ocd == null) {
				throw new ScenarioException(pack.name() + " has no discharge overcurrent by afe: no overcurrent scenario");
			}
			double amps = 1.2 * ocd.programmedMa() / 1000.0;
			yield timedFault(name, 60, run -> run.setLoad(PackLoad.constantCurrent(-amps)));
		}
		case "short-circuit" -> {
			AfeIr.CurrentLimit scd = pack.afe() == null ? null : pack.afe().dischargeShortCircuit();
			if (scd == null) {
				throw new ScenarioException(pack.name() + " has no discharge short-circuit by afe: no short-circuit scenario");
			}
			double amps = 3.0 * scd.programmedMa() / 1000.0;
			yield timedFault(name, 30, run -> run.setLoad(PackLoad.constantCurrent(-amps)));
		}
		case "overtemperature" -> {
			int centi = level(pack, "chargeOvertemperature", name);
			double ambient = centi / 100.0 + 5;
			yield simple(name, 600, p -> withAmbient(p.withInitialSoc(0.5), ambient),
					run -> run.setLoad(PackLoad.constantCurrent(r.chargeA)), run -> run.secondsSinceFirstFault() > 30);
		}
		case "imbalance" -> simple(name, 4 * 3600, p -> p.withInitialSoc(0.85).withSpread(p.capacitySpread(),
				p.resistanceSpread(), 0.06),
				run -> run.setLoad(run.withinLimits(PackLoad.ccCvCharger(r.chargeA, r.cells * r.chargeCellV))),
				run -> run.seconds() > 600 && run.plantAmps() < r.chargeA / 20 && run.balancingMask() == 0);
		case "open-wire" -> new BuiltIn(name, 60) {
			@Override
			public void start(SimulationRun run) {
				run.setLoad(PackLoad.constantCurrent(-0.2 * r.oneC));
			}

			@Override
			public void step(SimulationRun run) {
				if (run.once("open", run.seconds() >= 10)) {
					run.board().plant().setSenseWireOpen(Math.min(2, r.cells - 1));
					run.note("sense wire of node " + Math.min(2, r.cells - 1) + " opened");
				}
			}
		};
		case "i2c-noise" -> new BuiltIn(name, 600) {
			@Override
			public void start(SimulationRun run) {
				run.setLoad(run.withinLimits(PackLoad.constantCurrent(-0.3 * r.oneC)));
			}

			@Override
			public void step(SimulationRun run) {
				if (run.once("noise", run.seconds() >= 10)) {
					run.board().injectI2cFaults(0.05, 0.01);
					run.note("I2C noise on: 5 % NACK, 1 % corrupted bytes");
				}
			}
		};
		case "stuck-fet" -> stuckFet(pack, r);
		default -> throw new ScenarioException("no built-in scenario '" + name + "' (scenarios: "
				+ String.join(", ", BUILT_IN.keySet()) + ")");
		};
	}

	/**
	 * A FET welded closed: the DSG conducts whatever the AFE is told from t = 10 s of a light discharge (0.2C). From
	 * t = 15 s an overload 1.2 x the discharge overcurrent level (as programmed into the AFE when it enforces it) makes
	 * the BMS open the FETs; from t = 20 s the light load again, which the welded FET keeps feeding. The pack's stuck-FET
	 * row ({@code fet plausibility}) is raised its delay after the firmware has held DSG open over a whole reading.
	 */
	private static Scenario stuckFet(PackIr pack, Ratings r) throws ScenarioException {
		ProtectionIr stuck = pack.protection("fetPlausibility");
		if (stuck == null || stuck.trip() == null) {
			throw new ScenarioException(pack.name() + " has no fet plausibility protection: no stuck-fet scenario");
		}
		AfeIr.CurrentLimit ocd = pack.afe() == null ? null : pack.afe().dischargeOvercurrent();
		ProtectionIr overcurrent = pack.protection("dischargeOvercurrent");
		if (ocd == null && (overcurrent == null || overcurrent.trip() == null)) {
			throw new ScenarioException(pack.name() + " has no discharge overcurrent protection to open the FET: no"
					+ " stuck-fet scenario");
		}
		double overloadA = 1.2 * (ocd != null ? ocd.programmedMa() : overcurrent.trip().level().value()) / 1000.0;
		double lightA = 0.2 * r.oneC;
		return new BuiltIn("stuck-fet", 60) {
			@Override
			public void start(SimulationRun run) {
				run.setLoad(PackLoad.constantCurrent(-lightA));
			}

			@Override
			public void step(SimulationRun run) {
				if (run.once("weld", run.seconds() >= 10)) {
					run.board().plant().setFetStuckClosed(false, true);
					run.note("discharge FET welded closed");
				}
				if (run.once("overload", run.seconds() >= 15)) {
					run.setLoad(PackLoad.constantCurrent(-overloadA));
					run.note(String.format(Locale.ROOT, "overload %.1f A", overloadA));
				}
				if (run.once("light", run.seconds() >= 20)) {
					run.setLoad(PackLoad.constantCurrent(-lightA));
					run.note(String.format(Locale.ROOT, "light load %.2f A again", lightA));
				}
			}

			@Override
			public boolean done(SimulationRun run) {
				return run.secondsSinceFirstFault() > 30;
			}
		};
	}

	/** A pack current profile from a CSV file (see {@link ProfileCsv}), replayed as it is. */
	public static Scenario profile(String label, CurrentProfile profile) {
		return new Scenario() {
			@Override
			public String name() {
				return "profile " + label;
			}

			@Override
			public String description() {
				return "the pack current of " + label + " (positive = charge), as it is";
			}

			@Override
			public double defaultSeconds() {
				return profile.durationMicros() / 1e6;
			}

			@Override
			public void start(SimulationRun run) {
				run.setLoad(PackLoad.profile(profile, run.board().nowMicros()));
			}
		};
	}

	private record Ratings(int cells, double chargeA, double chargeCellV, double continuousA, double oneC,
			double peakA, int parallel) {
		Ratings(PackIr pack) {
			this(pack.cell().seriesCells(),
					pack.control().chargeMa() > 0 ? pack.control().chargeMa() / 1000.0 : pack.cell().packCapacityMah() / 2000.0,
					(pack.cell().maximumMv() - 50) / 1000.0,
					pack.control().continuousMa() > 0 ? pack.control().continuousMa() / 1000.0
							: pack.cell().packCapacityMah() / 1000.0,
					pack.cell().packCapacityMah() / 1000.0,
					pack.control().peakMa() > 0 ? pack.control().peakMa() / 1000.0 : 2 * pack.cell().packCapacityMah() / 1000.0,
					pack.cell().parallelCells());
		}
	}

	private static int level(PackIr pack, String protection, String scenario) throws ScenarioException {
		ProtectionIr p = pack.protection(protection);
		if (p == null || p.trip() == null) {
			throw new ScenarioException(pack.name() + " has no " + protection + " protection: no " + scenario + " scenario");
		}
		return Math.toIntExact(p.trip().level().value());
	}

	private static PackConfig withAmbient(PackConfig p, double celsius) {
		return new PackConfig(p.cells(), p.nominal(), p.capacitySpread(), p.resistanceSpread(), p.initialSoc(),
				p.initialSocSpread(), celsius, p.shuntOhms(), p.fetOnOhms(), p.balancingOhms(), p.thermistorCell(), p.seed(),
				p.stepMicros(), p.thermistor());
	}

	/** A built-in scenario: its name, its description from {@link #BUILT_IN}, its default length. */
	private abstract static class BuiltIn implements Scenario {
		private final String name;
		private final double seconds;

		BuiltIn(String name, double seconds) {
			this.name = name;
			this.seconds = seconds;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public String description() {
			return BUILT_IN.get(name);
		}

		@Override
		public double defaultSeconds() {
			return seconds;
		}
	}

	private interface Start {
		void start(SimulationRun run);
	}

	private interface Done {
		boolean done(SimulationRun run);
	}

	private static Scenario simple(String name, double seconds, Function<PackConfig, PackConfig> adjust, Start start,
			Done done) {
		return new BuiltIn(name, seconds) {
			@Override
			public PackConfig adjust(PackConfig pack) {
				return adjust.apply(pack);
			}

			@Override
			public void start(SimulationRun run) {
				start.start(run);
			}

			@Override
			public boolean done(SimulationRun run) {
				return done.done(run);
			}
		};
	}

	/** Idle for 5 s, then the fault load; over 30 s after the first fault. */
	private static Scenario timedFault(String name, double seconds, Start fault) {
		return new BuiltIn(name, seconds) {
			@Override
			public void start(SimulationRun run) {
				run.setLoad(PackLoad.constantCurrent(0));
			}

			@Override
			public void step(SimulationRun run) {
				if (run.once("fault", run.seconds() >= 5)) {
					fault.start(run);
					run.note(name + " load connected");
				}
			}

			@Override
			public boolean done(SimulationRun run) {
				return run.secondsSinceFirstFault() > 30;
			}
		};
	}

	/**
	 * The README's main job: what the pack is for in one run. A CC-CV charge (as {@code charge}) until it tapers to
	 * C/20, a rest of 2 min, then the measured US06 (as {@code us06}) from where the charge left the pack.
	 */
	private static Scenario showcase(Ratings r, double[][] us06PerCell) {
		Scenario drive = profileScenario("us06", us06PerCell, r);
		return new BuiltIn("showcase", 5 * 3600 + 120 + drive.defaultSeconds()) {
			private double restFrom = -1;
			private double driveFrom = -1;

			@Override
			public PackConfig adjust(PackConfig pack) {
				return pack.withInitialSoc(0.30);
			}

			@Override
			public void start(SimulationRun run) {
				run.setLoad(run.withinLimits(PackLoad.ccCvCharger(r.chargeA, r.cells * r.chargeCellV)));
				run.note("charge: CC-CV " + r.chargeA + " A to " + r.chargeCellV + " V per cell");
			}

			@Override
			public void step(SimulationRun run) {
				if (restFrom < 0 && run.seconds() > 600 && run.plantAmps() < r.chargeA / 20) {
					restFrom = run.seconds();
					run.setLoad(PackLoad.constantCurrent(0));
					run.note("charge tapered below C/20: rest");
				} else if (restFrom >= 0 && driveFrom < 0 && run.seconds() >= restFrom + 120) {
					driveFrom = run.seconds();
					drive.start(run);
					run.note("drive: " + drive.description());
				}
			}

			@Override
			public boolean done(SimulationRun run) {
				return driveFrom >= 0 && run.seconds() >= driveFrom + drive.defaultSeconds();
			}
		};
	}

	/**
	 * A per-cell profile scaled to the pack: x the parallel count, and down so that its peak stays within 90 % of the
	 * pack's peak rating; the drive honours the BMS's current limits, as an inverter reading them from the bus would.
	 */
	private static Scenario profileScenario(String name, double[][] perCell, Ratings r) {
		double peak = 0;
		for (double amps : perCell[1]) {
			peak = Math.max(peak, Math.abs(amps));
		}
		double scale = r.parallel * Math.min(1, 0.9 * r.peakA / (r.parallel * peak));
		CurrentProfile profile = new CurrentProfile(perCell[0], perCell[1], CurrentProfile.Sign.POSITIVE_IS_CHARGE, scale);
		return new BuiltIn(name, profile.durationMicros() / 1e6) {
			@Override
			public String description() {
				return super.description() + String.format(" (x %.2f)", scale);
			}

			@Override
			public void start(SimulationRun run) {
				run.setLoad(run.withinLimits(PackLoad.profile(profile, run.board().nowMicros())));
			}
		};
	}

	/**
	 * Kollmeyer 2018, "Panasonic 18650PF Li-ion Battery Data", doi:10.17632/wykht8y7tg.1, CC BY 4.0: the measured 25 degC
	 * US06 of one NCR18650PF (time, current with negative = discharge; positive = charge as returned).
	 */
	static double[][] measuredUs06(Path data) throws ScenarioException {
		Path file = data.resolve("cells/panasonic-18650pf/csv/25degC_US06_Pan18650PF.csv.gz");
		if (!Files.isRegularFile(file)) {
			throw missing("us06", file);
		}
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
				StandardCharsets.US_ASCII))) {
			return columns(reader, 0, 2, false, file);
		} catch (IOException e) {
			throw new ScenarioException("cannot read " + file + ": " + e.getMessage());
		}
	}

	/** PyBaMM's UDDS per-cell current (BSD-3-Clause; positive = discharge there, charge as returned). */
	static double[][] pybammUdds(Path data) throws ScenarioException {
		Path file = data.resolve("drive-cycles/pybamm/UDDS.csv");
		if (!Files.isRegularFile(file)) {
			throw missing("udds", file);
		}
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
			return columns(new BufferedReader(reader), 0, 1, true, file);
		} catch (IOException e) {
			throw new ScenarioException("cannot read " + file + ": " + e.getMessage());
		}
	}

	private static ScenarioException missing(String scenario, Path file) {
		return new ScenarioException("the " + scenario + " scenario needs the drive-cycle data " + file
				+ ", which is not there: give the data folder with --data DIR (the shared/data folder beside the"
				+ " repository), or replay a profile of your own with --profile CSV");
	}

	private static double[][] columns(BufferedReader reader, int time, int current, boolean negate, Path file)
			throws IOException, ScenarioException {
		List<double[]> rows = new ArrayList<>();
		String line;
		int number = 0;
		while ((line = reader.readLine()) != null) {
			number++;
			if (line.isBlank() || line.startsWith("#") || Character.isLetter(line.charAt(0))) {
				continue;
			}
			String[] fields = line.split(",");
			try {
				double amps = Double.parseDouble(fields[current].trim());
				rows.add(new double[] { Double.parseDouble(fields[time].trim()), negate ? -amps : amps });
			} catch (RuntimeException e) {
				throw new ScenarioException(file + ":" + number + ": not a data row: " + line);
			}
		}
		double[][] columns = new double[2][rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			columns[0][i] = rows.get(i)[0] - rows.get(0)[0];
			columns[1][i] = rows.get(i)[1];
		}
		return columns;
	}
}
