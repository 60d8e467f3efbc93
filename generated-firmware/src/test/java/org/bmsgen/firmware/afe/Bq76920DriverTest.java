package org.bmsgen.firmware.afe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import org.bmsgen.dsl.parts.Bq769x0;
import org.bmsgen.firmware.smart4s.stm32.Bq76920Driver;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.afe.Bq769x0Config;
import org.bmsgen.sim.afe.Bq769x0Registers;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.i2c.I2cFaultInjector;
import org.bmsgen.sim.i2c.RandomI2cFaults;
import org.bmsgen.sim.plant.PackConfig;
import org.bmsgen.sim.plant.PackLoad;
import org.junit.jupiter.api.Test;

/**
 * The generated Smart4S BQ76920 driver against the register-exact simulated chip of the reference board. Expected
 * values come from the datasheet (register contents, bit positions, conversions), the dsl's trip rule and the
 * simulated plant's truth, never from the driver itself.
 */
class Bq76920DriverTest {

    private static final long SEED = 4;
    private static final long PERIOD_MICROS = 250_000;

    private SimBoard board;
    private Bq76920Driver driver;
    private final PackState state = new PackState();

    /** A powered board past t_BOOTREADY (10 ms) with a started driver. */
    private void startBoard(Bq769x0Config afe) {
        board = SimBoard.builder(SEED).afe(afe).build();
        board.powerOn();
        driver = new Bq76920Driver(board.stm32().i2c());
        assertEquals(Status.NACK_ADDRESS, driver.start(), "the chip is still booting (t_BOOTREADY)");
        board.advance(20_000);
        assertEquals(Status.OK, driver.start());
    }

    private void startReferenceBoard() {
        startBoard(Bq769x0Config.referenceBoard(SEED).withNoise(0));
    }

    private int register(int address) {
        return board.afe().peekRegister(address);
    }

    /** Runs the board for a number of control periods, reading at the end of each. */
    private int readAfter(int periods) {
        int result = Status.OK;
        for (int i = 0; i < periods; i++) {
            board.advance(PERIOD_MICROS);
            result = driver.read(state);
        }
        return result;
    }

    @Test
    void start_programsWhatTheModelAsks_andClearsSysStat() {
        startReferenceBoard();
        assertEquals(0x19, register(Bq769x0Registers.CC_CFG), "DS 8.5: CC_CFG = 0x19");
        // ADC_EN b4 and TEMP_SEL b3 (the model's TS1 is an external NTC), no SHUT bits
        assertEquals(0x18, register(Bq769x0Registers.SYS_CTRL1));
        // CC_EN b6 (continuous), FETs off
        assertEquals(0x40, register(Bq769x0Registers.SYS_CTRL2));
        // smart4s.bms: SCD 111 A / 1 mOhm = 111 mV = RSNS 1 code 3, 200 us = code 2: 0x80 | 2 << 3 | 3
        assertEquals(0x93, register(Bq769x0Registers.PROTECT1));
        // OCD 56 mV = RSNS 1 code 7, 640 ms = code 6
        assertEquals(0x67, register(Bq769x0Registers.PROTECT2));
        // UV 4 s = code 1 (b7:6), OV 2 s = code 1 (b5:4): the delays are seconds, not ms
        assertEquals(0x50, register(Bq769x0Registers.PROTECT3));
        // by hand at GAIN 382, OFFSET 0: OV 4.20 V: floor(4 200 000 / 382) = 10 994, (10 994 - 0x2008) / 16 = 174.6,
        // highest not above: 174 = 0xAE. UV 2.80 V: ceil(2 800 000 / 382) = 7 330, (7 330 - 0x1000) / 16 = 202.1,
        // lowest not below: 203 = 0xCB
        assertEquals(0xAE, register(Bq769x0Registers.OV_TRIP));
        assertEquals(0xCB, register(Bq769x0Registers.UV_TRIP));
        assertEquals(0xAE, driver.ovTripCode());
        assertEquals(0xCB, driver.uvTripCode());
        assertEquals(382, driver.gainUvPerLsb());
        assertEquals(0, driver.offsetMv());
        assertEquals(0, register(Bq769x0Registers.SYS_STAT));
        assertEquals(0, register(Bq769x0Registers.CELLBAL1));
        assertEquals(0, board.afe().crcRejectedWrites());
        assertEquals(0, board.afe().writesWithoutCrc());
    }

