package org.bmsgen.cli.estimate;

import java.util.Locale;

import org.bmsgen.generator.ir.PackIr;

/**
 * The HTML page of {@code bmsgen estimate --report}: self-contained (inline SVG, no scripts), three plots over time —
 * SoC estimated (filter, coulomb counting, OCV look-up) against the reference, the errors, and the filter's voltage
 * residual (measured minus predicted cell voltage, its innovation).
 */
final class EstimateReport {

	private static final int WIDTH = 900;
	private static final int HEIGHT = 240;
	private static final int MARGIN = 55;
	private static final int MAX_POINTS = 2000;

	private EstimateReport() {
	}

	static String render(PackIr pack, Estimation.Result result, String summary) {
		EstimationRun run = result.run();
		double[] t = run.readings().seconds();
		double[] reference = run.readings().referenceSoc();
		StringBuilder html = new StringBuilder();
		String title = "bmsgen estimate: " + pack.name() + ", " + run.name();
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
				.append("</title>\n<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em}"
						+ "svg{display:block;margin-bottom:1.5em}</style></head><body>\n<h1>").append(escape(title))
				.append("</h1>\n<pre>").append(escape(summary)).append("</pre>\n")
				.append("<p>Data: Kollmeyer, P. (2018), Panasonic 18650PF Li-ion Battery Data, Mendeley Data, V1,"
						+ " doi:10.17632/wykht8y7tg.1 (CC BY 4.0) when the file is from that set.</p>\n");
		html.append(plot("SoC (%)", t, new String[] { "reference", "EKF", "coulomb counting", "OCV lookup" },
				new double[][] { scaled(reference, 100), scaled(run.estimated(), 100), scaled(run.coulombCounted(), 100),
						scaled(run.ocvLookup(), 100) }));
		html.append(plot("error (% SoC)", t, new String[] { "EKF", "coulomb counting", "OCV lookup" },
				new double[][] { difference(run.estimated(), reference), difference(run.coulombCounted(), reference),
						difference(run.ocvLookup(), reference) }));
		if (!Double.isNaN(run.residualVolts()[0])) {
			html.append(plot("voltage residual, measured - predicted (mV)", t, new String[] { "EKF innovation" },
					new double[][] { scaled(run.residualVolts(), 1000) }));
		}
		html.append("</body></html>\n");
		return html.toString();
	}

	private static double[] scaled(double[] values, double factor) {
		double[] out = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = values[i] * factor;
		}
		return out;
	}

	private static double[] difference(double[] values, double[] reference) {
		double[] out = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (values[i] - reference[i]) * 100;
		}
		return out;
	}

	private static final String[] COLOURS = { "#000000", "#d62728", "#1f77b4", "#2ca02c" };

	private static String plot(String title, double[] t, String[] names, double[][] series) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (double[] s : series) {
			for (double v : s) {
				if (Double.isFinite(v)) {
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
			}
		}
		if (!(max > min)) {
			max = min + 1;
		}
		double t0 = t[0];
		double t1 = t[t.length - 1] > t0 ? t[t.length - 1] : t0 + 1;
		int w = WIDTH - 2 * MARGIN;
		int h = HEIGHT - 2 * MARGIN / 2 - 20;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<h2>%s</h2>\n<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
				+ "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n", escape(title),
				WIDTH, HEIGHT, WIDTH, HEIGHT, MARGIN, w, h));
		for (int g = 0; g <= 4; g++) {
			double v = min + (max - min) * g / 4;
			double y = 10 + h - (v - min) / (max - min) * h;
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>"
					+ "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n", MARGIN - 4, y + 4, label(v),
					MARGIN, MARGIN + w, y, y));
			double s = t0 + (t1 - t0) * g / 4;
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%.0f s"
					+ "</text>\n", MARGIN + (double) w * g / 4, 10 + h + 14, s));
		}
		int step = Math.max(1, t.length / MAX_POINTS);
		for (int k = 0; k < series.length; k++) {
			StringBuilder points = new StringBuilder();
			for (int i = 0; i < t.length; i += step) {
				double v = series[k][i];
				if (!Double.isFinite(v)) {
					continue;
				}
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", MARGIN + (t[i] - t0) / (t1 - t0) * w,
						10 + h - (v - min) / (max - min) * h));
			}
			String colour = COLOURS[k % COLOURS.length];
			svg.append("<polyline fill=\"none\" stroke-width=\"1\" stroke=\"").append(colour).append("\" points=\"")
					.append(points).append("\"/>\n");
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>\n",
					MARGIN + 10 + 170 * k, HEIGHT - 8, colour, escape(names[k])));
		}
		return svg.append("</svg>\n").toString();
	}

	private static String label(double v) {
		return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
