package org.bmsgen.sim.plant;

/**
 * Open-circuit voltage of a cell by state of charge and temperature. Implementations must not allocate:
 * the plant asks once per cell per step.
 */
public interface OcvTable {

    /**
     * @param stateOfCharge 0..1 (held flat outside the table)
     * @param celsius cell temperature
     * @return open-circuit voltage in volts
     */
    double voltsAt(double stateOfCharge, double celsius);
}
