package org.bmsgen.bench;

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

    public ReferencePack(long seed) {
        board = SimBoard.builder(seed)
                .pack(PackConfig.referenceBoard(seed).withSpread(0.02, 0.05, 0.01).withInitialSoc(0.5))
                .build();
        firmware = new FirmwareTick(board.stm32().i2c());
        board.stm32().install(mcu -> mcu.tickSource().start(SimBoard.CONTROL_PERIOD_MICROS, firmware));
        board.setLoad((now, source, ohms) -> (now / HALF_CYCLE_MICROS) % 2 == 0 ? -LOAD_AMPS : LOAD_AMPS);
        board.powerOn();
    }

    /** Runs the board for {@code micros} of simulated time. */
    public void advance(long micros) {
        board.advance(micros);
    }
}