    @Test
    void start_tripBytesFollowTheDslRule_forTheChipsTrim() {
        int[][] trims = { { 382, 0 }, { 365, -128 }, { 396, 127 }, { 377, -20 }, { 390, 45 }, { 370, -1 } };
        for (int[] trim : trims) {
            startBoard(Bq769x0Config.referenceBoard(SEED).withTrim(trim[0], trim[1]));
            Bq769x0.Trim chip = new Bq769x0.Trim(trim[0], trim[1]);
            String where = "GAIN " + trim[0] + " OFFSET " + trim[1];
            assertEquals(trim[0], driver.gainUvPerLsb(), where);
            assertEquals(trim[1], driver.offsetMv(), where + ": ADCOFFSET is signed");
            assertEquals(Bq769x0.ovTrip(4_200_000, chip), register(Bq769x0Registers.OV_TRIP), where);
            assertEquals(Bq769x0.uvTrip(2_800_000, chip), register(Bq769x0Registers.UV_TRIP), where);
            assertEquals(Bq769x0.ovTrip(4_200_000, chip), driver.ovTripCode(), where);
            assertEquals(Bq769x0.uvTrip(2_800_000, chip), driver.uvTripCode(), where);
        }
    }

    @Test
    void read_isInvalidUntilTheFirstConversion_thenCellsAndPackMatchThePlant() {
        startBoard(Bq769x0Config.referenceBoard(SEED).withNoise(0).withTrim(377, -20));
        assertEquals(Status.OK, driver.read(state));
        assertFalse(state.measurementsValid, "no conversion yet: the first comes 250 ms after ADC_EN");
        assertEquals(Status.OK, readAfter(4));
        assertTrue(state.measurementsValid);
        double sumMv = 0;
        // 14-bit ADC at 377 uV/LSB: half an LSB of quantisation, then rounding to whole mV
        double toleranceMv = 0.5 + 0.377 / 2;
        for (int cell = 1; cell <= PackState.CELL_COUNT; cell++) {
            double plantMv = board.plant().cellVolts(cell) * 1000;
            sumMv += plantMv;
            assertEquals(plantMv, state.cellMv[cell - 1], toleranceMv, "cell " + cell);
        }
        // BAT: 4 x GAIN per LSB (1.508 mV), half of it plus the rounding to mV
        assertEquals(sumMv, state.packMv, 0.5 + 2 * 0.377, "pack");
        assertEquals(0, state.afeStatus);
    }

    @Test
    void read_currentFromTheCoulombCounter_signedPositiveCharging_keptBetweenReadings() {
        startReferenceBoard();
        assertEquals(Status.OK, driver.setFets(true, true));
        board.setLoad(PackLoad.constantCurrent(-12.5));
        assertEquals(Status.OK, readAfter(4));
        // CC LSB 8.44 uV / 1 mOhm = 8.44 mA (DS 8.3.1.1.3)
        assertEquals(board.plant().packAmps() * 1000, state.packMa, 8.44, "discharge");
        assertTrue(state.packMa < -12_000);
        assertEquals(0, register(Bq769x0Registers.SYS_STAT) & Bq769x0Registers.CC_READY, "CC_READY cleared by the driver");
        int last = state.packMa;
        board.setLoad(PackLoad.constantCurrent(3));
        assertEquals(Status.OK, driver.read(state));
        assertEquals(last, state.packMa, "no CC_READY since: the last reading is kept");
        assertEquals(Status.OK, readAfter(3));
        assertEquals(3000, state.packMa, 8.44, "charge");
    }

