package org.bmsgen.platform;

/**
 * A CAN FD controller (with its transceiver, an MCP2562 on the reference board); bit rates and acceptance
 * filters are fixed by the board port.
 *
 * <p>Frames are caller-owned {@link CanFrame}s: {@link #transmit} copies out of one, {@link #receive}
 * copies into one, so no call allocates.
 */
public interface CanController {
    /** Error active: normal operation. */
    int STATE_ERROR_ACTIVE = 0;
    /** Error passive: a counter reached 128; the node still sends, with passive error flags. */
    int STATE_ERROR_PASSIVE = 1;
    /** Bus off: the transmit error counter passed 255; the node neither sends nor receives. */
    int STATE_BUS_OFF = 2;

    /**
     * Queues a frame for transmission; returns at once.
     *
     * @param frame the frame, copied before return
     * @return {@link Status#OK}, {@link Status#FULL} if no transmit mailbox is free,
     *         {@link Status#OFFLINE} when bus-off
     */
    int transmit(CanFrame frame);

    /**
     * Takes the oldest received frame, if any.
     *
     * @param into the caller's frame, overwritten on success and untouched otherwise
     * @return 1 if a frame was copied, 0 if none was waiting, or a negative status
     */
    int receive(CanFrame into);

    /** @return one of the STATE_ constants */
    int state();

    /** @return transmit error counter, 0..255 (ISO 11898-1 fault confinement) */
    int transmitErrorCount();

    /** @return receive error counter, 0..255 (ISO 11898-1 fault confinement) */
    int receiveErrorCount();

    /**
     * Starts the bus-off recovery (128 occurrences of 11 recessive bits); does nothing unless bus-off.
     */
    void requestRecovery();
}
