package org.bmsgen.characterisation.data;

/**
 * One measured cell test, sample by sample, in the units and sign convention of the shared data layout
 * (shared/data/cells/panasonic-18650pf/README.txt): current below zero is discharge, the Ah counter goes
 * negative while discharging. Arrays are indexed by sample; they are the reader's own and are not copied, so
 * callers must not change them.
 *
 * @param file the file as the user named it (for messages)
 * @param lines the 1-based line of each sample in the file (the header is line 1)
 * @param seconds time since the start of the test, never decreasing
 * @param volts terminal voltage
 * @param amps current, below zero when discharging
 * @param ampHours the tester's charge counter, below zero after a net discharge
 * @param cellDegC the cell's (case) temperature, or null when the file has no battery_temp_C column
 * @param ambientDegC the chamber's temperature, or null when the file has no chamber_temp_C column
 */
public record MeasuredData(String file, int[] lines, double[] seconds, double[] volts, double[] amps,
		double[] ampHours, double[] cellDegC, double[] ambientDegC) {

	/** The number of samples. */
	public int size() {
		return seconds.length;
	}

	/** Whether the file has a temperature column (cell or chamber). */
	public boolean hasTemperature() {
		return cellDegC != null || ambientDegC != null;
	}

	/**
	 * The test's temperature over samples {@code from..to} inclusive: the mean chamber temperature when the file has
	 * it (the thermal chamber's set point is what a lab names a test by, and it is the ambient the cell settles to
	 * in the rests), else the mean cell temperature; NaN without either column.
	 */
	public double testDegC(int from, int to) {
		double[] column = ambientDegC != null ? ambientDegC : cellDegC;
		return column == null ? Double.NaN : mean(column, from, to);
	}

	/** The mean cell (case) temperature over samples {@code from..to} inclusive, NaN without that column. */
	public double cellDegC(int from, int to) {
		return cellDegC == null ? Double.NaN : mean(cellDegC, from, to);
	}

	private static double mean(double[] values, int from, int to) {
		double sum = 0;
		for (int i = from; i <= to; i++) {
			sum += values[i];
		}
		return sum / (to - from + 1);
	}
}
