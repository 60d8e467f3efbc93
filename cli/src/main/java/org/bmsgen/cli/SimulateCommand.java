package org.bmsgen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsgen.cli.simulate.CompiledFirmware;
import org.bmsgen.cli.simulate.HtmlReport;
import org.bmsgen.cli.simulate.ProfileCsv;
import org.bmsgen.cli.simulate.Scenario;
import org.bmsgen.cli.simulate.Scenarios;
import org.bmsgen.cli.simulate.SimulationRun;
import org.bmsgen.cli.simulate.Simulator;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelLoader;
import org.bmsgen.generator.harness.BoardSpec;
import org.bmsgen.generator.ir.LoadedPacks;
import org.bmsgen.generator.ir.PackIr;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bmsgen simulate MODEL [--pack NAME] --scenario NAME|--profile CSV [--duration D] [--seed N] [--report DIR]}:
 * the pack's generated firmware, compiled here, on the pack's simulated board through a scenario.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = { "Runs a pack's generated STM32 and ESP32 firmware on the pack's simulated board (the cells, AFE,"
				+ " shunt, FETs and thermistor of the model) through a built-in scenario or a current profile, and prints"
				+ " what happened: faults raised and released with their times, FET actions, state changes, the SoC"
				+ " filter's error against the simulated cells, energy in and out, balancing time.",
				"The firmware is generated in memory and compiled with the JDK's compiler (--release 7 against the"
						+ " platform), as the firmware profile builds it; bmsgen needs a JDK for this command.",
				"Scenarios: " + "charge, discharge, us06, udds, overvoltage, undervoltage, overcurrent, short-circuit,"
						+ " overtemperature, imbalance, open-wire, i2c-noise, stuck-fet (see 'Scenarios' below)." },
		footerHeading = "%nExamples:%n  bmsgen simulate models/smart4s.bms --scenario us06 --report out%n"
				+ "  bmsgen simulate models --pack Smart3SLfp --scenario charge --duration 2h%n"
				+ "  bmsgen simulate models/smart4s.bms --profile load.csv   (rows 'time_s,current_A', + = charge)%n%n"
				+ "Exit codes:%n",
		footer = { "  0  simulated (whatever the firmware did: faults are outcomes, not errors)",
				"  1  the model has errors", "  2  wrong usage, an unknown pack or scenario, a profile or data file that",
				"     cannot be read, a pack the simulated board cannot stand for, or an internal error" })
