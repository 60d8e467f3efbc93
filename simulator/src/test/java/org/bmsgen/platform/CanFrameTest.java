package org.bmsgen.platform;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The platform's one concrete class (the platform module itself is Java 7 and has no test framework). */
class CanFrameTest {

    @Test
    void fdLengthsAndDataLengthCodes() {
        int[] lengths = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};
        for (int dlc = 0; dlc < 16; dlc++) {
            assertEquals(lengths[dlc], CanFrame.lengthOfDlc(dlc, true));
            assertEquals(dlc, CanFrame.dlcOfLength(lengths[dlc]));
            assertTrue(CanFrame.isValidFdLength(lengths[dlc]));
            assertEquals(Math.min(dlc, 8), CanFrame.lengthOfDlc(dlc, false));
        }
        assertFalse(CanFrame.isValidFdLength(9));
        assertFalse(CanFrame.isValidFdLength(65));
    }

    @Test
    void setRefusesWhatTheBusCannotCarryAndLeavesTheFrameAlone() {
        CanFrame frame = new CanFrame();
        assertEquals(Status.OK, frame.set(0x123, false, true, true, 12));
        assertEquals(Status.INVALID_ARGUMENT, frame.set(0x800, false, false, false, 8));
        assertEquals(Status.INVALID_ARGUMENT, frame.set(0x100, false, false, false, 9));
        assertEquals(Status.INVALID_ARGUMENT, frame.set(0x100, false, true, false, 10));
        assertEquals(Status.OK, frame.set(0x1FFFFFFF, true, false, true, 8));
        assertFalse(frame.isBitRateSwitch(), "no bit rate switch on a classic frame");
        assertEquals(8, frame.dlc());
    }

    @Test
    void copyFromCopiesHeaderAndPayload() {
        CanFrame a = new CanFrame();
        a.set(0x42, false, true, true, 64);
        for (int i = 0; i < 64; i++) {
            a.data[i] = (byte) i;
        }
        CanFrame b = new CanFrame();
        b.copyFrom(a);
        assertEquals(0x42, b.id());
        assertTrue(b.isFd() && b.isBitRateSwitch());
        assertEquals(64, b.length());
        assertArrayEquals(a.data, b.data);
    }
}
