package org.bmsgen.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The allocation tests can fail: an allocation in every step shows in every window. */
class AllocationMeterTest {
    static volatile Object sink;

    @Test
    void anAllocationInEveryStepIsCountedInEveryWindow() {
        if (!AllocationMeter.supported()) {
            return;
        }
        long allocated = AllocationMeter.fewestBytesPerWindow(() -> {
            for (int step = 0; step < 240; step++) {
                sink = new long[4]; // 48 bytes a step, escaping: never scalar-replaced
            }
        });
        assertTrue(allocated >= 240 * 48, "counted " + allocated + " bytes");
    }
}
