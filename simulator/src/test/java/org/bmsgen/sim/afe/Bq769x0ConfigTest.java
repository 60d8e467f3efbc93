package org.bmsgen.sim.afe;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Wiring by cell count (DS Table 9-2) and the limits of the factory trim (DS Tables 8-22, 8-23). */
class Bq769x0ConfigTest {

    @Test
    void fourCellsUseChannels1To3And5WithMask0x17() {
        Bq769x0Config four = Bq769x0Config.referenceBoard(1);
        assertArrayEquals(new int[] {1, 2, 3, 5}, channels(four));
        assertEquals(0x17, four.usedChannelMask());
    }

    @Test
    void fiveCellsUseEveryChannelAndThreeSkipTheMiddleTwo() {
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, channels(Bq769x0Config.referenceBoard(1).withCells(5)));
        assertArrayEquals(new int[] {1, 2, 5}, channels(Bq769x0Config.referenceBoard(1).withCells(3)));
        assertEquals(0x13, Bq769x0Config.referenceBoard(1).withCells(3).usedChannelMask());
    }

    private static int[] channels(Bq769x0Config config) {
        int[] channels = new int[config.cells()];
        for (int cell = 1; cell <= config.cells(); cell++) {
            channels[cell - 1] = config.channelOf(cell);
        }
        return channels;
    }

    @Test
    void trimOutsideTheDatasheetRangeIsRefusedWithTheRange() {
        IllegalArgumentException gain = assertThrows(IllegalArgumentException.class,
                () -> Bq769x0Config.referenceBoard(1).withTrim(397, 0));
        assertTrue(gain.getMessage().contains("365..396"), gain.getMessage());
        IllegalArgumentException offset = assertThrows(IllegalArgumentException.class,
                () -> Bq769x0Config.referenceBoard(1).withTrim(380, -129));
        assertTrue(offset.getMessage().contains("-128..127"), offset.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bq769x0Config.referenceBoard(1).withCells(6));
    }
}
