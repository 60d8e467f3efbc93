package org.bmsgen.sim.plant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A cell's equivalent-circuit parameters R0, R1, C1 and optionally R2, C2 as the model states them: one set per
 * temperature ({@code ecm at 25 degC { ... }}), each parameter either a constant or a table over state of charge
 * ({@code r0 over soc { 8.0 %: 33.2 mOhm, ... }}).
 *
 * <p>Interpolation, the same rule as the OCV tables ({@link OcvCurve}, {@link OcvByTemperature}): within a set,
 * linear in SoC between a parameter's own breakpoints and held at its end values outside them; between sets,
 * linear in temperature between the two nearest, and the nearest set's values outside the tabulated temperatures.
 * A constant is the same value at every SoC. Values are in base units: ohms, farads, SoC as a fraction 0..1,
 * degrees Celsius.
 *
 * <p>Built once at start-up (the generated harness calls the {@link Builder} with literal arrays); evaluating
 * ({@link #evaluate}) allocates nothing. Internally every parameter of every set is resampled onto the union of
 * all SoC breakpoints: a piecewise-linear function sampled at a superset of its own breakpoints interpolates back
 * to itself, so this changes nothing but lets one search serve all five parameters.
 */
public final class CellModelTables {
    /** Index of each parameter in what {@link #evaluate} writes. */
    public static final int R0 = 0;
    public static final int R1 = 1;
    public static final int C1 = 2;
    public static final int R2 = 3;
    public static final int C2 = 4;
    /** Length of the array {@link #evaluate} fills. */
    public static final int PARAMETERS = 5;
    /** Length of the array {@link #evaluateSegment} fills: values, slopes, and the SoC range they hold over. */
    public static final int SEGMENT = 2 * PARAMETERS + 2;
    /** Where {@link #evaluateSegment} puts the slope of parameter p: {@code into[SLOPE + p]}. */
    public static final int SLOPE = PARAMETERS;
    /** Where {@link #evaluateSegment} puts the SoC range: {@code into[FROM_SOC]..into[TO_SOC]}. */
    public static final int FROM_SOC = 2 * PARAMETERS;
    public static final int TO_SOC = 2 * PARAMETERS + 1;

    private static final String[] NAMES = {"R0", "R1", "C1", "R2", "C2"};

    private final double[] celsius;
    private final double[] soc;
    /** values[(t * PARAMETERS + p) * soc.length + k]: parameter p of set t at SoC breakpoint k. */
    private final double[] values;
    private final boolean secondPair;

    private CellModelTables(double[] celsius, double[] soc, double[] values, boolean secondPair) {
        this.celsius = celsius;
        this.soc = soc;
        this.values = values;
        this.secondPair = secondPair;
    }

    /** The same parameters at every SoC and temperature; {@code r2Ohms} 0 for a one-pair model. */
    public static CellModelTables constant(double r0Ohms, double r1Ohms, double c1Farads, double r2Ohms,
                                           double c2Farads) {
        Builder builder = builder().at(25.0).r0(r0Ohms).r1(r1Ohms).c1(c1Farads);
        if (r2Ohms != 0) {
            builder.r2(r2Ohms).c2(c2Farads);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The circuit of {@code cells} identical cells in parallel, one group in the string: every resistance divided
     * by the count and every capacitance multiplied by it (the time constants stay those of one cell).
     */
    public CellModelTables inParallel(int cells) {
        if (cells < 1) {
            throw new IllegalArgumentException("a parallel group has at least one cell: " + cells);
        }
        double[] scaled = values.clone();
        for (int set = 0; set < celsius.length; set++) {
            for (int p = 0; p < PARAMETERS; p++) {
                boolean capacitance = p == C1 || p == C2;
                for (int k = 0; k < soc.length; k++) {
                    int i = (set * PARAMETERS + p) * soc.length + k;
                    scaled[i] = capacitance ? values[i] * cells : values[i] / cells;
                }
            }
        }
        return new CellModelTables(celsius.clone(), soc.clone(), scaled, secondPair);
    }

    /**
     * The same circuit with every resistance (R0, R1, R2) times {@code factor} at every SoC and temperature, the
     * capacitances unchanged: resistance growth by ageing, as the plant's cell spread applies it (the time constants
     * grow with the resistances).
     */
    public CellModelTables withResistanceScaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("a resistance factor is positive: " + factor);
        }
        double[] scaled = values.clone();
        for (int set = 0; set < celsius.length; set++) {
            for (int p = 0; p < PARAMETERS; p++) {
                if (p == C1 || p == C2) {
                    continue;
                }
                for (int k = 0; k < soc.length; k++) {
                    int i = (set * PARAMETERS + p) * soc.length + k;
                    scaled[i] = values[i] * factor;
                }
            }
        }
        return new CellModelTables(celsius.clone(), soc.clone(), scaled, secondPair);
    }

    /** Whether the circuit has a second RC pair (R2||C2). */
    public boolean hasSecondPair() {
        return secondPair;
    }

    /** Whether every parameter is the same at every SoC and temperature (the plant then needs no per-step lookup). */
    public boolean isConstant() {
        return celsius.length == 1 && soc.length == 1;
    }

    /** Whether the parameters depend on temperature (more than one set). */
    public boolean dependsOnTemperature() {
        return celsius.length > 1;
    }

    /**
     * Writes R0, R1, C1, R2, C2 at this state of charge and temperature into {@code into[R0..C2]} (R2 and C2 are 0
     * without a second pair). Allocates nothing.
     */
    public void evaluate(double stateOfCharge, double temperature, double[] into) {
        evaluate(stateOfCharge, temperature, into, false);
    }

    /**
     * As {@link #evaluate}, and also the slope of each parameter over SoC into {@code into[SLOPE + p]} and the SoC
     * range {@code into[FROM_SOC]..into[TO_SOC]} over which, at this temperature, every parameter is
     * {@code into[p] + into[SLOPE + p] * (soc - stateOfCharge)}: between two breakpoints, or beyond an end (slope 0,
     * range unbounded on that side). The plant steps with that line and looks up again only when the SoC leaves the
     * range or the temperature changes. Allocates nothing.
     */
    public void evaluateSegment(double stateOfCharge, double temperature, double[] into) {
        evaluate(stateOfCharge, temperature, into, true);
    }

    private void evaluate(double stateOfCharge, double temperature, double[] into, boolean segment) {
        int n = soc.length;
        int low;
        double socFraction;
        if (n == 1 || stateOfCharge <= soc[0]) {
            low = 0;
            socFraction = 0;
        } else if (stateOfCharge >= soc[n - 1]) {
            low = n - 1;
            socFraction = 0;
        } else {
            low = TableSegments.below(soc, stateOfCharge);
            socFraction = (stateOfCharge - soc[low]) / (soc[low + 1] - soc[low]);
        }
        int lastSet = celsius.length - 1;
        int lowerSet;
        double temperatureFraction;
        if (lastSet == 0 || temperature <= celsius[0]) {
            lowerSet = 0;
            temperatureFraction = 0;
        } else if (temperature >= celsius[lastSet]) {
            lowerSet = lastSet;
            temperatureFraction = 0;
        } else {
            lowerSet = 0;
            while (celsius[lowerSet + 1] < temperature) {
                lowerSet++;
            }
            temperatureFraction = (temperature - celsius[lowerSet]) / (celsius[lowerSet + 1] - celsius[lowerSet]);
        }
        for (int p = 0; p < PARAMETERS; p++) {
            double value = inSet(lowerSet, p, low, socFraction);
            if (temperatureFraction != 0) {
                value += temperatureFraction * (inSet(lowerSet + 1, p, low, socFraction) - value);
            }
            into[p] = value;
        }
        if (segment) {
            boolean inside = n > 1 && stateOfCharge > soc[0] && stateOfCharge < soc[n - 1];
            for (int p = 0; p < PARAMETERS; p++) {
                double slope = 0;
                if (inside) {
                    slope = slopeInSet(lowerSet, p, low);
                    if (temperatureFraction != 0) {
                        slope += temperatureFraction * (slopeInSet(lowerSet + 1, p, low) - slope);
                    }
                }
                into[SLOPE + p] = slope;
            }
            if (n == 1) {
                into[FROM_SOC] = Double.NEGATIVE_INFINITY;
                into[TO_SOC] = Double.POSITIVE_INFINITY;
            } else if (stateOfCharge <= soc[0]) {
                into[FROM_SOC] = Double.NEGATIVE_INFINITY;
                into[TO_SOC] = soc[0];
            } else if (stateOfCharge >= soc[n - 1]) {
                into[FROM_SOC] = soc[n - 1];
                into[TO_SOC] = Double.POSITIVE_INFINITY;
            } else {
                into[FROM_SOC] = soc[low];
                into[TO_SOC] = soc[low + 1];
            }
        }
    }

    private double slopeInSet(int set, int parameter, int low) {
        int base = (set * PARAMETERS + parameter) * soc.length + low;
        return (values[base + 1] - values[base]) / (soc[low + 1] - soc[low]);
    }

    private double inSet(int set, int parameter, int low, double socFraction) {
        int base = (set * PARAMETERS + parameter) * soc.length + low;
        double value = values[base];
        return socFraction == 0 ? value : value + socFraction * (values[base + 1] - value);
    }

    /** One parameter at this state of charge and temperature (for tests and start-up; the step uses {@link #evaluate}). */
    public double valueAt(int parameter, double stateOfCharge, double temperature) {
        double[] all = new double[PARAMETERS];
        evaluate(stateOfCharge, temperature, all);
        return all[parameter];
    }

    /**
     * The fitted equivalent circuit of the Panasonic NCR18650PF at 25 degC, copied from
     * models/cells/panasonic-ncr18650pf.bms ({@code ecm at 25 degC}): fitted by {@code bmsgen fit-cell} to the measured
     * 25 degC HPPC test of Kollmeyer 2018, "Panasonic 18650PF Li-ion Battery Data", Mendeley Data,
     * doi:10.17632/wykht8y7tg.1, CC BY 4.0. SoC on the OCV table's axis (1 - Ah / 2.9973 Ah, the C/20 capacity). One set only: the
     * data set's HPPC at other temperatures is not fitted yet, so the values hold at every temperature.
     */
    public static CellModelTables panasonic18650pf() {
        double[] soc = {0.081, 0.129, 0.178, 0.226, 0.274, 0.323, 0.419, 0.516, 0.613, 0.710, 0.806, 0.903, 0.952,
                1.000};
        double[] r0 = {33.2e-3, 28.2e-3, 36.5e-3, 37.2e-3, 33.0e-3, 31.3e-3, 29.8e-3, 29.1e-3, 30.7e-3, 30.8e-3,
                30.9e-3, 31.7e-3, 32.9e-3, 36.1e-3};
        double[] r1 = {116.3e-3, 61.1e-3, 16.1e-3, 4.4e-3, 4.7e-3, 5.4e-3, 4.8e-3, 3.8e-3, 5.5e-3, 5.1e-3, 4.4e-3,
                4.3e-3, 4.1e-3, 4.2e-3};
        double[] c1 = {16, 18, 40, 1040, 1287, 1293, 1261, 1180, 1312, 1194, 1069, 946, 889, 891};
        double[] r2 = {50.1e-3, 36.3e-3, 15.6e-3, 20.8e-3, 22.2e-3, 26.2e-3, 22.4e-3, 16.5e-3, 33.1e-3, 45.2e-3,
                32.5e-3, 22.9e-3, 18.6e-3, 16.7e-3};
        double[] c2 = {490, 782, 1060, 2521, 2824, 3188, 3006, 2746, 3370, 2215, 1998, 1976, 2033, 2182};
        return builder().at(25.0).r0(soc, r0).r1(soc, r1).c1(soc, c1).r2(soc, r2).c2(soc, c2).build();
    }

    /**
     * Collects one parameter set per temperature: {@code at(T)} starts a set, then each of R0, R1, C1 (and R2, C2
     * for a second pair) is given once, as a constant or as breakpoints over SoC. Sets may come in any order.
     */
    public static final class Builder {
        private final List<Double> temperatures = new ArrayList<>();
        /** Per set, per parameter: {soc breakpoints, values}, or null when not given. */
        private final List<double[][][]> sets = new ArrayList<>();

        private Builder() {
        }

        /** Starts the parameter set at this temperature (degrees Celsius). */
        public Builder at(double temperature) {
            if (!Double.isFinite(temperature) || temperatures.contains(temperature)) {
                throw new IllegalArgumentException("a second parameter set at " + temperature + " degC");
            }
            temperatures.add(temperature);
            sets.add(new double[PARAMETERS][][]);
            return this;
        }

        public Builder r0(double ohms) {
            return set(R0, new double[] {0}, new double[] {ohms});
        }

        public Builder r0(double[] soc, double[] ohms) {
            return set(R0, soc, ohms);
        }

        public Builder r1(double ohms) {
            return set(R1, new double[] {0}, new double[] {ohms});
        }

        public Builder r1(double[] soc, double[] ohms) {
            return set(R1, soc, ohms);
        }

        public Builder c1(double farads) {
            return set(C1, new double[] {0}, new double[] {farads});
        }

        public Builder c1(double[] soc, double[] farads) {
            return set(C1, soc, farads);
        }

        public Builder r2(double ohms) {
            return set(R2, new double[] {0}, new double[] {ohms});
        }

        public Builder r2(double[] soc, double[] ohms) {
            return set(R2, soc, ohms);
        }

        public Builder c2(double farads) {
            return set(C2, new double[] {0}, new double[] {farads});
        }

        public Builder c2(double[] soc, double[] farads) {
            return set(C2, soc, farads);
        }

        private Builder set(int parameter, double[] soc, double[] parameterValues) {
            if (sets.isEmpty()) {
                throw new IllegalStateException("at(temperature) must come before the parameters");
            }
            double temperature = temperatures.get(temperatures.size() - 1);
            String where = NAMES[parameter] + " at " + temperature + " degC";
            double[][][] set = sets.get(sets.size() - 1);
            if (set[parameter] != null) {
                throw new IllegalArgumentException(where + " is given twice");
            }
            if (soc.length == 0 || soc.length != parameterValues.length) {
                throw new IllegalArgumentException(where + ": " + soc.length + " SoC breakpoints but "
                        + parameterValues.length + " values");
            }
            for (int k = 0; k < soc.length; k++) {
                if (!Double.isFinite(soc[k]) || (k > 0 && !(soc[k] > soc[k - 1]))) {
                    throw new IllegalArgumentException(where + ": SoC breakpoints must ascend: "
                            + Arrays.toString(soc));
                }
                double value = parameterValues[k];
                boolean valid = parameter == R0 ? value >= 0 : value > 0;
                if (!Double.isFinite(value) || !valid) {
                    throw new IllegalArgumentException(where + " is " + value + " at SoC " + soc[k] + ": "
                            + (parameter == R0 ? "it must not be negative" : "it must be positive"));
                }
            }
            set[parameter] = new double[][] {soc.clone(), parameterValues.clone()};
            return this;
        }

        public CellModelTables build() {
            if (sets.isEmpty()) {
                throw new IllegalStateException("no parameter set: call at(temperature) and give R0, R1 and C1");
            }
            Boolean secondPair = null;
            TreeSet<Double> breakpoints = new TreeSet<>();
            for (int t = 0; t < sets.size(); t++) {
                double[][][] set = sets.get(t);
                String where = " at " + temperatures.get(t) + " degC";
                for (int p = R0; p <= C1; p++) {
                    if (set[p] == null) {
                        throw new IllegalStateException(NAMES[p] + " is missing" + where);
                    }
                }
                if ((set[R2] == null) != (set[C2] == null)) {
                    throw new IllegalStateException("R2 and C2 come together" + where + ": one of them is missing");
                }
                boolean two = set[R2] != null;
                if (secondPair != null && secondPair != two) {
                    throw new IllegalStateException("every temperature needs the same number of RC pairs;" + where
                            + " has " + (two ? 2 : 1));
                }
                secondPair = two;
                for (double[][] table : set) {
                    if (table != null && table[0].length > 1) {
                        for (double s : table[0]) {
                            breakpoints.add(s);
                        }
                    }
                }
            }
            if (breakpoints.isEmpty()) {
                breakpoints.add(0.0);
            }
            Integer[] order = new Integer[sets.size()];
            for (int t = 0; t < order.length; t++) {
                order[t] = t;
            }
            Arrays.sort(order, (a, b) -> Double.compare(temperatures.get(a), temperatures.get(b)));
            double[] celsius = new double[order.length];
            double[] soc = breakpoints.stream().mapToDouble(Double::doubleValue).toArray();
            double[] values = new double[order.length * PARAMETERS * soc.length];
            for (int t = 0; t < order.length; t++) {
                celsius[t] = temperatures.get(order[t]);
                double[][][] set = sets.get(order[t]);
                for (int p = 0; p < PARAMETERS; p++) {
                    for (int k = 0; k < soc.length; k++) {
                        values[(t * PARAMETERS + p) * soc.length + k] =
                                set[p] == null ? 0 : interpolate(set[p][0], set[p][1], soc[k]);
                    }
                }
            }
            return new CellModelTables(celsius, soc, values, secondPair);
        }

        private static double interpolate(double[] soc, double[] values, double at) {
            int last = soc.length - 1;
            if (at <= soc[0]) {
                return values[0];
            }
            if (at >= soc[last]) {
                return values[last];
            }
            int upper = 1;
            while (soc[upper] < at) {
                upper++;
            }
            double fraction = (at - soc[upper - 1]) / (soc[upper] - soc[upper - 1]);
            return values[upper - 1] + fraction * (values[upper] - values[upper - 1]);
        }
    }
}
