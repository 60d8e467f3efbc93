package org.bmsgen.cli.report;

/** The time axis every chart of a page shares: seconds up to ten minutes, minutes beyond, about eight round ticks. */
public final class TimeAxis {

	private final double t0;
	private final double t1;
	private final double unitSeconds;
	private final String unit;
	private final Ticks ticks;

	/** From {@code t0} to {@code t1} seconds; a run of one sample still gets a (1 ms) wide axis. */
	public TimeAxis(double t0, double t1) {
		this.t0 = t0;
		this.t1 = Math.max(t0 + 1e-3, t1);
		this.unitSeconds = this.t1 - t0 > 600 ? 60 : 1;
		this.unit = unitSeconds == 60 ? "min" : "s";
		this.ticks = Ticks.of(t0 / unitSeconds, this.t1 / unitSeconds, 8);
	}

	/** The last sample's time, or 1 ms after the first. */
	public double end() {
		return t1;
	}

	/** "s" or "min". */
	public String unit() {
		return unit;
	}

	/** In {@link #unit()}. */
	public Ticks ticks() {
		return ticks;
	}

	/** The fraction of the axis at {@code seconds}: 0 at the start, 1 at the end. */
	double fraction(double seconds) {
		return (seconds - t0) / (t1 - t0);
	}

	double tickSeconds(int k) {
		return ticks.value(k) * unitSeconds;
	}
}
