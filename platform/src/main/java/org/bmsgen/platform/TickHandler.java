package org.bmsgen.platform;

/**
 * What a {@link TickSource} calls each period (on the board: from the timer interrupt).
 */
public interface TickHandler {

    /**
     * Called once per period; must return well within the period and must not allocate.
     *
     * @param tick number of this tick since {@link TickSource#start}, starting at 1
     * @param nowMicros {@link MonotonicClock#nowMicros()} at the tick
     */
    void onTick(long tick, long nowMicros);
}
