package org.bmsgen.characterisation.fit;

/**
 * The equivalent circuit (R0 and two RC pairs) over SoC as the cell file writes it: SoC rounded to 0.1 %,
 * resistances to 0.1 mOhm, capacitances to 1 F. Every figure of merit of the fit is computed with these rounded
 * values, interpolated the way the model's tables are (linear in SoC, held at the ends; the time constants as
 * R x C of the interpolated R and C).
 *
 * @param soc SoC points, fractions, ascending
 * @param r0 series resistance, Ohm
 * @param r1 faster pair's resistance, Ohm
 * @param c1 faster pair's capacitance, F
 * @param r2 slower pair's resistance, Ohm
 * @param c2 slower pair's capacitance, F
 */
public record EcmTable(double[] soc, double[] r0, double[] r1, double[] c1, double[] r2, double[] c2) {

	/** Rounds the fitted values as the model writes them. */
	static EcmTable rounded(double[] soc, double[] r0, double[] r1, double[] tau1, double[] r2, double[] tau2) {
		int n = soc.length;
		double[][] out = new double[6][n];
		for (int i = 0; i < n; i++) {
			out[0][i] = Math.round(soc[i] * 1000) / 1000.0;
			out[1][i] = Math.round(r0[i] * 1e4) / 1e4;
			out[2][i] = Math.round(r1[i] * 1e4) / 1e4;
			out[3][i] = Math.round(tau1[i] / r1[i]);
			out[4][i] = Math.round(r2[i] * 1e4) / 1e4;
			out[5][i] = Math.round(tau2[i] / r2[i]);
		}
		return new EcmTable(out[0], out[1], out[2], out[3], out[4], out[5]);
	}

	/** The number of SoC points. */
	public int size() {
		return soc.length;
	}

	/** R0 at a SoC (fraction). */
	public double r0At(double stateOfCharge) {
		return Tables.interpolate(soc, r0, stateOfCharge);
	}

	/** R1 at a SoC. */
	public double r1At(double stateOfCharge) {
		return Tables.interpolate(soc, r1, stateOfCharge);
	}

	/** tau1 = R1 C1 at a SoC. */
	public double tau1At(double stateOfCharge) {
		return r1At(stateOfCharge) * Tables.interpolate(soc, c1, stateOfCharge);
	}

	/** R2 at a SoC. */
	public double r2At(double stateOfCharge) {
		return Tables.interpolate(soc, r2, stateOfCharge);
	}

	/** tau2 = R2 C2 at a SoC. */
	public double tau2At(double stateOfCharge) {
		return r2At(stateOfCharge) * Tables.interpolate(soc, c2, stateOfCharge);
	}
}
