package org.bmsgen.sim.afe;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.bmsgen.platform.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Trim decoding (DS Tables 8-22, 8-23), cell ADC and wiring (DS Table 9-2), BAT (DS 8.3.1.1.6), TS1 (DS 8.3.1.1.4). */
class Bq76920AdcTest {

    @Test
    void gainAndOffsetDecodeForEveryTrimTheChipCanCarry() {
        for (int gain = 365; gain <= 396; gain++) {
            for (int offset : new int[] {-128, -20, -1, 0, 1, 30, 127}) {
                AfeBench bench = AfeBench.noiseless(gain, offset);
                assertEquals(gain, bench.driver.gainMicrovolts(), "gain");
                assertEquals(offset, bench.driver.offsetMillivolts(), "offset at gain " + gain);
            }
        }
    }

    @Test
    void trimBytesOnTheBusForGain380Offset30() {
        AfeBench bench = AfeBench.noiseless(380, 30);
        // 380 - 365 = 15 = 0b01111: bits 4:3 = 01 -> ADCGAIN1 bits 3:2; bits 2:0 = 111 -> ADCGAIN2 bits 7:5
        assertEquals(0x04, bench.driver.readRegister(ADCGAIN1));
        assertEquals(0xE0, bench.driver.readRegister(ADCGAIN2));
        assertEquals(0x1E, bench.driver.readRegister(ADCOFFSET));
    }

    @Test
    void negativeOffsetIsTwosComplement() {
        AfeBench bench = AfeBench.noiseless(380, -20);
        assertEquals(0xEC, bench.driver.readRegister(ADCOFFSET));
        assertEquals(-20, bench.driver.offsetMillivolts());
        AfeBench lowest = AfeBench.noiseless(380, -128);
        assertEquals(0x80, lowest.driver.readRegister(ADCOFFSET));
    }

    @ParameterizedTest(name = "ADC 0x{0} -> {1} mV")
    @CsvSource({"1800, 2365", "1F10, 3052"})
    void datasheetCellExamplesAtGain380Offset30(String hexCode, int expectedMv) {
        int code = Integer.parseInt(hexCode, 16);
        AfeBench bench = AfeBench.noiseless(380, 30);
        bench.inputs.cellVolts(1, (380.0 * code + 30_000) * 1e-6);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.advanceMillis(250);
        int[] out = new int[2];
        assertEquals(Status.OK, bench.driver.readRegisters(vcHi(1), out, 2));
        int hi = code >> 8;
        int lo = code & 0xFF;
        assertArrayEquals(new byte[] {(byte) hi, (byte) ReferenceCrc.crc(0x11, hi), (byte) lo, (byte) ReferenceCrc.crc(lo)},
                java.util.Arrays.copyOf(bench.driver.lastRead, 4));
        assertEquals(expectedMv, bench.driver.channelMillivolts(1));
    }

