package org.bmsgen.sim.i2c;

import org.bmsgen.platform.Status;

/**
 * Hook through which a test disturbs the I2C bus: refused transactions and flipped bits (which a CRC must
 * catch: the device NACKs corrupted writes, the driver must reject corrupted reads).
 */
public interface I2cFaultInjector {

    /** No faults. */
    I2cFaultInjector NONE = new I2cFaultInjector() {
        @Override
        public int beforeTransaction(int address7, boolean read) {
            return Status.OK;
        }

        @Override
        public void corruptWrite(byte[] data, int offset, int length) {
        }

        @Override
        public void corruptRead(byte[] data, int offset, int length) {
        }
    };

    /**
     * @return {@code Status.OK} to let the transaction through, or the failure the master sees
     *         (the device is not reached)
     */
    int beforeTransaction(int address7, boolean read);

    /** May change bytes on their way to the device (a bus-owned copy, never the caller's buffer). */
    void corruptWrite(byte[] data, int offset, int length);

    /** May change bytes on their way to the master. */
    void corruptRead(byte[] data, int offset, int length);
}