    @Test
    void read_temperatureOfTheNtc_within1DegC_overTheRange() {
        startReferenceBoard();
        assertEquals(Status.OK, readAfter(2));
        int thermistorCell = PackConfig.referenceBoard(SEED).thermistorCell();
        assertEquals(board.plant().cellCelsius(thermistorCell) * 100, state.temperatureCentiDegC[0], 100);
        // NTC 10 kOhm, B 3435 (the model's and the simulator's): R at 0, 45 and -15 degC from the Beta equation
        for (double celsius : new double[] { 0, 45, -15, 60 }) {
            double ohms = 10_000 * Math.exp(3435 * (1 / (celsius + 273.15) - 1 / 298.15));
            board.plant().setThermistorFault(ohms);
            assertEquals(Status.OK, readAfter(9), "TS converts every 2 s");
            assertEquals(celsius * 100, state.temperatureCentiDegC[0], 100, celsius + " degC");
        }
    }

    @Test
    void faults_ocdAndOvShowInAfeStatus_andClearWithClearStatus() {
        startReferenceBoard();
        assertEquals(Status.OK, driver.setFets(true, true));
        // 60 A over the 56 A OCD for longer than its 640 ms
        board.setLoad(PackLoad.constantCurrent(-60));
        assertEquals(Status.OK, readAfter(4));
        assertEquals(Bq769x0Registers.OCD, state.afeStatus & Bq769x0Registers.OCD);
        assertFalse(board.afe().dischargeFetOn(), "OCD opens DSG (DS Table 8-1)");
        board.setLoad(null);
        assertEquals(Status.OK, driver.clearStatus(Bq769x0Registers.OCD));
        assertEquals(Status.OK, readAfter(1));
        assertEquals(0, state.afeStatus & Bq769x0Registers.OCD);
        assertEquals(Status.OK, driver.setFets(true, true));
        assertTrue(board.afe().dischargeFetOn());

        // cell 2 sensed at 4.35 V, above the 4.20 V OV for more than its 2 s
        board.plant().setSenseStuck(2, 4.35);
        assertEquals(Status.OK, readAfter(14));
        assertEquals(Bq769x0Registers.OV, state.afeStatus & Bq769x0Registers.OV);
        assertFalse(board.afe().chargeFetOn(), "OV opens CHG (DS Table 8-1)");
        board.plant().setSenseStuck(2, Double.NaN);
        assertEquals(Status.OK, readAfter(1));
        assertEquals(Status.OK, driver.clearStatus(Bq769x0Registers.OV));
        assertEquals(Status.OK, readAfter(1));
        assertEquals(0, state.afeStatus);
    }

    @Test
    void setFets_drivesChgOnAndDsgOn() {
        startReferenceBoard();
        assertEquals(Status.OK, driver.setFets(true, false));
        assertTrue(board.afe().chargeFetOn());
        assertFalse(board.afe().dischargeFetOn());
        assertEquals(0x41, register(Bq769x0Registers.SYS_CTRL2), "CC_EN stays on");
        assertEquals(Status.OK, driver.setFets(false, true));
        assertFalse(board.afe().chargeFetOn());
        assertTrue(board.afe().dischargeFetOn());
        assertEquals(0x42, register(Bq769x0Registers.SYS_CTRL2));
        assertEquals(Status.OK, driver.setFets(false, false));
        assertEquals(0x40, register(Bq769x0Registers.SYS_CTRL2));
    }

    @Test
    void setBalancing_mapsCellsThroughChannels1235_andRefusesAdjacentCells() {
        startReferenceBoard();
        // DS Table 9-2, 4 cells: channels [1, 2, 3, 5]; CB n = bit n - 1
        assertEquals(Status.OK, driver.setBalancing(0b1000));
        assertEquals(0x10, register(Bq769x0Registers.CELLBAL1), "cell 4 bleeds through CB5");
        assertTrue(board.afe().isBalancing(4));
        assertEquals(Status.OK, driver.setBalancing(0b1001));
        assertEquals(0x11, register(Bq769x0Registers.CELLBAL1));
        assertEquals(Status.OK, driver.setBalancing(0b0101));
        assertEquals(0x05, register(Bq769x0Registers.CELLBAL1));
        // cells 3 and 4 are CB3 and CB5, not adjacent bits, but adjacent cells sharing the shorted VC4 node
        assertEquals(Status.INVALID_ARGUMENT, driver.setBalancing(0b1100));
        assertEquals(Status.INVALID_ARGUMENT, driver.setBalancing(0b0011));
        assertEquals(Status.INVALID_ARGUMENT, driver.setBalancing(0b10000), "there is no cell 5");
        assertEquals(0x05, register(Bq769x0Registers.CELLBAL1), "a refused mask writes nothing");
        assertEquals(Status.OK, driver.setBalancing(0));
        assertEquals(0, register(Bq769x0Registers.CELLBAL1));
    }

