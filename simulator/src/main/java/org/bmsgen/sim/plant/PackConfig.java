package org.bmsgen.sim.plant;

/**
 * The pack around the cells: series count, the per-cell spread, the power path and the sensors.
 *
 * @param cells series cells
 * @param nominal the nominal cell
 * @param capacitySpread relative standard deviation of capacity between cells (0.02 = 2 %)
 * @param resistanceSpread relative standard deviation of R0 and R1
 * @param initialSoc mean initial state of charge, 0..1
 * @param initialSocSpread standard deviation of the initial state of charge (absolute)
 * @param ambientCelsius ambient temperature; cells start at it
 * @param shuntOhms sense resistor
 * @param fetOnOhms on-resistance of each FET (two in series in the path)
 * @param balancingOhms bleed resistor across a cell when its balancing switch is closed
 * @param thermistorCell the cell the NTC on TS1 sits on
 * @param seed seed of the spread
 * @param stepMicros integration step; the plant changes its current only at step boundaries
 */
public record PackConfig(int cells, CellParameters nominal, double capacitySpread, double resistanceSpread,
                         double initialSoc, double initialSocSpread, double ambientCelsius, double shuntOhms,
                         double fetOnOhms, double balancingOhms, int thermistorCell, long seed, long stepMicros) {

    public PackConfig {
        if (cells < 1 || thermistorCell < 1 || thermistorCell > cells || stepMicros < 1 || shuntOhms <= 0
                || balancingOhms <= 0 || initialSoc < 0 || initialSoc > 1) {
            throw new IllegalArgumentException("pack configuration out of range");
        }
    }

    /**
     * The reference board with Panasonic NCR18650PF-like cells (2.9 Ah nominal; Kollmeyer 2018,
     * doi:10.17632/wykht8y7tg.1) and round, hand-checkable circuit values until the HPPC fit lands:
     * R0 30 mOhm, R1 15 mOhm, C1 2000 F, 45 J/K, 10 K/W; 1 mOhm shunt, 2 mOhm FETs, 33 Ohm bleed.
     */
    public static PackConfig referenceBoard(long seed) {
        CellParameters cell = new CellParameters(2.9, 0.030, 0.015, 2000, 45, 10);
        return new PackConfig(4, cell, 0.0, 0.0, 0.8, 0.0, 25.0, 0.001, 0.002, 33.0, 1, seed, 10_000);
    }

    public PackConfig withSpread(double capacity, double resistance, double socSpread) {
        return new PackConfig(cells, nominal, capacity, resistance, initialSoc, socSpread, ambientCelsius, shuntOhms,
                fetOnOhms, balancingOhms, thermistorCell, seed, stepMicros);
    }

    public PackConfig withInitialSoc(double soc) {
        return new PackConfig(cells, nominal, capacitySpread, resistanceSpread, soc, initialSocSpread, ambientCelsius,
                shuntOhms, fetOnOhms, balancingOhms, thermistorCell, seed, stepMicros);
    }

    public PackConfig withCell(CellParameters cell) {
        return new PackConfig(cells, cell, capacitySpread, resistanceSpread, initialSoc, initialSocSpread,
                ambientCelsius, shuntOhms, fetOnOhms, balancingOhms, thermistorCell, seed, stepMicros);
    }
}
