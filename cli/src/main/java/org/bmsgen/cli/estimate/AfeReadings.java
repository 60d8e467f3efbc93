package org.bmsgen.cli.estimate;

import org.bmsgen.characterisation.data.MeasuredData;

/**
 * A measured test as the firmware's control loop would have read it through the BQ76920, one entry per control period
 * (the test's 0.1 s rows are not what a BMS sees):
 * <ul>
 * <li>cell voltage: the terminal voltage at the end of the period (plus the offset under study), through the 14-bit
 * cell ADC at GAIN 382 uV/LSB, OFFSET 0 (DS 8.3.1.1.1, Tables 8-22/8-23: GAIN 365..396 by trim; 382 is the DS
 * worked example's) and back to whole mV as the generated driver converts it;</li>
 * <li>pack current: the cell current times the cells in parallel, averaged over the period as the coulomb counter
 * integrates it (DS 8.3.1.1.3: one reading every 250 ms, LSB 8.44 uV across the shunt), then to mA through the
 * shunt as the driver does;</li>
 * <li>temperature: the case thermocouple's, through the NTC divider (10 kOhm pull-up to 3.3 V, TS ADC LSB 382 uV,
 * DS 8.3.1.1.4) and back, updated every 2 s as the chip converts it.</li>
 * </ul>
 * The reference SoC is 1 + Ah / Q with the tester's Ah counter (the drive cycles start full, see the data's README).
 */
public record AfeReadings(double periodS, double[] seconds, int[] cellMv, int[] packMa, int[] temperatureCentiDegC,
		double[] referenceSoc, double[] cellAmps) {

	/** DS Table 8-22: the cell ADC's gain of the worked example, uV per LSB. */
	static final int GAIN_UV_PER_LSB = 382;
	/** DS 8.3.1.1.3: coulomb counter LSB across the shunt, nV. */
	static final int CC_LSB_NANOVOLT = 8440;
	/** DS 8.3.1.1.4: TS ADC LSB, uV; the divider's pull-up and supply. */
	static final double TS_LSB_VOLT = 382e-6;
	static final double TS_PULL_UP_OHM = 10_000;
	static final double TS_SUPPLY_VOLT = 3.3;
	/** DS 8.3.1.1.4: temperatures are converted every 2 s. */
	static final double TEMPERATURE_PERIOD_S = 2.0;

	int size() {
		return seconds.length;
	}

	/**
	 * @param startAt seconds into the test of the first period's start
	 * @param parallel cells in parallel (the pack current is this many cells' current)
	 * @param shuntMicroOhm the pack's shunt
	 * @param ntcOhm the thermistor's nominal resistance at 25 degC, 0 without an NTC (then 0.1 degC steps)
	 * @param ntcBeta its B constant, K
	 * @param offsetMv added to every measured cell voltage before the ADC (a sense error under study)
	 * @param capacityAh Q of the reference SoC
	 */
	static AfeReadings of(MeasuredData data, double periodS, double startAt, int parallel, long shuntMicroOhm,
			long ntcOhm, int ntcBeta, double offsetMv, double capacityAh) {
		double[] t = data.seconds();
		double first = t[0] + startAt;
		int periods = (int) Math.floor((t[t.length - 1] - first) / periodS + 1e-9);
		if (periods < 1) {
			periods = 0;
		}
		double[] cumulative = new double[t.length];
		for (int i = 1; i < t.length; i++) {
			cumulative[i] = cumulative[i - 1] + (t[i] - t[i - 1]) * (data.amps()[i] + data.amps()[i - 1]) / 2;
		}
		double[] seconds = new double[periods];
		int[] cellMv = new int[periods];
		int[] packMa = new int[periods];
		int[] temperature = new int[periods];
		double[] reference = new double[periods];
		double[] cellAmps = new double[periods];
		Cursor cursor = new Cursor(t);
		for (int k = 0; k < periods; k++) {
			double end = first + (k + 1) * periodS;
			double begin = end - periodS;
			seconds[k] = end - t[0];
			double volts = cursor.interpolate(end, data.volts()) + offsetMv / 1000;
			long code = Math.max(0, Math.min(0x3FFF, Math.round(volts * 1e6 / GAIN_UV_PER_LSB)));
			cellMv[k] = (int) Math.round(GAIN_UV_PER_LSB * code / 1000.0);
			double mean = (integral(cursor, cumulative, data.amps(), end) - integral(cursor, cumulative, data.amps(),
					begin)) / periodS;
			cellAmps[k] = mean;
			double shuntNanovolt = mean * parallel * shuntMicroOhm * 1000;
			long ccCode = Math.max(-32768, Math.min(32767, Math.round(shuntNanovolt / CC_LSB_NANOVOLT)));
			packMa[k] = (int) Math.round((double) ccCode * CC_LSB_NANOVOLT / shuntMicroOhm);
			double converted = t[0] + Math.floor((end - t[0]) / TEMPERATURE_PERIOD_S) * TEMPERATURE_PERIOD_S;
			temperature[k] = quantisedCentiDegC(cursor.interpolate(Math.max(converted, t[0]), data.cellDegC()),
					ntcOhm, ntcBeta);
			cursor.at(end);
			reference[k] = 1 + cursor.interpolate(end, data.ampHours()) / capacityAh;
		}
		return new AfeReadings(periodS, seconds, cellMv, packMa, temperature, reference, cellAmps);
	}

	/** The charge the test has passed by time x, A s. */
	private static double integral(Cursor cursor, double[] cumulative, double[] amps, double x) {
		int i = cursor.segment(x);
		double[] t = cursor.t;
		double dt = x - t[i];
		double ampsAtX = cursor.interpolate(x, amps);
		return cumulative[i] + dt * (amps[i] + ampsAtX) / 2;
	}

	static int quantisedCentiDegC(double celsius, long ntcOhm, int beta) {
		if (ntcOhm <= 0 || beta <= 0) {
			return (int) Math.round(celsius * 10) * 10;
		}
		double kelvin = celsius + 273.15;
		double ohm = ntcOhm * Math.exp(beta * (1 / kelvin - 1 / 298.15));
		double volts = TS_SUPPLY_VOLT * ohm / (TS_PULL_UP_OHM + ohm);
		double code = Math.round(volts / TS_LSB_VOLT);
		double back = code * TS_LSB_VOLT;
		double backOhm = TS_PULL_UP_OHM * back / (TS_SUPPLY_VOLT - back);
		double backKelvin = 1 / (1 / 298.15 + Math.log(backOhm / ntcOhm) / beta);
		return (int) Math.round((backKelvin - 273.15) * 100);
	}

	/** Walks a time axis forward: the segment [t[i], t[i+1]] holding a time, held at the ends. */
	private static final class Cursor {
		final double[] t;
		int i;

		Cursor(double[] t) {
			this.t = t;
		}

		int segment(double x) {
			while (i > 0 && t[i] > x) {
				i--;
			}
			while (i < t.length - 2 && t[i + 1] <= x) {
				i++;
			}
			return i;
		}

		void at(double x) {
			segment(x);
		}

		double interpolate(double x, double[] y) {
			int s = segment(x);
			if (x <= t[s]) {
				return y[s];
			}
			if (x >= t[s + 1]) {
				return y[s + 1];
			}
			return y[s] + (x - t[s]) / (t[s + 1] - t[s]) * (y[s + 1] - y[s]);
		}
	}
}
