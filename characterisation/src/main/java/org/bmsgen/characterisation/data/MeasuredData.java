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

	/** The test's name: the file name without its folder and {@code .csv} / {@code .csv.gz} (names report files). */
	public String name() {
		String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
		return name.replaceFirst("\\.gz$", "").replaceFirst("\\.csv$", "");
	}

	/** Seconds from the first sample to the last. */
	public double duration() {
		return seconds[seconds.length - 1] - seconds[0];
	}

	/**
	 * The test without the second and later rows of a repeated time stamp, the first row standing (the tester logs a
	 * sample twice at the end of a step): time strictly increasing, as interpolation over time needs. This test itself
	 * when no time stamp repeats.
	 */
	public MeasuredData withoutRepeatedTimes() {
		int kept = 1;
		for (int i = 1; i < seconds.length; i++) {
			if (seconds[i] != seconds[i - 1]) {
				kept++;
			}
		}
		if (kept == seconds.length) {
			return this;
		}
		int[] keptLines = new int[kept];
		double[][] columns = { seconds, volts, amps, ampHours, cellDegC, ambientDegC };
		double[][] keptColumns = new double[columns.length][];
		for (int c = 0; c < columns.length; c++) {
			keptColumns[c] = columns[c] == null ? null : new double[kept];
		}
		int k = 0;
		for (int i = 0; i < seconds.length; i++) {
			if (i > 0 && seconds[i] == seconds[i - 1]) {
				continue;
			}
			keptLines[k] = lines[i];
			for (int c = 0; c < columns.length; c++) {
				if (columns[c] != null) {
					keptColumns[c][k] = columns[c][i];
				}
			}
			k++;
		}
		return new MeasuredData(file, keptLines, keptColumns[0], keptColumns[1], keptColumns[2], keptColumns[3],
				keptColumns[4], keptColumns[5]);
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
