package org.bmsgen.characterisation.fit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;

import org.bmsgen.characterisation.data.MeasuredCsv;
import org.bmsgen.characterisation.data.MeasuredData;
import org.bmsgen.characterisation.data.MeasuredDataException;

/**
 * A cell whose parameters are known, tested as a lab would test it: OCV(SoC) = 3.0 V + 1.2 V x SoC, Q = 3.0 Ah,
 * R0 = 30 mOhm, R1 = 5 mOhm / tau1 = 5 s, R2 = 20 mOhm / tau2 = 60 s. Voltages are the exact solution of the
 * two-RC circuit for piecewise-constant current, written at the shared data's resolution (5 decimals), so a fit
 * must give these numbers back up to that quantisation.
 */
final class SyntheticCell {

	static final double Q_AH = 3.0;
	static final double R0 = 0.030;
	static final double R1 = 0.005;
	static final double TAU1 = 5;
	static final double R2 = 0.020;
	static final double TAU2 = 60;

	static final String HEADER = "time_s,voltage_V,current_A,ah_Ah,wh_Wh,power_W,battery_temp_C,chamber_temp_C\n";

	private final StringBuilder csv = new StringBuilder(HEADER);
	private double time;
	private double ah;
	private double u1;
	private double u2;
	private double amps;

	static double ocv(double soc) {
		return 3.0 + 1.2 * soc;
	}

	private void sample() {
		double soc = 1 + ah / Q_AH;
		double volts = ocv(soc) + amps * R0 - u1 - u2;
		csv.append(String.format(Locale.ROOT, "%.4f,%.5f,%.5f,%.5f,0,0,25.50000,25.00%n", time, volts, amps, ah));
	}

	/** Holds the current for a while, sampling every step (the first sample one step in). */
	private void hold(double current, double seconds, double step) {
		amps = current;
		int n = (int) Math.round(seconds / step);
		for (int k = 0; k < n; k++) {
			double discharge = -amps;
			double e1 = Math.exp(-step / TAU1);
			double e2 = Math.exp(-step / TAU2);
			u1 = u1 * e1 + discharge * R1 * (1 - e1);
			u2 = u2 * e2 + discharge * R2 * (1 - e2);
			ah += amps * step / 3600;
			time += step;
			sample();
		}
	}

	/** The C/20 test: 10 min rest full, C/20 discharge to 0 %, 10 min rest, C/20 charge for 10 h. */
	static String c20() {
		SyntheticCell cell = new SyntheticCell();
		cell.sample();
		cell.hold(0, 600, 60);
		cell.hold(-Q_AH / 20, 20 * 3600, 60);
		cell.hold(0, 600, 60);
		cell.hold(Q_AH / 20, 10 * 3600, 60);
		return cell.csv.toString();
	}

	/**
	 * A pulse test starting full: at each of the set points 100, 70, 40 %, four 10 s discharge pulses (0.5, 1, 2, 4 C)
	 * each followed by 1200 s of rest (0.1 s samples for 10 s after each edge, then 1 s), then a discharge of 30 % that
	 * the file holds only as a jump of the Ah counter over a gap of an hour (as the shared data's HPPC does).
	 */
	static String hppc() {
		SyntheticCell cell = new SyntheticCell();
		cell.sample();
		cell.hold(0, 10, 1);
		for (int set = 0; set < 3; set++) {
			for (double rate : new double[] { 0.5, 1, 2, 4 }) {
				cell.hold(-rate * Q_AH, 10, 0.1);
				cell.hold(0, 10, 0.1);
				cell.hold(0, 1190, 1);
			}
			cell.ah -= 0.3 * Q_AH;
			cell.u1 = 0;
			cell.u2 = 0;
			cell.time += 3600;
			cell.sample();
			cell.hold(0, 10, 1);
		}
		return cell.csv.toString();
	}

	static MeasuredData read(String csv, String name) throws MeasuredDataException, IOException {
		return MeasuredCsv.read(new BufferedReader(new StringReader(csv)), name);
	}

	private SyntheticCell() {
	}
}