    @Test
    void enterShipMode_putsTheChipInShip_thenReadsFailAndCount() {
        startReferenceBoard();
        assertEquals(Status.OK, driver.setFets(true, true));
        assertEquals(Status.OK, driver.enterShipMode());
        assertTrue(board.afe().inShipMode());
        assertFalse(board.afe().chargeFetOn() || board.afe().dischargeFetOn());
        assertEquals(Status.NACK_ADDRESS, driver.read(state));
        assertFalse(state.measurementsValid);
        assertEquals(Status.NACK_ADDRESS, driver.read(state));
        assertEquals(2, driver.consecutiveFailures());
        board.afe().bootFromShip();
        board.advance(20_000);
        assertEquals(Status.OK, driver.start());
        assertEquals(0, driver.consecutiveFailures());
    }

    @Test
    void i2cFaults_areRetriedBoundedly_andCounted() {
        startReferenceBoard();
        long before = board.i2cBus().transactions();
        board.injectI2cFaults(1.0, 0);
        assertEquals(Status.NACK_ADDRESS, readAfter(1));
        assertEquals(Bq76920Driver.MAX_ATTEMPTS, board.i2cBus().transactions() - before, "bounded retries");
        assertEquals(Status.NACK_ADDRESS, readAfter(1));
        assertEquals(2, driver.consecutiveFailures());

        board.clearI2cFaults();
        assertEquals(Status.OK, readAfter(1));
        assertEquals(0, driver.consecutiveFailures());
        int errorsBefore = driver.transferErrors();
        RandomI2cFaults faults = board.injectI2cFaults(0.1, 0);
        int ok = 0;
        for (int period = 0; period < 200; period++) {
            if (readAfter(1) == Status.OK) {
                ok++;
            }
        }
        // a transaction fails three times in a row with 0.1 %: nearly every period gets through
        assertTrue(ok >= 195, ok + " of 200 periods read");
        assertTrue(faults.nacksInjected() > 50);
        assertEquals(faults.nacksInjected(), driver.transferErrors() - errorsBefore, "every NACK counted once");
    }

    @Test
    void corruptedBytes_areCaughtByTheCrc_andRetried() {
        startReferenceBoard();
        assertEquals(Status.OK, readAfter(4));
        int[] expectedCells = state.cellMv.clone();
        FlipFirstDataBit flips = new FlipFirstDataBit();
        board.i2cBus().setFaultInjector(flips);
        flips.reads = 2;
        int errors = driver.transferErrors();
        assertEquals(Status.OK, driver.read(state), "the third attempt gets through");
        assertEquals(2, driver.transferErrors() - errors);
        for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {
            assertEquals(expectedCells[cell], state.cellMv[cell], 1, "cell " + (cell + 1));
        }
        flips.reads = Bq76920Driver.MAX_ATTEMPTS;
        assertEquals(Bq76920Driver.STATUS_CRC_ERROR, driver.read(state));
        assertFalse(state.measurementsValid);
        assertEquals(1, driver.consecutiveFailures());
        // a write with a flipped bit: the chip NACKs it (DS 8.3.1.4), the retry lands
        flips.writes = 1;
        assertEquals(Status.OK, driver.setFets(true, false));
        assertEquals(1, board.afe().crcRejectedWrites());
        assertTrue(board.afe().chargeFetOn());
    }

