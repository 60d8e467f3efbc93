package org.bmsgen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsgen.characterisation.data.MeasuredCsv;
import org.bmsgen.characterisation.data.MeasuredData;
import org.bmsgen.characterisation.data.MeasuredDataException;
import org.bmsgen.characterisation.fit.CellDefinitionWriter;
import org.bmsgen.characterisation.fit.CellRatings;
import org.bmsgen.characterisation.fit.HppcFit;
import org.bmsgen.characterisation.fit.OcvFit;
import org.bmsgen.characterisation.fit.OpenLoopCheck;
import org.bmsgen.dsl.formatting2.BmsFormatting;
import org.bmsgen.dsl.loading.BmsLanguage;
import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.ModelLoader;

import com.google.inject.Injector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bmsgen fit-cell --ocv C20.csv --hppc HPPC.csv [--ocv-at TEMP=FILE ...] [--name N] [--ratings-from FILE] -o
 * FILE.bms}: a cell definition fitted from lab tests (org.bmsgen.characterisation, docs/characterisation.md).
 */
@Command(name = "fit-cell", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = { "Fits a cell definition from lab tests in the measured CSV layout (time_s, voltage_V, current_A"
				+ " with discharge negative, ah_Ah, battery_temp_C/chamber_temp_C; .csv or .csv.gz): the capacity and"
				+ " OCV(SoC) from a slow (C/20) discharge, R0 and two RC pairs over SoC from a pulse (HPPC) test. Prints"
				+ " the fit's voltage error on its own data and writes the cell as a checked, formatted .bms file.",
				"Ratings the data does not give (chemistry, voltage window, currents, temperature ranges, thermal, spread)"
						+ " are kept from --ratings-from, comments included; without it the file says what to add.",
				"A file that fit-cell did not write (no '" + CellRatings.MARKER + "' first line) is not overwritten"
						+ " without --force." },
		footerHeading = "%nExample (the reference cell, from the shared data's csv folder):%n"
				+ "  bmsgen fit-cell --ocv C20_OCV_Test_C20_25dC.csv.gz \\%n"
				+ "      --hppc 25degC_5Pulse_HPPC_Pan18650PF.csv.gz \\%n"
				+ "      --ratings-from models/cells/panasonic-ncr18650pf.bms \\%n"
				+ "      -o models/cells/panasonic-ncr18650pf.bms%n%nExit codes:%n",
		footer = { "  0  fitted and written",
				"  1  the cell definition would have errors (in the ratings file, or from",
				"     the fit): nothing written",
				"  2  wrong usage, a data file that cannot be read or fitted (the message",
				"     names file and line), an output file fit-cell did not write (without",
				"     --force), or an internal error" })
public final class FitCellCommand implements Callable<Integer> {

	private static final Pattern OCV_AT = Pattern.compile("\\s*(-?[0-9]+)\\s*(degC)?\\s*=(.+)");
	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	@Option(names = "--ocv", required = true, paramLabel = "FILE",
			description = "The C/20 test: a slow discharge from full to the cut-off voltage (a charge after it is"
					+ " compared, not used). Its capacity is the cell's, its temperature column names the table's.")
	private Path ocvFile;

	@Option(names = "--hppc", required = true, paramLabel = "FILE",
			description = "The pulse test, starting fully charged: per SoC set point, discharge pulses (<= 60 s, >= C/10),"
					+ " each followed by a rest; the RC pairs need two rests of 600 s or more per set point.")
	private Path hppcFile;

	@Option(names = "--ocv-at", paramLabel = "TEMP=FILE",
			description = "A C/20 test at another temperature, e.g. 10=C20_10degC.csv (degC; repeatable): one more OCV table.")
	private List<String> ocvAt = new ArrayList<>();

	@Option(names = "--name", paramLabel = "N", description = "The cell's name (default: the ratings file's cell).")
	private String name;

