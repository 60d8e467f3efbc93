package org.bmsgen.characterisation.fit;

/** Small dense linear systems (the normal equations of a fit with a handful of unknowns). */
final class LinearSystem {

	private LinearSystem() {
	}

	/** Solves a x = b by Gaussian elimination with partial pivoting; null when a is singular. a, b are not changed. */
	static double[] solve(double[][] a, double[] b) {
		int n = b.length;
		double[][] m = new double[n][n + 1];
		double scale = 0;
		for (int i = 0; i < n; i++) {
			System.arraycopy(a[i], 0, m[i], 0, n);
			m[i][n] = b[i];
			for (int j = 0; j < n; j++) {
				scale = Math.max(scale, Math.abs(a[i][j]));
			}
		}
		for (int c = 0; c < n; c++) {
			int pivot = c;
			for (int r = c + 1; r < n; r++) {
				if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
					pivot = r;
				}
			}
			double[] swap = m[c];
			m[c] = m[pivot];
			m[pivot] = swap;
			if (Math.abs(m[c][c]) <= 1e-14 * scale) {
				return null;
			}
			for (int r = c + 1; r < n; r++) {
				double f = m[r][c] / m[c][c];
				for (int k = c; k <= n; k++) {
					m[r][k] -= f * m[c][k];
				}
			}
		}
		double[] x = new double[n];
		for (int r = n - 1; r >= 0; r--) {
			double sum = m[r][n];
			for (int k = r + 1; k < n; k++) {
				sum -= m[r][k] * x[k];
			}
			x[r] = sum / m[r][r];
		}
		return x;
	}
}