    @Test
    void read_allocatesNothing() {
        startReferenceBoard();
        assertEquals(Status.OK, readAfter(4));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        long thread = Thread.currentThread().getId();
        Runnable window = () -> {
            for (int i = 0; i < 2000; i++) {
                driver.read(state);
                driver.setBalancing(0b0101);
            }
        };
        window.run();
        long fewest = Long.MAX_VALUE;
        // the fewest of three windows: a late JIT deoptimisation allocates once, an allocation in read() every time
        for (int i = 0; i < 3; i++) {
            long before = threads.getThreadAllocatedBytes(thread);
            window.run();
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(thread) - before);
        }
        assertEquals(0, fewest, "bytes allocated by 2000 reads");
    }

    /** Flips bit 0 of the first byte of the next {@code reads} reads and {@code writes} writes' data byte. */
    private static final class FlipFirstDataBit implements I2cFaultInjector {
        int reads;
        int writes;

        @Override
        public int beforeTransaction(int address7, boolean read) {
            return Status.OK;
        }

        @Override
        public void corruptWrite(byte[] data, int offset, int length) {
            if (writes > 0 && length >= 3) {
                writes--;
                data[offset + 1] ^= 1;
            }
        }

        @Override
        public void corruptRead(byte[] data, int offset, int length) {
            if (reads > 0) {
                reads--;
                data[offset] ^= 1;
            }
        }
    }

    /**
     * DS 8.3.1.4: a read's register address carries no CRC, so a corrupted address returns another register's byte
     * with a valid CRC. A SYS_STAT fault bit that was not there before is reported only when a second read shows it
     * too; a bit both reads show is reported at once.
     */
    @Test
    void read_aNewFaultBitSeenInOneReadOnly_isNotReported_butOneSeenTwiceIs() {
        board = SimBoard.builder(SEED).afe(Bq769x0Config.referenceBoard(SEED).withNoise(0)).build();
        board.powerOn();
        board.advance(20_000);
        SysStatForger forger = new SysStatForger(board.stm32().i2c());
        driver = new Bq76920Driver(forger);
        assertEquals(Status.OK, driver.start());
        assertEquals(Status.OK, readAfter(2));
        assertEquals(0, state.afeStatus);

        forger.forgeNext(1, 0x02);
        board.advance(PERIOD_MICROS);
        assertEquals(Status.OK, driver.read(state));
        assertEquals(0, state.afeStatus & 0x02, "an SCD bit in one read only (a misaddressed byte) is not believed");

        forger.forgeNext(2, 0x02);
        board.advance(PERIOD_MICROS);
        assertEquals(Status.OK, driver.read(state));
        assertEquals(0x02, state.afeStatus & 0x02, "confirmed by the second read");
        assertEquals(0, forger.pending());
    }

    /** An I2C master that replaces the next SYS_STAT reads' data byte, with a valid CRC (what a misaddressed read gives). */
    private static final class SysStatForger implements org.bmsgen.platform.I2cMaster {
        private final org.bmsgen.platform.I2cMaster bus;
        private int forgedReads;
        private int value;

        SysStatForger(org.bmsgen.platform.I2cMaster bus) {
            this.bus = bus;
        }

        void forgeNext(int reads, int sysStat) {
            forgedReads = reads;
            value = sysStat;
        }

        int pending() {
            return forgedReads;
        }

        @Override
        public int write(int address7, byte[] data, int offset, int length) {
            return bus.write(address7, data, offset, length);
        }

        @Override
        public int read(int address7, byte[] buffer, int offset, int length) {
            return bus.read(address7, buffer, offset, length);
        }

        @Override
        public int writeRead(int address7, byte[] tx, int txOffset, int txLength, byte[] rx, int rxOffset,
                int rxLength) {
            int result = bus.writeRead(address7, tx, txOffset, txLength, rx, rxOffset, rxLength);
            if (result == Status.OK && forgedReads > 0 && txLength == 1 && tx[txOffset] == 0x00 && rxLength == 2) {
                forgedReads--;
                rx[rxOffset] = (byte) value;
                // DS 8.3.1.4: the first data byte's CRC covers the read address byte and the data
                rx[rxOffset + 1] = (byte) crc8(new byte[] { (byte) (address7 << 1 | 1), (byte) value });
            }
            return result;
        }

        private static int crc8(byte[] bytes) {
            int crc = 0;
            for (byte b : bytes) {
                crc ^= b & 0xFF;
                for (int bit = 0; bit < 8; bit++) {
                    crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
                }
            }
            return crc;
        }
    }
}
