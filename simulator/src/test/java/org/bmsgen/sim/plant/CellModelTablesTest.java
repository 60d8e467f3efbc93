package org.bmsgen.sim.plant;

import static org.bmsgen.sim.plant.CellModelTables.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Equivalent-circuit tables: linear in SoC and in temperature between breakpoints, held at the ends, each
 * parameter on its own SoC breakpoints; and the bundled NCR18650PF tables are the model file's.
 */
class CellModelTablesTest {

    /** Two sets, given hotter first: the builder orders them by temperature. */
    private static CellModelTables twoTemperatures() {
        return CellModelTables.builder()
                .at(40).r0(0.020).r1(new double[] {0.0, 1.0}, new double[] {0.010, 0.030}).c1(2000)
                .at(0).r0(new double[] {0.2, 0.6}, new double[] {0.040, 0.060}).r1(0.020)
                .c1(new double[] {0.5, 1.0}, new double[] {1000, 3000})
                .build();
    }

    @Test
    void inParallel_dividesResistancesAndMultipliesCapacitances_keepingTimeConstants() {
        CellModelTables one = twoTemperatures();
        CellModelTables three = one.inParallel(3);
        assertEquals(0.050 / 3, three.valueAt(R0, 0.4, 0), 1e-15);
        assertEquals(0.020 / 3, three.valueAt(R1, 0.9, 0), 1e-15);
        assertEquals(3 * 2000, three.valueAt(C1, 0.75, 0), 1e-9);
        assertEquals(one.valueAt(R1, 0.3, 20) * one.valueAt(C1, 0.3, 20),
                three.valueAt(R1, 0.3, 20) * three.valueAt(C1, 0.3, 20), 1e-12, "tau = R1 C1 of one cell");
        assertEquals(0.020, one.valueAt(R1, 0.5, 40), 1e-15, "the original is unchanged (half way 0.010..0.030)");
        assertThrows(IllegalArgumentException.class, () -> one.inParallel(0));
        CellParameters group = CellParameters.panasonic18650pf().inParallel(3);
        assertEquals(8.7, group.capacityAh(), 1e-12);
        assertEquals(3 * 43, group.heatCapacityJoulesPerKelvin(), 1e-12);
        assertEquals(15.0 / 3, group.thermalResistanceKelvinPerWatt(), 1e-12);
    }

    @Test
    void socInterpolationAtAndBetweenBreakpointsAndHeldBeyondTheEnds() {
        CellModelTables tables = twoTemperatures();
        assertEquals(0.040, tables.valueAt(R0, 0.2, 0), 1e-15, "at a breakpoint");
        assertEquals(0.050, tables.valueAt(R0, 0.4, 0), 1e-15, "half way between 0.2 and 0.6");
        assertEquals(0.040, tables.valueAt(R0, 0.0, 0), 1e-15, "held below the first breakpoint");
        assertEquals(0.060, tables.valueAt(R0, 1.0, 0), 1e-15, "held above the last");
        assertEquals(0.060, tables.valueAt(R0, 1.3, 0), 1e-15, "and beyond a full cell");
        // 0.5 is a breakpoint of C1 only: R0 must stay on its own straight line there and after it
        assertEquals(0.055, tables.valueAt(R0, 0.5, 0), 1e-15);
        assertEquals(0.0575, tables.valueAt(R0, 0.55, 0), 1e-15);
        assertEquals(1000, tables.valueAt(C1, 0.3, 0), 1e-12, "C1 held below its first breakpoint 0.5");
        assertEquals(2000, tables.valueAt(C1, 0.75, 0), 1e-12);
        assertEquals(0.015, tables.valueAt(R1, 0.25, 40), 1e-15);
        assertEquals(0.020, tables.valueAt(R1, 0.9, 0), 1e-15, "a constant is the same at every SoC");
    }

