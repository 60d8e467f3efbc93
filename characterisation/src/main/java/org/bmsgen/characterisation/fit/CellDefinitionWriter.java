package org.bmsgen.characterisation.fit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes the cell definition of a fit in the .bms language: fit-cell's marker line, the ratings (kept from an existing
 * file, or a note that they are missing), the capacity, one OCV table per temperature, the ECM tables, each with a
 * comment that names the input file, the method and the fit errors. The text is laid out as {@code bmsgen format}
 * lays it out; the command formats it with the language's formatter anyway and checks it before writing.
 * <p>
 * The output depends on the inputs' file names, not their folders, and holds no date or version: fitting the same
 * files again gives the same bytes, which is how the repository's cell file is kept reproducible.
 */
public final class CellDefinitionWriter {

	private static final int WIDTH = 118;

	private CellDefinitionWriter() {
	}

	/**
	 * The fit's inputs as the output's comments name them.
	 *
	 * @param ocvFile the C/20 test
	 * @param ocvAtFiles further C/20 tests with the temperature they are filed under, as {@code TEMP=FILE}
	 * @param hppcFile the pulse test
	 * @param ratingsFile the file the ratings come from, or null
	 */
	public record Inputs(Path ocvFile, List<String> ocvAtFiles, Path hppcFile, Path ratingsFile) {
	}

	/**
	 * The cell definition.
	 *
	 * @param name the cell's name
	 * @param inputs the input files (for the comments)
	 * @param ratings the ratings to keep, or null
	 * @param ocv the OCV tables, the first from the main C/20 test (its capacity is the cell's)
	 * @param hppc the ECM fit
	 */
	public static String write(String name, Inputs inputs, CellRatings ratings, List<OcvFit.Result> ocv,
			HppcFit.Result hppc) {
		OcvFit.Result main = ocv.get(0);
		StringBuilder out = new StringBuilder();
		StringBuilder command = new StringBuilder("bmsgen fit-cell --ocv " + fileName(inputs.ocvFile()));
		for (String ocvAt : inputs.ocvAtFiles()) {
			command.append(" --ocv-at ").append(ocvAt);
		}
		command.append(" --hppc ").append(fileName(inputs.hppcFile()));
		if (inputs.ratingsFile() != null) {
			command.append(" --ratings-from ").append(fileName(inputs.ratingsFile()));
		}
		out.append(CellRatings.MARKER).append(": the capacity, ocv and ecm are fitted, the rest comes from the")
				.append(inputs.ratingsFile() == null ? " user" : " ratings file").append(".\n");
		out.append(comment(List.of("- " + CellRatings.RERUN + " " + command + "."), "").replace("\n//   ", "\n" + CellRatings.RERUN_CONTINUED));
		if (ratings != null && !ratings.header().isEmpty()) {
			out.append(ratings.header()).append('\n');
		}
		out.append("cell ").append(name).append(" {\n");
		if (ratings != null) {
			for (String statement : ratings.leading()) {
				out.append(indent(statement));
			}
			out.append('\n');
		}

		List<String> capacity = new ArrayList<>();
		if (ratings == null) {
			capacity.add("TODO ratings: chemistry, manufacturer, source, voltage window, currents and temperature ranges"
					+ " are not in the data; add them from the product sheet, or rerun with --ratings-from FILE.");
		}
		capacity.add("FITTED: the C/20 discharge capacity of " + fileName(inputs.ocvFile()) + " (" + f(main.currentA(), 3)
				+ " A, " + main.degC() + " degC, from full to " + f(main.endVolts(), 3) + " V), the SoC axis of every"
				+ " table below; it is not the rated capacity, which faster discharges do not reach.");
		out.append(comment(capacity, "\t"));
		out.append("\tcapacity ").append(f(main.capacityAh(), 3)).append(" Ah\n");

		List<OcvFit.Result> byTemperature = new ArrayList<>(ocv);
		byTemperature.sort(Comparator.comparingInt(OcvFit.Result::degC));
		for (OcvFit.Result table : byTemperature) {
			out.append('\n').append(comment(ocvComment(table, table == main ? inputs.ocvFile().getFileName().toString()
					: Path.of(table.file()).getFileName().toString()), "\t"));
			out.append("\tocv at ").append(table.degC()).append(" degC {\n");
			List<String> points = new ArrayList<>();
			for (int i = 0; i < table.soc().length; i++) {
				points.add(percent(table.soc()[i]) + ": " + f(table.volts()[i], 3) + " V");
			}
			out.append(tablePoints(points, 6)).append("\t}\n");
		}

		out.append('\n').append(comment(ecmComment(hppc, main, fileName(inputs.hppcFile())), "\t"));
		EcmTable t = hppc.table();
		out.append("\tecm at ").append(hppc.degC()).append(" degC {\n");
		ecmRow(out, "r0", t.soc(), t.r0(), true);
		ecmRow(out, "r1", t.soc(), t.r1(), true);
		ecmRow(out, "c1", t.soc(), t.c1(), false);
		ecmRow(out, "r2", t.soc(), t.r2(), true);
		ecmRow(out, "c2", t.soc(), t.c2(), false);
		out.append("\t}\n");
		if (ratings != null) {
			for (String statement : ratings.trailing()) {
				out.append('\n').append(indent(statement));
			}
		}
		out.append("}\n");
		return out.toString();
	}

