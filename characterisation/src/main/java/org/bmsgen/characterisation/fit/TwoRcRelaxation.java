package org.bmsgen.characterisation.fit;

import java.util.List;

/**
 * The joint fit of two RC pairs to the voltage relaxations after several current pulses of one SoC set point.
 * <p>
 * After a pulse k of current I_k (discharge positive) and length Tp_k, with the RC pairs starting from rest, the
 * terminal voltage t seconds after the pulse's trailing edge is
 * <pre>
 *   v_k(t) = Vinf_k - I_k R1 (1 - exp(-Tp_k / tau1)) exp(-t / tau1) - I_k R2 (1 - exp(-Tp_k / tau2)) exp(-t / tau2)
 * </pre>
 * with one rest voltage Vinf_k per pulse and R1, R2, tau1, tau2 shared. For fixed time constants the model is
 * linear in (Vinf_1..n, R1, R2): the fit is a variable projection, an exhaustive search over a logarithmic grid of
 * (tau1, tau2) with tau2 at least 3 tau1 (so that the pairs stay distinct), linear least squares for the rest at
 * each grid point, and a finer grid around the best point. Only fits with both resistances positive count.
 * Deterministic (no starting guess, no iteration limit to tune), and the global optimum on the grid: a
 * Levenberg-Marquardt from a poor start falls into the swapped-pairs or one-pair local minima.
 */
public final class TwoRcRelaxation {

	/** The coarse grid: 8 points per decade, 0.1 s to 3160 s. */
	private static final double[] COARSE = grid(-8, 28, 8.0);
	/** The fine grid: factors 10^(-1/8) .. 10^(1/8) in 1/64-decade steps around the coarse optimum. */
	private static final double[] FINE = grid(-8, 8, 64.0);
	/** The slower pair's time constant is at least this multiple of the faster one's. */
	private static final double SEPARATION = 3;

	/**
	 * The relaxation after one pulse.
	 *
	 * @param amps the pulse's mean current, discharge positive
	 * @param pulseSeconds the pulse's length
	 * @param seconds sample times from the trailing edge
	 * @param volts measured terminal voltages at those times
	 */
	public record Relaxation(double amps, double pulseSeconds, double[] seconds, double[] volts) {
	}

	/**
	 * The fit.
	 *
	 * @param r1 faster pair's resistance, Ohm
	 * @param tau1 faster pair's time constant, s
	 * @param r2 slower pair's resistance, Ohm
	 * @param tau2 slower pair's time constant, s
	 * @param restVolts Vinf_k per relaxation
	 * @param rmsV RMS residual over all samples
	 */
	public record Fit(double r1, double tau1, double r2, double tau2, double[] restVolts, double rmsV) {

		/** The fitted voltage of relaxation k extrapolated back to its trailing edge (t = 0). */
		public double voltsAtEdge(Relaxation relaxation, int k) {
			return restVolts[k] - relaxation.amps() * (r1 * (1 - StrictMath.exp(-relaxation.pulseSeconds() / tau1))
					+ r2 * (1 - StrictMath.exp(-relaxation.pulseSeconds() / tau2)));
		}
	}

	private TwoRcRelaxation() {
	}

	/** Fits two RC pairs to the relaxations; null when no grid point gives two positive resistances. */
	public static Fit fit(List<Relaxation> relaxations) {
		Candidate best = null;
		for (double tau1 : COARSE) {
			for (double tau2 : COARSE) {
				best = better(best, relaxations, tau1, tau2);
			}
		}
		if (best == null) {
			return null;
		}
		double tau1Coarse = best.tau1;
		double tau2Coarse = best.tau2;
		for (double f1 : FINE) {
			for (double f2 : FINE) {
				best = better(best, relaxations, tau1Coarse * f1, tau2Coarse * f2);
			}
		}
		int samples = relaxations.stream().mapToInt(r -> r.seconds().length).sum();
		int n = relaxations.size();
		double[] restVolts = new double[n];
		System.arraycopy(best.parameters, 0, restVolts, 0, n);
		return new Fit(best.parameters[n], best.tau1, best.parameters[n + 1], best.tau2, restVolts,
				Math.sqrt(best.sse / samples));
	}

	private record Candidate(double tau1, double tau2, double sse, double[] parameters) {
	}

	private static Candidate better(Candidate best, List<Relaxation> relaxations, double tau1, double tau2) {
		if (tau2 < SEPARATION * tau1) {
			return best;
		}
		Candidate candidate = linearFit(relaxations, tau1, tau2);
		int n = relaxations.size();
		if (candidate == null || !(candidate.parameters[n] > 0) || !(candidate.parameters[n + 1] > 0)) {
			return best;
		}
		return best == null || candidate.sse < best.sse ? candidate : best;
	}

	/** Least squares of (Vinf_1..n, R1, R2) for fixed time constants, through the normal equations. */
	private static Candidate linearFit(List<Relaxation> relaxations, double tau1, double tau2) {
		int n = relaxations.size();
		int size = n + 2;
		double[][] ata = new double[size][size];
		double[] atb = new double[size];
		for (int k = 0; k < n; k++) {
			Relaxation r = relaxations.get(k);
			double g1 = r.amps() * (1 - StrictMath.exp(-r.pulseSeconds() / tau1));
			double g2 = r.amps() * (1 - StrictMath.exp(-r.pulseSeconds() / tau2));
			for (int s = 0; s < r.seconds().length; s++) {
				double x1 = -g1 * StrictMath.exp(-r.seconds()[s] / tau1);
				double x2 = -g2 * StrictMath.exp(-r.seconds()[s] / tau2);
				double v = r.volts()[s];
				ata[k][k] += 1;
				ata[k][n] += x1;
				ata[k][n + 1] += x2;
				ata[n][n] += x1 * x1;
				ata[n][n + 1] += x1 * x2;
				ata[n + 1][n + 1] += x2 * x2;
				atb[k] += v;
				atb[n] += x1 * v;
				atb[n + 1] += x2 * v;
			}
		}
		for (int i = 0; i < size; i++) {
			for (int j = 0; j < i; j++) {
				ata[i][j] = ata[j][i];
			}
		}
		double[] parameters = LinearSystem.solve(ata, atb);
		if (parameters == null) {
			return null;
		}
		double sse = 0;
		for (int k = 0; k < n; k++) {
			Relaxation r = relaxations.get(k);
			double g1 = r.amps() * (1 - StrictMath.exp(-r.pulseSeconds() / tau1));
			double g2 = r.amps() * (1 - StrictMath.exp(-r.pulseSeconds() / tau2));
			for (int s = 0; s < r.seconds().length; s++) {
				double model = parameters[k] - parameters[n] * g1 * StrictMath.exp(-r.seconds()[s] / tau1)
						- parameters[n + 1] * g2 * StrictMath.exp(-r.seconds()[s] / tau2);
				double residual = r.volts()[s] - model;
				sse += residual * residual;
			}
		}
		return new Candidate(tau1, tau2, sse, parameters);
	}

	private static double[] grid(int from, int to, double perDecade) {
		double[] values = new double[to - from + 1];
		for (int e = from; e <= to; e++) {
			values[e - from] = StrictMath.pow(10, e / perDecade);
		}
		return values;
	}
}
