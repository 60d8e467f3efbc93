package org.bmsgen.characterisation.fit;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.characterisation.data.MeasuredData;
import org.bmsgen.characterisation.data.MeasuredDataException;

/**
 * R0 and two RC pairs over SoC from a pulse (HPPC) test (docs/characterisation.md).
 * <p>
 * Finding the pulses: a state machine over the current; a sample is loaded when |I| is at least C/10 (0.3 A for a
 * 3 Ah cell; the pulses of an HPPC test are 0.5 C and more, rests are 0 A). A loaded stretch is a pulse when it is a
 * discharge of at most {@link #LONGEST_PULSE_S}; a longer one is a SoC step between set points. Consecutive pulses
 * belong to one SoC set point until charge is drawn outside them (more than 1 % of the capacity between the end of
 * one pulse and the start of the next: the discharge to the next set point, whether the file holds its samples or
 * only the jump of the Ah counter, as the shared data's HPPC does). The rest after a pulse lasts while the current
 * stays below C/10 and the Ah counter does not move.
 * <p>
 * SoC of a set point: Ah counting on the OCV table's axis, {@code SoC = startSoc + (Ah - Ah at the start) / Q} with
 * the C/20 capacity Q, at the rest before the set's first pulse. An HPPC test starts fully charged (startSoc 1).
 * <p>
 * Per set point with at least two pulses followed by a full rest ({@link #SHORTEST_FULL_REST_S}):
 * <ul>
 * <li>R1, tau1, R2, tau2: {@link TwoRcRelaxation} over the relaxations, from {@link #FIRST_RELAXATION_S} after the
 * trailing edge to {@link #RELAXATION_WINDOW_S}, thinned to {@link #POINTS_PER_DECADE} log-spaced samples per decade
 * (each decade of the relaxation weighs the same; uniform 1 s samples would let the last 1000 s, where only the
 * slow pair still moves, decide the fit).</li>
 * <li>R0: the step at the trailing edge from the last loaded sample to the relaxation fit extrapolated back to the
 * edge, divided by the pulse current, mean over those pulses. Not the raw step to the first rest sample: with 0.1 s
 * logging that is 6-10 mOhm lower on the shared data, because a charge-transfer process with tau 0.1-0.3 s lies in
 * between. That is faster than two 250 ms BMS control periods, so it is folded into R0 rather than spending one of
 * the two RC pairs on it; with the raw R0 the model misses ~8 mOhm x I under load.</li>
 * </ul>
 * Then a validation: the rounded tables run through every set point (all its pulses and rests, from the rest
 * voltage before its first pulse; the OCV table supplies only the change of OCV with the charge drawn), and the
 * terminal-voltage error against the measurement is reported per set, under load and at rest.
 */
public final class HppcFit {

	/** A sample is loaded when |I| is at least this fraction of the capacity per hour (C/10). */
	public static final double LOADED_C_RATE = 0.1;
	/** The longest loaded stretch that is still a pulse, s. */
	public static final double LONGEST_PULSE_S = 60;
	/** The relaxation fit starts this long after the trailing edge, s (see R0 above). */
	public static final double FIRST_RELAXATION_S = 0.5;
	/** The relaxation fit ends this long after the trailing edge, s. */
	public static final double RELAXATION_WINDOW_S = 1200;
	/** A rest this long or longer is a full relaxation, usable for the RC fit, s (3 x the slowest tau seen, ~200 s). */
	public static final double SHORTEST_FULL_REST_S = 600;
	/** Log-spaced samples per decade of the relaxation. */
	public static final int POINTS_PER_DECADE = 40;
	/** Charge drawn outside the pulses that starts a new set point, as a fraction of the capacity. */
	public static final double SET_POINT_STEP = 0.01;

	/**
	 * One pulse.
	 *
	 * @param first index of its first loaded sample
	 * @param last index of its last loaded sample
	 * @param restEnd index of the last sample of the rest after it ({@code last} when there is none)
	 * @param amps mean current, discharge positive
	 * @param seconds length, from the last rest sample before it to its last loaded sample
	 * @param restSeconds length of the rest after it
	 */
	public record Pulse(int first, int last, int restEnd, double amps, double seconds, double restSeconds) {
	}

