package org.bmsgen.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts of one run over one shared time axis (same plot area, same ticks, so an event lines up from chart
 * to chart): line charts of named series and lanes of on/off signals. Immutable; the same data gives the same bytes
 * (Locale.ROOT numbers, StrictMath ticks).
 *
 * <p>A line chart's value axis has round ticks (1, 2 or 5 times a power of ten) and ends on them, covers every
 * finite value of its series (NaN and infinities are left out of the range and the line), and spans at least the
 * chart's minimum span (a flat 25.00 degC trace is not blown up to fill the chart with five identical labels); it has
 * a rotated title with the unit, a legend with line swatches above the plot, and dashed levels (trip thresholds)
 * where they fall inside. A line draws at most {@link #MAX_POINTS} samples, always the first and the last. Lanes are
 * one labelled row each, a bar while on.
 */
public final class TimePlots {

	/** Samples drawn per line at most: a browser stays quick with a page of several 2 h runs at 4 Hz. */
	public static final int MAX_POINTS = 2000;

	private static final int WIDTH = 960;
	/** Room for the lane labels of the timelines and the value labels and title of the charts. */
	private static final int LEFT = 170;
	private static final int RIGHT = 20;
	private static final int PLOT_W = WIDTH - LEFT - RIGHT;
	private static final int TOP = 30;
	private static final int PLOT_H = 180;
	private static final int LANE_H = 22;
	private static final String FONT = "font-family=\"system-ui,sans-serif\"";
	private static final String GRID = "#eceff3";
	private static final String FRAME = "#9aa3af";
	private static final String LEVEL = "#b3261e";
	private static final String[] PALETTE = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
			"#e377c2", "#7f7f7f" };

	/** A line: its legend name, colour and one value per sample time (NaN where there is none). */
	public record Series(String name, String colour, double[] values) {
		public Series {
			values = values.clone();
		}
	}

	/** A dashed horizontal line at {@code value}, such as a protection's trip level. */
	public record Level(String label, double value) {
	}

	/** A labelled row of a timeline: a bar of {@code colour} while {@code on}, one flag per sample time. */
	public record Lane(String name, String colour, boolean[] on) {
		public Lane {
			on = on.clone();
		}
	}

	private final double[] seconds;
	private final TimeAxis time;

	/** Charts over the sample times {@code seconds} (ascending, at least one). */
	public TimePlots(double[] seconds) {
		if (seconds.length == 0) {
			throw new IllegalArgumentException("no sample to plot");
		}
		this.seconds = seconds.clone();
		this.time = new TimeAxis(seconds[0], seconds[seconds.length - 1]);
	}

	/** The {@code k}-th colour of the reports' palette (cycling). */
	public static String colour(int k) {
		return PALETTE[k % PALETTE.length];
	}

	public TimeAxis time() {
		return time;
	}

	/**
	 * A line chart of {@code series} with {@code valueAxisTitle} (name and unit) and a value axis at least
	 * {@code minimumSpan} wide.
	 */
	public String lines(String valueAxisTitle, double minimumSpan, List<Series> series, List<Level> levels) {
		if (!(minimumSpan > 0)) {
			throw new IllegalArgumentException("minimum span " + minimumSpan + " must be positive");
		}
		for (Series s : series) {
			if (s.values().length != seconds.length) {
				throw new IllegalArgumentException(s.name() + ": " + s.values().length + " values for "
						+ seconds.length + " sample times");
			}
		}
		Ticks ticks = valueTicks(series, minimumSpan);
		double lo = ticks.first();
		double hi = ticks.value(ticks.count() - 1);
		StringBuilder svg = new StringBuilder(svgStart(TOP + PLOT_H + 36));
		for (int k = 0; k < ticks.count(); k++) {
			double y = y(ticks.value(k), lo, hi);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
							+ "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" %s>%s</text>\n",
					LEFT, LEFT + PLOT_W, y, y, GRID, LEFT - 6, y + 4, FONT, ticks.label(k)));
		}
		svg.append(timeGrid(TOP, PLOT_H));
		for (Level level : levels) {
			if (level.value() < lo || level.value() > hi) {
				continue;
			}
			double y = y(level.value(), lo, hi);
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
					+ " stroke-dasharray=\"5,4\"/><text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\""
					+ " fill=\"%s\" %s>%s</text>\n", LEFT, LEFT + PLOT_W, y, y, LEVEL, LEFT + PLOT_W - 4, y - 3, LEVEL,
					FONT, Html.escape(level.label())));
		}
		svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-90)\" font-size=\"12\""
				+ " text-anchor=\"middle\" %s>%s</text>\n", LEFT - 52, TOP + PLOT_H / 2, FONT,
				Html.escape(valueAxisTitle)));
		svg.append(frame(TOP, PLOT_H));
		int[] drawn = sampleIndices(seconds.length, MAX_POINTS);
		int legendX = LEFT;
		for (Series s : series) {
			StringBuilder points = new StringBuilder();
			for (int i : drawn) {
				double v = s.values()[i];
				if (!Double.isFinite(v)) {
					continue;
				}
				if (points.length() > 0) {
					points.append(' ');
				}
				points.append(String.format(Locale.ROOT, "%.1f,%.1f", x(seconds[i]), y(v, lo, hi)));
			}
			svg.append("<polyline fill=\"none\" stroke-width=\"1.3\" stroke=\"").append(Html.escape(s.colour()))
					.append("\" points=\"").append(points).append("\"/>\n");
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"14\" y2=\"14\" stroke=\"%s\""
					+ " stroke-width=\"3\"/><text x=\"%d\" y=\"18\" font-size=\"12\" %s>%s</text>\n", legendX,
					legendX + 18, Html.escape(s.colour()), legendX + 23, FONT, Html.escape(s.name())));
			// about 7 px a character at 12 px: the next swatch after the name
			legendX += 23 + 7 * s.name().length() + 20;
		}
		return svg.append("</svg>\n").toString();
	}

	/** Rows of on/off bars, one per lane, over the shared time axis. */
	public String lanes(List<Lane> lanes) {
		int top = 8;
		int height = LANE_H * lanes.size();
		StringBuilder svg = new StringBuilder(svgStart(top + height + 36));
		svg.append(timeGrid(top, height));
		for (int r = 0; r < lanes.size(); r++) {
			Lane lane = lanes.get(r);
			if (lane.on().length != seconds.length) {
				throw new IllegalArgumentException(lane.name() + ": " + lane.on().length + " flags for "
						+ seconds.length + " sample times");
			}
			int y = top + r * LANE_H;
			if (r > 0) {
				svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>\n",
						LEFT, LEFT + PLOT_W, y, y, GRID));
			}
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" %s>%s"
					+ "</text>\n", LEFT - 8, y + 15, FONT, Html.escape(lane.name())));
			int from = -1;
			for (int i = 0; i < seconds.length; i++) {
				if (lane.on()[i] && from < 0) {
					from = i;
				} else if (!lane.on()[i] && from >= 0) {
					svg.append(bar(seconds[from], seconds[i], y, lane.colour()));
					from = -1;
				}
			}
			if (from >= 0) {
				svg.append(bar(seconds[from], time.end(), y, lane.colour()));
			}
		}
		svg.append(frame(top, height));
		return svg.append("</svg>\n").toString();
	}

	/**
	 * The samples a line draws: all of {@code n} up to {@code max}, else {@code max} of them evenly spread, the first
	 * and the last among them.
	 */
	static int[] sampleIndices(int n, int max) {
		int count = Math.min(n, max);
		int[] indices = new int[count];
		for (int k = 0; k < count; k++) {
			indices[k] = count == n ? k : (int) ((long) k * (n - 1) / (count - 1));
		}
		return indices;
	}

	/**
	 * Round ticks at both ends of the value axis, every finite value inside: the range of the data, widened about its
	 * middle to the minimum span, out to the next ticks.
	 */
	static Ticks valueTicks(List<Series> series, double minimumSpan) {
		double lo = Double.POSITIVE_INFINITY;
		double hi = Double.NEGATIVE_INFINITY;
		for (Series s : series) {
			for (double v : s.values()) {
				if (Double.isFinite(v)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
			}
		}
		if (lo > hi) {
			// nothing finite to show: an empty chart around 0
			lo = 0;
			hi = 0;
		}
		if (hi - lo < minimumSpan) {
			double middle = (hi + lo) / 2;
			lo = middle - minimumSpan / 2;
			hi = middle + minimumSpan / 2;
		}
		Ticks rough = Ticks.of(lo, hi, 5);
		double first = StrictMath.floor(lo / rough.step() + 1e-9) * rough.step();
		double last = StrictMath.ceil(hi / rough.step() - 1e-9) * rough.step();
		return new Ticks(first, rough.step(), (int) StrictMath.round((last - first) / rough.step()) + 1,
				rough.decimals());
	}

	private static String svgStart(int height) {
		return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">\n",
				WIDTH, height);
	}

	private static String frame(int top, int height) {
		return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
				+ " stroke=\"%s\"/>\n", LEFT, top, PLOT_W, height, FRAME);
	}

	/** Vertical grid lines and labels below a plot area of {@code height} starting at {@code top}. */
	private String timeGrid(int top, int height) {
		StringBuilder svg = new StringBuilder();
		Ticks ticks = time.ticks();
		for (int k = 0; k < ticks.count(); k++) {
			double x = x(time.tickSeconds(k));
			if (x < LEFT - 0.5 || x > LEFT + PLOT_W + 0.5) {
				continue;
			}
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
							+ "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" %s>%s</text>\n",
					x, x, top, top + height, GRID, x, top + height + 14, FONT, ticks.label(k)));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" %s>"
				+ "time, %s</text>\n", LEFT + PLOT_W, top + height + 28, FONT, time.unit()));
		return svg.toString();
	}

	private String bar(double from, double to, int y, String colour) {
		double x0 = x(from);
		double x1 = x(to);
		return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>\n", x0,
				y + 4, Math.max(1.5, x1 - x0), Html.escape(colour));
	}

	private double x(double secondsOfSample) {
		return LEFT + PLOT_W * time.fraction(secondsOfSample);
	}

	private static double y(double value, double lo, double hi) {
		return TOP + PLOT_H - PLOT_H * (value - lo) / (hi - lo);
	}
}
