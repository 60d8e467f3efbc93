package org.bmsgen.cli.simulate;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The run as one self-contained HTML page: the summary and inline SVG plots (cell voltages, current, temperatures,
 * SoC estimated against true, FET states, fault timeline). No script and nothing fetched from the network.
 */
public final class HtmlReport {

	private static final int WIDTH = 900;
	private static final int HEIGHT = 220;
	private static final int MARGIN = 50;
	/** Samples drawn per line at most (every n-th of a long run). */
	private static final int MAX_POINTS = 2000;
	private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
			"#e377c2", "#7f7f7f" };

	private HtmlReport() {
	}

	public static String render(SimulationRun run, String title, String summary) {
		List<SimulationRun.Sample> samples = run.samples();
		int cells = run.spec().seriesCells();
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
				.append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:960px}"
						+ "pre{background:#f4f4f4;padding:1em;overflow-x:auto}svg{background:#fff;border:1px solid #ccc}"
						+ "h2{margin-top:1.5em}</style></head><body>\n");
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
		html.append("<h2>Cell voltages (plant), V</h2>\n").append(plot(samples, volts, cellNames));
		html.append("<h2>Pack current, A (positive = charge)</h2>\n").append(plot(samples,
				array(s -> s.amps(), s -> s.firmwareMa() / 1000.0), new String[] { "plant", "firmware" }));
		html.append("<h2>Cell temperatures (plant), degC</h2>\n").append(plot(samples, temps, cellNames));
		html.append("<h2>State of charge, %</h2>\n").append(plot(samples,
				array(s -> 100 * s.trueSoc(), s -> 100 * s.estimatedSoc()), new String[] { "true (plant)", "estimated (firmware)" }));
		html.append("<h2>FETs (1 = on) and balancing</h2>\n").append(plot(samples,
				array(s -> (s.fetMask() & 1) != 0 ? 1 : 0, s -> (s.fetMask() & 2) != 0 ? 1.05 : 0.05,
						s -> s.balancingMask() != 0 ? 0.5 : 0),
				new String[] { "charge FET", "discharge FET", "balancing" }));
		html.append("<h2>Events</h2>\n<table><tr><th>t, s</th><th>kind</th><th>what</th></tr>\n");
		for (SimulationRun.Event event : run.events()) {
			html.append("<tr><td>").append(String.format(Locale.ROOT, "%.2f", event.seconds())).append("</td><td>")
					.append(escape(event.kind())).append("</td><td>").append(escape(event.what())).append("</td></tr>\n");
		}
		html.append("</table>\n");
		html.append("<h2>Fault timeline</h2>\n").append(faultTimeline(run));
		html.append("</body></html>\n");
		return html.toString();
	}

	@SafeVarargs
	private static ToDoubleFunction<SimulationRun.Sample>[] array(ToDoubleFunction<SimulationRun.Sample>... series) {
		return series;
	}

	private static String plot(List<SimulationRun.Sample> samples, ToDoubleFunction<SimulationRun.Sample>[] series,
			String[] names) {
		int step = Math.max(1, samples.size() / MAX_POINTS);
		double t0 = samples.get(0).seconds();
		double t1 = Math.max(t0 + 1e-3, samples.get(samples.size() - 1).seconds());
		double lo = Double.POSITIVE_INFINITY;
		double hi = Double.NEGATIVE_INFINITY;
		for (ToDoubleFunction<SimulationRun.Sample> f : series) {
			for (int i = 0; i < samples.size(); i += step) {
				double v = f.applyAsDouble(samples.get(i));
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
		}
		if (hi - lo < 1e-9) {
			hi = lo + 1;
		}
		double pad = (hi - lo) * 0.05;
		lo -= pad;
		hi += pad;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">\n",
				WIDTH, HEIGHT + 30));
		int plotW = WIDTH - 2 * MARGIN;
		int plotH = HEIGHT - 40;
		svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
				MARGIN, plotW, plotH));
		for (int k = 0; k <= 4; k++) {
			double v = lo + (hi - lo) * k / 4;
			double y = 10 + plotH - plotH * k / 4.0;
			svg.append(String.format(Locale.ROOT,
					"<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text><line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
					MARGIN - 4, y + 3, label(v), MARGIN, MARGIN + plotW, y, y));
			double t = t0 + (t1 - t0) * k / 4;
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s s</text>\n",
					MARGIN + plotW * k / 4.0, 10 + plotH + 14, label(t)));
		}
		for (int f = 0; f < series.length; f++) {
			StringBuilder points = new StringBuilder();
			for (int i = 0; i < samples.size(); i += step) {
				SimulationRun.Sample s = samples.get(i);
				double x = MARGIN + plotW * (s.seconds() - t0) / (t1 - t0);
				double y = 10 + plotH - plotH * (series[f].applyAsDouble(s) - lo) / (hi - lo);
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
			}
			String colour = COLOURS[f % COLOURS.length];
			svg.append("<polyline fill=\"none\" stroke-width=\"1.2\" stroke=\"").append(colour).append("\" points=\"")
					.append(points.toString().strip()).append("\"/>\n");
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>\n",
					MARGIN + 5 + 110 * f, HEIGHT + 22, colour, escape(names[f])));
		}
		return svg.append("</svg>\n").toString();
	}

	/** One row per protection that was raised: a bar from raised to released (or the end). */
	private static String faultTimeline(SimulationRun run) {
		List<SimulationRun.Sample> samples = run.samples();
		double t0 = samples.get(0).seconds();
		double t1 = Math.max(t0 + 1e-3, samples.get(samples.size() - 1).seconds());
		var protections = run.pack().protections().stream()
				.filter(p -> samples.stream().anyMatch(s -> (s.faultWord() & (1 << p.index())) != 0)).toList();
		if (protections.isEmpty()) {
			return "<p>No fault was raised.</p>\n";
		}
		int row = 22;
		int plotW = WIDTH - 2 * MARGIN - 100;
		StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">\n", WIDTH, row * protections.size() + 30));
		for (int r = 0; r < protections.size(); r++) {
			int bit = 1 << protections.get(r).index();
			int y = 5 + r * row;
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>\n",
					MARGIN + 95, y + 14, escape(protections.get(r).name())));
			double start = Double.NaN;
			for (SimulationRun.Sample s : samples) {
				boolean on = (s.faultWord() & bit) != 0;
				if (on && Double.isNaN(start)) {
					start = s.seconds();
				} else if (!on && !Double.isNaN(start)) {
					svg.append(bar(start, s.seconds(), t0, t1, plotW, y));
					start = Double.NaN;
				}
			}
			if (!Double.isNaN(start)) {
				svg.append(bar(start, t1, t0, t1, plotW, y));
			}
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s s</text>", MARGIN + 100,
				row * protections.size() + 22, label(t0)));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s s</text>",
				MARGIN + 100 + plotW, row * protections.size() + 22, label(t1)));
		return svg.append("</svg>\n").toString();
	}

	private static String bar(double from, double to, double t0, double t1, int plotW, int y) {
		double x0 = MARGIN + 100 + plotW * (from - t0) / (t1 - t0);
		double x1 = MARGIN + 100 + plotW * (to - t0) / (t1 - t0);
		return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#d62728\"/>\n", x0,
				y + 2, Math.max(1.5, x1 - x0));
	}

	private static String label(double v) {
		return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
