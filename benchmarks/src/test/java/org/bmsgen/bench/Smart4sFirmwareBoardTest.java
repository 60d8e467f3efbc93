package org.bmsgen.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;

import org.bmsgen.firmware.smart4s.esp32.Esp32Firmware;
import org.bmsgen.firmware.smart4s.esp32.TelemetryState;
import org.bmsgen.firmware.smart4s.stm32.ControlStateMachine;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.firmware.smart4s.stm32.SocEstimator;
import org.bmsgen.firmware.smart4s.stm32.Stm32Firmware;
import org.junit.jupiter.api.Test;

/**
 * The firmware benchmarks measure what they claim only if the benchmarked firmware does its work: on the running
 * board both images run at their periods, the state machine follows the square-wave load without a fault and the
 * ESP32 receives the STM32's telemetry; on the held board the STM32 tick still reads valid measurements and runs the
 * SoC filter. And the firmware profile's promise that the benchmarks' {@code -prof gc} column checks: after warm-up
 * a tick allocates nothing.
 */
class Smart4sFirmwareBoardTest {

    @Test
    void bothImagesRunThroughDischargeAndChargeWithoutAFault() {
        Smart4sFirmwareBoard pack = new Smart4sFirmwareBoard(7, true, true);
        assertEquals(Smart4sFirmwareBoard.START_MICROS / 250_000, pack.stm32.ticksRun(), "ticks in the start-up");
        boolean discharging = false;
        boolean charging = false;
        // discharge 0..120 s, charge 120..240 s, discharge 240..305 s
        for (int second = 0; second < 300; second++) {
            pack.advance(1_000_000);
            PackState state = pack.stm32.state();
            assertEquals(0, state.faultWord, "fault word at " + second + " s");
            assertTrue(state.measurementsValid);
            int machine = pack.stm32.controlMachine().state();
            discharging |= machine == ControlStateMachine.STATE_DISCHARGING;
            charging |= machine == ControlStateMachine.STATE_CHARGING;
        }
        assertTrue(discharging && charging, "the 5 A square wave takes the machine through Discharging and Charging");
        assertEquals(305 * 4, pack.stm32.ticksRun(), "4 control ticks a simulated second");
        // the plant's current, as the firmware measured it in the discharge half-cycle: -5 A within 1 %
        PackState state = pack.stm32.state();
        assertEquals(-5_000, state.packMa, 50, "discharge current measured");
        TelemetryState telemetry = pack.esp32.telemetry();
        assertTrue(telemetry.isValid(TelemetryState.FRAME_TELEMETRY, pack.board.nowMicros()), "ESP32 telemetry fresh");
        assertTrue(pack.esp32.link().framesAccepted() >= 300, "a telemetry frame a second at least");
        assertEquals(0, pack.esp32.link().framesRejected());
    }

    @Test
    void heldBoardTickStillMeasuresAndFilters() {
        Smart4sFirmwareBoard pack = new Smart4sFirmwareBoard(7, true, false);
        Stm32Firmware stm32 = pack.stm32;
        long now = pack.board.nowMicros();
        for (int tick = 1; tick <= 100; tick++) {
            stm32.onTick(stm32.ticksRun() + 1, now + tick * 250_000L);
        }
        PackState state = stm32.state();
        assertTrue(state.measurementsValid, "the held AFE's registers stay a valid reading");
        assertEquals(0, state.faultWord);
        // discharging 5 A: the same current every held tick
        assertEquals(-5_000, state.packMa, 50);
        assertEquals(pack.board.plant().cellVolts(1) * 1000, state.cellMv[0], 3.0);
        assertEquals(ControlStateMachine.STATE_DISCHARGING, stm32.controlMachine().state());
    }

    @Test
    void ticksAllocateNothingAfterWarmUp() {
        // the simulator's GATT server copies every value it is given (SimGattServer.setValue): a fixed one here
        Smart4sFirmwareBoard pack = new Smart4sFirmwareBoard(7, true, true, new FixedGattServer());
        Stm32Firmware stm32 = pack.stm32;
        Esp32Firmware esp32 = pack.esp32;
        SocEstimator filter = new SocEstimator();
        PackState reading = stm32.state();
        filter.start(reading);
        long now = pack.board.nowMicros();
        Runnable ticks = () -> {
            for (int i = 1; i <= 2_000; i++) {
                stm32.onTick(stm32.ticksRun() + 1, now + i * 250_000L);
                esp32.onTick(i, now + i * 50_000L);
                filter.step(reading);
            }
        };
        ticks.run();
        long before = allocatedBytes();
        long overhead = allocatedBytes() - before;
        // the JIT may, once, allocate a few bytes on the thread that runs the code it recompiles (136 B seen at one
        // tick of several thousand, never under -Xint): a round of 2000 ticks is allowed that, no round more, and
        // most rounds nothing; an allocation in a tick would show in every round
        int roundsWithoutAllocation = 0;
        for (int round = 0; round < 5; round++) {
            before = allocatedBytes();
            ticks.run();
            long allocated = allocatedBytes() - before - overhead;
            assertTrue(allocated <= 256, "bytes allocated by 2000 STM32 ticks, ESP32 ticks and SoC steps: " + allocated);
            if (allocated == 0) {
                roundsWithoutAllocation++;
            }
        }
        assertTrue(roundsWithoutAllocation >= 3, roundsWithoutAllocation + " of 5 rounds without allocation");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
