package org.bmsgen.bench;

import org.bmsgen.firmware.smart4s.esp32.Esp32Firmware;
import org.bmsgen.firmware.smart4s.stm32.Stm32Firmware;
import org.bmsgen.platform.GattServer;
import org.bmsgen.sim.board.Esp32Node;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.board.Stm32Node;
import org.bmsgen.sim.plant.PackConfig;

/**
 * The reference pack's generated firmware (models/smart4s.bms, pack Smart4S) on the simulated 4S3P board, wired as
 * generated-firmware's Smart4sOnTheBoardTest wires it: {@link PackConfig#smart4s} with a 2 % capacity, 5 %
 * resistance and 1 % SoC spread, the STM32 firmware on its 250 ms control tick, the ESP32 firmware on its 50 ms
 * tick.
 *
 * <p>The load is a square wave of {@link #LOAD_AMPS} discharge and charge, {@link #HALF_CYCLE_MICROS} each: the
 * pack neither empties nor fills however long a benchmark runs, the charge half stays under the model's 6 A charge
 * limit (its charge overcurrent trips above 8 A), and the state machine goes through Discharging, Standby and
 * Charging every 4 minutes (it leaves Discharging and Charging 60 s after the current reversed). Each half-cycle
 * moves the SoC by 2 % (5 A for 120 s of 8.7 Ah).
 */
public final class Smart4sFirmwareBoard {
    static final long HALF_CYCLE_MICROS = 120_000_000;
    static final double LOAD_AMPS = 5.0;
    /** Long enough for the AFE to boot and be configured, the first readings and the SoC filter's start. */
    static final long START_MICROS = 5_000_000;

    public final SimBoard board;
    /** The STM32 image, or null when not installed. */
    public Stm32Firmware stm32;
    /** The ESP32 image, or null when not installed. */
    public Esp32Firmware esp32;

    /**
     * Builds the board, installs the images asked for, powers it and runs it for {@link #START_MICROS}.
     *
     * @param seed the board's seed
     * @param withStm32 install the generated STM32 firmware
     * @param withEsp32 install the generated ESP32 firmware
     */
    public Smart4sFirmwareBoard(long seed, boolean withStm32, boolean withEsp32) {
        this(seed, withStm32, withEsp32, null);
    }

    /**
     * As {@link #Smart4sFirmwareBoard(long, boolean, boolean)}, the ESP32 on a given GATT server.
     *
     * @param gatt the ESP32's BLE stack, or null for the simulator's ({@code SimGattServer})
     */
    public Smart4sFirmwareBoard(long seed, boolean withStm32, boolean withEsp32, GattServer gatt) {
        board = SimBoard.builder(seed)
                .pack(PackConfig.smart4s(seed).withSpread(0.02, 0.05, 0.01).withInitialSoc(0.5))
                .build();
        if (withStm32) {
            Stm32Node node = board.stm32();
            node.install(mcu -> {
                stm32 = new Stm32Firmware(node.i2c(), node.spi(), node.can(), node.uart(), node.tickSource(),
                        node.watchdog(), node.clock(), node.resetControl());
                stm32.start();
            });
        }
        if (withEsp32) {
            Esp32Node radio = board.esp32();
            radio.install(mcu -> {
                esp32 = new Esp32Firmware(radio.uart(), radio.http(), gatt == null ? radio.gatt() : gatt, radio.random(), radio.clock(),
                        radio.tickSource(), radio.watchdog());
                esp32.start();
            });
        }
        board.setLoad((now, source, ohms) -> (now / HALF_CYCLE_MICROS) % 2 == 0 ? -LOAD_AMPS : LOAD_AMPS);
        board.powerOn();
        board.advance(START_MICROS);
    }

    /** Runs the board (and the firmware on it) for {@code micros} of simulated time. */
    public void advance(long micros) {
        board.advance(micros);
    }
}