	/**
	 * One SoC set point.
	 *
	 * @param soc SoC at the rest before its first pulse (fraction)
	 * @param restVolts the voltage at that rest
	 * @param pulses its pulses in time order
	 * @param r0 fitted R0, Ohm (NaN when not fitted)
	 * @param r1 Ohm
	 * @param tau1 s
	 * @param r2 Ohm
	 * @param tau2 s
	 * @param relaxationRmsV RMS residual of the relaxation fit
	 * @param rawR0Min smallest raw edge step |dV/dI| between adjacent samples (NaN without one)
	 * @param rawR0Max largest raw edge step
	 * @param skipped why the set point has no fit, or null
	 */
	public record SetPoint(double soc, double restVolts, List<Pulse> pulses, double r0, double r1, double tau1, double r2,
			double tau2, double relaxationRmsV, double rawR0Min, double rawR0Max, String skipped) {

		/** Whether this set point gave a row of the tables. */
		public boolean fitted() {
			return skipped == null;
		}
	}

	/**
	 * The model's terminal-voltage error over one set point.
	 *
	 * @param soc the set point's SoC
	 * @param rmsV over all its samples
	 * @param maxV largest |error|
	 * @param loadedRmsV over the samples under load
	 * @param restRmsV over the samples at rest
	 * @param samples number of samples
	 */
	public record SetError(double soc, double rmsV, double maxV, double loadedRmsV, double restRmsV, int samples) {
	}

	/**
	 * The fit of a test.
	 *
	 * @param file the test file as named by the user
	 * @param degC the test's temperature (mean chamber temperature, else cell, rounded to 1 degC)
	 * @param measuredDegC the mean temperature itself
	 * @param cellDegCMin lowest cell temperature during the test (NaN without the column)
	 * @param cellDegCMax highest
	 * @param setPoints every set point found, fitted or not, in time order
	 * @param table the fitted set points as the model writes them
	 * @param errors the validation per set point, in time order
	 * @param rmsV over the whole test
	 * @param maxV largest |error| over the whole test
	 * @param loadedRmsV under load over the whole test
	 * @param restRmsV at rest over the whole test
	 * @param restOffsetRmsV RMS of (rest voltage before a set - OCV table at its SoC): the OCV table against the test
	 * @param chargePulses charge pulses found (not used: the tables are for discharge)
	 * @param warnings what the user should look at
	 */
	public record Result(String file, int degC, double measuredDegC, double cellDegCMin, double cellDegCMax,
			List<SetPoint> setPoints, EcmTable table, List<SetError> errors, double rmsV, double maxV, double loadedRmsV,
			double restRmsV, double restOffsetRmsV, int chargePulses, List<String> warnings) {

		/** (rest voltage before the set - OCV table at its SoC) per set point, in time order. */
		public double[] restOffsets(OcvFit.Result ocv) {
			return setPoints.stream().mapToDouble(s -> s.restVolts() - ocv.ocvAt(s.soc())).toArray();
		}
	}

	private HppcFit() {
	}

