package org.bmsgen.sim.afe;

/**
 * What the AFE drives in the power path: the gate drivers of the FETs and the balancing switches. The cell
 * pack plant reads these each step.
 */
public interface AfeOutputs {

    /** @return true while the CHG FET gate is driven on */
    boolean chargeFetOn();

    /** @return true while the DSG FET gate is driven on */
    boolean dischargeFetOn();

    /**
     * @param physicalCell 1..number of cells
     * @return true while the balancing switch across this cell is closed
     */
    boolean isBalancing(int physicalCell);
}
