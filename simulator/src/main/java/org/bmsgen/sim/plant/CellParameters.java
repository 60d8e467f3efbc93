package org.bmsgen.sim.plant;

/**
 * One cell's equivalent circuit (OCV + R0 + R1||C1 + optionally R2||C2) and lumped thermal model (heat
 * capacity, thermal resistance to ambient).
 *
 * @param capacityAh charge capacity
 * @param r0Ohms series resistance
 * @param r1Ohms polarisation resistance
 * @param c1Farads polarisation capacitance (tau = R1 C1)
 * @param r2Ohms second (slow) polarisation resistance, 0 for a one-pair model
 * @param c2Farads second polarisation capacitance (ignored when r2Ohms is 0)
 * @param heatCapacityJoulesPerKelvin cell heat capacity (an 18650 of 45 g at about 1 J/(g K) is about 45 J/K)
 * @param thermalResistanceKelvinPerWatt cell to ambient
 */
public record CellParameters(double capacityAh, double r0Ohms, double r1Ohms, double c1Farads, double r2Ohms,
                             double c2Farads, double heatCapacityJoulesPerKelvin, double thermalResistanceKelvinPerWatt) {
    public CellParameters {
        if (capacityAh <= 0 || r0Ohms < 0 || r1Ohms <= 0 || c1Farads <= 0 || r2Ohms < 0
                || (r2Ohms > 0 && c2Farads <= 0) || heatCapacityJoulesPerKelvin <= 0
                || thermalResistanceKelvinPerWatt <= 0) {
            throw new IllegalArgumentException("cell parameters must be positive");
        }
    }

    /** A one-pair model. */
    public CellParameters(double capacityAh, double r0Ohms, double r1Ohms, double c1Farads,
                          double heatCapacityJoulesPerKelvin, double thermalResistanceKelvinPerWatt) {
        this(capacityAh, r0Ohms, r1Ohms, c1Farads, 0, 0, heatCapacityJoulesPerKelvin, thermalResistanceKelvinPerWatt);
    }
}
