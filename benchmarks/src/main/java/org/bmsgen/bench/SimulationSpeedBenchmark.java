package org.bmsgen.bench;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;

import java.util.concurrent.TimeUnit;

import org.bmsgen.platform.Status;
import org.bmsgen.sim.afe.AfeInputs;
import org.bmsgen.sim.afe.Bq769x0;
import org.bmsgen.sim.afe.Bq769x0Config;
import org.bmsgen.sim.afe.Crc8;
import org.bmsgen.sim.i2c.SimI2cBus;
import org.bmsgen.sim.time.Scheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the host simulation runs, as a real-time factor.
 *
 * <p>Every benchmark operation advances simulated time by exactly one second ({@link #SIMULATED_MICROS_PER_OP}),
 * and the mode is throughput in operations per wall-clock second, so <b>the score is simulated seconds per
 * wall second, i.e. the real-time factor</b>: a score of 25 000 ops/s means 25 000x real time. The target of
 * issue 3 is at least 10 000 for {@link #pack4sWithControlTick}. Run with {@code -prof gc}: its
 * {@code gc.alloc.rate.norm} column is bytes allocated per simulated second, which should be about 0 (the
 * simulation step is allocation-free by design).
 *
 * <p>State is per trial and keeps running across iterations, so a long run simulates hours of pack
 * operation; the reference pack's square-wave load keeps it in range (see {@link ReferencePack}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SimulationSpeedBenchmark {
    /** One benchmark operation in simulated microseconds: one simulated second. */
    public static final long SIMULATED_MICROS_PER_OP = 1_000_000;

    /** The reference 4S board with the firmware's tick. */
    @State(Scope.Thread)
    public static class Pack {
        ReferencePack board;

        @Setup(Level.Trial)
        public void build() {
            board = new ReferencePack(42);
        }
    }

    /** The reference board with the firmware's tick, CAN and UART telemetry. */
    @State(Scope.Thread)
    public static class PackWithTelemetry {
        ReferencePack board;

        @Setup(Level.Trial)
        public void build() {
            board = new ReferencePack(42, true);
        }
    }

    /** A BQ76920 alone, converting (ADC, TS, coulomb counter, shunt comparators) with fixed inputs. */
    @State(Scope.Thread)
    public static class BareAfe {
        final Scheduler scheduler = new Scheduler();
        final AfeInputs inputs = new AfeInputs(4).shuntVolts(-0.005);
        Bq769x0 chip;

        @Setup(Level.Trial)
        public void build() {
            chip = new Bq769x0(Bq769x0Config.referenceBoard(42), scheduler, inputs);
            SimI2cBus bus = new SimI2cBus();
            bus.attach(chip);
            chip.powerOn();
            scheduler.advance(Bq769x0.BOOT_READY_MICROS);
            write(bus, PROTECT1, RSNS | 0x1F);
            write(bus, PROTECT2, 0x7F);
            write(bus, SYS_CTRL1, ADC_EN | TEMP_SEL);
            write(bus, SYS_CTRL2, CC_EN | DSG_ON | CHG_ON);
        }

        private static void write(SimI2cBus bus, int register, int value) {
            byte[] frame = {(byte) register, (byte) value,
                (byte) Crc8.update(Crc8.update(Crc8.update(0, I2C_ADDRESS << 1), register), value)};
            if (bus.write(I2C_ADDRESS, frame, 0, 3) != Status.OK) {
                throw new IllegalStateException("write of register " + register + " refused");
            }
        }
    }

    /**
     * Plant + BQ76920 + I2C bus + the firmware's 250 ms tick (4 ticks, 100 plant steps, 4 cell conversions
     * and 100 shunt samples per operation). Score = real-time factor.
     */
    @Benchmark
    public int pack4sWithControlTick(Pack pack) {
        pack.board.advance(SIMULATED_MICROS_PER_OP);
        return pack.board.firmware.ccCode();
    }

    /**
     * As {@link #pack4sWithControlTick}, plus per tick a CAN FD frame to the tester node and 32 UART bytes to the
     * ESP32, which polls every 10 ms (4 frames, 128 bytes and 100 ESP32 ticks more per operation).
     */
    @Benchmark
    public long pack4sWithTelemetry(PackWithTelemetry pack) {
        pack.board.advance(SIMULATED_MICROS_PER_OP);
        return pack.board.bytesReceived();
    }

    /**
     * The bare AFE step: 4 conversion cycles of 250 ms and 100 shunt samples of 10 ms per operation, no plant,
     * no bus traffic. Score = real-time factor of the chip model alone.
     */
    @Benchmark
    public int bareAfeStep(BareAfe afe) {
        afe.scheduler.advance(SIMULATED_MICROS_PER_OP);
        return afe.chip.peekRegister(CC_HI);
    }
}
