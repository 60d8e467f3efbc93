package org.bmsgen.sim.afe;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.bmsgen.sim.afe.Bq769x0Config.Variant;
import org.junit.jupiter.api.Test;

/** The larger family members: more groups of five channels, one CELLBAL and one TS input per group (DS 8.5). */
class Bq76930And40Test {

    private static AfeBench bench(Variant variant, int... channels) {
        return new AfeBench(Bq769x0Config.referenceBoard(1).withNoise(0).withWiring(variant, channels));
    }

    @Test
    void bq76940ReadsFifteenCellsUpToVc15() {
        AfeBench bench = bench(Variant.BQ76940, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        for (int cell = 1; cell <= 15; cell++) {
            bench.inputs.cellVolts(cell, 3.0 + cell * 0.05);
        }
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.advanceMillis(250);
        assertEquals(0x28, vcHi(15));
        for (int channel = 1; channel <= 15; channel++) {
            assertEquals(3000 + channel * 50, bench.driver.channelMillivolts(channel), 1, "VC" + channel);
        }
        double packMv = (4.0 * 382 * bench.driver.read16(BAT_HI)) / 1000;
        assertEquals(15 * 3000 + 50 * 120, packMv, 4 * 0.382);
    }

    @Test
    void eachGroupHasItsOwnCellbalRegister() {
        AfeBench bench = bench(Variant.BQ76940, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        bench.driver.write(CELLBAL2, 0x01);
        bench.driver.write(CELLBAL3, 0x10);
        assertTrue(bench.chip.isBalancing(6));
        assertTrue(bench.chip.isBalancing(15));
        assertFalse(bench.chip.isBalancing(1));
        assertEquals(0, bench.balancing.violations());
        bench.driver.write(CELLBAL1, 0x10); // cell 5 next to cell 6 across the group boundary
        assertEquals(1, bench.balancing.violations(), "adjacency is judged on physical cells");
        bench.chip.injectDeviceFault();
        assertEquals(0, bench.driver.readRegister(CELLBAL2) | bench.driver.readRegister(CELLBAL3));
    }

    @Test
    void bq76930WithEightCellsTripsOvOnItsTopChannel() {
        AfeBench bench = bench(Variant.BQ76930, 1, 2, 3, 5, 6, 7, 8, 10);
        bench.driver.write(SYS_CTRL2, CHG_ON | DSG_ON);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.inputs.cellVolts(8, 4.4);
        assertTrue(bench.microsUntil(OV, 2_000_000, 250_000) > 0);
        assertEquals(Math.round(4_400_000 / 382.0), bench.driver.read16(vcHi(10)));
        assertEquals(0, bench.driver.read16(vcHi(9)), "shorted input");
    }

    @Test
    void everyGroupHasATemperatureInput() {
        AfeBench bench = bench(Variant.BQ76940, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        bench.driver.write(SYS_CTRL1, ADC_EN | TEMP_SEL);
        bench.advanceMillis(250);
        int ts1 = bench.driver.read16(tsHi(1));
        assertTrue(ts1 > 0);
        assertEquals(ts1, bench.driver.read16(tsHi(2)));
        assertEquals(ts1, bench.driver.read16(tsHi(3)));
    }

    @Test
    void bq76920HasNoSecondGroup() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(CELLBAL2, 0x1F);
        assertEquals(0, bench.driver.readRegister(CELLBAL2));
        bench.driver.write(SYS_CTRL1, ADC_EN | TEMP_SEL);
        bench.advanceMillis(250);
        assertEquals(0, bench.driver.read16(tsHi(2)));
    }

    @Test
    void wiringOutsideTheChipIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Bq769x0Config.referenceBoard(1).withWiring(Variant.BQ76930, 1, 2, 3, 5, 6, 7, 8, 11));
        assertThrows(IllegalArgumentException.class, () -> Bq769x0Config.referenceBoard(1).withWiring(Variant.BQ76940, 1, 2, 3, 4, 5, 6, 7, 8));
        assertThrows(IllegalArgumentException.class, () -> Bq769x0Config.referenceBoard(1).withWiring(Variant.BQ76930, 1, 2, 2, 5, 6, 7));
    }
}