    @Test
    void fourCellWiringReadsTheTopCellThroughVc5AndVc4AsShorted() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.inputs.cellVolts(1, 3.1).cellVolts(2, 3.2).cellVolts(3, 3.3).cellVolts(4, 3.4);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.advanceMillis(250);
        assertEquals(3100, bench.driver.channelMillivolts(1), 1);
        assertEquals(3200, bench.driver.channelMillivolts(2), 1);
        assertEquals(3300, bench.driver.channelMillivolts(3), 1);
        assertEquals(0, bench.driver.channelMillivolts(4), 1);
        assertEquals(3400, bench.driver.channelMillivolts(5), 1);
    }

    @Test
    void firstCellReadingComesOneFullCycleAfterAdcEnable() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.scheduler.advance(249_999);
        assertEquals(0, bench.driver.read16(vcHi(1)));
        bench.scheduler.advance(1);
        assertEquals(Math.round(3_700_000 / 382.0), bench.driver.read16(vcHi(1)));
    }

    @Test
    void cellRegistersHoldWhileAdcIsOff() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.advanceMillis(250);
        bench.driver.write(SYS_CTRL1, 0);
        bench.inputs.allCellVolts(3.0);
        bench.advanceMillis(1000);
        assertEquals(3700, bench.driver.channelMillivolts(1), 1);
    }

    @Test
    void packVoltageFromBatWithOffsetPerCell() {
        AfeBench bench = AfeBench.noiseless(380, 30);
        bench.inputs.cellVolts(1, 3.6).cellVolts(2, 3.7).cellVolts(3, 3.8).cellVolts(4, 3.9);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.advanceMillis(250);
        int raw = bench.driver.read16(BAT_HI);
        // V_BAT = 4 x GAIN x ADC + cells x OFFSET (DS 8.3.1.1.6): within one BAT LSB (4 x 380 uV)
        double packMv = (4.0 * 380 * raw + 4 * 30_000) / 1000.0;
        assertEquals(15_000, packMv, 4 * 0.380);
    }

    @Test
    void noiseIsSeededWithTheConfiguredSpread() {
        Bq769x0Config noisy = Bq769x0Config.referenceBoard(5).withTrim(382, 0).withNoise(1.0);
        double[] first = sampleVc1(noisy, 400);
        double[] again = sampleVc1(noisy, 400);
        double[] otherSeed = sampleVc1(new Bq769x0Config(4, 382, 0, 1.0, 6, 10_000), 400);
        assertArrayEquals(first, again);
        assertFalse(java.util.Arrays.equals(first, otherSeed));
        double mean = java.util.Arrays.stream(first).average().orElseThrow();
        double variance = java.util.Arrays.stream(first).map(x -> (x - mean) * (x - mean)).sum() / first.length;
        double ideal = 3_700_000 / 382.0;
        assertEquals(ideal, mean, 0.2);
        assertEquals(1.0, Math.sqrt(variance), 0.15);
    }

    private static double[] sampleVc1(Bq769x0Config config, int samples) {
        AfeBench bench = new AfeBench(config);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        double[] codes = new double[samples];
        for (int i = 0; i < samples; i++) {
            bench.advanceMillis(250);
            codes[i] = bench.driver.read16(vcHi(1));
        }
        return codes;
    }

    @ParameterizedTest(name = "{0} C")
    @CsvSource({"-20", "0", "25", "45", "60"})
    void externalThermistorDecodesBackToItsTemperature(double celsius) {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.inputs.thermistorCelsius(celsius);
        bench.driver.write(SYS_CTRL1, ADC_EN | TEMP_SEL);
        bench.advanceMillis(250);
        int raw = bench.driver.read16(TS1_HI);
        // DS 8.3.1.1.4: V_TS = ADC x 382 uV; R_TS = 10 000 x V_TS / (3.3 - V_TS); Beta 3435 around 25 C
        double volts = raw * 382e-6;
        double ohms = 10_000 * volts / (3.3 - volts);
        double decoded = 1 / (1 / 298.15 + Math.log(ohms / 10_000) / 3435) - 273.15;
        assertEquals(celsius, decoded, 0.2);
    }

    @Test
    void dieTemperatureWhenTempSelIsClear() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.inputs.dieCelsius(40);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.advanceMillis(250);
        double volts = bench.driver.read16(TS1_HI) * 382e-6;
        assertEquals(40, 25 - (volts - 1.200) / 0.0042, 0.1);
    }

    @Test
    void temperatureUpdatesEveryTwoSecondsOnly() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.inputs.dieCelsius(25);
        bench.driver.write(SYS_CTRL1, ADC_EN);
        bench.advanceMillis(250);
        int first = bench.driver.read16(TS1_HI);
        bench.inputs.dieCelsius(50);
        bench.advanceMillis(1750);
        assertEquals(first, bench.driver.read16(TS1_HI), "no TS conversion within 2 s");
        bench.advanceMillis(250);
        assertNotEquals(first, bench.driver.read16(TS1_HI));
    }

    @Test
    void loadPresentIsLiveWhileChargeFetIsOff() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.inputs.loadConnected(true);
        assertEquals(LOAD_PRESENT, bench.driver.readRegister(SYS_CTRL1) & LOAD_PRESENT);
        bench.inputs.loadConnected(false);
        assertEquals(0, bench.driver.readRegister(SYS_CTRL1) & LOAD_PRESENT);
    }
}
