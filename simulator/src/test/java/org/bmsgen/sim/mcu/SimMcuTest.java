package org.bmsgen.sim.mcu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.platform.ResetCause;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.time.Scheduler;
import org.junit.jupiter.api.Test;

class SimMcuTest {
    private final Scheduler scheduler = new Scheduler();
    private final List<String> log = new ArrayList<>();

    /** A tiny firmware: 250 ms tick, watchdog 500 ms, kicks only while {@code healthy}. */
    private final class LoopFirmware implements SimMcu.Firmware {
        boolean healthy = true;
        boolean resetAtTick4;

        @Override
        public void start(SimMcu mcu) {
            log.add(mcu.resetControl().cause() + "@" + scheduler.nowMicros());
            assertEquals(Status.OK, mcu.watchdog().start(500));
            assertEquals(Status.BUSY, mcu.watchdog().start(500));
            mcu.tickSource().start(250_000, (tick, now) -> {
                if (healthy) {
                    mcu.watchdog().kick();
                }
                if (resetAtTick4 && tick == 4) {
                    resetAtTick4 = false;
                    mcu.resetControl().resetNow();
                }
            });
        }
    }

    @Test
    void kickedWatchdogNeverResets() {
        SimMcu mcu = new SimMcu(scheduler, new LoopFirmware());
        mcu.powerOn();
        scheduler.advance(60_000_000);
        assertEquals(List.of("POWER_ON@0"), log);
    }

    @Test
    void starvedWatchdogResetsAfterItsTimeout() {
        LoopFirmware firmware = new LoopFirmware();
        SimMcu mcu = new SimMcu(scheduler, firmware);
        mcu.powerOn();
        scheduler.advance(1_000_000);
        firmware.healthy = false; // last kick at 1.0 s
        scheduler.advance(600_000);
        assertEquals(List.of("POWER_ON@0", "WATCHDOG@1500000"), log);
        assertEquals(ResetCause.WATCHDOG, mcu.resetControl().cause());
    }

    @Test
    void softwareResetRestartsAfterTheHandlerReturns() {
        LoopFirmware firmware = new LoopFirmware();
        firmware.resetAtTick4 = true;
        SimMcu mcu = new SimMcu(scheduler, firmware);
        mcu.powerOn();
        scheduler.advance(2_000_000);
        assertEquals(List.of("POWER_ON@0", "SOFTWARE@1000000"), log);
        assertEquals(2, mcu.starts());
    }

    @Test
    void brownOutAndPinResetReportTheirCause() {
        SimMcu mcu = new SimMcu(scheduler, new LoopFirmware());
        mcu.powerOn();
        scheduler.advance(100);
        mcu.brownOut();
        scheduler.advance(100);
        mcu.pinReset();
        assertEquals(List.of("POWER_ON@0", "BROWN_OUT@100", "PIN@200"), log);
    }

    @Test
    void watchdogRefusesTimeoutsTheHardwareCannotMake() {
        SimMcu mcu = new SimMcu(scheduler, m -> { });
        mcu.powerOn();
        assertEquals(Status.INVALID_ARGUMENT, mcu.watchdog().start(0));
        assertEquals(Status.INVALID_ARGUMENT, mcu.watchdog().start(SimMcu.WATCHDOG_MAX_MILLIS + 1));
        assertEquals(Status.OK, mcu.watchdog().start(SimMcu.WATCHDOG_MAX_MILLIS));
    }

    @Test
    void gpioOutputsFollowTheFirmwareAndInputsTheWorld() {
        SimGpioPin led = new SimGpioPin(true, false);
        SimGpioPin button = new SimGpioPin(false, true);
        led.set(true);
        button.set(false);
        assertTrue(led.isHigh());
        assertTrue(button.isHigh(), "set is ignored on an input");
        button.drive(false);
        led.drive(false);
        assertFalse(button.isHigh());
        assertTrue(led.isHigh(), "drive is ignored on an output");
        assertEquals(1, led.changes());
    }
}
