package org.bmsgen.sim.board;

import org.bmsgen.platform.CanController;
import org.bmsgen.platform.GpioPin;
import org.bmsgen.platform.I2cMaster;
import org.bmsgen.platform.SpiMaster;
import org.bmsgen.sim.can.SimCanController;
import org.bmsgen.sim.i2c.SimI2cBus;
import org.bmsgen.sim.spi.SimSpiBus;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.uart.SimUart;

/**
 * The STM32G431 of the reference board: besides the UART to the ESP32 it masters the I2C bus of the
 * BQ76920, the SPI bus of the W25Q128JV (chip select {@link SimBoard#FLASH_CHIP_SELECT}), the FDCAN through
 * the MCP2562, and reads the AFE's ALERT pin.
 */
public final class Stm32Node extends McuNode {
    private final SimI2cBus i2c;
    private final SimSpiBus spi;
    private final SimCanController can;
    private final GpioPin afeAlert;

    Stm32Node(Scheduler scheduler, SimUart uart, SimI2cBus i2c, SimSpiBus spi, SimCanController can,
              GpioPin alertLine) {
        super("stm32", scheduler, uart);
        this.i2c = i2c;
        this.spi = spi;
        this.can = can;
        // an input pin: the firmware can read ALERT but not drive it (GpioPin: set is ignored on an input)
        this.afeAlert = new GpioPin() {
            @Override
            public boolean isHigh() {
                return alertLine.isHigh();
            }

            @Override
            public void set(boolean high) {
            }
        };
    }

    public I2cMaster i2c() {
        return i2c;
    }

    public SpiMaster spi() {
        return spi;
    }

    public CanController can() {
        return can;
    }

    /** The same CAN controller with its test view (acceptance filter, counters). */
    public SimCanController simCan() {
        return can;
    }

    /** The BQ76920's ALERT output as the STM32 sees it (an input). */
    public GpioPin afeAlert() {
        return afeAlert;
    }
}