public final class SimulateCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "MODEL|FOLDER", description = "The model file, or a folder of .bms files.")
	private Path model;

	@Option(names = "--pack", paramLabel = "NAME", description = "The pack to simulate (needed when there are several).")
	private String packName;

	@ArgGroup(exclusive = true, multiplicity = "1")
	private What what;

	static final class What {
		@Option(names = "--scenario", paramLabel = "NAME", description = "A built-in scenario.")
		String scenario;

		@Option(names = "--profile", paramLabel = "CSV",
				description = "A pack current profile: rows 'time_s,current_A', positive current charges; '#' comments"
						+ " and one header line are skipped.")
		Path profile;
	}

	@Option(names = "--duration", paramLabel = "D",
			description = "Simulated time, e.g. 600, 600s, 10min, 2h (default: the scenario's; a scenario may end earlier"
					+ " once it has shown its outcome).")
	private String duration;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the board (cell spread, noise). Default 1.")
	private long seed;

	@Option(names = "--report", paramLabel = "DIR", description = "Also write DIR/<pack>-<scenario>.html with plots.")
	private Path report;

	@Option(names = "--data", paramLabel = "DIR",
			description = "The data folder of the us06 and udds drive cycles (default: shared/data found beside or above"
					+ " the current folder).")
	private Path data;

	@Spec
	private CommandSpec spec;

	private static final Pattern DURATION = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(s|min|h)?\\s*");

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		try {
			return simulate(out, err);
		} finally {
			out.flush();
			err.flush();
		}
	}

	private int simulate(PrintWriter out, PrintWriter err) throws IOException {
		Double seconds = null;
		if (duration != null) {
			Matcher m = DURATION.matcher(duration);
			if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
				err.println("--duration '" + duration + "': expected a positive number of seconds, optionally with s, min"
						+ " or h (600, 600s, 10min, 2h)");
				return ExitCodes.USAGE_OR_IO;
			}
			double factor = m.group(2) == null || m.group(2).equals("s") ? 1 : m.group(2).equals("min") ? 60 : 3600;
			seconds = Double.parseDouble(m.group(1)) * factor;
		}
		boolean folderArgument = Files.isDirectory(model);
		FileArguments arguments = FileArguments.expand(List.of(model));
		if (!arguments.problems().isEmpty()) {
			arguments.problems().forEach(problem -> err.println(problem.format()));
			return ExitCodes.USAGE_OR_IO;
		}
		ModelLoader.LoadedModels loaded = new ModelLoader().load(arguments.files());
		CheckReport checks = CheckReport.of(loaded);
		loaded.problems().stream().filter(p -> p.isError()).forEach(problem -> err.println(problem.format()));
		if (loaded.hasErrors() || checks.exitCode() != ExitCodes.OK) {
			err.println(checks.summary() + ": nothing simulated");
			return checks.exitCode() == ExitCodes.OK ? ExitCodes.MODEL_ERRORS : checks.exitCode();
		}
		List<Pack> packs = GenerateCommand.packsOf(loaded.models());
		String shown = folderArgument ? model.toString() : arguments.files().get(0).displayPath();
		List<String> names = packs.stream().map(Pack::getName).distinct().toList();
		if (names.isEmpty()) {
			err.println(shown + " defines no pack: nothing to simulate");
			return ExitCodes.USAGE_OR_IO;
		}
		String chosen = packName;
		if (chosen == null) {
			if (names.size() > 1) {
				err.println(shown + " defines " + names.size() + " packs (" + String.join(", ", names)
						+ "): choose one with --pack NAME");
				return ExitCodes.USAGE_OR_IO;
			}
			chosen = names.get(0);
		} else if (!names.contains(chosen)) {
			err.println("no pack " + chosen + " in " + shown + " (packs: " + String.join(", ", names) + ")");
			return ExitCodes.USAGE_OR_IO;
		}
		LoadedPacks lowered = new LoadedPacks(packs, loaded, null);
		LoadedPacks.Result result = lowered.ir(chosen);
		if (!result.succeeded()) {
			result.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> err.println(d.format()));
			err.println(chosen + " cannot be generated: nothing simulated");
			return ExitCodes.MODEL_ERRORS;
		}
		PackIr pack = result.ir();
		BoardSpec board;
		try {
			board = BoardSpec.of(pack);
		} catch (BoardSpec.UnsupportedPackException e) {
			err.println("cannot simulate " + e.getMessage());
			return ExitCodes.USAGE_OR_IO;
		}
		Scenario scenario;
		try {
			if (what.scenario != null) {
				scenario = Scenarios.builtIn(what.scenario, pack, data != null ? data : Simulator.findDataFolder());
			} else {
				scenario = Scenarios.profile(what.profile.toString(), ProfileCsv.read(what.profile));
			}
		} catch (Scenarios.ScenarioException | ProfileCsv.ProfileException e) {
			err.println(e.getMessage());
			return ExitCodes.USAGE_OR_IO;
		} catch (IOException e) {
			err.println("cannot read the profile " + what.profile + ": " + GenerateCommand.describe(e));
			return ExitCodes.USAGE_OR_IO;
		}
		double runSeconds = seconds != null ? seconds : scenario.defaultSeconds();
		long started = System.nanoTime();
		SimulationRun run;
		try (CompiledFirmware firmware = CompiledFirmware.compile(pack)) {
			run = Simulator.run(pack, board, seed, scenario, firmware, runSeconds);
		} catch (CompiledFirmware.CompileException e) {
			err.println(e.getMessage());
			return ExitCodes.USAGE_OR_IO;
		}
		double wall = (System.nanoTime() - started) / 1e9;
		String summary = Simulator.summary(run, scenario, seed, wall);
		out.print(summary);
		if (report != null) {
			String file = chosen + "-" + scenario.name().replaceAll("[^A-Za-z0-9.-]+", "_") + ".html";
			try {
				Files.createDirectories(report);
				AtomicFile.replace(report.resolve(file), HtmlReport.render(run, "bmsgen simulate: " + chosen + ", "
						+ scenario.name(), summary).getBytes(StandardCharsets.UTF_8));
			} catch (IOException e) {
				err.println("cannot write the report into " + report + ": " + GenerateCommand.describe(e));
				return ExitCodes.USAGE_OR_IO;
			}
			out.println("report: " + report.resolve(file));
		}
		return ExitCodes.OK;
	}

	static String format(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}
}
