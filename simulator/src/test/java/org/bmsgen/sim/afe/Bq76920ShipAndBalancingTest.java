package org.bmsgen.sim.afe;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.bmsgen.platform.Status;
import org.junit.jupiter.api.Test;

/** SHIP mode (reference "Behaviour") and CELLBAL on the 4-cell wiring (DS Table 9-2). */
class Bq76920ShipAndBalancingTest {

    @Test
    void shutAThenShutBEntersShipWithBothFetsOpenAndTheBusSilent() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(SYS_CTRL2, CHG_ON | DSG_ON);
        bench.driver.write(SYS_CTRL1, SHUT_B);
        assertFalse(bench.chip.inShipMode());
        bench.driver.write(SYS_CTRL1, SHUT_A);
        assertTrue(bench.chip.inShipMode());
        assertFalse(bench.chip.chargeFetOn());
        assertFalse(bench.chip.dischargeFetOn());
        assertEquals(Status.NACK_ADDRESS, bench.driver.writeRegister(CELLBAL1, 0));
    }

    @Test
    void wrongOrderOrAnInterruptedSequenceDoesNotShip() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(SYS_CTRL1, SHUT_A);
        bench.driver.write(SYS_CTRL1, SHUT_B);
        assertFalse(bench.chip.inShipMode(), "10 then 01 is not the sequence");
        bench.driver.write(SYS_CTRL1, 0);
        bench.driver.write(SYS_CTRL1, SHUT_A);
        assertFalse(bench.chip.inShipMode(), "01, 00, 10: not consecutive");
        bench.driver.write(SYS_CTRL1, SHUT_B | ADC_EN);
        bench.driver.write(SYS_CTRL1, SHUT_A | ADC_EN);
        assertTrue(bench.chip.inShipMode(), "other bits do not matter");
    }

    @Test
    void bootFromShipResetsRegistersAndWaitsForBootReady() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(OV_TRIP, 0xBF);
        bench.driver.write(CELLBAL1, 0x01);
        bench.driver.write(SYS_CTRL1, SHUT_B);
        bench.driver.write(SYS_CTRL1, SHUT_A);
        bench.advanceMillis(1000);
        bench.chip.bootFromShip();
        bench.scheduler.advance(Bq769x0.BOOT_READY_MICROS - 1);
        assertEquals(Status.NACK_ADDRESS, bench.driver.writeRegister(CELLBAL1, 0));
        bench.scheduler.advance(1);
        assertEquals(0xAC, bench.driver.readRegister(OV_TRIP));
        assertEquals(0, bench.driver.readRegister(CELLBAL1), "CELLBAL must be rewritten after SHIP");
        assertEquals(0, bench.driver.read16(vcHi(1)), "no cell reading before a conversion cycle");
    }

    @Test
    void cb1DrainsTheBottomCellAndCb5TheTopCellOfFour() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(CELLBAL1, 0x01);
        assertTrue(bench.chip.isBalancing(1));
        bench.driver.write(CELLBAL1, 0x10);
        assertTrue(bench.chip.isBalancing(4));
        assertFalse(bench.chip.isBalancing(1));
        assertEquals(0, bench.balancing.violations());
    }

    @Test
    void cb3WithCb5DrainsNeighboursAcrossTheShortedInput() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(CELLBAL1, 0x05); // CB1 + CB3: cells 1 and 3, fine
        assertEquals(0, bench.balancing.violations());
        bench.driver.write(CELLBAL1, 0x14); // CB3 + CB5: cells 3 and 4
        assertEquals(1, bench.balancing.violations());
        assertEquals(0b1100, bench.balancing.firstViolationMask());
        assertEquals(0x14, bench.driver.readRegister(CELLBAL1), "the chip itself refuses nothing");
    }

    @Test
    void cb4OnFourCellsBalancesNothingAndIsReported() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(CELLBAL1, 0x08);
        for (int cell = 1; cell <= 4; cell++) {
            assertFalse(bench.chip.isBalancing(cell));
        }
        assertEquals(1, bench.balancing.unwiredChannelWrites());
    }
}
