package org.bmsgen.platform;

/**
 * A UART with receive and transmit FIFOs; baud rate and framing are fixed by the board port.
 *
 * <p>Both calls return at once: the control loop polls. Bytes received while the receive FIFO is full are
 * lost and reported by {@link #takeErrors()} as {@link #ERROR_OVERRUN}.
 */
public interface Uart {
    /** A received byte was lost because the receive FIFO was full. */
    int ERROR_OVERRUN = 1;
    /** A byte arrived with a bad stop bit. */
    int ERROR_FRAMING = 1 << 1;
    /** A byte arrived with a bad parity bit (only with parity enabled). */
    int ERROR_PARITY = 1 << 2;
    /** Noise was detected while sampling a bit. */
    int ERROR_NOISE = 1 << 3;

    /**
     * Moves already received bytes into the caller's buffer without waiting.
     *
     * @param buffer destination, owned by the caller
     * @param offset index where the first byte is stored
     * @param maxLength most bytes to move, 0..(buffer.length - offset)
     * @return number of bytes moved (0 if none are waiting), or a negative status
     */
    int read(byte[] buffer, int offset, int maxLength);

    /**
     * Queues bytes for transmission without waiting; queues as many as the transmit FIFO accepts.
     *
     * @param data source, owned by the caller (copied before return)
     * @param offset index of the first byte
     * @param length number of bytes offered, 0..(data.length - offset)
     * @return number of bytes queued (possibly fewer than offered, 0 if the FIFO is full), or a negative status
     */
    int write(byte[] data, int offset, int length);

    /**
     * Returns the error flags collected since the last call and clears them.
     *
     * @return a bit set of the ERROR_ constants, 0 if none
     */
    int takeErrors();
}