	private static List<String> ocvComment(OcvFit.Result ocv, String file) {
		List<String> lines = new ArrayList<>();
		StringBuilder first = new StringBuilder("FITTED from " + file + ": the C/20 discharge (" + f(ocv.currentA(), 3)
				+ " A, " + f(ocv.measuredDegC(), 1) + " degC mean, " + ocv.samples() + " samples), SoC = 1 - Ah / "
				+ f(ocv.capacityAh(), 4) + " Ah. The discharge branch as measured, C/20 IR drop (~" + f(ocv.currentA() * 30, 0)
				+ " mV) included");
		if (ocv.chargeBranch() != null) {
			OcvFit.ChargeBranch charge = ocv.chargeBranch();
			first.append(": the test's C/20 charge branch lies ").append(f(charge.minGapV() * 1000, 0)).append('-')
					.append(f(charge.maxGapV() * 1000, 0)).append(" mV above it (").append(f(charge.socFrom() * 100, 1))
					.append(" % to ").append(f(charge.socTo() * 100, 1)).append(" %), hysteresis that a discharged cell does not see");
		}
		first.append(" (docs/characterisation.md).");
		lines.add(first.toString());
		lines.add("Table against the measured curve: " + f(ocv.rmsErrorV() * 1000, 1) + " mV RMS, "
				+ f(ocv.maxErrorV() * 1000, 0) + " mV at most (at " + percent(ocv.maxErrorSoc()) + ")"
				+ (ocv.raised() > 0 ? "; " + ocv.raised() + " points raised to the one before so it never falls" : "")
				+ ".");
		return lines;
	}

	private static List<String> ecmComment(HppcFit.Result hppc, OcvFit.Result main, String file) {
		List<HppcFit.SetPoint> fitted = hppc.setPoints().stream().filter(HppcFit.SetPoint::fitted).toList();
		double minAmps = Double.POSITIVE_INFINITY;
		double maxAmps = 0;
		int minPulses = Integer.MAX_VALUE;
		int maxPulses = 0;
		double rawMin = Double.POSITIVE_INFINITY;
		double rawMax = 0;
		double relaxMin = Double.POSITIVE_INFINITY;
		double relaxMax = 0;
		for (HppcFit.SetPoint s : fitted) {
			for (HppcFit.Pulse p : s.pulses()) {
				minAmps = Math.min(minAmps, p.amps());
				maxAmps = Math.max(maxAmps, p.amps());
			}
			minPulses = Math.min(minPulses, s.pulses().size());
			maxPulses = Math.max(maxPulses, s.pulses().size());
			if (!Double.isNaN(s.rawR0Min())) {
				rawMin = Math.min(rawMin, s.rawR0Min());
				rawMax = Math.max(rawMax, s.rawR0Max());
			}
			relaxMin = Math.min(relaxMin, s.relaxationRmsV());
			relaxMax = Math.max(relaxMax, s.relaxationRmsV());
		}
		double loadedMin = hppc.errors().stream().mapToDouble(HppcFit.SetError::loadedRmsV).filter(x -> !Double.isNaN(x))
				.min().orElse(Double.NaN);
		double loadedMax = hppc.errors().stream().mapToDouble(HppcFit.SetError::loadedRmsV).filter(x -> !Double.isNaN(x))
				.max().orElse(Double.NaN);
		List<String> lines = new ArrayList<>();
		lines.add("FITTED from " + file + " (pulse test, " + f(hppc.measuredDegC(), 1) + " degC mean"
				+ (Double.isNaN(hppc.cellDegCMin()) ? "" : ", cell " + f(hppc.cellDegCMin(), 1) + "-" + f(hppc.cellDegCMax(), 1)
						+ " degC")
				+ "): " + fitted.size() + " SoC set points with " + range(minPulses, maxPulses) + " discharge pulses each ("
				+ f(minAmps, 2) + "-" + f(maxAmps, 2) + " A); SoC by Ah counting on the OCV table's axis (1 - Ah / "
				+ f(main.capacityAh(), 4) + " Ah, the test starting full). Method: docs/characterisation.md.");
		lines.add("- RC pairs: the relaxations after the pulses with " + (int) HppcFit.SHORTEST_FULL_REST_S
				+ " s of rest or more, " + f(HppcFit.FIRST_RELAXATION_S, 1) + " s to " + (int) HppcFit.RELAXATION_WINDOW_S
				+ " s after the trailing edge, " + HppcFit.POINTS_PER_DECADE + " log-spaced samples per decade, fitted jointly"
				+ " with two exponentials (variable projection over tau1, tau2; C = tau / R). Residual "
				+ f(relaxMin * 1000, 1) + "-" + f(relaxMax * 1000, 1) + " mV RMS per set point.");
		lines.add("- R0: the step at the trailing edge from the last loaded sample to the relaxation fit extrapolated back"
				+ " to the edge. The raw step to the first rest sample is " + f(rawMin * 1000, 1) + "-" + f(rawMax * 1000, 1)
				+ " mOhm: a charge-transfer process of 0.1-0.3 s, faster than two 250 ms control periods, is folded into R0.");
		lines.add("- Fit error, these tables through the whole test (every set point, all pulses and rests, from the rest"
				+ " voltage before it): " + f(hppc.rmsV() * 1000, 1) + " mV RMS, " + f(hppc.maxV() * 1000, 0) + " mV at most;"
				+ " under load " + f(hppc.loadedRmsV() * 1000, 1) + " mV RMS (" + f(loadedMin * 1000, 1) + "-"
				+ f(loadedMax * 1000, 1) + " per set point), at rest " + f(hppc.restRmsV() * 1000, 1) + " mV RMS.");
		lines.add("- The OCV table against the rest voltages before the set points: " + f(hppc.restOffsetRmsV() * 1000, 1)
				+ " mV RMS (" + signedRange(hppc.restOffsets(main)) + " mV).");
		List<HppcFit.SetPoint> skipped = hppc.setPoints().stream().filter(s -> !s.fitted()).toList();
		for (HppcFit.SetPoint s : skipped) {
			lines.add("- Not fitted: the set point at " + percent(s.soc()) + ": " + s.skipped() + ".");
		}
		double top = hppc.table().soc()[hppc.table().size() - 1];
		lines.add("- Below " + percent(hppc.table().soc()[0]) + (top < 1 ? " and above " + percent(top) : "")
				+ " the tables hold their end values. Other temperatures are not fitted (one pulse test).");
		return lines;
	}

