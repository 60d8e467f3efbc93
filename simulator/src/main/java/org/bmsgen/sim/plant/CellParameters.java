package org.bmsgen.sim.plant;

/**
 * One cell's equivalent circuit (OCV + R0 + R1||C1 + optionally R2||C2, the resistances and capacitances over SoC
 * and temperature as {@link CellModelTables}) and lumped thermal model (heat capacity, thermal resistance to
 * ambient). The OCV itself is handed to the plant separately ({@link OcvTable}).
 *
 * @param capacityAh charge capacity
 * @param circuit R0, R1, C1 (and R2, C2) over SoC and temperature
 * @param heatCapacityJoulesPerKelvin cell heat capacity (an 18650 of 45 g at about 1 J/(g K) is about 45 J/K)
 * @param thermalResistanceKelvinPerWatt cell to ambient
 */
public record CellParameters(double capacityAh, CellModelTables circuit, double heatCapacityJoulesPerKelvin,
                             double thermalResistanceKelvinPerWatt) {
    public CellParameters {
        if (!(capacityAh > 0) || circuit == null || !(heatCapacityJoulesPerKelvin > 0)
                || !(thermalResistanceKelvinPerWatt > 0)) {
            throw new IllegalArgumentException("cell parameters must be positive");
        }
    }

    /**
     * Constant circuit values.
     *
     * @param r0Ohms series resistance
     * @param r1Ohms polarisation resistance
     * @param c1Farads polarisation capacitance (tau = R1 C1)
     * @param r2Ohms second (slow) polarisation resistance, 0 for a one-pair model
     * @param c2Farads second polarisation capacitance (ignored when r2Ohms is 0)
     */
    public CellParameters(double capacityAh, double r0Ohms, double r1Ohms, double c1Farads, double r2Ohms,
                          double c2Farads, double heatCapacityJoulesPerKelvin, double thermalResistanceKelvinPerWatt) {
        this(capacityAh, constantCircuit(r0Ohms, r1Ohms, c1Farads, r2Ohms, c2Farads), heatCapacityJoulesPerKelvin,
                thermalResistanceKelvinPerWatt);
    }

    /** A one-pair model with constant circuit values. */
    public CellParameters(double capacityAh, double r0Ohms, double r1Ohms, double c1Farads,
                          double heatCapacityJoulesPerKelvin, double thermalResistanceKelvinPerWatt) {
        this(capacityAh, r0Ohms, r1Ohms, c1Farads, 0, 0, heatCapacityJoulesPerKelvin, thermalResistanceKelvinPerWatt);
    }

    private static CellModelTables constantCircuit(double r0Ohms, double r1Ohms, double c1Farads, double r2Ohms,
                                                   double c2Farads) {
        if (r0Ohms < 0 || r1Ohms <= 0 || c1Farads <= 0 || r2Ohms < 0 || (r2Ohms > 0 && c2Farads <= 0)) {
            throw new IllegalArgumentException("cell parameters must be positive");
        }
        return CellModelTables.constant(r0Ohms, r1Ohms, c1Farads, r2Ohms, c2Farads);
    }

    /**
     * The Panasonic NCR18650PF as models/cells/panasonic-ncr18650pf.bms describes it: 2.9 Ah, the HPPC-fitted
     * circuit of {@link CellModelTables#panasonic18650pf()} (Kollmeyer 2018, doi:10.17632/wykht8y7tg.1), and the
     * model's thermal estimates (43 J/K, 15 K/W; engineering estimates, not measured).
     */
    public static CellParameters panasonic18650pf() {
        return new CellParameters(2.9, CellModelTables.panasonic18650pf(), 43, 15);
    }

    /**
     * This cell aged: its capacity times {@code capacityRetained} (0.8 = 20 % capacity fade) and its resistances
     * R0, R1, R2 times {@code resistanceGrowth} (1.5 = 50 % growth) at every SoC and temperature
     * ({@link CellModelTables#withResistanceScaled}); OCV and thermal values unchanged. Applies before or after
     * {@link #inParallel} alike.
     */
    public CellParameters aged(double capacityRetained, double resistanceGrowth) {
        return new CellParameters(capacityAh * capacityRetained, circuit.withResistanceScaled(resistanceGrowth),
                heatCapacityJoulesPerKelvin, thermalResistanceKelvinPerWatt);
    }

    /**
     * A group of {@code cells} of these in parallel, as the plant's one "cell" of the string: capacity and heat
     * capacity times the count, the circuit's resistances divided by it (capacitances times it), and the thermal
     * resistance to ambient divided by it (each cell of the group sheds its own heat).
     */
    public CellParameters inParallel(int cells) {
        return new CellParameters(capacityAh * cells, circuit.inParallel(cells), heatCapacityJoulesPerKelvin * cells,
                thermalResistanceKelvinPerWatt / cells);
    }
}
