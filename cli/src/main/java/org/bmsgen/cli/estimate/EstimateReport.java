package org.bmsgen.cli.estimate;

import java.util.List;

import org.bmsgen.cli.report.Html;
import org.bmsgen.cli.report.TimePlots;
import org.bmsgen.generator.ir.PackIr;

/**
 * The HTML page of {@code bmsgen estimate --report}: self-contained (inline SVG, no scripts), three plots over one time
 * axis ({@link TimePlots}) — SoC estimated (filter, coulomb counting, OCV look-up) against the reference, the errors,
 * and the filter's voltage residual (measured minus predicted cell voltage, its innovation). Each estimator keeps its
 * colour from plot to plot.
 */
final class EstimateReport {

	private static final String REFERENCE = "#000000";
	private static final String FILTER = "#d62728";
	private static final String COULOMB_COUNTING = "#1f77b4";
	private static final String OCV_LOOKUP = "#2ca02c";

	private EstimateReport() {
	}

	static String render(PackIr pack, Estimation.Result result, String summary) {
		EstimationRun run = result.run();
		double[] reference = run.readings().referenceSoc();
		TimePlots plots = new TimePlots(run.readings().seconds());
		StringBuilder html = new StringBuilder(Html.pageStart("bmsgen estimate: " + pack.name() + ", " + run.name()));
		html.append("<pre>").append(Html.escape(summary)).append("</pre>\n")
				.append("<p>Data: Kollmeyer, P. (2018), Panasonic 18650PF Li-ion Battery Data, Mendeley Data, V1,"
						+ " doi:10.17632/wykht8y7tg.1 (CC BY 4.0) when the file is from that set.</p>\n");
		// minimum spans: 1 % SoC, 0.5 % SoC of error, 2 mV of residual (about five cell-voltage LSBs of
		// 365..396 uV, DS Table 8-22)
		html.append("<h2>SoC (%)</h2>\n").append(plots.lines("SoC, %", 1.0, List.of(
				new TimePlots.Series("reference", REFERENCE, scaled(reference, 100)),
				new TimePlots.Series("EKF", FILTER, scaled(run.estimated(), 100)),
				new TimePlots.Series("coulomb counting", COULOMB_COUNTING, scaled(run.coulombCounted(), 100)),
				new TimePlots.Series("OCV lookup", OCV_LOOKUP, scaled(run.ocvLookup(), 100))), List.of()));
		html.append("<h2>error (% SoC)</h2>\n").append(plots.lines("error, % SoC", 0.5, List.of(
				new TimePlots.Series("EKF", FILTER, difference(run.estimated(), reference)),
				new TimePlots.Series("coulomb counting", COULOMB_COUNTING, difference(run.coulombCounted(), reference)),
				new TimePlots.Series("OCV lookup", OCV_LOOKUP, difference(run.ocvLookup(), reference))), List.of()));
		if (!Double.isNaN(run.residualVolts()[0])) {
			html.append("<h2>voltage residual, measured - predicted (mV)</h2>\n").append(plots.lines("residual, mV",
					2.0, List.of(new TimePlots.Series("EKF innovation", FILTER, scaled(run.residualVolts(), 1000))),
					List.of()));
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

	/** In % SoC. */
	private static double[] difference(double[] values, double[] reference) {
		double[] out = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (values[i] - reference[i]) * 100;
		}
		return out;
	}
}