	private static void ecmRow(StringBuilder out, String kind, double[] soc, double[] values, boolean milliOhm) {
		List<String> points = new ArrayList<>();
		for (int i = 0; i < soc.length; i++) {
			points.add(f(soc[i] * 100, 1) + " %: " + (milliOhm ? f(values[i] * 1000, 1) + " mOhm" : f(values[i], 0) + " F"));
		}
		out.append("\t\t").append(kind).append(" over soc {\n");
		out.append(tablePoints(points, 5).replace("\n\t\t", "\n\t\t\t").replaceFirst("^\t\t", "\t\t\t"));
		out.append("\t\t}\n");
	}

	private static String tablePoints(List<String> points, int perLine) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < points.size(); i++) {
			if (i % perLine == 0) {
				out.append("\t\t");
			}
			out.append(points.get(i));
			if (i + 1 < points.size()) {
				out.append(',');
			}
			out.append(i % perLine == perLine - 1 || i + 1 == points.size() ? "\n" : " ");
		}
		return out.toString();
	}

	/** Paragraphs as line comments, wrapped; a paragraph starting with "- " continues indented by two spaces. */
	private static String comment(List<String> paragraphs, String indent) {
		StringBuilder out = new StringBuilder();
		for (String paragraph : paragraphs) {
			String continuation = paragraph.startsWith("- ") ? "  " : "";
			StringBuilder line = new StringBuilder();
			for (String word : paragraph.split(" ")) {
				int prefix = indent.length() * 4 + 3;
				if (line.length() > 0 && prefix + line.length() + 1 + word.length() > WIDTH) {
					out.append(indent).append("// ").append(line).append('\n');
					line = new StringBuilder(continuation);
				} else if (line.length() > 0 && !line.toString().equals(continuation)) {
					line.append(' ');
				}
				line.append(word);
			}
			out.append(indent).append("// ").append(line).append('\n');
		}
		return out.toString();
	}

	private static String indent(String statement) {
		StringBuilder out = new StringBuilder();
		for (String line : statement.split("\n", -1)) {
			out.append(line.isEmpty() ? "" : "\t").append(line).append('\n');
		}
		return out.toString();
	}

	private static String fileName(Path path) {
		return path.getFileName().toString();
	}

	private static String range(int min, int max) {
		return min == max ? String.valueOf(min) : min + "-" + max;
	}

	private static String signedRange(double[] values) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (double v : values) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		return f(min * 1000, 0) + " to " + (max > 0 ? "+" : "") + f(max * 1000, 0);
	}

	/** A SoC fraction as the model writes it: percent to 0.01 %, trailing zeros dropped ("0.25 %", "7.5 %", "10 %"). */
	static String percent(double fraction) {
		BigDecimal value = BigDecimal.valueOf(fraction * 100).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
		return (value.scale() < 0 ? value.setScale(0) : value).toPlainString() + " %";
	}

	static String f(double value, int decimals) {
		String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
		return text.matches("-0(\\.0*)?") ? text.substring(1) : text;
	}
}
