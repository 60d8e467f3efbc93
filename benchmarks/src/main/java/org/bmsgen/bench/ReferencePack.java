package org.bmsgen.bench;

import org.bmsgen.platform.CanFrame;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.plant.PackConfig;

/**
 * The system the speed target of issue 3 is about: the reference {@link SimBoard} (4S plant with 10 ms steps,
 * 2 % capacity and 5 % resistance spread, measured Panasonic OCV; BQ76920 with ADC noise and 10 ms shunt
 * sampling; I2C, SPI flash, CAN and UART idle) with a {@link FirmwareTick} on the STM32 every 250 ms. The load
 * alternates 10 A discharge and 10 A charge every 30 s, so the pack neither empties nor fills however long a
 * benchmark runs and the protection never trips.
 */
public final class ReferencePack {
    static final long HALF_CYCLE_MICROS = 30_000_000;
    static final double LOAD_AMPS = 10.0;

    public final SimBoard board;
    public final FirmwareTick firmware;

    /** Frames the tester node has received (telemetry variant only). */
    private long framesReceived;
    /** Bytes the ESP32 has read from its UART (telemetry variant only). */
    private long bytesReceived;

    /** The board with the AFE tick only. */
    public ReferencePack(long seed) {
        this(seed, false);
    }

    /**
     * @param seed the board's seed
     * @param telemetry also, every tick, a 16-byte CAN FD status frame to the tester node and a 32-byte
     *        telemetry line to the ESP32, which polls its UART every 10 ms (as the reference model's
     *        PackStatus message and Telemetry frame, at the control rate)
     */
    public ReferencePack(long seed, boolean telemetry) {
        board = SimBoard.builder(seed)
                .pack(PackConfig.referenceBoard(seed).withSpread(0.02, 0.05, 0.01).withInitialSoc(0.5))
                .build();
        firmware = new FirmwareTick(board.stm32().i2c());
        if (!telemetry) {
            board.stm32().install(mcu -> mcu.tickSource().start(SimBoard.CONTROL_PERIOD_MICROS, firmware));
        } else {
            CanFrame status = new CanFrame();
            status.set(0x100, false, true, true, 16);
            CanFrame received = new CanFrame();
            byte[] line = new byte[32];
            byte[] esp32Buffer = new byte[64];
            board.stm32().install(mcu -> mcu.tickSource().start(SimBoard.CONTROL_PERIOD_MICROS, (tick, now) -> {
                firmware.onTick(tick, now);
                status.data[0] = (byte) firmware.ccCode();
                board.stm32().can().transmit(status);
                line[0] = (byte) firmware.cellMillivolts(1);
                board.stm32().uart().write(line, 0, line.length);
                while (board.canTester().receive(received) == 1) {
                    framesReceived++;
                }
            }));
            board.esp32().install(mcu -> mcu.tickSource().start(10_000,
                    (tick, now) -> bytesReceived += board.esp32().uart().read(esp32Buffer, 0, esp32Buffer.length)));
        }
        board.setLoad((now, source, ohms) -> (now / HALF_CYCLE_MICROS) % 2 == 0 ? -LOAD_AMPS : LOAD_AMPS);
        board.powerOn();
    }

    public long framesReceived() {
        return framesReceived;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** Runs the board for {@code micros} of simulated time. */
    public void advance(long micros) {
        board.advance(micros);
    }
}
