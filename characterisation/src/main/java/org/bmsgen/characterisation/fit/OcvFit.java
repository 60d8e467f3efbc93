package org.bmsgen.characterisation.fit;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.characterisation.data.MeasuredData;
import org.bmsgen.characterisation.data.MeasuredDataException;

/**
 * OCV(SoC) and capacity from a slow (C/20) discharge test (docs/characterisation.md).
 * <p>
 * The discharge is the longest run of samples with the current below {@link #RUNNING_A} (by charge drawn). Its
 * charge is the capacity {@code Q}; a sample's SoC is {@code 1 - (Ah at the start - Ah) / Q}, so 0 % is where the
 * test stopped (the cut-off voltage) and 100 % where it started (the full charge). This SoC axis is the one every
 * other table of the cell uses: {@link HppcFit} counts its set points on it, and the cell file's capacity is
 * {@code Q}.
 * <p>
 * Which branch: the OCV table is the discharge branch as measured, not the mean of the charge and discharge
 * branches. In the shared data the C/20 charge branch lies 65-270 mV above the discharge branch at the same SoC
 * (126 mV on average over the 0-87 % it covers), far more than the C/20 IR drop of both (2 x 0.145 A x ~35 mOhm =
 * 10 mV): it is hysteresis, and a cell that is being discharged (every drive cycle) relaxes onto the discharge
 * branch. The mean would put the table 30-130 mV above the voltage a discharged cell rests at, which an estimator
 * reads as 3-10 % of SoC. The C/20 IR drop (~4 mV, plus about as much from the settled RC pairs) is not added back
 * either: the HPPC test's rest voltages, one hour after a discharge, lie 5-15 mV below this branch at 25-85 % SoC
 * ({@link HppcFit.Result#restOffsets}), so a correction upwards would move the table away from the rest voltage it
 * stands for. The charge branch is measured and printed (its offset from the discharge branch) so that the choice
 * can be checked on each new cell.
 */
public final class OcvFit {

	/** A sample takes part in the discharge (or charge) when its current is at least this, A. */
	public static final double RUNNING_A = 0.01;

	/**
	 * The SoC points of the table: every 5 % through the flat middle, denser below 10 % where the curve bends. On the
	 * shared data the last 1 % of the C/20 discharge falls by 440 mV; with points only at 0, 1, 2, 3, 5 % the table
	 * misses the measured curve by up to 113 mV (8.5 mV RMS), with the points at 0.25, 0.5, 0.75, 1.5 and 4 % added by
	 * 20 mV (2.3 mV RMS), and 20 mV there is 0.02 % of SoC.
	 */
	public static final double[] SOC_GRID = { 0, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075,
			0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 1.0 };

	/** A test faster than this (A per Ah of capacity) is not an OCV test: its IR drop would be in the table. */
	public static final double SLOWEST_RATE_PER_H = 0.1;

	/**
	 * What the charge branch of the test (when it has one) says against the discharge branch.
	 *
	 * @param socFrom lowest SoC the charge covers
	 * @param socTo highest SoC the charge covers
	 * @param meanGapV mean of (charge branch - discharge branch) over the grid points both cover
	 * @param minGapV smallest gap
	 * @param maxGapV largest gap
	 */
	public record ChargeBranch(double socFrom, double socTo, double meanGapV, double minGapV, double maxGapV) {
	}

	/**
	 * The fitted table.
	 *
	 * @param file the test file as named by the user
	 * @param degC the table's temperature (given, or the test's mean chamber temperature rounded to 1 degC)
	 * @param measuredDegC the test's mean temperature (chamber, else cell) over the discharge
	 * @param capacityAh charge of the discharge: the SoC axis
	 * @param currentA mean discharge current (positive)
	 * @param endVolts the voltage the discharge stopped at
	 * @param soc the table's SoC points (fractions, ascending)
	 * @param volts the table's OCV points, rounded to 1 mV as the model writes them
	 * @param rmsErrorV RMS of (table - measured) over the discharge samples
	 * @param maxErrorV largest |table - measured|
	 * @param maxErrorSoc the SoC where it is
	 * @param samples the discharge samples the table was made from
	 * @param raised points raised to the one before so the table never falls (measurement noise in a flat part)
	 * @param chargeBranch the charge after the discharge, or null when the test has none
	 * @param warnings what the user should look at (a fast test, a temperature that drifts)
	 */
	public record Result(String file, int degC, double measuredDegC, double capacityAh, double currentA, double endVolts,
			double[] soc, double[] volts, double rmsErrorV, double maxErrorV, double maxErrorSoc, int samples, int raised,
			ChargeBranch chargeBranch, List<String> warnings) {

		/** The table's OCV at a SoC (fraction), linear between points, held at the ends. */
		public double ocvAt(double stateOfCharge) {
			return Tables.interpolate(soc, volts, stateOfCharge);
		}
	}

	private OcvFit() {
	}

