package org.bmsgen.cli.report;

import java.util.Locale;

/**
 * Round axis ticks: {@code count} values from {@code first} in steps of 1, 2 or 5 times a power of ten, labelled with
 * as many decimals as the step needs. StrictMath, so the same data gives the same page on every JVM.
 */
public record Ticks(double first, double step, int count, int decimals) {

	/** The step nearest to {@code target} intervals over {@code lo..hi}, from the first multiple of it at or above lo. */
	public static Ticks of(double lo, double hi, int target) {
		double raw = (hi - lo) / target;
		double power = StrictMath.pow(10, StrictMath.floor(StrictMath.log10(raw)));
		double fraction = raw / power;
		double step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * power;
		double first = StrictMath.ceil(lo / step - 1e-9) * step;
		int count = (int) StrictMath.floor((hi - first) / step + 1e-9) + 1;
		int decimals = Math.max(0, (int) -StrictMath.floor(StrictMath.log10(step) + 1e-9));
		return new Ticks(first, step, count, decimals);
	}

	public double value(int k) {
		return first + k * step;
	}

	/** With a true minus sign, and a plain 0 where rounding leaves -0 or 1e-17. */
	public String label(int k) {
		double v = value(k);
		String text = String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 2 ? 0.0 : v);
		return text.replace('-', '\u2212');
	}
}
