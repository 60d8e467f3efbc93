package org.bmsgen.platform;

/**
 * An independent watchdog: once started it cannot be stopped, and it resets the MCU (reset cause
 * {@link ResetCause#WATCHDOG}) when not kicked within its timeout.
 */
public interface Watchdog {

    /**
     * Starts the watchdog; a second call is refused.
     *
     * @param timeoutMillis timeout in milliseconds, 1..the longest the hardware supports
     *        (32 768 ms on the STM32G4 IWDG at its slowest prescaler)
     * @return {@link Status#OK}, {@link Status#BUSY} if already started,
     *         {@link Status#INVALID_ARGUMENT} if the timeout is out of range
     */
    int start(int timeoutMillis);

    /** Restarts the timeout; does nothing if the watchdog is not started. */
    void kick();
}
