package org.bmsgen.sim.afe;

/**
 * An NTC thermistor by the Beta equation R(T) = R0 exp(B (1/T - 1/T0)), T0 = 25 C (DS 8.3.1.1.4 uses a
 * 103AT-type 10 kOhm part, Beta 3435 typical).
 *
 * @param r0Ohms resistance at 25 C
 * @param beta Beta constant in kelvin
 */
public record BetaThermistor(double r0Ohms, double beta) {
    /** The reference board's thermistor. */
    public static final BetaThermistor NTC_10K_3435 = new BetaThermistor(10_000.0, 3435.0);

    private static final double KELVIN_AT_0C = 273.15;
    private static final double T0_KELVIN = KELVIN_AT_0C + 25.0;

    public double ohmsAt(double celsius) {
        return r0Ohms * Math.exp(beta * (1.0 / (celsius + KELVIN_AT_0C) - 1.0 / T0_KELVIN));
    }

    public double celsiusAt(double ohms) {
        return 1.0 / (1.0 / T0_KELVIN + Math.log(ohms / r0Ohms) / beta) - KELVIN_AT_0C;
    }
}
