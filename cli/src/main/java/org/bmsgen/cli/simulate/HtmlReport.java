package org.bmsgen.cli.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import org.bmsgen.cli.report.Html;
import org.bmsgen.cli.report.TimePlots;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.ScaledUnit;

/**
 * The run as one self-contained HTML page: the summary and inline SVG plots (cell voltages, current, temperatures,
 * SoC estimated against true, FET states and balancing, fault timeline) over one time axis ({@link TimePlots}), and
 * the events. No script and nothing fetched from the network.
 *
 * <p>The model's trip levels (cell protections on the voltages, temperature protections on the temperatures) are
 * dashed lines where they fall inside the plot. Each value axis has a minimum span for its quantity (50 mV, 1 A,
 * 2 degC, 1 % SoC) so a flat trace reads as flat.
 */
public final class HtmlReport {

	private static final String SWITCH_ON = "#2ca02c";
	private static final String BALANCING = "#1f77b4";
	private static final String FAULT = "#d62728";
	private static final String WARNING = "#f0a020";

	private HtmlReport() {
	}

	public static String render(SimulationRun run, String title, String summary) {
		List<SimulationRun.Sample> samples = run.samples();
		int cells = run.spec().seriesCells();
		TimePlots plots = new TimePlots(values(samples, SimulationRun.Sample::seconds));
		StringBuilder html = new StringBuilder(Html.pageStart(title));
		html.append("<pre>").append(Html.escape(summary)).append("</pre>\n");
		List<TimePlots.Series> volts = new ArrayList<>();
		List<TimePlots.Series> temps = new ArrayList<>();
		for (int c = 0; c < cells; c++) {
			int cell = c;
			volts.add(new TimePlots.Series("cell " + (c + 1), TimePlots.colour(c),
					values(samples, s -> s.cellVolts()[cell])));
			temps.add(new TimePlots.Series("cell " + (c + 1), TimePlots.colour(c),
					values(samples, s -> s.cellCelsius()[cell])));
		}
		html.append("<h2>Cell voltages (plant)</h2>\n").append(plots.lines("cell voltage, V", 0.05, volts,
				levels(run, "cell", ScaledUnit.MILLIVOLT, 1000.0, " V")));
		html.append("<h2>Pack current (positive = charge)</h2>\n").append(plots.lines("current, A", 1.0,
				List.of(new TimePlots.Series("plant", TimePlots.colour(0), values(samples, s -> s.amps())),
						new TimePlots.Series("firmware (AFE)", TimePlots.colour(1),
								values(samples, s -> s.firmwareMa() / 1000.0))),
				List.of()));
		html.append("<h2>Cell temperatures (plant)</h2>\n").append(plots.lines("temperature, degC", 2.0, temps,
				levels(run, null, ScaledUnit.CENTI_DEGREE_CELSIUS, 100.0, " degC")));
		html.append("<h2>State of charge</h2>\n").append(plots.lines("SoC, %", 1.0,
				List.of(new TimePlots.Series("true (plant)", TimePlots.colour(0),
						values(samples, s -> 100 * s.trueSoc())),
						new TimePlots.Series("estimated (firmware)", TimePlots.colour(1),
								values(samples, s -> 100 * s.estimatedSoc()))),
				List.of()));
		html.append("<h2>FETs and balancing (bar = on)</h2>\n").append(plots.lanes(List.of(
				new TimePlots.Lane("charge FET", SWITCH_ON, flags(samples, s -> (s.fetMask() & 1) != 0)),
				new TimePlots.Lane("discharge FET", SWITCH_ON, flags(samples, s -> (s.fetMask() & 2) != 0)),
				new TimePlots.Lane("balancing", BALANCING, flags(samples, s -> s.balancingMask() != 0)))));
		html.append("<h2>Fault timeline</h2>\n").append(faultTimeline(run, plots));
		html.append("<h2>Events</h2>\n<table><tr><th>t, s</th><th>kind</th><th>what</th></tr>\n");
		for (SimulationRun.Event event : run.events()) {
			html.append("<tr class=\"").append(Html.escape(event.kind())).append("\"><td class=\"t\">")
					.append(String.format(Locale.ROOT, "%.2f", event.seconds())).append("</td><td>")
					.append(Html.escape(event.kind())).append("</td><td>").append(Html.escape(event.what()))
					.append("</td></tr>\n");
		}
		html.append("</table>\n</body></html>\n");
		return html.toString();
	}

	private static double[] values(List<SimulationRun.Sample> samples, ToDoubleFunction<SimulationRun.Sample> value) {
		double[] out = new double[samples.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = value.applyAsDouble(samples.get(i));
		}
		return out;
	}

	private static boolean[] flags(List<SimulationRun.Sample> samples, Predicate<SimulationRun.Sample> on) {
		boolean[] out = new boolean[samples.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = on.test(samples.get(i));
		}
		return out;
	}

	/**
	 * The trip levels of the model's over/under-voltage and -temperature protections in {@code unit} (of {@code subject}
	 * when not null), in the plot's unit ({@code divisor} IR units per plot unit).
	 */
	private static List<TimePlots.Level> levels(SimulationRun run, String subject, ScaledUnit unit, double divisor,
			String suffix) {
		List<TimePlots.Level> levels = new ArrayList<>();
		for (ProtectionIr protection : run.pack().protections()) {
			if (protection.trip() == null || protection.trip().level() == null
					|| protection.trip().level().unit() != unit
					|| subject != null && !subject.equals(protection.subject())
					|| !List.of("overvoltage", "undervoltage", "overtemperature", "undertemperature")
							.contains(protection.kind())) {
				continue;
			}
			double value = protection.trip().level().value() / divisor;
			levels.add(new TimePlots.Level(protection.name() + " " + String.format(Locale.ROOT, "%.2f", value) + suffix,
					value));
		}
		return levels;
	}

	/** One lane per protection that was raised (red) or only warned (amber). */
	private static String faultTimeline(SimulationRun run, TimePlots plots) {
		List<SimulationRun.Sample> samples = run.samples();
		List<TimePlots.Lane> lanes = new ArrayList<>();
		for (ProtectionIr protection : run.pack().protections()) {
			int bit = 1 << protection.index();
			boolean[] faulted = flags(samples, s -> (s.faultWord() & bit) != 0);
			boolean[] warned = flags(samples, s -> (s.warningWord() & bit) != 0);
			if (any(faulted)) {
				lanes.add(new TimePlots.Lane(protection.name(), FAULT, faulted));
			}
			if (any(warned)) {
				lanes.add(new TimePlots.Lane(protection.name() + " (warning)", WARNING, warned));
			}
		}
		if (lanes.isEmpty()) {
			return "<p>No fault or warning was raised.</p>\n";
		}
		return plots.lanes(lanes);
	}

	private static boolean any(boolean[] flags) {
		for (boolean flag : flags) {
			if (flag) {
				return true;
			}
		}
		return false;
	}
}
