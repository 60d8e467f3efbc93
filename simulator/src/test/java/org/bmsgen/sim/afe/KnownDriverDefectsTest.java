package org.bmsgen.sim.afe;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.bmsgen.platform.Status;
import org.bmsgen.sim.i2c.RandomI2cFaults;
import org.junit.jupiter.api.Test;

/**
 * One test per "known driver defect" of shared/reference/bq76920.md: a few lines of a driver making that
 * mistake, run against the simulator, and the check a generated harness would make that catches it. Each
 * test also runs the correct variant, so the check is shown to pass for a right driver.
 */
class KnownDriverDefectsTest {
    /** Typical accuracy between 3.6 and 4.3 V is +-10 mV, worst case +-40 mV (reference "Conversions"). */
    private static final double WORST_CASE_CELL_ERROR_MV = 40;

    @Test
    void unsignedAdcOffsetReadsANegativeOffsetAsPlus236Millivolts() {
        Bq769x0Config chip = Bq769x0Config.referenceBoard(3).withTrim(378, -20).withNoise(0.5);
        AfeBench bench = new AfeBench(chip);
        double truthMv = 3712.0;
        bench.inputs.allCellVolts(truthMv / 1000);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.advanceMillis(250);

        AfeDriver unsignedOffset = new AfeDriver(bench.bus) {
            @Override
            public int offsetMillivolts() {
                return readRegister(0x51); // the defect: 0xEC read as 236 instead of -20
            }
        };
        assertEquals(truthMv, bench.driver.channelMillivolts(1), WORST_CASE_CELL_ERROR_MV);
        double error = unsignedAdcOffsetError(unsignedOffset, truthMv);
        assertTrue(error > WORST_CASE_CELL_ERROR_MV, "caught: off by " + error + " mV");
        assertEquals(256, error, 2, "exactly the two's complement wrap");
    }

    private static double unsignedAdcOffsetError(AfeDriver driver, double truthMv) {
        return Math.abs(driver.channelMillivolts(1) - truthMv);
    }

    @Test
    void overvoltageDelayWrittenAsMillisecondsProgramsEightSecondsInsteadOfTwo() {
        int wantedDelayMs = 2000;
        // the right driver compares the request with the table in seconds
        long right = overvoltageTripMillis(ovDelayCode(wantedDelayMs / 1000.0));
        // the defect: the table's seconds compared with a millisecond value picks the last entry
        long wrong = overvoltageTripMillis(ovDelayCode(wantedDelayMs));
        long allowedMs = wantedDelayMs + 250; // one conversion cycle of latency (reference "Device": cells every 250 ms)
        assertTrue(right <= allowedMs + 250, "right driver trips in " + right + " ms");
        assertTrue(wrong > allowedMs + 250, "caught: trips only after " + wrong + " ms");
        assertEquals(8000 + 250, wrong);
    }

    /** The driver snippet: the largest delay code whose table entry does not exceed the request. */
    private static int ovDelayCode(double requested) {
        int[] ovDelaySeconds = {1, 2, 4, 8};
        int code = 0;
        for (int i = 0; i < ovDelaySeconds.length; i++) {
            if (ovDelaySeconds[i] <= requested) {
                code = i;
            }
        }
        return code;
    }

    private static long overvoltageTripMillis(int ovDelayCode) {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(SYS_CTRL2, CHG_ON | DSG_ON);
        bench.driver.write(PROTECT3, ovDelayCode << 4);
        bench.driver.write(OV_TRIP, AfeDriver.ovTripByte(4250, 382, 0));
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.inputs.cellVolts(2, 4.30);
        return bench.microsUntil(OV, 20_000_000, 10_000) / 1000;
    }

    @Test
    void reversedCellbalBitOrderDrainsTheWrongCellAndTripsTheAdjacencyCheck() {
        // the driver wants to bleed physical cells 1 and 3 (never adjacent); on 4 cells cell n uses CB n, top cell CB5
        int[] channelOfCell = {0, 1, 2, 3, 5};
        AfeBench right = AfeBench.noiseless(382, 0);
        right.driver.write(CELLBAL1, cellbal(channelOfCell, false, 1, 3));
        assertTrue(right.chip.isBalancing(1) && right.chip.isBalancing(3));
        assertEquals(0, right.balancing.violations());

        AfeBench reversed = AfeBench.noiseless(382, 0);
        reversed.driver.write(CELLBAL1, cellbal(channelOfCell, true, 1, 3));
        assertFalse(reversed.chip.isBalancing(1), "caught: cell 1 is not drained");
        assertTrue(reversed.chip.isBalancing(4), "the top cell is drained instead");
        assertEquals(1, reversed.balancing.violations(), "caught: cells 3 and 4 bleed together");
    }

    /** The driver snippet: CB1 is bit 0 (DS 8.5); the defect declares the field MSB first. */
    private static int cellbal(int[] channelOfCell, boolean msbFirst, int... cells) {
        int value = 0;
        for (int cell : cells) {
            int bit = channelOfCell[cell] - 1;
            value |= 1 << (msbFirst ? 4 - bit : bit);
        }
        return value;
    }

    @Test
    void invertedCommunicationCheckReportsAnErrorOnEveryCleanStart() {
        AfeBench clean = AfeBench.noiseless(382, 0);
        assertTrue(startupCommunicationOk(clean.driver, false), "right driver on a clean bus");
        assertFalse(startupCommunicationOk(clean.driver, true), "caught: an error reported on a clean bus");

        AfeBench broken = AfeBench.noiseless(382, 0);
        broken.bus.setFaultInjector(new RandomI2cFaults(1, 1.0, 0.0));
        assertFalse(startupCommunicationOk(broken.driver, false), "right driver sees the dead bus");
        assertTrue(startupCommunicationOk(broken.driver, true), "caught: a dead bus reported as fine");
    }

    /** The driver snippet: the start-up check writes CC_CFG = 0x19 (DS 8.5) and reads it back. */
    private static boolean startupCommunicationOk(AfeDriver driver, boolean inverted) {
        int[] readBack = new int[1];
        boolean written = driver.writeRegister(CC_CFG, 0x19) == Status.OK;
        boolean read = driver.readRegisters(CC_CFG, readBack, 1) == Status.OK;
        boolean matches = written && read && readBack[0] == 0x19;
        return inverted ? !matches : matches;
    }
}
