package org.bmsgen.sim.spi;

import org.bmsgen.platform.SpiMaster;
import org.bmsgen.platform.Status;

/**
 * The SPI bus on the host: one {@link SpiTarget} per chip select, transfers in zero simulated time (at the
 * board's 20 MHz a 256-byte page takes about 0.1 ms, well inside a 250 ms period).
 */
public final class SimSpiBus implements SpiMaster {
    private final SpiTarget[] targets;
    private int selected = -1;

    public SimSpiBus(int chipSelects) {
        targets = new SpiTarget[chipSelects];
    }

    public void attach(int chipSelect, SpiTarget target) {
        targets[chipSelect] = target;
    }

    @Override
    public int select(int chipSelect) {
        if (selected >= 0) {
            return Status.BUSY;
        }
        if (chipSelect < 0 || chipSelect >= targets.length) {
            return Status.INVALID_ARGUMENT;
        }
        selected = chipSelect;
        if (targets[chipSelect] != null) {
            targets[chipSelect].selected();
        }
        return Status.OK;
    }

    @Override
    public int transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length) {
        if (selected < 0) {
            return Status.OFFLINE;
        }
        if (length < 0 || (tx != null && (txOffset < 0 || txOffset + length > tx.length))
                || (rx != null && (rxOffset < 0 || rxOffset + length > rx.length))) {
            throw new IndexOutOfBoundsException("transfer of " + length + " bytes outside the buffers");
        }
        SpiTarget target = targets[selected];
        for (int i = 0; i < length; i++) {
            int mosi = tx == null ? 0xFF : tx[txOffset + i] & 0xFF;
            // with nothing on the chip select, MISO floats high through its pull-up
            int miso = target == null ? 0xFF : target.exchange(mosi);
            if (rx != null) {
                rx[rxOffset + i] = (byte) miso;
            }
        }
        return Status.OK;
    }

    @Override
    public void deselect() {
        if (selected >= 0) {
            int was = selected;
            selected = -1;
            if (targets[was] != null) {
                targets[was].deselected();
            }
        }
    }
}
