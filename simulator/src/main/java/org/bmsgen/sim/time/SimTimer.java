package org.bmsgen.sim.time;

/**
 * Something that happens at a simulated instant. Timers are allocated once by their owner and
 * rescheduled as often as needed, so running the simulation allocates nothing.
 */
public abstract class SimTimer {
    long dueMicros;
    long sequence;
    int heapIndex = -1;

    /**
     * Called by the {@link Scheduler} when simulated time reaches the due instant. The scheduler's clock
     * already reads {@code nowMicros}; the timer may reschedule itself or others.
     *
     * @param nowMicros the due instant
     */
    protected abstract void fire(long nowMicros);

    public final boolean isScheduled() {
        return heapIndex >= 0;
    }

    /** @return the instant this timer is due, meaningful only while {@link #isScheduled()} */
    public final long dueMicros() {
        return dueMicros;
    }
}
