package org.bmsgen.sim.plant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A current over time, held from each sample to the next (zero-order hold), stored with the plant's sign:
 * positive charges the pack. Data sets disagree on the sign, so reading one always names its convention.
 */
public final class CurrentProfile {
    /** How a data set signs its current. */
    public enum Sign {
        /** Measured Panasonic data (Kollmeyer 2018): current &lt; 0 is discharge. */
        POSITIVE_IS_CHARGE,
        /** PyBaMM drive cycles: current &gt; 0 is discharge. */
        POSITIVE_IS_DISCHARGE
    }

    private final long[] micros;
    private final double[] chargeAmps;

    /**
     * @param seconds sample times, ascending, from 0
     * @param amps currents in the data set's convention
     * @param sign that convention
     * @param scale factor applied to every current (cells in parallel, a scaled vehicle)
     */
    public CurrentProfile(double[] seconds, double[] amps, Sign sign, double scale) {
        if (seconds.length == 0 || seconds.length != amps.length) {
            throw new IllegalArgumentException("a profile needs samples, as many times as currents");
        }
        micros = new long[seconds.length];
        chargeAmps = new double[amps.length];
        for (int i = 0; i < seconds.length; i++) {
            micros[i] = Math.round(seconds[i] * 1e6);
            if (i > 0 && micros[i] < micros[i - 1]) {
                throw new IllegalArgumentException("sample times must ascend at " + seconds[i] + " s");
            }
            chargeAmps[i] = (sign == Sign.POSITIVE_IS_CHARGE ? amps[i] : -amps[i]) * scale;
        }
    }

    /** @return the current (positive = charge) at {@code atMicros} after the profile's start; 0 after its end */
    public double chargeAmpsAt(long atMicros) {
        if (atMicros < micros[0] || atMicros > micros[micros.length - 1]) {
            return 0;
        }
        int low = 0;
        int high = micros.length - 1;
        while (high > low) {
            int mid = (low + high + 1) >>> 1;
            if (micros[mid] <= atMicros) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return chargeAmps[low];
    }

    /** @return length of the profile in microseconds (time of its last sample) */
    public long durationMicros() {
        return micros[micros.length - 1];
    }

    /** @return the charge the profile moves, in coulombs (positive = into the pack), integrated as held */
    public double chargeCoulombs() {
        double coulombs = 0;
        for (int i = 0; i + 1 < micros.length; i++) {
            coulombs += chargeAmps[i] * (micros[i + 1] - micros[i]) * 1e-6;
        }
        return coulombs;
    }

    /**
     * Reads "time,current" rows; lines starting with '#' are comments (the layout of
     * shared/data/drive-cycles/pybamm/*.csv).
     */
    public static CurrentProfile fromCsv(Reader source, Sign sign, double scale) throws IOException {
        List<double[]> rows = new ArrayList<>();
        BufferedReader reader = new BufferedReader(source);
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split(",");
            try {
                rows.add(new double[] {Double.parseDouble(fields[0].trim()), Double.parseDouble(fields[1].trim())});
            } catch (RuntimeException e) {
                throw new IOException("line " + lineNumber + ": expected 'time,current' but found '" + line + "'");
            }
        }
        double[] seconds = new double[rows.size()];
        double[] amps = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            seconds[i] = rows.get(i)[0];
            amps[i] = rows.get(i)[1];
        }
        return new CurrentProfile(seconds, amps, sign, scale);
    }
}
