package org.bmsgen.sim.flash;

import static org.junit.jupiter.api.Assertions.*;

import org.bmsgen.platform.Status;
import org.bmsgen.sim.spi.SimSpiBus;
import org.bmsgen.sim.time.Scheduler;
import org.junit.jupiter.api.Test;

/** The W25Q128JV through the platform's SPI interface: commands as bytes on the bus, timing on simulated time. */
class W25q128jvTest {
    private static final int CS = 0;

    private final Scheduler scheduler = new Scheduler();
    private final W25q128jv flash = new W25q128jv(scheduler, W25q128jvTimings.TYPICAL, 17);
    private final SimSpiBus spi = new SimSpiBus(2);
    private final byte[] tx = new byte[300];
    private final byte[] rx = new byte[300];

    W25q128jvTest() {
        spi.attach(CS, flash);
    }

    /** One command: select, clock {@code length} bytes of tx, deselect; rx holds what came back. */
    private void command(int length, int... header) {
        for (int i = 0; i < header.length; i++) {
            tx[i] = (byte) header[i];
        }
        assertEquals(Status.OK, spi.select(CS));
        assertEquals(Status.OK, spi.transfer(tx, 0, rx, 0, length));
        spi.deselect();
    }

    private int status() {
        command(2, 0x05);
        return rx[1] & 0xFF;
    }

    private void writeEnable() {
        command(1, 0x06);
    }

    private byte[] read(int address, int length) {
        command(4 + length, 0x03, address >> 16, address >> 8, address);
        byte[] data = new byte[length];
        System.arraycopy(rx, 4, data, 0, length);
        return data;
    }

    private void program(int address, byte[] data) {
        tx[0] = 0x02;
        tx[1] = (byte) (address >> 16);
        tx[2] = (byte) (address >> 8);
        tx[3] = (byte) address;
        System.arraycopy(data, 0, tx, 4, data.length);
        command(4 + data.length);
    }

