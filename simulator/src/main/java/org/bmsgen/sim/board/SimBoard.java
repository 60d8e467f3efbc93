package org.bmsgen.sim.board;

import org.bmsgen.sim.afe.Bq769x0;
import org.bmsgen.sim.afe.Bq769x0Config;
import org.bmsgen.sim.can.SimCanBus;
import org.bmsgen.sim.can.SimCanController;
import org.bmsgen.sim.flash.W25q128jv;
import org.bmsgen.sim.flash.W25q128jvTimings;
import org.bmsgen.sim.i2c.RandomI2cFaults;
import org.bmsgen.sim.i2c.SimI2cBus;
import org.bmsgen.sim.plant.OcvCurve;
import org.bmsgen.sim.plant.OcvTable;
import org.bmsgen.sim.plant.PackConfig;
import org.bmsgen.sim.plant.PackLoad;
import org.bmsgen.sim.plant.PackPlant;
import org.bmsgen.sim.spi.SimSpiBus;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.uart.SimUart;
import org.bmsgen.sim.uart.UartLink;

/**
 * The reference board in software, wired once: the cell pack plant behind a BQ76920 on the STM32's I2C bus,
 * a W25Q128JV on its SPI bus, the CAN FD bus with the STM32's FDCAN and a tester node, the UART between the
 * STM32 and the ESP32, and both MCUs' reset domains, all on one simulated clock and one seed.
 *
 * <pre>
 * SimBoard board = SimBoard.reference4s(seed);
 * board.stm32().install(mcu -&gt; firmware.start(board.stm32()));   // interfaces from the node
 * board.powerOn();
 * board.setLoad(PackLoad.constantCurrent(-10));
 * board.advance(60_000_000);
 * </pre>
 *
 * <p>Decisions of the composition:
 * <ul>
 * <li>{@link #powerOn()} brings up the AFE, the plant and both MCUs at the same instant; the BQ76920 answers
 *     I2C only after t_BOOTREADY (10 ms), so firmware must retry or wait, as on the board.</li>
 * <li>{@link #brownOut()} is a dip of the 3.3 V rail: both MCUs restart with {@code BROWN_OUT} and the flash
 *     loses power mid-operation (then comes back); the AFE runs from the pack (BAT) and is not affected.</li>
 * <li>Every component draws from its own named random stream of the one seed, so a run is reproduced from
 *     the seed and adding a component does not change another's numbers.</li>
 * </ul>
 */
public final class SimBoard {
    /** Chip select of the W25Q128JV on the STM32's SPI bus. */
    public static final int FLASH_CHIP_SELECT = 0;
    /** The reference model's CAN FD bit rates (models/smart4s.bms: nominal 500 kbit/s, data 2 Mbit/s). */
    public static final long CAN_NOMINAL_BIT_RATE = 500_000;
    public static final long CAN_DATA_BIT_RATE = 2_000_000;
    /** The reference model's STM32-ESP32 UART (models/smart4s.bms: 115 200 baud). */
    public static final int UART_BAUD = 115_200;
    /** The reference model's control period (models/smart4s.bms: 250 ms). */
    public static final long CONTROL_PERIOD_MICROS = 250_000;

    private final long seed;
    private final Scheduler scheduler = new Scheduler();
    private final PackPlant plant;
    private final Bq769x0 afe;
    private final SimI2cBus i2c = new SimI2cBus();
    private final SimSpiBus spi = new SimSpiBus(1);
    private final W25q128jv flash;
    private final SimCanBus can;
    private final SimCanController canTester;
    private final UartLink uart;
    private final Stm32Node stm32;
    private final Esp32Node esp32;
    private boolean plantConnected;

    private SimBoard(Builder builder) {
        seed = builder.seed;
        plant = new PackPlant(builder.pack, scheduler, builder.ocv);
        afe = new Bq769x0(builder.afe, scheduler, plant);
        i2c.attach(afe);
        flash = new W25q128jv(scheduler, builder.flashTimings, seed);
        spi.attach(FLASH_CHIP_SELECT, flash);
        can = new SimCanBus(scheduler, builder.canNominalBitRate, builder.canDataBitRate, 0, seed);
        // STM32G4 FDCAN: 3 Tx buffers, 3-deep Rx FIFO (RM0440)
        SimCanController stm32Can = can.attach(3, 3);
        canTester = can.attach(3, builder.testerReceiveDepth);
        SimUart stm32Uart = new SimUart(builder.uartFifoBytes, builder.uartFifoBytes);
        SimUart esp32Uart = new SimUart(builder.uartFifoBytes, builder.uartFifoBytes);
        uart = new UartLink(scheduler, stm32Uart, esp32Uart, builder.uartBaud, 0, seed);
        stm32 = new Stm32Node(scheduler, stm32Uart, i2c, spi, stm32Can, afe.alertPin());
        esp32 = new Esp32Node(scheduler, esp32Uart, seed);
    }

    /** The reference 4S board with its defaults (see {@link Builder}). */
    public static SimBoard reference4s(long seed) {
        return builder(seed).build();
    }

    /** A reference 4S board to adjust before building. */
    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    // ---- life cycle and time -------------------------------------------------------------------------------

    /**
     * Connects the pack (the AFE powers up from it) and starts both MCUs' firmware. Call once, after
     * installing the firmware.
     */
    public void powerOn() {
        if (plantConnected) {
            throw new IllegalStateException("the board is already powered; use brownOut() or the MCUs' resets");
        }
        plantConnected = true;
        afe.powerOn();
        plant.connect(afe);
        stm32.mcu().powerOn();
        esp32.mcu().powerOn();
    }

