package org.bmsgen.platform;

/**
 * Why the MCU last started, as read from its reset flags at boot.
 */
public enum ResetCause {
    /** Supply came up from off. */
    POWER_ON,
    /** Supply dipped below the brown-out threshold. */
    BROWN_OUT,
    /** The {@link Watchdog} expired. */
    WATCHDOG,
    /** The firmware asked for a reset ({@link ResetControl#resetNow}). */
    SOFTWARE,
    /** The external reset pin was pulled low. */
    PIN,
    /** The flags named no cause, or more than one the port cannot order. */
    UNKNOWN
}