    @Test
    void temperatureInterpolationBetweenSetsAndHeldBeyondThem() {
        CellModelTables tables = twoTemperatures();
        double[] p = new double[PARAMETERS];
        tables.evaluate(0.4, 10, p);
        // a quarter of the way from 0 to 40 degC at SoC 0.4:
        assertEquals(0.050 + 0.25 * (0.020 - 0.050), p[R0], 1e-15, "R0 0.050 at 0 degC, 0.020 at 40 degC");
        assertEquals(0.020 + 0.25 * (0.018 - 0.020), p[R1], 1e-15, "R1 0.020 at 0 degC, 0.018 at 40 degC");
        assertEquals(1000 + 0.25 * (2000 - 1000), p[C1], 1e-12, "C1 1000 (held) at 0 degC, 2000 at 40 degC");
        assertEquals(0, p[R2]);
        assertEquals(0, p[C2]);
        assertEquals(0.040, tables.valueAt(R0, 0.75, 20), 1e-15, "half way: (0.060 + 0.020) / 2");
        assertEquals(0.040, tables.valueAt(R0, 0.2, 0), 1e-15, "exactly at the cold set");
        assertEquals(tables.valueAt(R0, 0.4, 0), tables.valueAt(R0, 0.4, -20), 0.0, "below: the coldest set");
        assertEquals(tables.valueAt(R1, 0.4, 40), tables.valueAt(R1, 0.4, 60), 0.0, "above: the hottest set");
        assertFalse(tables.hasSecondPair());
        assertFalse(tables.isConstant());
    }

    @Test
    void segmentGivesTheStraightPieceTheCellIsOn() {
        CellModelTables tables = twoTemperatures();
        double[] s = new double[SEGMENT];
        tables.evaluateSegment(0.4, 10, s);
        // at 10 degC between the union breakpoints 0.2 and 0.5 (0.5 is C1's): R0 slope 0.75 x 0.05 + 0.25 x 0 / SoC
        assertEquals(0.0425, s[R0], 1e-15);
        assertEquals(0.75 * 0.05, s[SLOPE + R0], 1e-15);
        assertEquals(0.25 * 0.020, s[SLOPE + R1], 1e-15, "R1: flat when cold, 0.020 per SoC at 40 degC");
        assertEquals(0.0, s[SLOPE + C1], 1e-12, "C1 held below 0.5 when cold, constant at 40 degC");
        assertEquals(0.2, s[FROM_SOC]);
        assertEquals(0.5, s[TO_SOC]);
        assertEquals(tables.valueAt(R0, 0.47, 10), s[R0] + s[SLOPE + R0] * (0.47 - 0.4), 1e-15, "the line is the table");
        tables.evaluateSegment(-0.1, 0, s);
        assertEquals(Double.NEGATIVE_INFINITY, s[FROM_SOC]);
        assertEquals(0.0, s[TO_SOC], "the first breakpoint of R1 at 40 degC");
        assertEquals(0.0, s[SLOPE + R0], "held flat beyond the end");
    }

    @Test
    void constantCircuitIsTheSameEverywhere() {
        CellModelTables tables = CellModelTables.constant(0.030, 0.015, 2000, 0.010, 20_000);
        assertTrue(tables.isConstant());
        assertTrue(tables.hasSecondPair());
        double[] p = new double[PARAMETERS];
        tables.evaluate(0.37, -5, p);
        assertArrayEquals(new double[] {0.030, 0.015, 2000, 0.010, 20_000}, p, 0.0);
        assertFalse(CellModelTables.constant(0.030, 0.015, 2000, 0, 0).hasSecondPair());
    }

