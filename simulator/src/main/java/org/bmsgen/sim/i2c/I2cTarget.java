package org.bmsgen.sim.i2c;

/**
 * A simulated device on a {@link SimI2cBus}, seen byte by byte as the bus delivers them.
 */
public interface I2cTarget {

    /** @return the 7-bit address the device answers to */
    int address();

    /**
     * The bus sent this device's address after a START or repeated START.
     *
     * @param read true for address+R
     * @return true to ACK; false to NACK (the transaction ends with {@code NACK_ADDRESS})
     */
    boolean acknowledgeAddress(boolean read);

    /**
     * Bytes written by the master after the address.
     *
     * @return {@code Status.OK} if every byte was ACKed, {@code Status.NACK_DATA} if the device NACKed one
     *         (the master stops sending there)
     */
    int write(byte[] data, int offset, int length);

    /** Bytes the master clocks out of the device. */
    void read(byte[] buffer, int offset, int length);

    /** The master sent STOP: the transaction is over. */
    void stop();
}
