package org.bmsgen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.bmsgen.cli.estimate.Estimation;
import org.bmsgen.cli.simulate.CompiledFirmware;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.Element;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.ModelLoader;
import org.bmsgen.generator.ir.LoadedPacks;
import org.bmsgen.generator.ir.PackIr;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bmsgen estimate MODEL --cell NAME --data DRIVE.csv [--initial-soc X] [--start-at S] [--voltage-offset MV]
 * [--report DIR] [--json]}: the generated SoC filter of the pack (compiled here, as simulate does) over a measured
 * test, against the test's reference SoC, with coulomb counting and an OCV look-up beside it.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = { "Runs the generated SoC estimator (the firmware's own SocEstimator, float32, at the pack's control"
				+ " period) over a measured cell test, fed as the AFE would read it (cell voltage through the BQ76920's"
				+ " cell ADC, current through its coulomb counter, temperature through the NTC, all quantised to their"
				+ " LSBs), and compares it with the reference SoC 1 + Ah / Q (Q: the model's cell capacity).",
				"Prints RMSE, MAE and maximum error in % SoC over the run and after the first 10 minutes, with the same"
						+ " figures for coulomb counting from the same start and for the OCV table looked up at the"
						+ " terminal voltage.",
				"MODEL is a pack model (the pack whose cells are NAME is used) or a file holding only cells (then the"
						+ " reference board applies: BQ76920, 1 mOhm shunt, 250 ms, the reference pack's filter settings).",
				"The data layout is the shared Panasonic data's (Kollmeyer 2018, doi:10.17632/wykht8y7tg.1): a header row"
						+ " with time_s, voltage_V, current_A (negative = discharge), ah_Ah and battery_temp_C; gzip or"
						+ " plain. Several --data files give one line (or JSON object) each." },
		footerHeading = "%nExamples:%n"
				+ "  bmsgen estimate models/smart4s.bms --cell NCR18650PF --data 25degC_US06_Pan18650PF.csv.gz --initial-soc 80%%%n"
				+ "  bmsgen estimate models/cells/panasonic-ncr18650pf.bms --cell NCR18650PF --data US06.csv.gz --json%n"
				+ "  tools/estimation-table.sh   (the table of docs/estimation.md)%n%n"
				+ "Exit codes:%n",
		footer = { "  0  estimated", "  1  the model has errors",
				"  2  wrong usage, no such cell, a data file that cannot be read, or an internal error" })
