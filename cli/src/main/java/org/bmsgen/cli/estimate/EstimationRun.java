package org.bmsgen.cli.estimate;

import java.util.Locale;

/**
 * One measured test through the generated filter, with the two baselines beside it: coulomb counting of the same AFE
 * current from the same start, and the OCV table looked up at the terminal voltage (the generated
 * {@code socAtOcv}, i.e. what a BMS without a filter would show).
 */
public record EstimationRun(String name, double meanTemperatureC, AfeReadings readings, double[] estimated,
		double[] coulombCounted, double[] ocvLookup, double[] residualVolts, Errors filter, Errors coulombCounting,
		Errors ocv) {

	/** The first 10 minutes are convergence time: the "after" figures leave them out. */
	static final double SETTLING_S = 600;

	/** Error figures in SoC fractions (printed as %). */
	public record Errors(double rmse, double mae, double max, double rmseAfter, double maeAfter, double maxAfter) {

		static Errors of(double[] estimate, double[] reference, double[] seconds, double startS) {
			double sum = 0;
			double absolute = 0;
			double max = 0;
			double sumAfter = 0;
			double absoluteAfter = 0;
			double maxAfter = 0;
			int after = 0;
			for (int k = 0; k < estimate.length; k++) {
				double e = estimate[k] - reference[k];
				sum += e * e;
				absolute += Math.abs(e);
				max = Math.max(max, Math.abs(e));
				if (seconds[k] - startS >= SETTLING_S) {
					sumAfter += e * e;
					absoluteAfter += Math.abs(e);
					maxAfter = Math.max(maxAfter, Math.abs(e));
					after++;
				}
			}
			int n = Math.max(1, estimate.length);
			int m = Math.max(1, after);
			return new Errors(Math.sqrt(sum / n), absolute / n, max, after == 0 ? Double.NaN : Math.sqrt(sumAfter / m),
					after == 0 ? Double.NaN : absoluteAfter / m, after == 0 ? Double.NaN : maxAfter);
		}

		String json() {
			return String.format(Locale.ROOT, "\"rmse\": %s, \"mae\": %s, \"max\": %s, \"rmse_after_10min\": %s,"
					+ " \"mae_after_10min\": %s, \"max_after_10min\": %s", percent(rmse), percent(mae), percent(max),
					percent(rmseAfter), percent(maeAfter), percent(maxAfter));
		}

		private static String percent(double fraction) {
			return Double.isNaN(fraction) ? "null" : String.format(Locale.ROOT, "%.3f", fraction * 100);
		}
	}

	/**
	 * @param initialSoc the filter's and the coulomb counter's start; null: the filter starts as the firmware does
	 *        (from the OCV of the first reading) and the counter from that
	 */
	static EstimationRun run(String name, AfeReadings readings, FirmwareEstimator filter, Double initialSoc,
			double capacityAh, int parallel, double startS, double meanTemperatureC) {
		int n = readings.size();
		double[] estimated = new double[n];
		double[] counted = new double[n];
		double[] ocv = new double[n];
		double[] residual = new double[n];
		double period = readings.periodS();
		double countedSoc = 0;
		for (int k = 0; k < n; k++) {
			filter.read(readings.cellMv()[k], readings.packMa()[k], readings.temperatureCentiDegC()[k],
					Math.round(readings.seconds()[k] * 1e6));
			if (k == 0 && initialSoc == null) {
				// the firmware's first valid reading starts the filter; the next ones step it
				filter.start();
				countedSoc = filter.cellSoc();
			} else {
				if (k == 0) {
					filter.startAt(initialSoc);
					countedSoc = filter.cellSoc();
				}
				filter.step();
				countedSoc += readings.packMa()[k] / 1000.0 / parallel * period / (capacityAh * 3600);
			}
			estimated[k] = filter.cellSoc();
			counted[k] = countedSoc;
			ocv[k] = filter.socAtOcv(readings.cellMv()[k], readings.temperatureCentiDegC()[k]);
			residual[k] = filter.residualVolts();
		}
		double[] reference = readings.referenceSoc();
		double[] seconds = readings.seconds();
		return new EstimationRun(name, meanTemperatureC, readings, estimated, counted, ocv, residual,
				Errors.of(estimated, reference, seconds, startS), Errors.of(counted, reference, seconds, startS),
				Errors.of(ocv, reference, seconds, startS));
	}
}
