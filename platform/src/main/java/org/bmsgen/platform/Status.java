package org.bmsgen.platform;

/**
 * Status codes returned by the hardware interfaces instead of exceptions.
 *
 * <p>{@link #OK} is 0; every failure is negative, so {@code status < 0} tests for any failure and methods
 * that transfer data can return a non-negative byte count on success.
 */
public final class Status {
    /** The operation completed. */
    public static final int OK = 0;
    /** I2C: no device acknowledged its address (absent, asleep, in SHIP mode or still booting). */
    public static final int NACK_ADDRESS = -1;
    /** I2C: the device acknowledged its address but refused a data byte (for the BQ76920: a bad CRC). */
    public static final int NACK_DATA = -2;
    /** The bus is stuck or arbitration was lost; the transfer did not complete. */
    public static final int BUS_ERROR = -3;
    /** The peripheral did not finish within its timeout. */
    public static final int TIMEOUT = -4;
    /** The peripheral is busy with an earlier request; try again later. */
    public static final int BUSY = -5;
    /** A transmit queue or buffer is full; nothing was queued. */
    public static final int FULL = -6;
    /** A parameter is outside the range the method documents (not a bus failure). */
    public static final int INVALID_ARGUMENT = -7;
    /** The peripheral is switched off (CAN bus-off, UART not started). */
    public static final int OFFLINE = -8;

    private Status() {
    }

    /**
     * A short name for logs and test messages; returns a constant, never allocates.
     *
     * @param status a code returned by one of the interfaces
     * @return the constant's name, "COUNT" for a non-negative byte count, "UNKNOWN" otherwise
     */
    public static String name(int status) {
        switch (status) {
            case OK: return "OK";
            case NACK_ADDRESS: return "NACK_ADDRESS";
            case NACK_DATA: return "NACK_DATA";
            case BUS_ERROR: return "BUS_ERROR";
            case TIMEOUT: return "TIMEOUT";
            case BUSY: return "BUSY";
            case FULL: return "FULL";
            case INVALID_ARGUMENT: return "INVALID_ARGUMENT";
            case OFFLINE: return "OFFLINE";
            default: return status > 0 ? "COUNT" : "UNKNOWN";
        }
    }
}
