package org.bmsgen.sim.afe;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.bmsgen.sim.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * The simulation step must not allocate (issue 3: it is benchmarked at 10 000x real time). Measured with
 * the HotSpot per-thread allocation counter ({@link AllocationMeter}).
 */
class AllocationFreeStepTest {

    @Test
    void oneMinuteOfAfeAndControlLoopReadsAllocatesNothing() {
        if (!AllocationMeter.supported()) {
            return;
        }
        AfeBench bench = new AfeBench(Bq769x0Config.referenceBoard(11));
        bench.driver.write(SYS_CTRL1, ADC_EN | TEMP_SEL);
        bench.driver.write(SYS_CTRL2, CC_EN | CHG_ON | DSG_ON);
        bench.driver.write(CELLBAL1, 0x05);
        int[] cells = new int[10];
        long allocated = AllocationMeter.fewestBytesPerWindow(() -> runControlLoop(bench, cells, 240));
        assertEquals(0, allocated, "bytes allocated in 60 simulated seconds");
    }

    private static void runControlLoop(AfeBench bench, int[] cells, int periods) {
        for (int i = 0; i < periods; i++) {
            bench.inputs.shuntVolts(-0.002 * (i % 5));
            bench.chip.inputsChanged();
            bench.scheduler.advance(250_000);
            bench.driver.readRegisters(VC1_HI, cells, 10);
            bench.driver.readRegisters(CC_HI, cells, 2);
            bench.driver.writeRegister(SYS_STAT, CC_READY);
        }
    }
}
