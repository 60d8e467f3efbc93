package org.bmsgen.sim.time;

import org.bmsgen.platform.Status;
import org.bmsgen.platform.TickHandler;
import org.bmsgen.platform.TickSource;

/**
 * The periodic tick on simulated time. A handler runs in zero simulated time, so ticks never overrun here;
 * the firmware's execution time is a matter for the board benchmark, not the host simulation.
 */
public final class SimTickSource implements TickSource {
    private final Scheduler scheduler;
    private final SimTimer timer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            tick++;
            scheduler.schedule(this, nowMicros + periodMicros);
            handler.onTick(tick, nowMicros);
        }
    };
    private TickHandler handler;
    private long periodMicros;
    private long tick;

    public SimTickSource(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public int start(long periodMicros, TickHandler handler) {
        if (this.handler != null) {
            return Status.BUSY;
        }
        if (periodMicros < 1 || handler == null) {
            return Status.INVALID_ARGUMENT;
        }
        this.periodMicros = periodMicros;
        this.handler = handler;
        this.tick = 0;
        scheduler.scheduleIn(timer, periodMicros);
        return Status.OK;
    }

    @Override
    public void stop() {
        scheduler.cancel(timer);
        handler = null;
    }

    @Override
    public long overruns() {
        return 0;
    }
}
