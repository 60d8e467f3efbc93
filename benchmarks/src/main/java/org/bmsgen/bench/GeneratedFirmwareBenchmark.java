package org.bmsgen.bench;

import java.util.concurrent.TimeUnit;

import org.bmsgen.firmware.smart4s.esp32.Esp32Firmware;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.firmware.smart4s.stm32.SocEstimator;
import org.bmsgen.firmware.smart4s.stm32.Stm32Firmware;
import org.bmsgen.sim.board.SimBoard;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the reference pack's generated firmware (org.bmsgen.firmware.smart4s, committed under generated-firmware/)
 * costs on the host: one control tick, one SoC filter step, one ESP32 tick, and how fast the whole board runs with
 * both images (issue 4: "tick cost and allocation (JMH)").
 *
 * <p>The tick benchmarks hold the plant: the board runs {@link Smart4sFirmwareBoard#START_MICROS} in the set-up (the
 * AFE configured, the SoC filter started, both FETs on, 5 A discharge) and is then never advanced, so the
 * measured method is the firmware's code alone, reading the same AFE registers every tick. The arguments of
 * {@code onTick} advance by the image's period, as the tick source would pass them. Since simulated time stands
 * still, nothing the STM32 sends leaves its CAN mailboxes or UART FIFO: after a few ticks the transmits find them
 * full and return at once, so the held tick is slightly cheaper in its output stage than a tick on a running
 * board; {@link #boardAndStm32PerControlPeriod} is the running board's number. The ESP32 tick likewise sees an idle
 * link (no frame to decode) and no HTTP request; its BLE update runs every 20th tick (1 s at 50 ms), into a
 * {@link FixedGattServer}.
 *
 * <p>Run with {@code -prof gc}: after warm-up {@code gc.alloc.rate.norm} of the tick and step benchmarks is what
 * the firmware allocates per tick, which the firmware profile says is nothing.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GeneratedFirmwareBenchmark {
    /** The STM32 control period of the reference model (control period 250 ms). */
    static final long CONTROL_PERIOD_MICROS = Stm32Firmware.CONTROL_PERIOD_MS * 1000L;
    /** One whole-board operation in simulated microseconds: one second, so throughput is the real-time factor. */
    public static final long SIMULATED_MICROS_PER_OP = 1_000_000;

    /** The board with the STM32 image, started and then held (see the class comment). */
    @State(Scope.Thread)
    public static class HeldStm32 {
        Stm32Firmware stm32;
        long tick;
        long nowMicros;

        @Setup(Level.Trial)
        public void build() {
            Smart4sFirmwareBoard pack = new Smart4sFirmwareBoard(42, true, false);
            stm32 = pack.stm32;
            tick = stm32.ticksRun();
            nowMicros = pack.board.nowMicros();
        }
    }

    /** A SoC filter of the reference pack started on the held board's reading (5 A discharge, SoC about 50 %). */
    @State(Scope.Thread)
    public static class HeldSocFilter {
        SocEstimator filter;
        PackState reading;

        @Setup(Level.Trial)
        public void build() {
            Smart4sFirmwareBoard pack = new Smart4sFirmwareBoard(42, true, false);
            reading = pack.stm32.state();
            filter = new SocEstimator();
            filter.start(reading);
        }
    }

    /**
     * The board with both images, started and then held; the ESP32's BLE stack is a {@link FixedGattServer}, so that
     * the simulator's GATT server, which copies every value into a new array, does not count as the firmware's
     * allocation.
     */
    @State(Scope.Thread)
    public static class HeldEsp32 {
        Esp32Firmware esp32;
        long tick;
        long nowMicros;

        @Setup(Level.Trial)
        public void build() {
            Smart4sFirmwareBoard pack = new Smart4sFirmwareBoard(42, true, true, new FixedGattServer());
            esp32 = pack.esp32;
            nowMicros = pack.board.nowMicros();
            tick = nowMicros / Esp32Firmware.TICK_PERIOD_MICROS;
        }
    }

    /** The running board with the STM32 image alone. */
    @State(Scope.Thread)
    public static class RunningStm32 {
        Smart4sFirmwareBoard pack;

        @Setup(Level.Trial)
        public void build() {
            pack = new Smart4sFirmwareBoard(42, true, false);
        }
    }

    /** The running board with both images; it keeps running across iterations (hours of simulated time). */
    @State(Scope.Thread)
    public static class RunningBoard {
        Smart4sFirmwareBoard pack;

        @Setup(Level.Trial)
        public void build() {
            pack = new Smart4sFirmwareBoard(42, true, true);
        }
    }

    /** As {@link RunningBoard}, the ESP32's BLE stack a {@link FixedGattServer}: what the simulator's GATT costs. */
    @State(Scope.Thread)
    public static class RunningBoardFixedGatt {
        Smart4sFirmwareBoard pack;

        @Setup(Level.Trial)
        public void build() {
            pack = new Smart4sFirmwareBoard(42, true, true, new FixedGattServer());
        }
    }

    /** One STM32 control tick, plant held: AFE read with CRC, protections, SoC, SoH, limits, state machine, outputs. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int stm32ControlTick(HeldStm32 held) {
        held.nowMicros += CONTROL_PERIOD_MICROS;
        held.stm32.onTick(++held.tick, held.nowMicros);
        return held.stm32.state().socBp;
    }

    /** One step of the SoC filter (iterated EKF, 5 states: SoC, 2 RC voltages, resistance scale, voltage bias) per series cell: the score is time per cell. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PackState.CELL_COUNT)
    public int socEstimatorStepPerCell(HeldSocFilter held) {
        held.filter.step(held.reading);
        return held.reading.socBp;
    }

    /** One ESP32 tick, plant held (idle link, no HTTP request; BLE every 20th tick). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long esp32Tick(HeldEsp32 held) {
        held.nowMicros += Esp32Firmware.TICK_PERIOD_MICROS;
        held.esp32.onTick(++held.tick, held.nowMicros);
        return held.esp32.link().framesAccepted();
    }

    /**
     * Board + STM32 firmware per simulated control period: the plant (25 steps of 10 ms), the BQ76920 (one
     * conversion cycle, 25 shunt samples), the buses, and one tick of the generated STM32 firmware with what it sends.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int boardAndStm32PerControlPeriod(RunningStm32 running) {
        running.pack.advance(CONTROL_PERIOD_MICROS);
        return running.pack.stm32.state().socBp;
    }

    /**
     * One simulated second of the whole board with both generated images (4 STM32 ticks, 20 ESP32 ticks, the
     * telemetry over CAN and UART). Throughput in operations per second is the real-time factor.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long wholeBoardBothFirmwares(RunningBoard running) {
        running.pack.advance(SIMULATED_MICROS_PER_OP);
        return running.pack.esp32.link().framesAccepted();
    }

    /**
     * As {@link #wholeBoardBothFirmwares}, the ESP32 on a {@link FixedGattServer}: the difference in
     * {@code gc.alloc.rate.norm} is the simulator's SimGattServer, which copies every value it is given.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long wholeBoardBothFirmwaresFixedGatt(RunningBoardFixedGatt running) {
        running.pack.advance(SIMULATED_MICROS_PER_OP);
        return running.pack.esp32.link().framesAccepted();
    }

    static {
        // the benchmarks assume the board's control period is the model's (both 250 ms for the reference pack)
        if (SimBoard.CONTROL_PERIOD_MICROS != CONTROL_PERIOD_MICROS) {
            throw new IllegalStateException("control period of the board and of the model differ");
        }
    }
}
