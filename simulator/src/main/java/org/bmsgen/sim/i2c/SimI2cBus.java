package org.bmsgen.sim.i2c;

import org.bmsgen.platform.I2cMaster;
import org.bmsgen.platform.Status;

/**
 * The I2C bus on the host: routes each transaction to the {@link I2cTarget} at its address, through an
 * {@link I2cFaultInjector}. Transactions take no simulated time (at 100 kHz a BQ76920 block read of all
 * cells takes about 2 ms; the firmware's timing budget is checked on the board, not here).
 */
public final class SimI2cBus implements I2cMaster {
    private final I2cTarget[] targets = new I2cTarget[128];
    private I2cFaultInjector faults = I2cFaultInjector.NONE;
    private byte[] scratch = new byte[64];
    private long transactions;

    /** Connects a device; one device per address. */
    public void attach(I2cTarget target) {
        int address = target.address();
        if (targets[address] != null) {
            throw new IllegalStateException("address 0x" + Integer.toHexString(address) + " is taken");
        }
        targets[address] = target;
    }

    public void setFaultInjector(I2cFaultInjector injector) {
        this.faults = injector == null ? I2cFaultInjector.NONE : injector;
    }

    /** @return transactions attempted so far (including failed ones) */
    public long transactions() {
        return transactions;
    }

    @Override
    public int write(int address7, byte[] data, int offset, int length) {
        checkRange(data, offset, length, 0);
        I2cTarget target = begin(address7, false);
        if (target == null) {
            return lastBeginStatus;
        }
        int status = deliver(target, data, offset, length);
        target.stop();
        return status;
    }

    @Override
    public int read(int address7, byte[] buffer, int offset, int length) {
        checkRange(buffer, offset, length, 1);
        I2cTarget target = begin(address7, true);
        if (target == null) {
            return lastBeginStatus;
        }
        target.read(buffer, offset, length);
        faults.corruptRead(buffer, offset, length);
        target.stop();
        return Status.OK;
    }

    @Override
    public int writeRead(int address7, byte[] tx, int txOffset, int txLength, byte[] rx, int rxOffset, int rxLength) {
        checkRange(tx, txOffset, txLength, 1);
        checkRange(rx, rxOffset, rxLength, 1);
        I2cTarget target = begin(address7, false);
        if (target == null) {
            return lastBeginStatus;
        }
        int status = deliver(target, tx, txOffset, txLength);
        if (status != Status.OK) {
            target.stop();
            return status;
        }
        // repeated START: the fault hook sees it as a second transaction on the same bus ownership
        if (!target.acknowledgeAddress(true)) {
            target.stop();
            return Status.NACK_ADDRESS;
        }
        target.read(rx, rxOffset, rxLength);
        faults.corruptRead(rx, rxOffset, rxLength);
        target.stop();
        return Status.OK;
    }

    private int lastBeginStatus;

    private I2cTarget begin(int address7, boolean read) {
        transactions++;
        if (address7 < 0 || address7 > 0x7F) {
            lastBeginStatus = Status.INVALID_ARGUMENT;
            return null;
        }
        int injected = faults.beforeTransaction(address7, read);
        if (injected != Status.OK) {
            lastBeginStatus = injected;
            return null;
        }
        I2cTarget target = targets[address7];
        if (target == null || !target.acknowledgeAddress(read)) {
            if (target != null) {
                target.stop();
            }
            lastBeginStatus = Status.NACK_ADDRESS;
            return null;
        }
        return target;
    }

    private int deliver(I2cTarget target, byte[] data, int offset, int length) {
        if (length == 0) {
            return Status.OK;
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        System.arraycopy(data, offset, scratch, 0, length);
        faults.corruptWrite(scratch, 0, length);
        return target.write(scratch, 0, length);
    }

    private static void checkRange(byte[] array, int offset, int length, int minLength) {
        if (length < minLength || offset < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " in array of " + array.length);
        }
    }
}
