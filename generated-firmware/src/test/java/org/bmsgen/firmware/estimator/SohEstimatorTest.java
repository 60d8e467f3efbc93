package org.bmsgen.firmware.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.firmware.smart4s.stm32.SocEstimator;
import org.bmsgen.firmware.smart4s.stm32.SohEstimator;
import org.bmsgen.sim.plant.CellModelTables;
import org.bmsgen.sim.plant.CellParameters;
import org.bmsgen.sim.plant.PackConfig;
import org.bmsgen.sim.plant.PackLoad;
import org.junit.jupiter.api.Test;

/** The generated Smart4S SoH estimator on a plant whose cells have lost 15 % of their capacity. */
class SohEstimatorTest {

    @Test
    void fadedCells_restDischargeRest_capacityAndSohFound() {
        double fade = 0.85;
        // the model's own circuit tables (Kollmeyer 2018, doi:10.17632/wykht8y7tg.1), 85 % of the 2.9 Ah
        CellParameters faded = new CellParameters(2.9 * fade, CellModelTables.panasonic18650pf(), 43, 15);
        PlantRig rig = new PlantRig(PackConfig.referenceBoard(21).withCell(faded).withInitialSoc(0.95));
        SocEstimator soc = new SocEstimator();
        SohEstimator soh = new SohEstimator(soc);
        rig.period();
        soc.start(rig.state);
        int rest = SohEstimator.REST_PERIODS + 4;
        run(rig, soc, soh, rest);
        assertEquals(10000, rig.state.sohBp, "one rested point gives no capacity yet");
        // 1C of the rated cell for 30 min: 59 % of the faded cell, ending at 36 %. Not lower: the resistance sample
        // at the load's end is gated by the SoC filter's SoC (RESISTANCE_MIN_SOC), which counts against the model's
        // 2.997 Ah until the first capacity sample, 18 % more than the faded cell holds; ending at 17 % (40 min)
        // took a sample where the RC pairs add 50 % to R0 within a period
        rig.load(PackLoad.constantCurrent(-2.9));
        run(rig, soc, soh, 7200);
        rig.load(null);
        run(rig, soc, soh, rest);
        for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {
            assertEquals(2.9 * fade, soh.cellCapacityAh(cell), 2.9 * fade * 0.03, "cell " + cell);
        }
        System.out.printf("SoH: capacity %d bp, resistance ratio %.3f, soh %d bp%n", soh.capacityBp(),
                soh.resistanceRatio(), rig.state.sohBp);
        // the plant's R0 is the model's: the current steps measure it within the RC pairs' share of 250 ms
        assertTrue(soh.resistanceRatio() > 0.9f && soh.resistanceRatio() < 1.15f, "ratio " + soh.resistanceRatio());
        assertEquals(8500, rig.state.sohBp, 300);
    }

    private static void run(PlantRig rig, SocEstimator soc, SohEstimator soh, int periods) {
        for (int i = 0; i < periods; i++) {
            rig.period();
            soc.step(rig.state);
            soh.step(rig.state);
        }
    }
}
