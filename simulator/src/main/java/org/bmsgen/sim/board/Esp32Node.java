package org.bmsgen.sim.board;

import org.bmsgen.platform.GattServer;
import org.bmsgen.platform.HttpServer;
import org.bmsgen.platform.RandomSource;
import org.bmsgen.sim.mcu.SimMcu;
import org.bmsgen.sim.net.SimGattServer;
import org.bmsgen.sim.net.SimHttpServer;
import org.bmsgen.sim.net.SimRandomSource;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.uart.SimUart;

/**
 * The ESP32 of the reference board: besides the UART to the STM32 it serves HTTP over Wi-Fi, a GATT server over
 * BLE, and has a hardware random number generator (here drawn from the board's seed).
 */
public final class Esp32Node extends McuNode {
    private final SimHttpServer http = new SimHttpServer();
    private final SimGattServer gatt = new SimGattServer();
    private final SimRandomSource random;

    Esp32Node(Scheduler scheduler, SimUart uart, long seed) {
        super("esp32", scheduler, uart);
        this.random = new SimRandomSource(seed);
    }

    /**
     * Installs the firmware; at every start (power-on, reset) the network stacks restart empty before it runs, as
     * ESP-IDF's do with the chip.
     */
    @Override
    public void install(SimMcu.Firmware entry) {
        super.install(entry == null ? null : mcu -> {
            http.restart();
            gatt.restart();
            entry.start(mcu);
        });
    }

    public HttpServer http() {
        return http;
    }

    /** The same server with its test view: submit requests, read the answers. */
    public SimHttpServer simHttp() {
        return http;
    }

    public GattServer gatt() {
        return gatt;
    }

    /** The same GATT server with its test view: layout, values, notifications. */
    public SimGattServer simGatt() {
        return gatt;
    }

    public RandomSource random() {
        return random;
    }
}
