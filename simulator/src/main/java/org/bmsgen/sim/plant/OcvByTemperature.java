package org.bmsgen.sim.plant;

/**
 * OCV curves measured at several temperatures, interpolated linearly in temperature between the two
 * nearest and held flat outside the measured range.
 */
public final class OcvByTemperature implements OcvTable {
    private final double[] celsius;
    private final OcvCurve[] curves;

    /**
     * @param celsius temperatures, strictly ascending
     * @param curves the curve measured at each temperature
     */
    public OcvByTemperature(double[] celsius, OcvCurve[] curves) {
        if (celsius.length == 0 || celsius.length != curves.length) {
            throw new IllegalArgumentException("one OCV curve per temperature");
        }
        for (int i = 1; i < celsius.length; i++) {
            if (!(celsius[i] > celsius[i - 1])) {
                throw new IllegalArgumentException("temperatures must ascend: " + celsius[i - 1] + " then " + celsius[i]);
            }
        }
        this.celsius = celsius.clone();
        this.curves = curves.clone();
    }

    @Override
    public double voltsAt(double stateOfCharge, double temperature) {
        int last = celsius.length - 1;
        if (temperature <= celsius[0]) {
            return curves[0].voltsAt(stateOfCharge);
        }
        if (temperature >= celsius[last]) {
            return curves[last].voltsAt(stateOfCharge);
        }
        int upper = 1;
        while (celsius[upper] < temperature) {
            upper++;
        }
        double fraction = (temperature - celsius[upper - 1]) / (celsius[upper] - celsius[upper - 1]);
        double low = curves[upper - 1].voltsAt(stateOfCharge);
        return low + fraction * (curves[upper].voltsAt(stateOfCharge) - low);
    }
}
