package org.bmsgen.cli.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.ScaledUnit;

/**
 * The run as one self-contained HTML page: the summary and inline SVG plots (cell voltages, current, temperatures,
 * SoC estimated against true, FET states and balancing, fault timeline). No script and nothing fetched from the
 * network.
 *
 * <p>Every chart shares one time axis (same plot area, same ticks, so an event lines up from chart to chart), in
 * seconds up to 10 min and in minutes beyond. Value axes have round ticks (1, 2 or 5 times a power of ten) with as
 * many decimals as the step needs, a minimum span per quantity (a flat 25.00 degC trace is not blown up to fill the
 * chart with five identical labels), a rotated title with the unit, and a legend with line swatches above the
 * plot; the model's trip levels (cell protections on the voltages, temperature protections on the temperatures) are
 * dashed lines where they fall inside the plot. On/off signals (FETs, balancing) and the fault timeline are lanes:
 * one labelled row each, a bar while on.
 */
public final class HtmlReport {

	private static final int WIDTH = 960;
	/** Room for the lane labels of the timelines and the value labels and title of the plots. */
	private static final int LEFT = 170;
	private static final int RIGHT = 20;
	private static final int PLOT_W = WIDTH - LEFT - RIGHT;
	private static final int TOP = 30;
	private static final int PLOT_H = 180;
	private static final int LANE_H = 22;
	/** Samples drawn per line at most (every n-th of a long run). */
	private static final int MAX_POINTS = 2000;
	private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
			"#e377c2", "#7f7f7f" };
	private static final String FONT = "font-family=\"system-ui,sans-serif\"";

	private HtmlReport() {
	}

	public static String render(SimulationRun run, String title, String summary) {
		List<SimulationRun.Sample> samples = run.samples();
		int cells = run.spec().seriesCells();
		TimeAxis time = new TimeAxis(samples.get(0).seconds(), samples.get(samples.size() - 1).seconds());
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
				.append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;"
						+ "padding:0 1em;color:#1d2430}pre{background:#f4f5f7;padding:1em;white-space:pre-wrap;"
						+ "font-size:13px}svg{background:#fff;border:1px solid #d5d9e0;display:block}"
						+ "h2{margin:1.6em 0 .4em;font-size:18px}"
						+ "table{border-collapse:collapse;font-size:14px}th,td{border-bottom:1px solid #e1e4ea;"
						+ "padding:3px 10px;text-align:left;vertical-align:top}th{background:#f2f4f8}"
						+ "td.t{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
						+ "tr.fault td{color:#b3261e}tr.warning td{color:#8a5a00}</style></head><body>\n");
		html.append("<h1>").append(escape(title)).append("</h1>\n<pre>").append(escape(summary)).append("</pre>\n");
		String[] cellNames = new String[cells];
		@SuppressWarnings("unchecked")
		ToDoubleFunction<SimulationRun.Sample>[] volts = new ToDoubleFunction[cells];
		@SuppressWarnings("unchecked")
		ToDoubleFunction<SimulationRun.Sample>[] temps = new ToDoubleFunction[cells];
		for (int c = 0; c < cells; c++) {
			int cell = c;
			cellNames[c] = "cell " + (c + 1);
			volts[c] = s -> s.cellVolts()[cell];
			temps[c] = s -> s.cellCelsius()[cell];
		}
		html.append("<h2>Cell voltages (plant)</h2>\n")
				.append(plot(samples, time, volts, cellNames, "cell voltage, V", 0.05,
						references(run, "cell", ScaledUnit.MILLIVOLT, 1000.0, " V")));
		html.append("<h2>Pack current (positive = charge)</h2>\n").append(plot(samples, time,
				array(s -> s.amps(), s -> s.firmwareMa() / 1000.0), new String[] { "plant", "firmware (AFE)" },
				"current, A", 1.0, List.of()));
		html.append("<h2>Cell temperatures (plant)</h2>\n")
				.append(plot(samples, time, temps, cellNames, "temperature, degC", 2.0,
						references(run, null, ScaledUnit.CENTI_DEGREE_CELSIUS, 100.0, " degC")));
		html.append("<h2>State of charge</h2>\n").append(plot(samples, time,
				array(s -> 100 * s.trueSoc(), s -> 100 * s.estimatedSoc()),
				new String[] { "true (plant)", "estimated (firmware)" }, "SoC, %", 1.0, List.of()));
		List<Lane> switches = new ArrayList<>();
		switches.add(new Lane("charge FET", "#2ca02c", s -> s.fetMask() & 1));
		switches.add(new Lane("discharge FET", "#2ca02c", s -> s.fetMask() & 2));
		switches.add(new Lane("balancing", "#1f77b4", s -> s.balancingMask()));
		html.append("<h2>FETs and balancing (bar = on)</h2>\n").append(lanes(samples, time, switches));
		html.append("<h2>Fault timeline</h2>\n").append(faultTimeline(run, time));
		html.append("<h2>Events</h2>\n<table><tr><th>t, s</th><th>kind</th><th>what</th></tr>\n");
		for (SimulationRun.Event event : run.events()) {
			html.append("<tr class=\"").append(escape(event.kind())).append("\"><td class=\"t\">")
					.append(String.format(Locale.ROOT, "%.2f", event.seconds())).append("</td><td>")
					.append(escape(event.kind())).append("</td><td>").append(escape(event.what())).append("</td></tr>\n");
		}
		html.append("</table>\n</body></html>\n");
		return html.toString();
	}

	@SafeVarargs
	private static ToDoubleFunction<SimulationRun.Sample>[] array(ToDoubleFunction<SimulationRun.Sample>... series) {
		return series;
	}

	/** Round ticks: the step of 1, 2 or 5 times a power of ten nearest to {@code target} intervals. */
	record Ticks(double first, double step, int count, int decimals) {

		static Ticks of(double lo, double hi, int target) {
			double raw = (hi - lo) / target;
			double power = Math.pow(10, Math.floor(Math.log10(raw)));
			double fraction = raw / power;
			double step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * power;
			double first = Math.ceil(lo / step - 1e-9) * step;
			int count = (int) Math.floor((hi - first) / step + 1e-9) + 1;
			int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
			return new Ticks(first, step, count, decimals);
		}

		double value(int k) {
			return first + k * step;
		}

		String label(int k) {
			double v = value(k);
			String text = String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 2 ? 0.0 : v);
			return text.replace('-', '\u2212');
		}
	}

	/** The shared time axis: seconds up to ten minutes, minutes beyond. */
	static final class TimeAxis {
		final double t0;
		final double t1;
		final double unitSeconds;
		final String unit;
		final Ticks ticks;

		TimeAxis(double t0, double t1) {
			this.t0 = t0;
			this.t1 = Math.max(t0 + 1e-3, t1);
			this.unitSeconds = this.t1 - t0 > 600 ? 60 : 1;
			this.unit = unitSeconds == 60 ? "min" : "s";
			this.ticks = Ticks.of(t0 / unitSeconds, this.t1 / unitSeconds, 8);
		}

		double x(double seconds) {
			return LEFT + PLOT_W * (seconds - t0) / (t1 - t0);
		}

		/** Vertical grid lines and labels below a plot area of {@code height} starting at {@code top}. */
		String draw(int top, int height) {
			StringBuilder svg = new StringBuilder();
			for (int k = 0; k < ticks.count(); k++) {
				double x = x(ticks.value(k) * unitSeconds);
				if (x < LEFT - 0.5 || x > LEFT + PLOT_W + 0.5) {
					continue;
				}
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eceff3\"/>"
								+ "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" %s>%s</text>\n",
						x, x, top, top + height, x, top + height + 14, FONT, ticks.label(k)));
			}
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" %s>"
					+ "time, %s</text>\n", LEFT + PLOT_W, top + height + 28, FONT, unit));
			return svg.toString();
		}
	}

	private static String plot(List<SimulationRun.Sample> samples, TimeAxis time,
			ToDoubleFunction<SimulationRun.Sample>[] series, String[] names, String axisTitle, double minimumSpan,
			List<Reference> references) {
		int step = Math.max(1, samples.size() / MAX_POINTS);
		double lo = Double.POSITIVE_INFINITY;
		double hi = Double.NEGATIVE_INFINITY;
		for (ToDoubleFunction<SimulationRun.Sample> f : series) {
			for (int i = 0; i < samples.size(); i += step) {
				double v = f.applyAsDouble(samples.get(i));
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
		}
		if (hi - lo < minimumSpan) {
			double middle = (hi + lo) / 2;
			lo = middle - minimumSpan / 2;
			hi = middle + minimumSpan / 2;
		}
		// the axis ends on ticks: round numbers at both edges, every line inside
		Ticks rough = Ticks.of(lo, hi, 5);
		lo = Math.floor(lo / rough.step() + 1e-9) * rough.step();
		hi = Math.ceil(hi / rough.step() - 1e-9) * rough.step();
		Ticks ticks = new Ticks(lo, rough.step(), (int) Math.round((hi - lo) / rough.step()) + 1, rough.decimals());
		StringBuilder svg = new StringBuilder();
		int height = TOP + PLOT_H + 36;
		svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">\n",
				WIDTH, height));
		for (int k = 0; k < ticks.count(); k++) {
			double y = y(ticks.value(k), lo, hi);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eceff3\"/>"
							+ "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" %s>%s</text>\n",
					LEFT, LEFT + PLOT_W, y, y, LEFT - 6, y + 4, FONT, ticks.label(k)));
		}
		svg.append(time.draw(TOP, PLOT_H));
		for (Reference reference : references) {
			if (reference.value() < lo || reference.value() > hi) {
				continue;
			}
			double y = y(reference.value(), lo, hi);
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#b3261e\""
					+ " stroke-dasharray=\"5,4\"/><text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\""
					+ " fill=\"#b3261e\" %s>%s</text>\n", LEFT, LEFT + PLOT_W, y, y, LEFT + PLOT_W - 4, y - 3, FONT,
					escape(reference.label())));
		}
		svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-90)\" font-size=\"12\""
				+ " text-anchor=\"middle\" %s>%s</text>\n", LEFT - 52, TOP + PLOT_H / 2, FONT, escape(axisTitle)));
		svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
				+ " stroke=\"#9aa3af\"/>\n", LEFT, TOP, PLOT_W, PLOT_H));
		int legendX = LEFT;
		for (int f = 0; f < series.length; f++) {
			StringBuilder points = new StringBuilder();
			for (int i = 0; i < samples.size(); i += step) {
				SimulationRun.Sample s = samples.get(i);
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", time.x(s.seconds()),
						y(series[f].applyAsDouble(s), lo, hi)));
			}
			String colour = COLOURS[f % COLOURS.length];
			svg.append("<polyline fill=\"none\" stroke-width=\"1.3\" stroke=\"").append(colour).append("\" points=\"")
					.append(points.toString().strip()).append("\"/>\n");
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"14\" y2=\"14\" stroke=\"%s\""
					+ " stroke-width=\"3\"/><text x=\"%d\" y=\"18\" font-size=\"12\" %s>%s</text>\n", legendX,
					legendX + 18, colour, legendX + 23, FONT, escape(names[f])));
			legendX += 23 + 7 * names[f].length() + 20;
		}
		return svg.append("</svg>\n").toString();
	}

	/** A dashed line at a protection's trip level, drawn when it falls inside the plot. */
	record Reference(String label, double value) {
	}

	/**
	 * The trip levels of the model's over/under-voltage and -temperature protections in {@code unit} (of {@code subject}
	 * when not null), as references in the plot's unit ({@code divisor} IR units per plot unit).
	 */
	private static List<Reference> references(SimulationRun run, String subject, ScaledUnit unit, double divisor,
			String suffix) {
		List<Reference> references = new ArrayList<>();
		for (ProtectionIr protection : run.pack().protections()) {
			if (protection.trip() == null || protection.trip().level() == null
					|| protection.trip().level().unit() != unit
					|| subject != null && !subject.equals(protection.subject())
					|| !List.of("overvoltage", "undervoltage", "overtemperature", "undertemperature")
							.contains(protection.kind())) {
				continue;
			}
			double value = protection.trip().level().value() / divisor;
			references.add(new Reference(protection.name() + " " + String.format(Locale.ROOT, "%.2f", value) + suffix,
					value));
		}
		return references;
	}

	private static double y(double value, double lo, double hi) {
		return TOP + PLOT_H - PLOT_H * (value - lo) / (hi - lo);
	}

	/** A labelled row of a timeline: a bar of {@code colour} while {@code on} is not 0. */
	record Lane(String name, String colour, ToIntFunction<SimulationRun.Sample> on) {
	}

	/** Rows of on/off bars over the shared time axis. */
	private static String lanes(List<SimulationRun.Sample> samples, TimeAxis time, List<Lane> lanes) {
		int top = 8;
		int height = LANE_H * lanes.size();
		StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">\n", WIDTH, top + height + 36));
		svg.append(time.draw(top, height));
		for (int r = 0; r < lanes.size(); r++) {
			Lane lane = lanes.get(r);
			int y = top + r * LANE_H;
			if (r > 0) {
				svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#eceff3\"/>\n",
						LEFT, LEFT + PLOT_W, y, y));
			}
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" %s>%s"
					+ "</text>\n", LEFT - 8, y + 15, FONT, escape(lane.name())));
			double start = Double.NaN;
			for (SimulationRun.Sample s : samples) {
				boolean on = lane.on().applyAsInt(s) != 0;
				if (on && Double.isNaN(start)) {
					start = s.seconds();
				} else if (!on && !Double.isNaN(start)) {
					svg.append(bar(time, start, s.seconds(), y, lane.colour()));
					start = Double.NaN;
				}
			}
			if (!Double.isNaN(start)) {
				svg.append(bar(time, start, time.t1, y, lane.colour()));
			}
		}
		svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
				+ " stroke=\"#9aa3af\"/>\n", LEFT, top, PLOT_W, height));
		return svg.append("</svg>\n").toString();
	}

	/** One lane per protection that was raised (red) or only warned (amber), over the shared time axis. */
	private static String faultTimeline(SimulationRun run, TimeAxis time) {
		List<SimulationRun.Sample> samples = run.samples();
		List<Lane> lanes = new ArrayList<>();
		for (var protection : run.pack().protections()) {
			int bit = 1 << protection.index();
			boolean faulted = samples.stream().anyMatch(s -> (s.faultWord() & bit) != 0);
			boolean warned = samples.stream().anyMatch(s -> (s.warningWord() & bit) != 0);
			if (faulted) {
				lanes.add(new Lane(protection.name(), "#d62728", s -> s.faultWord() & bit));
			}
			if (warned) {
				lanes.add(new Lane(protection.name() + " (warning)", "#f0a020", s -> s.warningWord() & bit));
			}
		}
		if (lanes.isEmpty()) {
			return "<p>No fault or warning was raised.</p>\n";
		}
		return lanes(samples, time, lanes);
	}

	private static String bar(TimeAxis time, double from, double to, int y, String colour) {
		double x0 = time.x(from);
		double x1 = time.x(to);
		return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>\n", x0,
				y + 4, Math.max(1.5, x1 - x0), colour);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