	/**
	 * Fits a pulse test.
	 *
	 * @param data the test
	 * @param ocv the OCV table whose SoC axis and capacity the set points are counted on
	 * @param startSoc SoC at the start of the file (1 for a test that starts fully charged)
	 * @throws MeasuredDataException when the file holds no pulses, or no set point with two full relaxations
	 */
	public static Result fit(MeasuredData data, OcvFit.Result ocv, double startSoc) throws MeasuredDataException {
		double capacity = ocv.capacityAh();
		double loadedA = LOADED_C_RATE * capacity;
		List<Pulse> pulses = new ArrayList<>();
		List<Integer> longSegments = new ArrayList<>();
		int chargePulses = 0;
		int segments = 0;
		double shortestSegment = Double.POSITIVE_INFINITY;
		// the state machine: REST until |I| >= C/10, LOADED until it falls back
		int start = -1;
		for (int i = 0; i <= data.size(); i++) {
			boolean loaded = i < data.size() && Math.abs(data.amps()[i]) >= loadedA;
			if (loaded && start < 0) {
				start = i;
			} else if (!loaded && start >= 0) {
				int first = start;
				int last = i - 1;
				start = -1;
				segments++;
				double seconds = data.seconds()[last] - data.seconds()[first > 0 ? first - 1 : first];
				shortestSegment = Math.min(shortestSegment, seconds);
				double amps = 0;
				for (int k = first; k <= last; k++) {
					amps -= data.amps()[k];
				}
				amps /= last - first + 1;
				if (seconds > LONGEST_PULSE_S) {
					longSegments.add(first);
				} else if (amps < 0) {
					chargePulses++;
				} else if (first > 0) {
					int restEnd = restEnd(data, last, loadedA, capacity);
					pulses.add(new Pulse(first, last, restEnd, amps, seconds,
							data.seconds()[restEnd] - data.seconds()[last]));
				}
			}
		}
		if (pulses.isEmpty()) {
			throw new MeasuredDataException(data.file(), 0, "no discharge pulses found: an HPPC test has discharge pulses"
					+ " of at least C/10 (" + OcvFit.format(loadedA, 2) + " A for the " + OcvFit.format(capacity, 3)
					+ " Ah of the OCV test) lasting at most " + (int) LONGEST_PULSE_S + " s, each after a rest; the file has "
					+ segments + " loaded stretch" + (segments == 1 ? "" : "es")
					+ (segments > 0 ? ", the shortest " + OcvFit.format(shortestSegment, 1) + " s long" : "")
					+ (chargePulses > 0 ? ", " + chargePulses + " of them charge pulses" : ""));
		}

		// group into set points
		List<List<Pulse>> groups = new ArrayList<>();
		for (Pulse pulse : pulses) {
			List<Pulse> current = groups.isEmpty() ? null : groups.get(groups.size() - 1);
			if (current != null) {
				Pulse previous = current.get(current.size() - 1);
				double between = Math.abs(data.ampHours()[pulse.first() - 1] - data.ampHours()[previous.last()]);
				boolean stepped = longSegments.stream().anyMatch(s -> s > previous.last() && s < pulse.first());
				if (between <= SET_POINT_STEP * capacity && !stepped) {
					current.add(pulse);
					continue;
				}
			}
			List<Pulse> group = new ArrayList<>();
			group.add(pulse);
			groups.add(group);
		}

		double startAh = data.ampHours()[0];
		List<SetPoint> setPoints = new ArrayList<>();
		for (List<Pulse> group : groups) {
			int before = group.get(0).first() - 1;
			double soc = startSoc + (data.ampHours()[before] - startAh) / capacity;
			setPoints.add(fitSetPoint(data, group, soc, data.volts()[before]));
		}
		List<SetPoint> fitted = setPoints.stream().filter(SetPoint::fitted)
				.sorted((a, b) -> Double.compare(a.soc(), b.soc())).toList();
		if (fitted.isEmpty()) {
			throw new MeasuredDataException(data.file(), 0, "found " + pulses.size() + " pulses at " + groups.size()
					+ " SoC set points, but no set point has two pulses each followed by a rest of "
					+ (int) SHORTEST_FULL_REST_S + " s or more: the RC pairs cannot be fitted");
		}
		int n = fitted.size();
		double[][] columns = new double[6][n];
		for (int i = 0; i < n; i++) {
			SetPoint s = fitted.get(i);
			double[] row = { s.soc(), s.r0(), s.r1(), s.tau1(), s.r2(), s.tau2() };
			for (int c = 0; c < 6; c++) {
				columns[c][i] = row[c];
			}
		}
		EcmTable table = EcmTable.rounded(columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
		List<String> warnings = new ArrayList<>();
		for (int i = 1; i < n; i++) {
			if (table.soc()[i] <= table.soc()[i - 1]) {
				throw new MeasuredDataException(data.file(), 0, "two set points at SoC "
						+ OcvFit.format(table.soc()[i] * 100, 1) + " %: the pulses of one set point were split in two");
			}
		}

		// validation over every set point
		List<SetError> errors = new ArrayList<>();
		Statistics all = new Statistics();
		Statistics loaded = new Statistics();
		Statistics rest = new Statistics();
		for (int g = 0; g < groups.size(); g++) {
			List<Pulse> group = groups.get(g);
			Statistics set = new Statistics();
			Statistics setLoaded = new Statistics();
			Statistics setRest = new Statistics();
			int from = group.get(0).first() - 1;
			int to = group.get(group.size() - 1).restEnd();
			double u1 = 0;
			double u2 = 0;
			double startVolts = data.volts()[from];
			double socAtStart = startSoc + (data.ampHours()[from] - startAh) / capacity;
			for (int i = from + 1; i <= to; i++) {
				double dt = data.seconds()[i] - data.seconds()[i - 1];
				double soc = startSoc + (data.ampHours()[i] - startAh) / capacity;
				double discharge = -data.amps()[i];
				double e1 = StrictMath.exp(-dt / table.tau1At(soc));
				double e2 = StrictMath.exp(-dt / table.tau2At(soc));
				u1 = u1 * e1 + discharge * table.r1At(soc) * (1 - e1);
				u2 = u2 * e2 + discharge * table.r2At(soc) * (1 - e2);
				double model = startVolts + ocv.ocvAt(soc) - ocv.ocvAt(socAtStart) - discharge * table.r0At(soc) - u1 - u2;
				double error = model - data.volts()[i];
				set.add(error);
				all.add(error);
				if (Math.abs(data.amps()[i]) >= loadedA) {
					setLoaded.add(error);
					loaded.add(error);
				} else {
					setRest.add(error);
					rest.add(error);
				}
			}
			errors.add(new SetError(setPoints.get(g).soc(), set.rms(), set.max, setLoaded.rms(), setRest.rms(), set.n));
		}
		Statistics restOffsets = new Statistics();
		for (SetPoint s : setPoints) {
			restOffsets.add(s.restVolts() - ocv.ocvAt(s.soc()));
		}
		double measuredDegC = data.testDegC(0, data.size() - 1);
		if (Double.isNaN(measuredDegC)) {
			throw new MeasuredDataException(data.file(), 1, "no temperature column (battery_temp_C or chamber_temp_C):"
					+ " the equivalent circuit must be filed under the temperature it was measured at");
		}
		double cellMin = Double.NaN;
		double cellMax = Double.NaN;
		if (data.cellDegC() != null) {
			cellMin = Double.POSITIVE_INFINITY;
			cellMax = Double.NEGATIVE_INFINITY;
			for (double t : data.cellDegC()) {
				cellMin = Math.min(cellMin, t);
				cellMax = Math.max(cellMax, t);
			}
		}
		if (Math.abs(ocv.degC() - measuredDegC) > 3) {
			warnings.add(String.format("%s: the pulse test ran at %.1f degC, the OCV table it counts SoC on is at %d degC",
					data.file(), measuredDegC, ocv.degC()));
		}
		return new Result(data.file(), (int) Math.round(measuredDegC), measuredDegC, cellMin, cellMax,
				List.copyOf(setPoints), table, List.copyOf(errors), all.rms(), all.max, loaded.rms(), rest.rms(),
				restOffsets.rms(), chargePulses, List.copyOf(warnings));
	}

	/** The last sample of the rest after a pulse: while the current stays below C/10 and the Ah counter stands. */
	private static int restEnd(MeasuredData data, int last, double loadedA, double capacity) {
		double ah = data.ampHours()[last];
		int end = last;
		for (int i = last + 1; i < data.size(); i++) {
			if (Math.abs(data.amps()[i]) >= loadedA || Math.abs(data.ampHours()[i] - ah) > 0.001 * capacity) {
				break;
			}
			end = i;
		}
		return end;
	}

	private static SetPoint fitSetPoint(MeasuredData data, List<Pulse> group, double soc, double restVolts) {
		double rawMin = Double.NaN;
		double rawMax = Double.NaN;
		for (Pulse pulse : group) {
			for (int[] edge : new int[][] { { pulse.first() - 1, pulse.first() }, { pulse.last(), pulse.last() + 1 } }) {
				if (edge[1] >= data.size() || edge[1] > pulse.restEnd() && edge[0] == pulse.last()) {
					continue;
				}
				double dt = data.seconds()[edge[1]] - data.seconds()[edge[0]];
				double di = data.amps()[edge[1]] - data.amps()[edge[0]];
				if (dt < FIRST_RELAXATION_S && Math.abs(di) > 0) {
					double r = Math.abs((data.volts()[edge[1]] - data.volts()[edge[0]]) / di);
					rawMin = Double.isNaN(rawMin) ? r : Math.min(rawMin, r);
					rawMax = Double.isNaN(rawMax) ? r : Math.max(rawMax, r);
				}
			}
		}
		List<Pulse> full = group.stream().filter(p -> p.restSeconds() >= SHORTEST_FULL_REST_S).toList();
		if (full.size() < 2) {
			return new SetPoint(soc, restVolts, List.copyOf(group), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
					Double.NaN, Double.NaN, rawMin, rawMax, full.size() + " of its " + group.size()
							+ " pulses have a rest of " + (int) SHORTEST_FULL_REST_S + " s or more after them, 2 are needed");
		}
		List<TwoRcRelaxation.Relaxation> relaxations = new ArrayList<>();
		for (Pulse pulse : full) {
			relaxations.add(relaxation(data, pulse));
		}
		TwoRcRelaxation.Fit fit = TwoRcRelaxation.fit(relaxations);
		if (fit == null) {
			return new SetPoint(soc, restVolts, List.copyOf(group), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
					Double.NaN, Double.NaN, rawMin, rawMax, "no two-RC fit with positive resistances");
		}
		double r0 = 0;
		for (int k = 0; k < full.size(); k++) {
			Pulse pulse = full.get(k);
			r0 += (fit.voltsAtEdge(relaxations.get(k), k) - data.volts()[pulse.last()]) / pulse.amps();
		}
		r0 /= full.size();
		return new SetPoint(soc, restVolts, List.copyOf(group), r0, fit.r1(), fit.tau1(), fit.r2(), fit.tau2(), fit.rmsV(),
				rawMin, rawMax, null);
	}

	/** The rest after a pulse from 0.5 s to 1200 s, thinned to log-spaced samples. */
	private static TwoRcRelaxation.Relaxation relaxation(MeasuredData data, Pulse pulse) {
		double edge = data.seconds()[pulse.last()];
		List<double[]> kept = new ArrayList<>();
		double next = FIRST_RELAXATION_S;
		double step = StrictMath.pow(10, 1.0 / POINTS_PER_DECADE);
		for (int i = pulse.last() + 1; i <= pulse.restEnd(); i++) {
			double t = data.seconds()[i] - edge;
			if (t > RELAXATION_WINDOW_S + 1) {
				break;
			}
			if (t >= next) {
				kept.add(new double[] { t, data.volts()[i] });
				next = t * step;
			}
		}
		double[] seconds = kept.stream().mapToDouble(s -> s[0]).toArray();
		double[] volts = kept.stream().mapToDouble(s -> s[1]).toArray();
		return new TwoRcRelaxation.Relaxation(pulse.amps(), pulse.seconds(), seconds, volts);
	}

	/** RMS and maximum of |x|. */
	private static final class Statistics {
		double sumOfSquares;
		double max;
		int n;

		void add(double x) {
			sumOfSquares += x * x;
			max = Math.max(max, Math.abs(x));
			n++;
		}

		double rms() {
			return n == 0 ? Double.NaN : Math.sqrt(sumOfSquares / n);
		}
	}
}