	@Option(names = "--ratings-from", paramLabel = "FILE",
			description = "A .bms file defining the cell (may be the output file itself): its ratings are kept.")
	private Path ratingsFile;

	@Option(names = { "-o", "--output" }, required = true, paramLabel = "FILE.bms", description = "The file to write.")
	private Path output;

	@Option(names = "--force", description = "Overwrite an output file that fit-cell did not write.")
	private boolean force;

	@Option(names = "--check-on", paramLabel = "DRIVE.csv",
			description = "A measured drive cycle starting fully charged (repeatable): the fitted cell is run over it open"
					+ " loop (SoC by Ah counting) and its voltage error printed; the written file does not change.")
	private List<Path> checkOn = new ArrayList<>();

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		try {
			return run(out, err);
		} catch (MeasuredDataException e) {
			err.println("error: " + e.getMessage());
			return ExitCodes.USAGE_OR_IO;
		} catch (NoSuchFileException e) {
			err.println("error: " + e.getFile() + ": no such file");
			return ExitCodes.USAGE_OR_IO;
		} catch (IOException e) {
			err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
			return ExitCodes.USAGE_OR_IO;
		} finally {
			out.flush();
			err.flush();
		}
	}

	private int run(PrintWriter out, PrintWriter err) throws IOException, MeasuredDataException {
		if (name != null && !NAME.matcher(name).matches()) {
			throw new ParameterException(spec.commandLine(), "--name " + name + ": a cell's name is a letter or '_'"
					+ " followed by letters, digits and '_'");
		}
		// the ratings first: a bad ratings file is cheaper to report than a fit
		CellRatings ratings = null;
		Injector injector = null;
		if (ratingsFile != null) {
			injector = BmsLanguage.injector();
			ModelLoader.LoadedModels loaded = new ModelLoader(injector).load(List.of(ModelFile.of(ratingsFile)));
			if (!loaded.ioProblems().isEmpty()) {
				loaded.ioProblems().forEach(problem -> err.println(problem.format()));
				return ExitCodes.USAGE_OR_IO;
			}
			if (loaded.hasErrors()) {
				loaded.errors().forEach(problem -> err.println(problem.format()));
				err.println(ratingsFile + ": the ratings file has errors: nothing written");
				return ExitCodes.MODEL_ERRORS;
			}
			try {
				ratings = CellRatings.of(Files.readString(ratingsFile, StandardCharsets.UTF_8), name);
			} catch (CellRatings.RatingsException e) {
				throw new ParameterException(spec.commandLine(), "--ratings-from " + ratingsFile + ": " + e.getMessage());
			}
		}
		String cellName = name != null ? name : ratings != null ? ratings.name() : null;
		if (cellName == null) {
			throw new ParameterException(spec.commandLine(), "the cell needs a name: give --name N (or --ratings-from FILE)");
		}
		String refusal = refusal(output);
		if (refusal != null) {
			err.println("error: " + refusal);
			return ExitCodes.USAGE_OR_IO;
		}

		List<OcvFit.Result> ocvTables = new ArrayList<>();
		OcvFit.Result main = OcvFit.fit(MeasuredCsv.read(ocvFile, ocvFile.toString()), null);
		ocvTables.add(main);
		List<String> ocvAtNames = new ArrayList<>();
		for (String argument : ocvAt) {
			Matcher matcher = OCV_AT.matcher(argument);
			if (!matcher.matches()) {
				throw new ParameterException(spec.commandLine(), "--ocv-at " + argument + ": expected TEMP=FILE, e.g. 10=C20_10degC.csv");
			}
			int degC = Integer.parseInt(matcher.group(1));
			Path file = Path.of(matcher.group(3).trim());
			for (OcvFit.Result table : ocvTables) {
				if (table.degC() == degC) {
					throw new ParameterException(spec.commandLine(), "--ocv-at " + argument + ": there is already an OCV table at "
							+ degC + " degC (from " + table.file() + ")");
				}
			}
			ocvTables.add(OcvFit.fit(MeasuredCsv.read(file, file.toString()), degC));
			ocvAtNames.add(degC + "=" + file.getFileName());
		}
		MeasuredData pulses = MeasuredCsv.read(hppcFile, hppcFile.toString());
		OcvFit.Result axis = main;
		double pulseDegC = pulses.testDegC(0, pulses.size() - 1);
		for (OcvFit.Result table : ocvTables) {
			if (!Double.isNaN(pulseDegC) && Math.abs(table.degC() - pulseDegC) < Math.abs(axis.degC() - pulseDegC)) {
				axis = table;
			}
		}
		HppcFit.Result hppc = HppcFit.fit(pulses, axis, 1.0);
		List<OpenLoopCheck.Result> openLoop = new ArrayList<>();
		for (Path drive : checkOn) {
			openLoop.add(OpenLoopCheck.run(MeasuredCsv.read(drive, drive.toString()), axis, hppc.table()));
		}

		String text = CellDefinitionWriter.write(cellName,
				new CellDefinitionWriter.Inputs(ocvFile, ocvAtNames, hppcFile, ratingsFile), ratings, ocvTables, hppc);
		if (injector == null) {
			injector = BmsLanguage.injector();
		}
		ModelFile target = ModelFile.of(output);
		ModelLoader loader = new ModelLoader(injector);
		ModelLoader.ParsedFile parsed = loader.parse(target, text.getBytes(StandardCharsets.UTF_8));
		if (parsed.resource() == null || !parsed.syntaxErrors().isEmpty()) {
			parsed.syntaxErrors().forEach(problem -> err.println(problem.format()));
			err.println("internal error: fit-cell wrote a cell definition the parser refuses: nothing written; please report this");
			return ExitCodes.USAGE_OR_IO;
		}
		String formatted;
		try {
			formatted = injector.getInstance(BmsFormatting.class).format(parsed.resource());
		} catch (BmsFormatting.UnformattableException e) {
			err.println(output + ":" + e.line() + ": error: " + e.getMessage());
			return ExitCodes.MODEL_ERRORS;
		}
		ModelLoader.LoadedModels checked = loader.load(target, formatted.getBytes(StandardCharsets.UTF_8));
		List<Diagnostic> problems = checked.problems();
		problems.forEach(problem -> err.println(problem.format()));
		if (checked.hasErrors()) {
			err.println(output + ": the fitted cell definition has errors (above): nothing written");
			return ExitCodes.MODEL_ERRORS;
		}

		report(out, ocvTables, hppc);
		for (OpenLoopCheck.Result check : openLoop) {
			out.printf(Locale.ROOT, "Open loop over %s (%d samples, from full to %.1f %% SoC): %.1f mV RMS (%.1f above 20 %%"
					+ " SoC), %.0f mV max%n", check.file(), check.samples(), check.endSoc() * 100, check.rmsV() * 1000,
					check.aboveTwentyPercentRmsV() * 1000, check.maxV() * 1000);
		}
		AtomicFile.replace(output, formatted.getBytes(StandardCharsets.UTF_8));
		out.println("wrote " + output);
		return ExitCodes.OK;
	}

	/** Why the output must not be written, or null: a file that fit-cell did not write, without --force. */
	private String refusal(Path file) throws IOException {
		if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
			Path parent = file.toAbsolutePath().getParent();
			return parent != null && !Files.isDirectory(parent) ? file + ": the folder " + parent + " does not exist" : null;
		}
		if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			return file + " exists and is not a regular file: choose another output file";
		}
		if (force) {
			return null;
		}
		String first;
		try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
			first = lines.findFirst().orElse("");
		} catch (java.io.UncheckedIOException e) {
			first = "";
		}
		if (first.startsWith("\uFEFF")) {
			first = first.substring(1);
		}
		return first.startsWith(CellRatings.MARKER) ? null
				: file + " exists and fit-cell did not write it (its first line is not '" + CellRatings.MARKER
						+ "...'): nothing written; give --force to replace it (with --ratings-from " + file
						+ " to keep its ratings)";
	}

	private static void report(PrintWriter out, List<OcvFit.Result> ocvTables, HppcFit.Result hppc) {
		for (OcvFit.Result ocv : ocvTables) {
			out.printf(Locale.ROOT, "OCV at %d degC from %s: capacity %.4f Ah (C/%.0f discharge, %.3f A, %.1f degC mean),"
					+ " %d samples to %.3f V%n", ocv.degC(), ocv.file(), ocv.capacityAh(), ocv.capacityAh() / ocv.currentA(),
					ocv.currentA(), ocv.measuredDegC(), ocv.samples(), ocv.endVolts());
			out.printf(Locale.ROOT, "  table (%d points) against the measured discharge: %.1f mV RMS, %.1f mV max (at %.2f %%)%n",
					ocv.soc().length, ocv.rmsErrorV() * 1000, ocv.maxErrorV() * 1000, ocv.maxErrorSoc() * 100);
			if (ocv.chargeBranch() != null) {
				OcvFit.ChargeBranch charge = ocv.chargeBranch();
				out.printf(Locale.ROOT, "  charge branch (%.1f-%.1f %%): %.0f to %.0f mV above the discharge branch, %.0f mV mean"
						+ " (not used: hysteresis; docs/characterisation.md)%n", charge.socFrom() * 100, charge.socTo() * 100,
						charge.minGapV() * 1000, charge.maxGapV() * 1000, charge.meanGapV() * 1000);
			}
			ocv.warnings().forEach(warning -> out.println("  warning: " + warning));
		}
		out.printf(Locale.ROOT, "ECM at %d degC from %s: %d set points, %d fitted%s%n", hppc.degC(), hppc.file(),
				hppc.setPoints().size(), hppc.table().size(),
				hppc.chargePulses() > 0 ? " (" + hppc.chargePulses() + " charge pulses not used)" : "");
		out.println("   SoC %  pulses   R0 mOhm  R1 mOhm  tau1 s    C1 F  R2 mOhm  tau2 s    C2 F  relax mV |  error mV RMS:"
				+ " all  load  rest   max");
		for (int i = 0; i < hppc.setPoints().size(); i++) {
			HppcFit.SetPoint s = hppc.setPoints().get(i);
			HppcFit.SetError e = hppc.errors().get(i);
			String fit = s.fitted()
					? String.format(Locale.ROOT, "%9.1f %8.1f %7.2f %7.0f %8.1f %7.1f %7.0f %9.2f", s.r0() * 1000,
							s.r1() * 1000, s.tau1(), s.tau1() / s.r1(), s.r2() * 1000, s.tau2(), s.tau2() / s.r2(),
							s.relaxationRmsV() * 1000)
					: String.format(Locale.ROOT, "  %-72s", "not fitted: " + s.skipped());
			out.printf(Locale.ROOT, "  %6.1f %7d %s | %18.1f %5.1f %5.1f %5.0f%n", s.soc() * 100, s.pulses().size(), fit,
					e.rmsV() * 1000, e.loadedRmsV() * 1000, e.restRmsV() * 1000, e.maxV() * 1000);
		}
		out.printf(Locale.ROOT, "  whole test: %.1f mV RMS, %.0f mV max; under load %.1f mV RMS, at rest %.1f mV RMS%n",
				hppc.rmsV() * 1000, hppc.maxV() * 1000, hppc.loadedRmsV() * 1000, hppc.restRmsV() * 1000);
		out.printf(Locale.ROOT, "  OCV table against the rest voltages before the set points: %.1f mV RMS%n",
				hppc.restOffsetRmsV() * 1000);
		hppc.warnings().forEach(warning -> out.println("  warning: " + warning));
	}
}
