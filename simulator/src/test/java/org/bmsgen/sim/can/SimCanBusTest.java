package org.bmsgen.sim.can;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.platform.CanController;
import org.bmsgen.platform.CanFrame;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.time.Scheduler;
import org.junit.jupiter.api.Test;

class SimCanBusTest {
    private final Scheduler scheduler = new Scheduler();
    private final SimCanBus bus = new SimCanBus(scheduler, 500_000, 2_000_000, 0, 3);
    private final CanFrame frame = new CanFrame();
    private final CanFrame received = new CanFrame();

    private int send(CanController node, int id, boolean extended, boolean fd, int length) {
        assertEquals(Status.OK, frame.set(id, extended, fd, fd, length));
        for (int i = 0; i < length; i++) {
            frame.data[i] = (byte) (id + i);
        }
        return node.transmit(frame);
    }

    private List<Integer> drain(CanController node) {
        List<Integer> ids = new ArrayList<>();
        while (node.receive(received) == 1) {
            ids.add(received.id());
        }
        return ids;
    }

    @Test
    void lowestIdentifierWinsArbitration() {
        SimCanController a = bus.attach(3, 8);
        SimCanController b = bus.attach(3, 8);
        SimCanController listener = bus.attach(3, 8);
        send(a, 0x300, false, false, 8);
        send(b, 0x100, false, false, 8);
        send(a, 0x200, false, false, 8);
        send(b, 0x123 << 18 | 0x5, true, false, 8);
        send(a, 0x123, false, false, 8);
        scheduler.advance(10_000);
        assertEquals(List.of(0x100, 0x123, 0x123 << 18 | 0x5, 0x200, 0x300), drain(listener),
                "standard 0x123 beats extended with base 0x123");
    }

    @Test
    void frameTimesFromBitRates() {
        SimCanController a = bus.attach(3, 3);
        SimCanController b = bus.attach(3, 3);
        // classic standard, 8 bytes: 47 + 64 = 111 bits at 500 kbit/s = 222 us
        send(a, 0x10, false, false, 8);
        scheduler.advance(221);
        assertEquals(0, b.receive(received));
        scheduler.advance(1);
        assertEquals(1, b.receive(received));
        // FD with BRS, 64 bytes: 29 nominal bits (58 us) + 543 data bits at 2 Mbit/s (271.5 us) = 330 us
        send(a, 0x11, false, true, 64);
        assertEquals(330, bus.frameMicros(frame));
        scheduler.advance(329);
        assertEquals(0, b.receive(received));
        scheduler.advance(1);
        assertEquals(1, b.receive(received));
        assertTrue(received.isFd());
        assertEquals(64, received.length());
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) (0x11 + i), received.data[i]);
        }
    }

    @Test
    void mailboxesFillAndReceiveFifoOverflows() {
        SimCanController a = bus.attach(3, 3);
        SimCanController b = bus.attach(3, 3);
        assertEquals(Status.OK, send(a, 1, false, false, 1));
        assertEquals(Status.OK, send(a, 2, false, false, 1));
        assertEquals(Status.OK, send(a, 3, false, false, 1));
        assertEquals(Status.FULL, send(a, 4, false, false, 1));
        scheduler.advance(1000);
        assertEquals(Status.OK, send(a, 4, false, false, 1));
        scheduler.advance(1000);
        assertEquals(1, b.receiveOverflows());
        assertEquals(List.of(1, 2, 3), drain(b));
    }

    @Test
    void acceptanceFilterPassesMatchingIdentifiersOnly() {
        SimCanController a = bus.attach(3, 8);
        SimCanController b = bus.attach(3, 8);
        b.setAcceptanceFilter(0x100, 0x700);
        send(a, 0x0FF, false, false, 0);
        send(a, 0x1AB, false, false, 0);
        scheduler.advance(1000);
        assertEquals(List.of(0x1AB), drain(b));
    }

    @Test
    void aLoneNodeGoesErrorPassiveOnAckErrorsButNotBusOff() {
        SimCanController alone = bus.attach(3, 3);
        send(alone, 0x42, false, false, 8);
        scheduler.advance(100_000);
        assertEquals(CanController.STATE_ERROR_PASSIVE, alone.state());
        assertEquals(128, alone.transmitErrorCount());
        assertEquals(0, alone.framesSent());
    }

    @Test
    void persistentErrorsDriveTheTransmitterBusOffAndRecoveryTakes128x11Bits() {
        SimCanController a = bus.attach(3, 3);
        SimCanController b = bus.attach(3, 3);
        bus.setFrameErrorRate(1.0);
        send(a, 0x42, false, false, 8);
        scheduler.advance(100_000);
        assertEquals(CanController.STATE_BUS_OFF, a.state());
        assertEquals(32, bus.errorFrames(), "32 x 8 = 256 > 255");
        assertEquals(32, b.receiveErrorCount());
        assertEquals(Status.OFFLINE, send(a, 0x43, false, false, 1));
        bus.setFrameErrorRate(0);
        a.requestRecovery();
        scheduler.advance(2815);
        assertEquals(CanController.STATE_BUS_OFF, a.state());
        scheduler.advance(1);
        assertEquals(CanController.STATE_ERROR_ACTIVE, a.state());
        scheduler.advance(1000);
        assertEquals(List.of(0x42), drain(b), "the pending frame goes out after recovery");
        assertEquals(31, b.receiveErrorCount());
    }

    @Test
    void occasionalErrorsAreRetransmittedAndSeeded() {
        long[] first = noisyRun(8);
        assertArrayEquals(first, noisyRun(8));
        assertEquals(1000, first[0], "every frame arrives once");
        assertTrue(first[1] > 60 && first[1] < 160, first[1] + " error frames for about 10 %");
        assertEquals(CanController.STATE_ERROR_ACTIVE, first[2]);
    }

    private static long[] noisyRun(long seed) {
        Scheduler time = new Scheduler();
        SimCanBus noisy = new SimCanBus(time, 500_000, 2_000_000, 0.1, seed);
        SimCanController a = noisy.attach(3, 3);
        SimCanController b = noisy.attach(3, 3);
        CanFrame out = new CanFrame();
        CanFrame in = new CanFrame();
        long delivered = 0;
        int lastId = -1;
        for (int i = 0; i < 1000; i++) {
            out.set(i, false, false, false, 8);
            assertEquals(Status.OK, a.transmit(out));
            time.advance(1000);
            while (b.receive(in) == 1) {
                assertEquals(lastId + 1, in.id(), "in order, no duplicates");
                lastId = in.id();
                delivered++;
            }
        }
        return new long[] {delivered, noisy.errorFrames(), a.state()};
    }
}
