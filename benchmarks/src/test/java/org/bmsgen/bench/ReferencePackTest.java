package org.bmsgen.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The benchmarked system must do the work it claims, or its speed means nothing: the tick runs every
 * 250 ms, reads cells that match the plant, sees the coulomb counter follow the square-wave load, and the
 * pack stays in range.
 */
class ReferencePackTest {

    @Test
    void firmwareTickReadsThePlantEveryControlPeriod() {
        ReferencePack pack = new ReferencePack(7);
        pack.advance(10_000_000);
        assertEquals(40, pack.firmware.ticks(), "ticks in 10 s at 250 ms");
        assertEquals(0, pack.firmware.busErrors(), "bus errors");
        for (int cell = 1; cell <= 4; cell++) {
            // the plant's terminal voltage now; the reading is up to 250 ms old and has gain rounding and noise
            double plantMillivolts = pack.board.plant().cellVolts(cell) * 1000;
            assertEquals(plantMillivolts, pack.firmware.cellMillivolts(cell), 10.0, "cell " + cell);
        }
        // discharging 10 A on the 1 mOhm shunt: -10 mV = about -1185 counts of 8.44 uV
        assertEquals(-0.010 / 8.44e-6, pack.firmware.ccCode(), 15.0, "CC code while discharging 10 A");
    }

    @Test
    void telemetryVariantSendsAFrameAndALineEveryTick() {
        ReferencePack pack = new ReferencePack(7, true);
        pack.advance(10_000_000);
        // frames sent at ticks 1..40 reach the tester within ~150 us; the tick drains before sending the next
        assertEquals(39, pack.framesReceived(), "frames drained by the tester at ticks 2..40");
        // 40 lines of 32 bytes at 87 us a byte: the last line is complete 2.8 ms after the last tick, and the
        // ESP32 polls every 10 ms: all but the last line have been read at 10 s
        assertEquals(39 * 32, pack.bytesReceived(), "bytes read by the ESP32");
        assertEquals(0, pack.firmware.busErrors());
    }

    @Test
    void squareWaveLoadKeepsThePackInRangeForAnHour() {
        ReferencePack pack = new ReferencePack(7);
        pack.advance(3_600_000_000L);
        assertEquals(14_400, pack.firmware.ticks());
        assertEquals(0, pack.firmware.busErrors());
        for (int cell = 1; cell <= 4; cell++) {
            double soc = pack.board.plant().stateOfCharge(cell);
            assertTrue(soc > 0.4 && soc < 0.6, "cell " + cell + " SoC " + soc);
        }
        assertEquals(0, pack.board.afe().peekRegister(org.bmsgen.sim.afe.Bq769x0Registers.SYS_STAT) & 0x3F,
                "no protection tripped");
        assertTrue(pack.board.afe().chargeFetOn() && pack.board.afe().dischargeFetOn(), "both FETs still on");
    }
}
