package org.bmsgen.sim.afe;

/**
 * The analog world at the AFE's pins, driven by a test or by the cell pack plant. Read by the chip model
 * whenever it converts or compares; after a step change the driver of the inputs calls
 * {@link Bq769x0#inputsChanged()} so comparators see the step at its exact instant.
 */
public interface AfeAnalogInputs {

    /**
     * @param physicalCell 1 = the bottom cell (VC1-VC0) .. number of cells
     * @return the cell's terminal voltage in volts
     */
    double cellVolts(int physicalCell);

    /**
     * @return voltage SRP - SRN across the sense resistor in volts; positive while charging, negative while
     *         discharging (the sign of the coulomb counter, DS 8.3.1.1.3)
     */
    double shuntVolts();

    /** @return resistance between TS1 and VSS in ohms (a 10 kOhm NTC normally; open or shorted as a fault) */
    double ts1Ohms();

    /**
     * @param group 1..3: TS1, and TS2/TS3 of a BQ76930/40
     * @return resistance at that TS input; by default every input sees TS1's thermistor
     */
    default double tsOhms(int group) {
        return ts1Ohms();
    }

    /** @return the AFE die temperature in degrees Celsius */
    double dieCelsius();

    /** @return true if a load is connected across PACK+/PACK- (read into LOAD_PRESENT while CHG is off) */
    boolean loadConnected();
}
