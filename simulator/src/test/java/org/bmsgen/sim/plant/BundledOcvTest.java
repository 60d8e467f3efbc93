package org.bmsgen.sim.plant;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * The OCV bundled for the simulated board is the measured table in shared/data (Kollmeyer 2018,
 * doi:10.17632/wykht8y7tg.1), not a drifted copy.
 */
class BundledOcvTest {

    @Test
    void bundledPanasonicOcvMatchesTheSharedTable() throws IOException {
        OcvCurve shared = PackPlantTest.panasonicOcv();
        OcvCurve bundled = OcvCurve.panasonic18650pf();
        for (int permille = 0; permille <= 1000; permille += 5) {
            double soc = permille / 1000.0;
            assertEquals(shared.voltsAt(soc), bundled.voltsAt(soc), 0.0, "OCV at SoC " + soc);
        }
        assertEquals(2.49948, bundled.voltsAt(0.0), 1e-9, "first row of the table");
    }
}
