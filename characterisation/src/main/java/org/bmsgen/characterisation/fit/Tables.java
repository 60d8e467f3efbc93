package org.bmsgen.characterisation.fit;

/** Table lookups as the model's tables mean them: linear between points, held at the end values. */
final class Tables {

	private Tables() {
	}

	/**
	 * y at x in the table (xs ascending; equal neighbours allowed), linear between points, clamped at the ends.
	 */
	static double interpolate(double[] xs, double[] ys, double x) {
		int n = xs.length;
		if (x <= xs[0]) {
			return ys[0];
		}
		if (x >= xs[n - 1]) {
			return ys[n - 1];
		}
		int low = 0;
		int high = n - 1;
		while (high - low > 1) {
			int middle = (low + high) >>> 1;
			if (xs[middle] <= x) {
				low = middle;
			} else {
				high = middle;
			}
		}
		double span = xs[high] - xs[low];
		return span <= 0 ? ys[high] : ys[low] + (ys[high] - ys[low]) * (x - xs[low]) / span;
	}
}
