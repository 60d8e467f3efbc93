package org.bmsgen.sim.uart;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;

import org.bmsgen.platform.Status;
import org.bmsgen.platform.Uart;
import org.bmsgen.sim.time.Scheduler;
import org.junit.jupiter.api.Test;

class UartLinkTest {
    private final Scheduler scheduler = new Scheduler();
    private final byte[] buffer = new byte[2048];

    @Test
    void bytesArriveOneByteTimeApartAt115200Baud() {
        SimUart stm32 = new SimUart(64, 64);
        SimUart esp32 = new SimUart(64, 64);
        UartLink link = new UartLink(scheduler, stm32, esp32, 115_200, 0, 1);
        assertEquals(87, link.byteMicros(), "10 bits at 115 200 baud = 86.8 us");
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        assertEquals(5, stm32.write(hello, 0, 5));
        scheduler.advance(86);
        assertEquals(0, esp32.read(buffer, 0, 64), "nothing before the first stop bit ends");
        scheduler.advance(1);
        assertEquals(1, esp32.read(buffer, 0, 64));
        scheduler.advance(4 * 87);
        assertEquals(4, esp32.read(buffer, 1, 64));
        assertEquals("hello", new String(buffer, 0, 5, StandardCharsets.US_ASCII));
        assertEquals(0, esp32.takeErrors());
    }

    @Test
    void fullDuplexBothWaysAtOnce() {
        SimUart a = new SimUart(16, 16);
        SimUart b = new SimUart(16, 16);
        new UartLink(scheduler, a, b, 9600, 0, 1);
        a.write(new byte[] {1, 2, 3}, 0, 3);
        b.write(new byte[] {9, 8}, 0, 2);
        scheduler.advance(3 * 1042);
        assertEquals(2, a.read(buffer, 0, 16));
        assertEquals(3, b.read(buffer, 2, 16));
        assertArrayEquals(new byte[] {9, 8, 1, 2, 3}, java.util.Arrays.copyOf(buffer, 5));
    }

    @Test
    void writeTakesOnlyWhatTheTransmitFifoHolds() {
        SimUart a = new SimUart(64, 8);
        SimUart b = new SimUart(64, 8);
        new UartLink(scheduler, a, b, 115_200, 0, 1);
        assertEquals(8, a.write(new byte[20], 0, 20));
        assertEquals(0, a.write(new byte[1], 0, 1));
        scheduler.advance(87);
        assertEquals(1, a.write(new byte[1], 0, 1), "one byte left the FIFO");
        assertEquals(Status.OFFLINE, new SimUart(1, 1).write(new byte[1], 0, 1), "not connected");
    }

    @Test
    void unreadBytesOverrunTheReceiveFifo() {
        SimUart a = new SimUart(64, 64);
        SimUart b = new SimUart(4, 64);
        new UartLink(scheduler, a, b, 115_200, 0, 1);
        a.write(new byte[] {1, 2, 3, 4, 5, 6}, 0, 6);
        scheduler.advance(10_000);
        assertEquals(Uart.ERROR_OVERRUN, b.takeErrors());
        assertEquals(0, b.takeErrors(), "flags clear when taken");
        assertEquals(4, b.read(buffer, 0, 64));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOf(buffer, 4));
    }

    @Test
    void noiseCorruptsAboutTheConfiguredShareOfBytesReproducibly() {
        int[] first = noisyRun(21);
        int[] again = noisyRun(21);
        assertArrayEquals(first, again);
        int received = first[0];
        int wrong = first[1];
        int corrupted = first[2];
        assertTrue(corrupted > 70 && corrupted < 130, corrupted + " of 1000 bytes corrupted");
        assertTrue(received < 1000 && received > 960, "start-bit errors lose bytes: " + received);
        assertTrue(wrong > 50, wrong + " bytes arrived wrong");
        assertEquals(Uart.ERROR_FRAMING, first[3] & Uart.ERROR_FRAMING);
    }

    private int[] noisyRun(long seed) {
        Scheduler time = new Scheduler();
        SimUart a = new SimUart(1024, 1024);
        SimUart b = new SimUart(1024, 1024);
        UartLink link = new UartLink(time, a, b, 115_200, 0.1, seed);
        byte[] sent = new byte[1000];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) 0x55;
        }
        a.write(sent, 0, 1000);
        time.advance(1000 * link.byteMicros());
        int received = b.read(buffer, 0, 2048);
        int wrong = 0;
        for (int i = 0; i < received; i++) {
            if (buffer[i] != 0x55) {
                wrong++;
            }
        }
        return new int[] {received, wrong, (int) link.bytesCorrupted(), b.takeErrors()};
    }
}