	/**
	 * Fits the OCV table of a C/20 test.
	 *
	 * @param data the test
	 * @param degC the temperature to file it under, or null for the test's own (mean chamber temperature, rounded)
	 * @throws MeasuredDataException when the file holds no discharge or no temperature to file it under
	 */
	public static Result fit(MeasuredData data, Integer degC) throws MeasuredDataException {
		int[] discharge = longestRun(data, -1);
		if (discharge == null) {
			throw new MeasuredDataException(data.file(), 0, "no discharge found: an OCV test needs a slow discharge"
					+ " (current_A below -" + RUNNING_A + " A, discharge negative) from full to the cut-off voltage");
		}
		int first = discharge[0];
		int last = discharge[1];
		double startAh = data.ampHours()[first > 0 ? first - 1 : first];
		double capacity = startAh - data.ampHours()[last];
		if (!(capacity > 0) || last - first < SOC_GRID.length) {
			throw new MeasuredDataException(data.file(), data.lines()[first], "the discharge from line "
					+ data.lines()[first] + " to " + data.lines()[last] + " draws " + format(capacity * 1000, 1)
					+ " mAh in " + (last - first + 1) + " samples: too little for an OCV table (is the ah_Ah column"
					+ " the tester's charge counter, negative while discharging?)");
		}
		double measuredDegC = data.testDegC(first, last);
		if (degC == null && Double.isNaN(measuredDegC)) {
			throw new MeasuredDataException(data.file(), 1, "no temperature column (battery_temp_C or chamber_temp_C):"
					+ " give the test's temperature with --ocv-at TEMP=FILE");
		}
		List<String> warnings = new ArrayList<>();
		double current = 0;
		for (int i = first; i <= last; i++) {
			current -= data.amps()[i];
		}
		current /= last - first + 1;
		if (current > SLOWEST_RATE_PER_H * capacity) {
			warnings.add(String.format("%s: the discharge runs at %.3f A = C/%.0f, faster than C/10: the table holds"
					+ " an IR drop of %.0f mV or more", data.file(), current, capacity / current, current * 30));
		}
		// samples in ascending SoC: the discharge backwards
		int n = last - first + 1;
		double[] soc = new double[n];
		double[] volts = new double[n];
		for (int k = 0; k < n; k++) {
			int i = last - k;
			soc[k] = 1 - (startAh - data.ampHours()[i]) / capacity;
			volts[k] = data.volts()[i];
		}
		double[] table = new double[SOC_GRID.length];
		int raised = 0;
		for (int g = 0; g < SOC_GRID.length; g++) {
			table[g] = Math.round(Tables.interpolate(soc, volts, SOC_GRID[g]) * 1000) / 1000.0;
			if (g > 0 && table[g] < table[g - 1]) {
				table[g] = table[g - 1];
				raised++;
			}
		}
		double sum = 0;
		double worst = 0;
		double worstSoc = 0;
		for (int k = 0; k < n; k++) {
			double error = Tables.interpolate(SOC_GRID, table, soc[k]) - volts[k];
			sum += error * error;
			if (Math.abs(error) > worst) {
				worst = Math.abs(error);
				worstSoc = soc[k];
			}
		}
		int fileDegC = degC != null ? degC : (int) Math.round(measuredDegC);
		if (degC != null && !Double.isNaN(measuredDegC) && Math.abs(measuredDegC - degC) > 3) {
			warnings.add(String.format("%s: filed under %d degC, but the test's mean temperature is %.1f degC",
					data.file(), degC, measuredDegC));
		}
		return new Result(data.file(), fileDegC, measuredDegC, capacity, current, data.volts()[last], SOC_GRID.clone(),
				table, Math.sqrt(sum / n), worst, worstSoc, n, raised, chargeBranch(data, last, capacity, table), List.copyOf(warnings));
	}

	/** The charge that follows the discharge, on the same SoC axis (0 % where the discharge stopped). */
	private static ChargeBranch chargeBranch(MeasuredData data, int dischargeEnd, double capacity, double[] table) {
		int[] charge = longestRun(data, +1);
		if (charge == null || charge[0] <= dischargeEnd) {
			return null;
		}
		double endAh = data.ampHours()[dischargeEnd];
		int n = charge[1] - charge[0] + 1;
		double[] soc = new double[n];
		double[] volts = new double[n];
		for (int k = 0; k < n; k++) {
			soc[k] = (data.ampHours()[charge[0] + k] - endAh) / capacity;
			volts[k] = data.volts()[charge[0] + k];
		}
		double sum = 0;
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		int points = 0;
		for (int g = 0; g < SOC_GRID.length; g++) {
			if (SOC_GRID[g] < soc[0] || SOC_GRID[g] > soc[n - 1]) {
				continue;
			}
			double gap = Tables.interpolate(soc, volts, SOC_GRID[g]) - table[g];
			sum += gap;
			min = Math.min(min, gap);
			max = Math.max(max, gap);
			points++;
		}
		return points == 0 ? null : new ChargeBranch(soc[0], soc[n - 1], sum / points, min, max);
	}

	/** {first, last} of the run with the most charge whose current has the given sign, or null. */
	static int[] longestRun(MeasuredData data, int sign) {
		int[] best = null;
		double bestAh = 0;
		int start = -1;
		for (int i = 0; i <= data.size(); i++) {
			boolean running = i < data.size() && data.amps()[i] * sign >= RUNNING_A;
			if (running && start < 0) {
				start = i;
			} else if (!running && start >= 0) {
				double ah = Math.abs(data.ampHours()[i - 1] - data.ampHours()[start > 0 ? start - 1 : start]);
				if (best == null || ah > bestAh) {
					best = new int[] { start, i - 1 };
					bestAh = ah;
				}
				start = -1;
			}
		}
		return best;
	}

	static String format(double value, int decimals) {
		return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
	}
}