    /** Runs the board for {@code micros} of simulated time. */
    public void advance(long micros) {
        scheduler.advance(micros);
    }

    public long nowMicros() {
        return scheduler.nowMicros();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public long seed() {
        return seed;
    }

    // ---- the MCUs: interfaces handed to firmware --------------------------------------------------------------

    public Stm32Node stm32() {
        return stm32;
    }

    public Esp32Node esp32() {
        return esp32;
    }

    // ---- handles for tests -------------------------------------------------------------------------------------

    /** The cells and power path: truth (SoC, temperatures, current) and plant faults. */
    public PackPlant plant() {
        return plant;
    }

    /** What is on PACK+/PACK-: a load, a charger, a profile, or null for nothing. */
    public void setLoad(PackLoad load) {
        plant.setLoad(load);
    }

    public Bq769x0 afe() {
        return afe;
    }

    public SimI2cBus i2cBus() {
        return i2c;
    }

    public W25q128jv flash() {
        return flash;
    }

    public SimCanBus canBus() {
        return can;
    }

    /** A node on the CAN bus standing for the charger, the vehicle or the test itself. */
    public SimCanController canTester() {
        return canTester;
    }

    public UartLink uartLink() {
        return uart;
    }

    // ---- fault injection ---------------------------------------------------------------------------------------

    /**
     * From now on the I2C bus refuses transactions and flips bits at these rates (drawn from the board's seed).
     *
     * @return the injector, which counts what it injected
     */
    public RandomI2cFaults injectI2cFaults(double nackRate, double byteCorruptionRate) {
        RandomI2cFaults faults = new RandomI2cFaults(seed, nackRate, byteCorruptionRate);
        i2c.setFaultInjector(faults);
        return faults;
    }

    /** Stops injecting I2C faults. */
    public void clearI2cFaults() {
        i2c.setFaultInjector(null);
    }

    /** Noise on the STM32-ESP32 UART: probability that a byte gets one bit flipped. */
    public void setUartNoise(double byteErrorRate) {
        uart.setByteErrorRate(byteErrorRate);
    }

    /** Errors on the CAN bus: probability that a frame is destroyed (an error frame and a retransmission follow). */
    public void setCanFrameErrorRate(double rate) {
        can.setFrameErrorRate(rate);
    }

    /** A dip of the 3.3 V rail: flash power cut (an operation in progress is left partly done), both MCUs restart. */
    public void brownOut() {
        flash.powerLoss();
        flash.powerOn();
        stm32.mcu().brownOut();
        esp32.mcu().brownOut();
    }

    /**
     * The reference board's parts, each replaceable.
     *
     * <p>Defaults: {@link PackConfig#referenceBoard} (NCR18650PF cells with the HPPC-fitted R0/R1/C1/R2/C2 tables
     * of models/cells/panasonic-ncr18650pf.bms, {@link org.bmsgen.sim.plant.CellModelTables#panasonic18650pf()};
     * Kollmeyer 2018, doi:10.17632/wykht8y7tg.1) with a 2 % capacity, 5 % resistance and 1 % initial-SoC
     * spread (so the seed gives each board its own cells), the measured Panasonic NCR18650PF OCV
     * ({@link OcvCurve#panasonic18650pf()}), {@link Bq769x0Config#referenceBoard}, typical W25Q128JV timings,
     * the model's CAN and UART rates, 256-byte UART FIFOs (the firmware's DMA rings) and a 64-frame tester FIFO.
     */
    public static final class Builder {
        private final long seed;
        private PackConfig pack;
        private OcvTable ocv;
        private Bq769x0Config afe;
        private W25q128jvTimings flashTimings = W25q128jvTimings.TYPICAL;
        private long canNominalBitRate = CAN_NOMINAL_BIT_RATE;
        private long canDataBitRate = CAN_DATA_BIT_RATE;
        private int uartBaud = UART_BAUD;
        private int uartFifoBytes = 256;
        private int testerReceiveDepth = 64;

        private Builder(long seed) {
            this.seed = seed;
            this.pack = PackConfig.referenceBoard(seed).withSpread(0.02, 0.05, 0.01);
            this.afe = Bq769x0Config.referenceBoard(seed);
        }

        /** The pack (its cell count must match the AFE's). */
        public Builder pack(PackConfig config) {
            this.pack = config;
            return this;
        }

        public Builder ocv(OcvTable table) {
            this.ocv = table;
            return this;
        }

        public Builder afe(Bq769x0Config config) {
            this.afe = config;
            return this;
        }

        public Builder flashTimings(W25q128jvTimings timings) {
            this.flashTimings = timings;
            return this;
        }

        public Builder can(long nominalBitRate, long dataBitRate) {
            this.canNominalBitRate = nominalBitRate;
            this.canDataBitRate = dataBitRate;
            return this;
        }

        public Builder uart(int baud, int fifoBytes) {
            this.uartBaud = baud;
            this.uartFifoBytes = fifoBytes;
            return this;
        }

        public Builder canTesterReceiveDepth(int frames) {
            this.testerReceiveDepth = frames;
            return this;
        }

        public SimBoard build() {
            if (pack.cells() != afe.cells()) {
                throw new IllegalArgumentException("the pack has " + pack.cells() + " cells but the AFE is wired for "
                        + afe.cells());
            }
            if (ocv == null) {
                ocv = OcvCurve.panasonic18650pf();
            }
            return new SimBoard(this);
        }
    }
}
