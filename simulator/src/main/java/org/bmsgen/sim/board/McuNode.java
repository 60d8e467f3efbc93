package org.bmsgen.sim.board;

import org.bmsgen.platform.MonotonicClock;
import org.bmsgen.platform.ResetControl;
import org.bmsgen.platform.TickSource;
import org.bmsgen.platform.Uart;
import org.bmsgen.platform.Watchdog;
import org.bmsgen.sim.mcu.SimMcu;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.uart.SimUart;

/**
 * One MCU of a {@link SimBoard}: its reset domain and the peripherals every MCU of the board has (clock,
 * tick, watchdog, reset cause, the UART to the other MCU). The firmware is installed before the board is
 * powered and started again at every reset; it takes its interfaces from this node.
 */
public class McuNode {
    private final String name;
    private final SimMcu mcu;
    private final SimUart uart;
    private SimMcu.Firmware firmware;

    McuNode(String name, Scheduler scheduler, SimUart uart) {
        this.name = name;
        this.uart = uart;
        // a reset starts whatever is installed then; nothing installed is an MCU without firmware
        this.mcu = new SimMcu(scheduler, started -> {
            if (firmware != null) {
                firmware.start(started);
            }
        });
    }

    /**
     * Installs the firmware's entry point, called at power-on and after every reset.
     *
     * @param entry the firmware; null removes it
     */
    public void install(SimMcu.Firmware entry) {
        this.firmware = entry;
    }

    /** @return "stm32" or "esp32" */
    public String name() {
        return name;
    }

    /** The reset domain, for tests: brown-out and pin reset, start count. */
    public SimMcu mcu() {
        return mcu;
    }

    public MonotonicClock clock() {
        return mcu.clock();
    }

    /** @return the tick source of the current run (a reset gives the firmware a fresh, stopped one) */
    public TickSource tickSource() {
        return mcu.tickSource();
    }

    public Watchdog watchdog() {
        return mcu.watchdog();
    }

    public ResetControl resetControl() {
        return mcu.resetControl();
    }

    /** @return the UART to the other MCU of the board */
    public Uart uart() {
        return uart;
    }

    /** The same UART with its test view (bytes waiting). */
    public SimUart simUart() {
        return uart;
    }

    @Override
    public String toString() {
        return name;
    }
}
