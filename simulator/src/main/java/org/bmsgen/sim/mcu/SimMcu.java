package org.bmsgen.sim.mcu;

import org.bmsgen.platform.MonotonicClock;
import org.bmsgen.platform.ResetCause;
import org.bmsgen.platform.ResetControl;
import org.bmsgen.platform.Status;
import org.bmsgen.platform.TickSource;
import org.bmsgen.platform.Watchdog;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.time.SimTickSource;
import org.bmsgen.sim.time.SimTimer;

/**
 * The MCU's reset domain on the host: the firmware entry point, its tick source, an independent watchdog
 * and the reset cause. Every reset (power-on, brown-out, pin, watchdog, software) stops the tick and the
 * watchdog and starts the firmware again, as the board would.
 *
 * <p>On the board {@link ResetControl#resetNow()} does not return; here it cannot stop the caller, so the
 * restart happens when the current handler has returned, at the same simulated instant. Generated firmware
 * returns right after calling it.
 */
public final class SimMcu {
    /** The STM32G4 IWDG's longest timeout (prescaler 256, reload 4095, 32 kHz LSI). */
    public static final int WATCHDOG_MAX_MILLIS = 32_768;

    /** The firmware's entry point, called at every start. */
    public interface Firmware {
        void start(SimMcu mcu);
    }

    private final Scheduler scheduler;
    private final Firmware firmware;
    private SimTickSource tickSource;
    private ResetCause cause = ResetCause.UNKNOWN;
    private ResetCause pendingCause;
    private long starts;
    private int watchdogTimeoutMillis;

    private final SimTimer watchdogExpiry = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            restart(ResetCause.WATCHDOG);
        }
    };
    private final SimTimer deferredReset = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            restart(pendingCause);
        }
    };
    private final Watchdog watchdog = new Watchdog() {
        @Override
        public int start(int timeoutMillis) {
            if (watchdogTimeoutMillis != 0) {
                return Status.BUSY;
            }
            if (timeoutMillis < 1 || timeoutMillis > WATCHDOG_MAX_MILLIS) {
                return Status.INVALID_ARGUMENT;
            }
            watchdogTimeoutMillis = timeoutMillis;
            kick();
            return Status.OK;
        }

        @Override
        public void kick() {
            if (watchdogTimeoutMillis != 0) {
                scheduler.schedule(watchdogExpiry, scheduler.nowMicros() + watchdogTimeoutMillis * 1000L);
            }
        }
    };
    private final ResetControl resetControl = new ResetControl() {
        @Override
        public ResetCause cause() {
            return cause;
        }

        @Override
        public void resetNow() {
            pendingCause = ResetCause.SOFTWARE;
            scheduler.schedule(deferredReset, scheduler.nowMicros());
        }
    };

    public SimMcu(Scheduler scheduler, Firmware firmware) {
        this.scheduler = scheduler;
        this.firmware = firmware;
    }

    public void powerOn() {
        restart(ResetCause.POWER_ON);
    }

    /** Supply dipped below the brown-out threshold and came back. */
    public void brownOut() {
        restart(ResetCause.BROWN_OUT);
    }

    /** The reset pin was pulled low. */
    public void pinReset() {
        restart(ResetCause.PIN);
    }

    private void restart(ResetCause why) {
        if (tickSource != null) {
            tickSource.stop();
        }
        scheduler.cancel(watchdogExpiry);
        scheduler.cancel(deferredReset);
        watchdogTimeoutMillis = 0;
        tickSource = new SimTickSource(scheduler); // a reset happens rarely; a fresh timer per run is fine
        cause = why;
        starts++;
        firmware.start(this);
    }

    public MonotonicClock clock() {
        return scheduler;
    }

    public TickSource tickSource() {
        return tickSource;
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    public ResetControl resetControl() {
        return resetControl;
    }

    /** @return how many times the firmware has been started */
    public long starts() {
        return starts;
    }
}
