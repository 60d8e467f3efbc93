package org.bmsgen.sim.afe;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.bmsgen.platform.Status;
import org.bmsgen.sim.i2c.RandomI2cFaults;
import org.junit.jupiter.api.Test;

/** CRC framing and coverage rules on the bus (DS 8.3.1.4), reset values (DS 8.5) and the boot delay. */
class Bq76920I2cTest {
    private static final int W = 0x10;
    private static final int R = 0x11;

    @Test
    void writeCrcCoversAddressRegisterAndData() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        byte[] frame = {OV_TRIP, (byte) 0xBF, (byte) ReferenceCrc.crc(W, OV_TRIP, 0xBF)};
        assertEquals(Status.OK, bench.bus.write(0x08, frame, 0, 3));
        assertEquals(0xBF, bench.driver.readRegister(OV_TRIP));
    }

    @Test
    void writeCrcWithoutTheAddressByteIsNackedAndNotWritten() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        byte[] frame = {OV_TRIP, (byte) 0xBF, (byte) ReferenceCrc.crc(OV_TRIP, 0xBF)};
        assertEquals(Status.NACK_DATA, bench.bus.write(0x08, frame, 0, 3));
        assertEquals(0xAC, bench.driver.readRegister(OV_TRIP));
        assertEquals(1, bench.chip.crcRejectedWrites());
    }

    @Test
    void blockWriteLaterCrcCoversItsDataByteOnly() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        byte[] frame = {OV_TRIP, (byte) 0xBF, (byte) ReferenceCrc.crc(W, OV_TRIP, 0xBF),
                (byte) 0x99, (byte) ReferenceCrc.crc(0x99)};
        assertEquals(Status.OK, bench.bus.write(0x08, frame, 0, frame.length));
        assertEquals(0xBF, bench.driver.readRegister(OV_TRIP));
        assertEquals(0x99, bench.driver.readRegister(UV_TRIP));
    }

    @Test
    void blockWriteWithARunningCrcIsNackedAtTheSecondByte() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        byte[] frame = {OV_TRIP, (byte) 0xBF, (byte) ReferenceCrc.crc(W, OV_TRIP, 0xBF),
                (byte) 0x99, (byte) ReferenceCrc.crc(W, OV_TRIP, 0xBF, 0x99)};
        assertEquals(Status.NACK_DATA, bench.bus.write(0x08, frame, 0, frame.length));
        assertEquals(0xBF, bench.driver.readRegister(OV_TRIP), "the first pair checked and is written");
        assertEquals(0x97, bench.driver.readRegister(UV_TRIP), "the refused pair is not");
    }

    @Test
    void dataByteWithoutCrcIsNotWritten() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        byte[] frame = {OV_TRIP, (byte) 0xBF};
        bench.bus.write(0x08, frame, 0, 2);
        assertEquals(0xAC, bench.driver.readRegister(OV_TRIP));
        assertEquals(1, bench.chip.writesWithoutCrc());
    }

    @Test
    void readFirstCrcCoversReadAddressAndDataLaterCrcsTheirDataOnly() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        byte[] tx = {OV_TRIP};
        byte[] rx = new byte[6];
        assertEquals(Status.OK, bench.bus.writeRead(0x08, tx, 0, 1, rx, 0, 6));
        assertArrayEquals(new byte[] {
                (byte) 0xAC, (byte) ReferenceCrc.crc(R, 0xAC),
                (byte) 0x97, (byte) ReferenceCrc.crc(0x97),
                0x00, (byte) ReferenceCrc.crc(0x00)}, rx);
    }

    @Test
    void registersHoldTheirResetValues() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        int[] values = new int[0x34];
        assertEquals(Status.OK, bench.driver.readRegisters(0x00, values, 0x34));
        for (int address = 0; address < 0x34; address++) {
            int expected = address == OV_TRIP ? 0xAC : address == UV_TRIP ? 0x97 : 0x00;
            assertEquals(expected, values[address], "register 0x" + Integer.toHexString(address));
        }
    }

    @Test
    void readOnlyRegistersIgnoreWrites() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.driver.write(vcHi(1), 0x12);
        bench.driver.write(ADCOFFSET, 0x55);
        assertEquals(0, bench.driver.readRegister(vcHi(1)));
        assertEquals(0, bench.driver.readRegister(ADCOFFSET));
    }

    @Test
    void chipAnswersOnlyAfterBootReady() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.chip.powerOff();
        bench.chip.powerOn();
        byte[] probe = new byte[1];
        bench.scheduler.advance(Bq769x0.BOOT_READY_MICROS - 1);
        assertEquals(Status.NACK_ADDRESS, bench.bus.write(0x08, probe, 0, 0));
        bench.scheduler.advance(1);
        assertEquals(Status.OK, bench.bus.write(0x08, probe, 0, 0));
    }

    @Test
    void corruptedWritesAreNackedAndCorruptedReadsFailTheCrcCheck() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        RandomI2cFaults faults = new RandomI2cFaults(42, 0.0, 0.2);
        bench.bus.setFaultInjector(faults);
        int writeNacks = 0;
        int crcMismatches = 0;
        int[] out = new int[4];
        for (int i = 0; i < 200; i++) {
            int status = bench.driver.writeRegister(CC_CFG, 0x19);
            if (status == Status.NACK_DATA) {
                writeNacks++;
            }
            if (bench.driver.readRegisters(OV_TRIP, out, 2) == AfeDriver.CRC_MISMATCH) {
                crcMismatches++;
            }
        }
        assertTrue(faults.bytesCorrupted() > 0);
        assertEquals(bench.chip.crcRejectedWrites(), writeNacks);
        assertTrue(writeNacks > 10 && crcMismatches > 10, writeNacks + " NACKs, " + crcMismatches + " CRC mismatches");
        // a single flipped bit never slips through: CC_CFG only ever holds what was sent correctly
        bench.bus.setFaultInjector(null);
        assertEquals(0x19, bench.driver.readRegister(CC_CFG));
    }

    @Test
    void injectedNacksAreSeededAndCounted() {
        int[] counts = new int[2];
        for (int run = 0; run < 2; run++) {
            AfeBench bench = AfeBench.noiseless(382, 0);
            RandomI2cFaults faults = new RandomI2cFaults(9, 0.25, 0.0);
            bench.bus.setFaultInjector(faults);
            int nacks = 0;
            for (int i = 0; i < 400; i++) {
                if (bench.driver.writeRegister(CC_CFG, 0x19) == Status.NACK_ADDRESS) {
                    nacks++;
                }
            }
            assertEquals(faults.nacksInjected(), nacks);
            assertTrue(nacks > 60 && nacks < 140, "about a quarter of 400, got " + nacks);
            counts[run] = nacks;
        }
        assertEquals(counts[0], counts[1], "same seed, same faults");
    }

    @Test
    void aRegisterWithFlippedBitsAcksTheWriteAndReadsBackDifferently() {
        AfeBench bench = AfeBench.noiseless(382, 0);
        bench.chip.flipBitsOnWrite(PROTECT1, 0x01);
        byte[] frame = {PROTECT1, (byte) 0x93, (byte) ReferenceCrc.crc(W, PROTECT1, 0x93)};
        assertEquals(Status.OK, bench.bus.write(0x08, frame, 0, 3), "the chip ACKs: only a read-back shows it");
        assertEquals(0x92, bench.driver.readRegister(PROTECT1));
        // a write the CRC refuses stores nothing, flipped or not
        byte[] bad = {PROTECT1, (byte) 0x95, (byte) (ReferenceCrc.crc(W, PROTECT1, 0x95) ^ 1)};
        assertEquals(Status.NACK_DATA, bench.bus.write(0x08, bad, 0, 3));
        assertEquals(0x92, bench.driver.readRegister(PROTECT1));
        // other registers are not affected; mask 0 repairs the register
        bench.driver.writeRegister(PROTECT2, 0x33);
        assertEquals(0x33, bench.driver.readRegister(PROTECT2));
        bench.chip.flipBitsOnWrite(PROTECT1, 0);
        bench.driver.writeRegister(PROTECT1, 0x93);
        assertEquals(0x93, bench.driver.readRegister(PROTECT1));
        assertThrows(IllegalArgumentException.class, () -> bench.chip.flipBitsOnWrite(MAP_SIZE, 1));
    }
}