public final class EstimateCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "MODEL", description = "A pack model, or a file (or folder) holding only cells.")
	private Path model;

	@Option(names = "--cell", paramLabel = "NAME", required = true, description = "The cell type the data was measured on.")
	private String cell;

	@Option(names = "--pack", paramLabel = "NAME", description = "The pack, when several use the cell.")
	private String packName;

	@Option(names = "--data", paramLabel = "CSV", required = true,
			description = "A measured test (repeat for several: one result each).")
	private List<Path> data;

	@Option(names = "--initial-soc", paramLabel = "X",
			description = "The filter's first SoC: a fraction (0.8) or a percentage (80%%); default: from the OCV of the"
					+ " first reading, as the firmware starts.")
	private String initialSoc;

	@Option(names = "--start-at", paramLabel = "SECONDS", defaultValue = "0",
			description = "Start this far into the test (the reference SoC continues from there). Default 0.")
	private double startAt;

	@Option(names = "--voltage-offset", paramLabel = "MV", defaultValue = "0",
			description = "Added to every measured cell voltage before the ADC (a sense offset under study). Default 0.")
	private double voltageOffsetMv;

	@Option(names = "--report", paramLabel = "DIR",
			description = "Also write DIR/<data>.html (SoC estimated vs reference, error and voltage residual plots) and"
					+ " DIR/<data>.csv (the series, one row a period).")
	private Path report;

	@Option(names = "--json", description = "Print the figures as JSON (one object, or an array for several files).")
	private boolean json;

	@Spec
	private CommandSpec spec;

	/** Why {@link #pack(PrintWriter)} found no pack: the model's errors (1) or usage (2). */
	private int failure = ExitCodes.USAGE_OR_IO;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		try {
			return estimate(out, err);
		} finally {
			out.flush();
			err.flush();
		}
	}

	private int estimate(PrintWriter out, PrintWriter err) throws IOException {
		Double initial = null;
		if (initialSoc != null) {
			initial = Estimation.parseSoc(initialSoc);
			if (initial == null) {
				err.println("--initial-soc '" + initialSoc + "': expected a fraction 0..1 (0.8) or a percentage (80%)");
				return ExitCodes.USAGE_OR_IO;
			}
		}
		if (startAt < 0 || !Double.isFinite(startAt)) {
			err.println("--start-at " + startAt + ": expected seconds >= 0");
			return ExitCodes.USAGE_OR_IO;
		}
		if (!Double.isFinite(voltageOffsetMv) || Math.abs(voltageOffsetMv) > 1000) {
			err.println("--voltage-offset " + voltageOffsetMv + ": expected mV within +-1000");
			return ExitCodes.USAGE_OR_IO;
		}
		PackIr pack = pack(err);
		if (pack == null) {
			return failure;
		}
		if (pack.estimators().soc() == null) {
			err.println("pack " + pack.name() + " has no soc block: there is no estimator to run");
			return ExitCodes.USAGE_OR_IO;
		}
		Estimation estimation = new Estimation(pack, initial, startAt, voltageOffsetMv);
		List<Estimation.Result> results = new ArrayList<>();
		try (CompiledFirmware firmware = CompiledFirmware.compile(pack)) {
			for (Path file : data) {
				results.add(estimation.run(firmware, file));
			}
		} catch (CompiledFirmware.CompileException | Estimation.EstimationException e) {
			err.println(e.getMessage());
			return ExitCodes.USAGE_OR_IO;
		}
		if (json) {
			out.println(Estimation.json(results));
		} else {
			out.print(Estimation.text(pack, results));
		}
		if (report != null) {
			try {
				Files.createDirectories(report);
				for (Estimation.Result result : results) {
					Path file = report.resolve(result.run().name().replaceAll("[^A-Za-z0-9.-]+", "_") + ".html");
					AtomicFile.replace(file, Estimation.html(pack, result).getBytes(StandardCharsets.UTF_8));
					AtomicFile.replace(report.resolve(file.getFileName().toString().replaceFirst("\\.html$", ".csv")),
							Estimation.csv(result).getBytes(StandardCharsets.UTF_8));
					if (!json) {
						out.println("report: " + file);
					}
				}
			} catch (IOException e) {
				err.println("cannot write the report into " + report + ": " + GenerateCommand.describe(e));
				return ExitCodes.USAGE_OR_IO;
			}
		}
		return ExitCodes.OK;
	}

	/** The pack to run: one of MODEL's packs built of the cell, or the reference board around it. Null: reported. */
	private PackIr pack(PrintWriter err) throws IOException {
		FileArguments arguments = FileArguments.expand(List.of(model));
		if (!arguments.problems().isEmpty()) {
			arguments.problems().forEach(problem -> err.println(problem.format()));
			return null;
		}
		ModelLoader loader = new ModelLoader();
		ModelLoader.LoadedModels loaded = loader.load(arguments.files());
		if (!checked(loaded, err)) {
			return null;
		}
		Cell found = null;
		for (Model m : loaded.allModels()) {
			for (Element element : m.getElements()) {
				if (element instanceof Cell c && cell.equals(c.getName())) {
					found = c;
				}
			}
		}
		String shown = Files.isDirectory(model) ? model.toString() : arguments.files().get(0).displayPath();
		if (found == null) {
			List<String> cells = new ArrayList<>();
			loaded.allModels().forEach(m -> m.getElements().stream().filter(Cell.class::isInstance)
					.map(e -> ((Cell) e).getName()).forEach(cells::add));
			err.println("no cell " + cell + " in " + shown + (cells.isEmpty() ? " (it defines no cell)"
					: " (cells: " + String.join(", ", cells) + ")"));
			return null;
		}
		List<Pack> packs = GenerateCommand.packsOf(loaded.models());
		LoadedPacks lowered = new LoadedPacks(packs, loaded, null);
		List<PackIr> candidates = new ArrayList<>();
		for (Pack p : packs) {
			if (packName != null && !packName.equals(p.getName())) {
				continue;
			}
			LoadedPacks.Result result = lowered.ir(p.getName());
			if (!result.succeeded()) {
				result.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> err.println(d.format()));
				err.println(p.getName() + " cannot be generated: nothing estimated");
				failure = ExitCodes.MODEL_ERRORS;
				return null;
			}
			if (result.ir().cell().name().equals(cell)) {
				candidates.add(result.ir());
			}
		}
		if (packName != null && candidates.isEmpty()) {
			err.println("no pack " + packName + " of cell " + cell + " in " + shown);
			return null;
		}
		if (candidates.size() > 1) {
			err.println(shown + " has " + candidates.size() + " packs of cell " + cell + " ("
					+ String.join(", ", candidates.stream().map(PackIr::name).toList()) + "): choose one with --pack NAME");
			return null;
		}
		if (candidates.size() == 1) {
			return candidates.get(0);
		}
		// only cells (or packs of other cells): the reference board around the cell
		Path cellFile = Path.of(found.eResource().getURI().toFileString()).toAbsolutePath().normalize();
		Path virtual = cellFile.resolveSibling(".bmsgen-estimate-" + cell + ".bms");
		String text = org.bmsgen.cli.estimate.Estimation.referenceBoard(cellFile.getFileName().toString(), cell);
		ModelLoader.LoadedModels board = loader.load(new ModelFile(virtual, "reference board of " + cell),
				text.getBytes(StandardCharsets.UTF_8));
		if (!checked(board, err)) {
			return null;
		}
		List<Pack> boardPacks = GenerateCommand.packsOf(board.models());
		LoadedPacks.Result result = new LoadedPacks(boardPacks, board, null).ir(boardPacks.get(0).getName());
		if (!result.succeeded()) {
			result.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> err.println(d.format()));
			err.println("the reference board around " + cell + " cannot be generated: nothing estimated");
			return null;
		}
		return result.ir();
	}

	private boolean checked(ModelLoader.LoadedModels loaded, PrintWriter err) {
		CheckReport checks = CheckReport.of(loaded);
		loaded.problems().stream().filter(Diagnostic::isError).forEach(problem -> err.println(problem.format()));
		if (loaded.hasErrors() || checks.exitCode() != ExitCodes.OK) {
			err.println(checks.summary() + ": nothing estimated");
			failure = checks.exitCode() == ExitCodes.OK ? ExitCodes.MODEL_ERRORS : checks.exitCode();
			return false;
		}
		return true;
	}
}
