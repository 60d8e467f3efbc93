package org.bmsgen.sim.afe;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The coulomb counter (DS 8.3.1.1.3): 8.44 uV LSB, 250 ms conversions, CC_READY. */
class Bq76920CoulombCounterTest {

    @ParameterizedTest(name = "0x{0} = {1} uV")
    @CsvSource({"0001, 8.44", "2710, 84400", "7D00, 270080", "8300, -270080", "C350, -131123.84", "FFFF, -8.44"})
    void datasheetTableRows(String hexCode, double microvolts) {
        int code = Integer.parseInt(hexCode, 16);
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.shunt(microvolts * 1e-6);
        bench.driver.write(CC_CFG, 0x19);
        bench.driver.write(SYS_CTRL2, CC_EN);
        bench.scheduler.advance(249_999);
        assertEquals(0, bench.driver.readRegister(SYS_STAT) & CC_READY);
        bench.scheduler.advance(1);
        assertEquals(CC_READY, bench.driver.readRegister(SYS_STAT) & CC_READY);
        int raw = bench.driver.read16(CC_HI);
        assertEquals(code, raw);
        assertEquals(microvolts, (short) raw * 8.44, 1e-6);
    }

    @Test
    void ccReadyIsWriteOneToClearAndSetAgainByTheNextConversion() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(SYS_CTRL2, CC_EN);
        bench.advanceMillis(250);
        bench.driver.write(SYS_STAT, 0x00);
        assertEquals(CC_READY, bench.driver.readRegister(SYS_STAT) & CC_READY, "writing 0 does nothing");
        bench.driver.write(SYS_STAT, CC_READY);
        assertEquals(0, bench.driver.readRegister(SYS_STAT) & CC_READY);
        bench.advanceMillis(250);
        assertEquals(CC_READY, bench.driver.readRegister(SYS_STAT) & CC_READY);
    }

    @Test
    void conversionAveragesTheShuntOverItsWindow() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.shunt(-0.010);
        bench.driver.write(SYS_CTRL2, CC_EN);
        bench.advanceMillis(100);
        bench.shunt(-0.0325);
        bench.advanceMillis(150);
        // (100 x -10 + 150 x -32.5) / 250 = -23.5 mV
        assertEquals(Math.round(-0.0235 / 8.44e-6), (short) bench.driver.read16(CC_HI));
    }

    @Test
    void saturatesAtFullScale() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.shunt(0.300);
        bench.driver.write(SYS_CTRL2, CC_EN);
        bench.advanceMillis(250);
        assertEquals(0x7D00, bench.driver.read16(CC_HI));
    }

    @Test
    void oneShotConvertsOnceAndClearsItself() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.shunt(0.001);
        bench.driver.write(SYS_CTRL2, CC_ONESHOT);
        assertEquals(CC_ONESHOT, bench.driver.readRegister(SYS_CTRL2) & CC_ONESHOT);
        bench.advanceMillis(250);
        assertEquals(0, bench.driver.readRegister(SYS_CTRL2) & CC_ONESHOT);
        assertEquals(Math.round(0.001 / 8.44e-6), bench.driver.read16(CC_HI));
        bench.driver.write(SYS_STAT, CC_READY);
        bench.advanceMillis(1000);
        assertEquals(0, bench.driver.readRegister(SYS_STAT) & CC_READY, "no further conversions");
    }
}
