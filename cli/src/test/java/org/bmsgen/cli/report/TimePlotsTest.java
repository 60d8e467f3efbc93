package org.bmsgen.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The shared time-series charts. Pixel positions by hand: the plot area is x 170..940 (770 px) and y 30..210
 * (180 px, value axis upwards).
 */
class TimePlotsTest {

	private static final Pattern POLYLINE = Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"");
	private static final Pattern VALUE_LABEL = Pattern.compile("<text x=\"164\" y=\"[0-9.]+\" [^>]*>([^<]+)</text>");

	private static double[] seconds(int n) {
		double[] t = new double[n];
		for (int i = 0; i < n; i++) {
			t[i] = i;
		}
		return t;
	}

	private static double[] constant(int n, double value) {
		double[] v = new double[n];
		Arrays.fill(v, value);
		return v;
	}

	private static List<String> all(Pattern pattern, String svg) {
		List<String> found = new ArrayList<>();
		Matcher m = pattern.matcher(svg);
		while (m.find()) {
			found.add(m.group(1));
		}
		return found;
	}

	private static String line(TimePlots plots, double minimumSpan, double[] values) {
		return plots.lines("value, unit", minimumSpan, List.of(new TimePlots.Series("s", "#000000", values)),
				List.of());
	}

	@Test
	void downSampling_keepsFirstAndLast_neverMoreThanTheMaximum() {
		for (int n : new int[] { 1, 2, 1999, 2000, 2001, 3999, 4000, 57_341 }) {
			int[] drawn = TimePlots.sampleIndices(n, 2000);
			assertEquals(Math.min(n, 2000), drawn.length, "n " + n);
			assertEquals(0, drawn[0]);
			assertEquals(n - 1, drawn[drawn.length - 1], "n " + n);
			for (int k = 1; k < drawn.length; k++) {
				assertTrue(drawn[k] > drawn[k - 1], "ascending, no sample twice: n " + n + " at " + k);
			}
		}
	}

	@Test
	void downSampling_inTheChart_aLongRunDrawsTheMaximumFromEdgeToEdge() {
		// 3999 samples: a stride of n / 2000 = 1 would have drawn all 3999
		int n = 3999;
		String svg = line(new TimePlots(seconds(n)), 1, seconds(n));
		String[] points = all(POLYLINE, svg).get(0).split(" ");
		assertEquals(TimePlots.MAX_POINTS, points.length);
		assertEquals("170.0,", points[0].substring(0, 6), "the first sample at the left edge");
		assertEquals("940.0,", points[points.length - 1].substring(0, 6), "the last sample at the right edge");
	}

	@Test
	void valueAxis_endsOnRoundTicksAroundTheData() {
		// 3.06..4.23 V: step 0.2 (1.17 / 5 = 0.234), out to 3.0 and 4.4
		double[] volts = { 3.06, 3.5, 4.23, 3.8 };
		String svg = line(new TimePlots(seconds(4)), 0.05, volts);
		assertEquals(List.of("3.0", "3.2", "3.4", "3.6", "3.8", "4.0", "4.2", "4.4"), all(VALUE_LABEL, svg));
		// 4.23 V at 2 s of 0..3 s: x 170 + 770 * 2 / 3 = 683.3, y 210 - 180 * (4.23 - 3.0) / 1.4 = 51.857
		assertTrue(all(POLYLINE, svg).get(0).contains("683.3,51.9"), svg);
	}

	@Test
	void flatSeries_minimumSpanAboutItsValue_NaNAndInfinityLeftOut() {
		double[] flat = { Double.NaN, 25.0, Double.POSITIVE_INFINITY, 25.0, 25.0 };
		String svg = line(new TimePlots(seconds(5)), 2.0, flat);
		assertEquals(List.of("24.0", "24.5", "25.0", "25.5", "26.0"), all(VALUE_LABEL, svg));
		// 25 in the middle of 24..26: y 120; t = 1, 3, 4 of 0..4 s
		assertEquals("362.5,120.0 747.5,120.0 940.0,120.0", all(POLYLINE, svg).get(0));
		assertFalse(svg.contains("NaN") || svg.contains("Infinity"), svg);
	}

	@Test
	void nothingFinite_anEmptyLineOnAnAxisAroundZero() {
		String svg = line(new TimePlots(seconds(3)), 1.0, constant(3, Double.NaN));
		assertEquals("", all(POLYLINE, svg).get(0));
		assertEquals(List.of("\u22120.6", "\u22120.4", "\u22120.2", "0.0", "0.2", "0.4", "0.6"), all(VALUE_LABEL, svg));
		assertFalse(svg.contains("NaN") || svg.contains("Infinity"), svg);
	}

	@Test
	void legendNames_axisTitle_andLevelLabels_escaped() {
		TimePlots plots = new TimePlots(seconds(3));
		String svg = plots.lines("R0 <fit> & \"DS\"", 1.0,
				List.of(new TimePlots.Series("cell <1> & 'x'", "#000000", constant(3, 2))),
				List.of(new TimePlots.Level("trip <2 V>", 2.0)));
		assertTrue(svg.contains(">cell &lt;1&gt; &amp; &#39;x&#39;</text>"), svg);
		assertTrue(svg.contains(">R0 &lt;fit&gt; &amp; &quot;DS&quot;</text>"), svg);
		assertTrue(svg.contains(">trip &lt;2 V&gt;</text>"), svg);
		assertFalse(svg.contains("<1>") || svg.contains("<fit>") || svg.contains("<2 V>"), svg);
	}

	@Test
	void levels_drawnOnlyInsideTheAxis() {
		TimePlots plots = new TimePlots(seconds(3));
		String svg = plots.lines("cell voltage, V", 0.05,
				List.of(new TimePlots.Series("cell 1", "#000000", new double[] { 3.1, 3.6, 4.1 })),
				List.of(new TimePlots.Level("inside 4.20 V", 4.2), new TimePlots.Level("outside 4.50 V", 4.5)));
		// axis 3.0..4.2 (step 0.2): 4.2 V on the top edge, 4.5 V above it
		assertTrue(svg.contains(">inside 4.20 V</text>"), svg);
		assertFalse(svg.contains("outside"), svg);
		assertEquals(1, svg.split("stroke-dasharray").length - 1);
	}

	@Test
	void lanes_barFromSwitchOnToSwitchOff_andToTheEndWhenStillOn() {
		boolean[] on = new boolean[11];
		on[2] = on[3] = on[4] = true;
		on[9] = on[10] = true;
		String svg = new TimePlots(seconds(11)).lanes(List.of(new TimePlots.Lane("charge FET", "#2ca02c", on)));
		// 0..10 s over 770 px: 2 s -> 324.0, off at 5 s -> 231 px wide; 9 s -> 863.0 to the end 940
		assertTrue(svg.contains("<rect x=\"324.0\" y=\"12\" width=\"231.0\" height=\"14\" fill=\"#2ca02c\"/>"), svg);
		assertTrue(svg.contains("<rect x=\"863.0\" y=\"12\" width=\"77.0\" height=\"14\" fill=\"#2ca02c\"/>"), svg);
		assertEquals(2, svg.split("height=\"14\"").length - 1, "two bars");
		assertTrue(svg.contains(">charge FET</text>") && svg.contains(">time, s</text>"), svg);
	}

	@Test
	void deterministic_sameBytesUnderAnotherDefaultLocale_andImmuneToTheCallersArrays() {
		double[] t = { 0, 0.25, 0.5, 0.75 };
		double[] v = { 3.71, 3.705, 3.7, 3.695 };
		String root = line(new TimePlots(t), 0.05, v);
		Locale before = Locale.getDefault();
		try {
			Locale.setDefault(Locale.GERMANY);
			assertEquals(root, line(new TimePlots(t), 0.05, v));
		} finally {
			Locale.setDefault(before);
		}
		TimePlots plots = new TimePlots(t);
		TimePlots.Series series = new TimePlots.Series("s", "#000000", v);
		t[3] = 99;
		v[0] = 99;
		assertEquals(root, plots.lines("value, unit", 0.05, List.of(series), List.of()));
		assertArrayEquals(new double[] { 3.71, 3.705, 3.7, 3.695 }, series.values());
	}

	@Test
	void aSeriesOfAnotherLength_isRefused() {
		TimePlots plots = new TimePlots(seconds(3));
		assertThrows(IllegalArgumentException.class, () -> line(plots, 1, new double[2]));
		assertThrows(IllegalArgumentException.class, () -> new TimePlots(new double[0]));
	}
}
