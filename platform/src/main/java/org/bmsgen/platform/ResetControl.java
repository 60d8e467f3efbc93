package org.bmsgen.platform;

/**
 * The reset cause of this start and a software reset.
 */
public interface ResetControl {

    /** @return why the MCU started this time; the same value for the whole run */
    ResetCause cause();

    /**
     * Resets the MCU; on the board this does not return. In simulation it ends the firmware's run and
     * the next start reports {@link ResetCause#SOFTWARE}.
     */
    void resetNow();
}
