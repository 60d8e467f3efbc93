package org.bmsgen.sim.plant;

import org.bmsgen.sim.afe.BetaThermistor;

/**
 * The pack around the cells: series count, the per-cell spread, the power path and the sensors.
 *
 * @param cells series cells
 * @param nominal the nominal cell
 * @param capacitySpread relative standard deviation of capacity between cells (0.02 = 2 %)
 * @param resistanceSpread relative standard deviation of a cell's resistances (R0, R1, R2 scaled by one factor)
 * @param initialSoc mean initial state of charge, 0..1
 * @param initialSocSpread standard deviation of the initial state of charge (absolute)
 * @param ambientCelsius ambient temperature; cells start at it
 * @param shuntOhms sense resistor
 * @param fetOnOhms on-resistance of each FET (two in series in the path)
 * @param balancingOhms bleed resistor across a cell when its balancing switch is closed
 * @param thermistorCell the cell the NTC on TS1 sits on
 * @param seed seed of the spread
 * @param stepMicros integration step; the plant changes its current only at step boundaries
 * @param thermistor the NTC on TS1 (its resistance is what the AFE converts)
 */
public record PackConfig(int cells, CellParameters nominal, double capacitySpread, double resistanceSpread,
                         double initialSoc, double initialSocSpread, double ambientCelsius, double shuntOhms,
                         double fetOnOhms, double balancingOhms, int thermistorCell, long seed, long stepMicros,
                         BetaThermistor thermistor) {

    public PackConfig {
        if (cells < 1 || thermistorCell < 1 || thermistorCell > cells || stepMicros < 1 || shuntOhms <= 0
                || balancingOhms <= 0 || initialSoc < 0 || initialSoc > 1 || thermistor == null) {
            throw new IllegalArgumentException("pack configuration out of range");
        }
    }

    /** With the reference board's 10 kOhm, B 3435 NTC ({@link BetaThermistor#NTC_10K_3435}). */
    public PackConfig(int cells, CellParameters nominal, double capacitySpread, double resistanceSpread,
                      double initialSoc, double initialSocSpread, double ambientCelsius, double shuntOhms,
                      double fetOnOhms, double balancingOhms, int thermistorCell, long seed, long stepMicros) {
        this(cells, nominal, capacitySpread, resistanceSpread, initialSoc, initialSocSpread, ambientCelsius, shuntOhms,
                fetOnOhms, balancingOhms, thermistorCell, seed, stepMicros, BetaThermistor.NTC_10K_3435);
    }

    /**
     * The reference board with Panasonic NCR18650PF cells as models/cells/panasonic-ncr18650pf.bms describes them
     * ({@link CellParameters#panasonic18650pf()}: 2.9 Ah, HPPC-fitted R0/R1/C1/R2/C2 over SoC from Kollmeyer 2018,
     * doi:10.17632/wykht8y7tg.1; 43 J/K, 15 K/W), 80 % SoC, 25 degC, no spread; 1 mOhm shunt, 2 mOhm FETs,
     * 33 Ohm bleed, 10 ms steps. One cell per series element (4S1P), which keeps hand-computed expectations simple;
     * the pack the reference model describes (4S3P) is {@link #smart4s}.
     */
    public static PackConfig referenceBoard(long seed) {
        return new PackConfig(4, CellParameters.panasonic18650pf(), 0.0, 0.0, 0.8, 0.0, 25.0, 0.001, 0.002, 33.0, 1,
                seed, 10_000);
    }

    /**
     * The reference pack as models/smart4s.bms has it: the {@link #referenceBoard reference board} with a 4S3P string
     * of NCR18650PF, each series element three cells in parallel ({@link CellParameters#inParallel}): 8.7 Ah.
     */
    public static PackConfig smart4s(long seed) {
        return referenceBoard(seed).withCell(CellParameters.panasonic18650pf().inParallel(3));
    }

    /**
     * The reference board's power path with round, hand-checkable cell values for tests that compute their
     * expectations by hand: 2.9 Ah, constant R0 30 mOhm, R1 15 mOhm, C1 2000 F, 45 J/K, 10 K/W.
     */
    public static PackConfig roundNumbers(long seed) {
        return referenceBoard(seed).withCell(new CellParameters(2.9, 0.030, 0.015, 2000, 45, 10));
    }

    public PackConfig withSpread(double capacity, double resistance, double socSpread) {
        return new PackConfig(cells, nominal, capacity, resistance, initialSoc, socSpread, ambientCelsius, shuntOhms,
                fetOnOhms, balancingOhms, thermistorCell, seed, stepMicros, thermistor);
    }

    public PackConfig withInitialSoc(double soc) {
        return new PackConfig(cells, nominal, capacitySpread, resistanceSpread, soc, initialSocSpread, ambientCelsius,
                shuntOhms, fetOnOhms, balancingOhms, thermistorCell, seed, stepMicros, thermistor);
    }

    public PackConfig withCell(CellParameters cell) {
        return new PackConfig(cells, cell, capacitySpread, resistanceSpread, initialSoc, initialSocSpread,
                ambientCelsius, shuntOhms, fetOnOhms, balancingOhms, thermistorCell, seed, stepMicros, thermistor);
    }
}
