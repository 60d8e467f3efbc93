package org.bmsgen.sim.afe;

import java.util.Arrays;

/**
 * Settable {@link AfeAnalogInputs} for tests: every cell at 3.7 V, no current, 25 C by default.
 */
public final class AfeInputs implements AfeAnalogInputs {
    private final double[] cellVolts;
    private double shuntVolts;
    private double ts1Ohms;
    private double dieCelsius = 25.0;
    private boolean loadConnected;

    public AfeInputs(int cells) {
        cellVolts = new double[cells];
        Arrays.fill(cellVolts, 3.7);
        ts1Ohms = BetaThermistor.NTC_10K_3435.ohmsAt(25.0);
    }

    @Override
    public double cellVolts(int physicalCell) {
        return cellVolts[physicalCell - 1];
    }

    public AfeInputs cellVolts(int physicalCell, double volts) {
        cellVolts[physicalCell - 1] = volts;
        return this;
    }

    public AfeInputs allCellVolts(double volts) {
        Arrays.fill(cellVolts, volts);
        return this;
    }

    @Override
    public double shuntVolts() {
        return shuntVolts;
    }

    public AfeInputs shuntVolts(double volts) {
        shuntVolts = volts;
        return this;
    }

    @Override
    public double ts1Ohms() {
        return ts1Ohms;
    }

    public AfeInputs ts1Ohms(double ohms) {
        ts1Ohms = ohms;
        return this;
    }

    /** Sets TS1 to the 10 kOhm Beta-3435 NTC at this temperature. */
    public AfeInputs thermistorCelsius(double celsius) {
        ts1Ohms = BetaThermistor.NTC_10K_3435.ohmsAt(celsius);
        return this;
    }

    @Override
    public double dieCelsius() {
        return dieCelsius;
    }

    public AfeInputs dieCelsius(double celsius) {
        dieCelsius = celsius;
        return this;
    }

    @Override
    public boolean loadConnected() {
        return loadConnected;
    }

    public AfeInputs loadConnected(boolean connected) {
        loadConnected = connected;
        return this;
    }
}
