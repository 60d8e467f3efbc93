package org.bmsgen.platform;

/**
 * A periodic tick driving the control loop (a hardware timer on the board, the scheduler in simulation).
 *
 * <p>Ticks are never queued: if a handler overruns its period, the missed ticks are counted by
 * {@link #overruns()} and the next tick number still counts every period.
 */
public interface TickSource {

    /**
     * Starts ticking; the first tick comes one period after the call.
     *
     * @param periodMicros period in microseconds, at least 1
     * @param handler called once per period
     * @return {@link Status#OK}, {@link Status#BUSY} if already started,
     *         {@link Status#INVALID_ARGUMENT} if the period cannot be made by the timer
     */
    int start(long periodMicros, TickHandler handler);

    /** Stops ticking; does nothing if not started. */
    void stop();

    /** @return periods whose tick was dropped because the previous handler was still running */
    long overruns();
}