    private long waitWhileBusy() {
        long start = scheduler.nowMicros();
        while ((status() & W25q128jv.STATUS_BUSY) != 0) {
            scheduler.advance(100);
        }
        return scheduler.nowMicros() - start;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void identifiesItself() {
        command(4, 0x9F);
        assertArrayEquals(bytes(0xEF, 0x40, 0x18), java.util.Arrays.copyOfRange(rx, 1, 4));
        command(6, 0x90, 0, 0, 0);
        assertArrayEquals(bytes(0xEF, 0x17), java.util.Arrays.copyOfRange(rx, 4, 6));
        command(5, 0xAB, 0, 0, 0);
        assertEquals(0x17, rx[4] & 0xFF);
    }

    @Test
    void erasedArrayReadsOnesAndFastReadSkipsItsDummyByte() {
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF), read(0x123456, 3));
        writeEnable();
        program(0x000100, bytes(0x5A));
        waitWhileBusy();
        command(6, 0x0B, 0x00, 0x01, 0x00, 0x00);
        assertEquals(0x5A, rx[5] & 0xFF);
    }

    @Test
    void programOnlyClearsBitsAndNeedsWriteEnable() {
        writeEnable();
        assertEquals(W25q128jv.STATUS_WEL, status());
        program(0x1000, bytes(0xF0, 0x3C));
        waitWhileBusy();
        assertEquals(0, status() & W25q128jv.STATUS_WEL, "WEL clears when the program ends");
        assertArrayEquals(bytes(0xF0, 0x3C), read(0x1000, 2));
        program(0x1000, bytes(0x0F));
        assertFalse(flash.isBusy(), "no WEL, no program");
        writeEnable();
        program(0x1000, bytes(0x0F, 0xFF));
        waitWhileBusy();
        assertArrayEquals(bytes(0x00, 0x3C), read(0x1000, 2), "1 -> 0 only: 0xF0 & 0x0F, 0x3C & 0xFF");
    }

    @Test
    void writeDisableClearsWel() {
        writeEnable();
        command(1, 0x04);
        assertEquals(0, status());
    }

    @Test
    void programWrapsWithinItsPage() {
        byte[] data = new byte[10];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x10 + i);
        }
        writeEnable();
        program(0x2000 + 250, data);
        waitWhileBusy();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 0, 6), read(0x2000 + 250, 6));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 6, 10), read(0x2000, 4));
        assertEquals(0xFF, read(0x2100, 1)[0] & 0xFF, "the next page is untouched");
    }

    @Test
    void moreThan256BytesKeepsTheLast256() {
        byte[] data = new byte[260];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        writeEnable();
        program(0x3000, data);
        waitWhileBusy();
        assertArrayEquals(bytes(0x00, 0x01, 0x02, 0x03, 0x04), read(0x3000, 5),
                "columns 0..3 hold bytes 256..259 (0x00..0x03 again), column 4 byte 4");
        assertEquals(0xFF, read(0x3000 + 255, 1)[0] & 0xFF);
    }

    @Test
    void busyForThePageProgramTimeAndDeafMeanwhile() {
        writeEnable();
        program(0x4000, bytes(0x00));
        assertEquals(W25q128jv.STATUS_BUSY | W25q128jv.STATUS_WEL, status());
        command(4, 0x9F);
        assertEquals(0xFF, rx[1] & 0xFF, "JEDEC ID ignored while busy");
        scheduler.advance(W25q128jvTimings.TYPICAL.pageProgramMicros() - 1);
        assertTrue(flash.isBusy());
        scheduler.advance(1);
        assertEquals(0, status());
    }

    @Test
    void sectorAndBlockErasesClearTheirAlignedRangeOnly() {
        fillWithZeros(0x10000 - 1, 0x30000 + 1);
        assertErase(0x20, 0x12345, 0x12000, 4 * 1024, W25q128jvTimings.TYPICAL.sectorEraseMicros());
        assertErase(0x52, 0x29000, 0x28000, 32 * 1024, W25q128jvTimings.TYPICAL.block32EraseMicros());
        assertErase(0xD8, 0x1ABCD, 0x10000, 64 * 1024, W25q128jvTimings.TYPICAL.block64EraseMicros());
    }

    private void fillWithZeros(int from, int to) {
        byte[] zeros = new byte[W25q128jv.PAGE_BYTES];
        for (int page = from & ~0xFF; page < to; page += W25q128jv.PAGE_BYTES) {
            writeEnable();
            program(page, zeros);
            waitWhileBusy();
        }
    }

    private void assertErase(int opcode, int address, int alignedStart, int size, long micros) {
        writeEnable();
        command(4, opcode, address >> 16, address >> 8, address);
        long took = waitWhileBusy();
        assertTrue(took >= micros && took < micros + 200, "erase took " + took + " us");
        assertEquals(0x00, flash.peek(alignedStart - 1));
        for (int i = alignedStart; i < alignedStart + size; i++) {
            assertEquals(0xFF, flash.peek(i));
        }
        assertEquals(0x00, flash.peek(alignedStart + size));
    }

    @Test
    void chipEraseTakesTensOfSeconds() {
        writeEnable();
        program(0xFFFF00, bytes(0x00));
        waitWhileBusy();
        writeEnable();
        command(1, 0xC7);
        scheduler.advance(39_999_999);
        assertTrue(flash.isBusy());
        scheduler.advance(1);
        assertFalse(flash.isBusy());
        assertEquals(0xFF, flash.peek(0xFFFF00));
    }

    @Test
    void eraseWithoutWriteEnableIsIgnored() {
        writeEnable();
        program(0x5000, bytes(0x00));
        waitWhileBusy();
        command(4, 0x20, 0x00, 0x50, 0x00);
        assertFalse(flash.isBusy());
        assertEquals(0x00, flash.peek(0x5000));
    }

    @Test
    void readWrapsAtTheEndOfTheArray() {
        writeEnable();
        program(0x000000, bytes(0x11, 0x22));
        waitWhileBusy();
        assertArrayEquals(bytes(0xFF, 0xFF, 0x11, 0x22), read(0xFFFFFE, 4));
    }

    @Test
    void powerDownIgnoresAllButRelease() {
        command(1, 0xB9);
        scheduler.advance(3);
        assertTrue(flash.isPoweredDown());
        command(4, 0x9F);
        assertEquals(0xFF, rx[1] & 0xFF);
        command(1, 0xAB);
        scheduler.advance(3);
        assertFalse(flash.isPoweredDown());
        command(4, 0x9F);
        assertEquals(0xEF, rx[1] & 0xFF);
    }

    @Test
    void powerLossHalfwayThroughAProgramLeavesSomeBitsProgrammed() {
        byte[] zeros = new byte[W25q128jv.PAGE_BYTES];
        writeEnable();
        program(0x6000, zeros);
        scheduler.advance(W25q128jvTimings.TYPICAL.pageProgramMicros() / 2);
        flash.powerLoss();
        int programmedBits = 0;
        for (int i = 0; i < W25q128jv.PAGE_BYTES; i++) {
            programmedBits += 8 - Integer.bitCount(flash.peek(0x6000 + i));
        }
        assertTrue(programmedBits > 800 && programmedBits < 1250, programmedBits + " of 2048 bits");
        command(4, 0x9F);
        assertEquals(0xFF, rx[1] & 0xFF, "no supply, no answer");
        flash.powerOn();
        assertEquals(0, status(), "neither busy nor write-enabled after power-up");
    }

    @Test
    void powerLossDuringEraseLeavesTheSectorNeitherOldNorErased() {
        fillWithZeros(0x7000, 0x8000);
        writeEnable();
        command(4, 0x20, 0x00, 0x70, 0x00);
        scheduler.advance(W25q128jvTimings.TYPICAL.sectorEraseMicros() / 4);
        flash.powerLoss();
        flash.powerOn();
        int erasedBits = 0;
        for (int i = 0x7000; i < 0x8000; i++) {
            erasedBits += Integer.bitCount(flash.peek(i));
        }
        int total = 4096 * 8;
        assertTrue(erasedBits > total / 8 && erasedBits < total * 3 / 8, erasedBits + " of " + total + " bits");
    }

    @Test
    void powerLossIsSeeded() {
        assertEquals(cutProgram(5), cutProgram(5));
        assertNotEquals(cutProgram(5), cutProgram(6));
    }

    private static String cutProgram(long seed) {
        Scheduler time = new Scheduler();
        W25q128jv chip = new W25q128jv(time, W25q128jvTimings.TYPICAL, seed);
        SimSpiBus bus = new SimSpiBus(1);
        bus.attach(0, chip);
        byte[] cmd = new byte[4 + 16];
        cmd[0] = 0x06;
        bus.select(0);
        bus.transfer(cmd, 0, null, 0, 1);
        bus.deselect();
        cmd[0] = 0x02;
        bus.select(0);
        bus.transfer(cmd, 0, null, 0, cmd.length);
        bus.deselect();
        time.advance(200);
        chip.powerLoss();
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            pattern.append(Integer.toHexString(chip.peek(i))).append(' ');
        }
        return pattern.toString();
    }

    @Test
    void busRefusesASecondSelectAndTransfersWithoutSelect() {
        assertEquals(Status.OFFLINE, spi.transfer(tx, 0, rx, 0, 1));
        assertEquals(Status.OK, spi.select(CS));
        assertEquals(Status.BUSY, spi.select(1));
        spi.deselect();
        assertEquals(Status.INVALID_ARGUMENT, spi.select(5));
        assertEquals(Status.OK, spi.select(1));
        assertEquals(Status.OK, spi.transfer(null, 0, rx, 0, 2));
        assertEquals(0xFF, rx[0] & 0xFF, "MISO floats high with no device");
        spi.deselect();
    }
}