    @Test
    void incompleteOrInconsistentTablesAreRefusedWithWhatIsWrong() {
        assertEquals("C1 is missing at 25.0 degC", assertThrows(IllegalStateException.class,
                () -> CellModelTables.builder().at(25).r0(0.03).r1(0.01).build()).getMessage());
        assertEquals("R2 and C2 come together at 25.0 degC: one of them is missing", assertThrows(
                IllegalStateException.class,
                () -> CellModelTables.builder().at(25).r0(0.03).r1(0.01).c1(1000).r2(0.02).build()).getMessage());
        assertEquals("every temperature needs the same number of RC pairs; at 40.0 degC has 1", assertThrows(
                IllegalStateException.class, () -> CellModelTables.builder()
                        .at(25).r0(0.03).r1(0.01).c1(1000).r2(0.02).c2(3000)
                        .at(40).r0(0.03).r1(0.01).c1(1000).build()).getMessage());
        assertEquals("R1 at 25.0 degC: SoC breakpoints must ascend: [0.5, 0.5]", assertThrows(
                IllegalArgumentException.class, () -> CellModelTables.builder().at(25)
                        .r1(new double[] {0.5, 0.5}, new double[] {0.01, 0.02})).getMessage());
        assertEquals("R0 at 25.0 degC is -0.001 at SoC 0.1: it must not be negative", assertThrows(
                IllegalArgumentException.class, () -> CellModelTables.builder().at(25)
                        .r0(new double[] {0.1}, new double[] {-0.001})).getMessage());
        assertEquals("C1 at 25.0 degC: 2 SoC breakpoints but 1 values", assertThrows(IllegalArgumentException.class,
                () -> CellModelTables.builder().at(25).c1(new double[] {0, 1}, new double[] {1000})).getMessage());
        assertEquals("a second parameter set at 25.0 degC", assertThrows(IllegalArgumentException.class,
                () -> CellModelTables.builder().at(25).r0(0.03).r1(0.01).c1(1000).at(25)).getMessage());
    }

    // ---- the NCR18650PF's fitted tables ----------------------------------------------------------------------------

    /** The ecm at 25 degC of models/cells/panasonic-ncr18650pf.bms (HPPC fit, doi:10.17632/wykht8y7tg.1). */
    static final double[] NCR_SOC = {0.081, 0.129, 0.178, 0.226, 0.274, 0.323, 0.419, 0.516, 0.613, 0.710, 0.806,
            0.903, 0.952, 1.000};
    static final double[] NCR_R0_MILLIOHMS = {33.2, 28.2, 36.5, 37.2, 33.0, 31.3, 29.8, 29.1, 30.7, 30.8, 30.9, 31.7,
            32.9, 36.1};

    @Test
    void bundledNcr18650pfTablesAreTheModelFilesEcm() throws IOException {
        Path model = Path.of(System.getProperty("bmsgen.root", "."), "models", "cells", "panasonic-ncr18650pf.bms");
        assertTrue(Files.isRegularFile(model), "missing " + model.toAbsolutePath().normalize());
        String text = Files.readString(model);
        CellModelTables bundled = CellModelTables.panasonic18650pf();
        String[] names = {"r0", "r1", "c1", "r2", "c2"};
        double[] unit = {1e-3, 1e-3, 1, 1e-3, 1};
        int compared = 0;
        for (int p = 0; p < PARAMETERS; p++) {
            Matcher table = Pattern.compile(names[p] + " over soc \\{([^}]*)\\}").matcher(text);
            assertTrue(table.find(), names[p] + " table in the model file");
            Matcher point = Pattern.compile("([0-9.]+) %: ([0-9.]+) (mOhm|F)").matcher(table.group(1));
            while (point.find()) {
                double soc = Double.parseDouble(point.group(1)) / 100;
                double expected = Double.parseDouble(point.group(2)) * unit[p];
                assertEquals(expected, bundled.valueAt(p, soc, 25), expected * 1e-12, names[p] + " at SoC " + soc);
                compared++;
            }
        }
        assertEquals(5 * 14, compared, "14 SoC points per parameter");
        for (int k = 0; k < NCR_SOC.length; k++) {
            assertEquals(NCR_R0_MILLIOHMS[k] * 1e-3, bundled.valueAt(R0, NCR_SOC[k], 25), 1e-15);
        }
        assertEquals(33.2e-3, bundled.valueAt(R0, 0.02, 25), 1e-15, "below 8 % the end values hold");
        assertEquals(bundled.valueAt(R1, 0.5, 25), bundled.valueAt(R1, 0.5, -10), 0.0, "one temperature only");
    }
}
