package org.bmsgen.platform;

/**
 * An I2C bus master moving raw bytes.
 *
 * <p>The bus knows nothing about a device's framing: for the BQ76920 the CRC bytes (DS 8.3.1.4) are data
 * bytes to the bus, computed and checked by the driver. Addresses are 7-bit ({@code 0x00..0x7F}); the bus
 * adds the R/W bit. Every call is one complete transaction from START to STOP and blocks until it ends.
 *
 * <p>Errors are status codes (see {@link Status}): {@link Status#NACK_ADDRESS} when no device answers,
 * {@link Status#NACK_DATA} when the device refuses a written byte (bytes before it were delivered, bytes
 * after it were not sent), {@link Status#BUS_ERROR} or {@link Status#TIMEOUT} for a bus fault. On any
 * failure of a read, the contents of the caller's buffer range are unspecified.
 */
public interface I2cMaster {

    /**
     * Writes {@code length} bytes: START, address+W, the bytes, STOP.
     *
     * @param address7 7-bit device address
     * @param data source buffer, owned by the caller
     * @param offset index of the first byte to send
     * @param length number of bytes, 0..(data.length - offset); 0 only probes the address
     * @return {@link Status#OK} or a negative status
     */
    int write(int address7, byte[] data, int offset, int length);

    /**
     * Reads {@code length} bytes: START, address+R, the bytes (ACK each but the last), STOP.
     *
     * @param address7 7-bit device address
     * @param buffer destination, owned by the caller
     * @param offset index where the first byte is stored
     * @param length number of bytes, 1..(buffer.length - offset)
     * @return {@link Status#OK} or a negative status
     */
    int read(int address7, byte[] buffer, int offset, int length);

    /**
     * Writes then reads with a repeated START between them and one STOP at the end (the usual register
     * read: write the register address, read the data).
     *
     * @param address7 7-bit device address
     * @param tx bytes to write first
     * @param txOffset index of the first byte to write
     * @param txLength number of bytes to write, 1..(tx.length - txOffset)
     * @param rx destination of the read
     * @param rxOffset index where the first read byte is stored
     * @param rxLength number of bytes to read, 1..(rx.length - rxOffset)
     * @return {@link Status#OK} or a negative status (of the first phase that failed)
     */
    int writeRead(int address7, byte[] tx, int txOffset, int txLength, byte[] rx, int rxOffset, int rxLength);
}
