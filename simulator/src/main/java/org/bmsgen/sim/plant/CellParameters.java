package org.bmsgen.sim.plant;

/**
 * One cell's equivalent circuit (OCV + R0 + one R1||C1 pair) and lumped thermal model (heat capacity,
 * thermal resistance to ambient).
 *
 * @param capacityAh charge capacity
 * @param r0Ohms series resistance
 * @param r1Ohms polarisation resistance
 * @param c1Farads polarisation capacitance (tau = R1 C1)
 * @param heatCapacityJoulesPerKelvin cell heat capacity (an 18650 of 45 g at about 1 J/(g K) is about 45 J/K)
 * @param thermalResistanceKelvinPerWatt cell to ambient
 */
public record CellParameters(double capacityAh, double r0Ohms, double r1Ohms, double c1Farads,
                             double heatCapacityJoulesPerKelvin, double thermalResistanceKelvinPerWatt) {
    public CellParameters {
        if (capacityAh <= 0 || r0Ohms < 0 || r1Ohms <= 0 || c1Farads <= 0 || heatCapacityJoulesPerKelvin <= 0
                || thermalResistanceKelvinPerWatt <= 0) {
            throw new IllegalArgumentException("cell parameters must be positive");
        }
    }
}
