package org.bmsgen.sim.board;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bmsgen.platform.CanFrame;
import org.bmsgen.platform.SpiMaster;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.AllocationMeter;
import org.bmsgen.sim.afe.AfeDriver;
import org.bmsgen.sim.afe.Bq769x0;
import org.bmsgen.sim.plant.PackLoad;
import org.junit.jupiter.api.Test;

/**
 * The board is wired as the reference design: what the firmware reads through the STM32's interfaces comes
 * from the plant, frames and bytes cross between the nodes, and the reset domains and fault handles act on
 * the parts the firmware talks to.
 */
class SimBoardTest {
    private static final int[] CHANNEL_OF_CELL = {1, 2, 3, 5};

    /** Firmware on the STM32 that configures the AFE at its first tick and reads every cell at each later one. */
    private static long[] installCellReader(SimBoard board) {
        long[] millivolts = new long[4];
        board.stm32().install(mcu -> {
            AfeDriver driver = new AfeDriver(board.stm32().i2c());
            board.stm32().tickSource().start(SimBoard.CONTROL_PERIOD_MICROS, (tick, now) -> {
                if (tick == 1) {
                    driver.write(SYS_CTRL1, ADC_EN | TEMP_SEL);
                    driver.write(SYS_CTRL2, CC_EN);
                    return;
                }
                for (int cell = 1; cell <= 4; cell++) {
                    millivolts[cell - 1] = driver.channelMillivolts(CHANNEL_OF_CELL[cell - 1]);
                }
            });
        });
        return millivolts;
    }

    @Test
    void firmwareOnTheStm32ReadsThePlantsCellsThroughTheBoardsI2c() {
        SimBoard board = SimBoard.reference4s(3);
        long[] millivolts = installCellReader(board);
        board.powerOn();
        board.advance(1_000_000);
        for (int cell = 1; cell <= 4; cell++) {
            // 382 uV/LSB, 0 mV offset, 0.5 LSB noise: within 1 mV of the plant
            assertEquals(board.plant().cellVolts(cell) * 1000, millivolts[cell - 1], 1.0, "cell " + cell);
        }
        // the seeded SoC spread makes the cells differ, so a swapped channel would show
        assertTrue(Arrays.stream(millivolts).distinct().count() > 1, "cells differ: " + Arrays.toString(millivolts));

        // a plant fault reaches the firmware through the same AFE
        board.plant().setSenseStuck(4, 2.5);
        board.advance(500_000);
        assertEquals(2500, millivolts[3], 1.0, "stuck reading of cell 4 (on VC5)");
    }

    @Test
    void afeAlertReachesTheStm32Pin() {
        SimBoard board = SimBoard.reference4s(3);
        installCellReader(board);
        board.powerOn();
        board.advance(260_000); // configured at 250 ms; nothing to report yet
        assertFalse(board.stm32().afeAlert().isHigh());
        board.advance(250_000); // the first coulomb-counter result sets CC_READY
        assertTrue(board.stm32().afeAlert().isHigh());
        board.stm32().afeAlert().set(false); // an input: the firmware cannot drive it
        assertEquals(0, board.afe().peekRegister(SYS_STAT) & OVRD_ALERT);
    }

    @Test
    void loadAndChargerFlowThroughTheFetsTheAfeSwitches() {
        SimBoard board = SimBoard.reference4s(5);
        board.powerOn();
        board.advance(Bq769x0.BOOT_READY_MICROS);
        AfeDriver driver = new AfeDriver(board.stm32().i2c());
        driver.write(SYS_CTRL1, ADC_EN | TEMP_SEL);
        board.setLoad(PackLoad.constantCurrent(-5));
        board.advance(20_000);
        assertEquals(0, board.plant().packAmps(), "DSG off: no discharge");
        driver.write(SYS_CTRL2, CC_EN | DSG_ON | CHG_ON);
        // the plant switches its current at its next 10 ms step, so the first CC window is short of it: read the second
        board.advance(510_000);
        assertEquals(-5, board.plant().packAmps(), 1e-9);
        // -5 A on 1 mOhm = -5 mV = -592 counts of 8.44 uV
        assertEquals(-592, (short) driver.read16(CC_HI), 1);
        board.setLoad(PackLoad.ccCvCharger(2.9, 16.8));
        board.advance(20_000);
        assertEquals(2.9, board.plant().packAmps(), 1e-9, "charger in CC phase");
    }

    @Test
    void canFramesCrossBetweenTheStm32AndTheTesterInBothDirections() {
        SimBoard board = SimBoard.reference4s(1);
        board.powerOn();
        CanFrame out = new CanFrame();
        assertEquals(Status.OK, out.set(0x100, false, true, true, 16));
        for (int i = 0; i < 16; i++) {
            out.data[i] = (byte) (0xA0 + i);
        }
        assertEquals(Status.OK, board.stm32().can().transmit(out));
        CanFrame in = new CanFrame();
        board.advance(50); // still on the wire
        assertEquals(0, board.canTester().receive(in));
        board.advance(1_000);
        assertEquals(1, board.canTester().receive(in));
        assertEquals(0x100, in.id());
        assertTrue(in.isFd() && in.isBitRateSwitch());
        assertArrayEquals(Arrays.copyOf(out.data, 16), Arrays.copyOf(in.data, in.length()));

        CanFrame command = new CanFrame();
        assertEquals(Status.OK, command.set(0x18FF50E5, true, false, false, 2));
        command.data[0] = 0x01;
        command.data[1] = 0x02;
        assertEquals(Status.OK, board.canTester().transmit(command));
        board.advance(1_000);
        assertEquals(1, board.stm32().can().receive(in));
        assertEquals(0x18FF50E5, in.id());
        assertTrue(in.isExtended());
        assertEquals(2, in.length());
        assertEquals(0, board.esp32().simUart().available(), "CAN traffic does not leak onto the UART");
    }

    @Test
    void uartBytesCrossAtTheModelsBaudRateInBothDirections() {
        SimBoard board = SimBoard.reference4s(1);
        board.powerOn();
        byte[] telemetry = "SOC=80\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(telemetry.length, board.stm32().uart().write(telemetry, 0, telemetry.length));
        long byteMicros = board.uartLink().byteMicros();
        assertEquals(87, byteMicros, "115 200 baud, 10 bits a byte");
        board.advance(byteMicros * telemetry.length - 1);
        assertEquals(telemetry.length - 1, board.esp32().simUart().available(), "the last stop bit has not ended");
        board.advance(1);
        byte[] received = new byte[16];
        assertEquals(telemetry.length, board.esp32().uart().read(received, 0, received.length));
        assertArrayEquals(telemetry, Arrays.copyOf(received, telemetry.length));

        byte[] command = {0x7E, 0x02, 0x33};
        assertEquals(3, board.esp32().uart().write(command, 0, 3));
        board.advance(3 * byteMicros);
        assertEquals(3, board.stm32().uart().read(received, 0, received.length));
        assertArrayEquals(command, Arrays.copyOf(received, 3));
    }

    @Test
    void flashAnswersItsJedecIdOnTheStm32Spi() {
        SimBoard board = SimBoard.reference4s(1);
        board.powerOn();
        SpiMaster spi = board.stm32().spi();
        byte[] tx = {(byte) 0x9F, 0, 0, 0};
        byte[] rx = new byte[4];
        assertEquals(Status.OK, spi.select(SimBoard.FLASH_CHIP_SELECT));
        assertEquals(Status.OK, spi.transfer(tx, 0, rx, 0, 4));
        spi.deselect();
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xEF, 0x40, 0x18}, rx);
    }

    @Test
    void powerOnAndBrownOutRestartBothMcusButNotTheAfe() {
        SimBoard board = SimBoard.reference4s(1);
        List<String> starts = new ArrayList<>();
        board.stm32().install(mcu -> starts.add("stm32 " + mcu.resetControl().cause() + "@" + board.nowMicros()));
        board.esp32().install(mcu -> starts.add("esp32 " + mcu.resetControl().cause() + "@" + board.nowMicros()));
        board.powerOn();
        board.advance(100_000);
        assertTrue(board.afe().isAwake());
        board.brownOut();
        assertEquals(List.of("stm32 POWER_ON@0", "esp32 POWER_ON@0", "stm32 BROWN_OUT@100000",
                "esp32 BROWN_OUT@100000"), starts);
        assertTrue(board.afe().isAwake(), "the AFE runs from the pack, not the 3.3 V rail");
        assertThrows(IllegalStateException.class, board::powerOn);
    }

    /** One SPI command: select the flash, clock {@code bytes}, deselect. */
    private static byte[] flashCommand(SimBoard board, int... bytes) {
        byte[] tx = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            tx[i] = (byte) bytes[i];
        }
        byte[] rx = new byte[bytes.length];
        SpiMaster spi = board.stm32().spi();
        assertEquals(Status.OK, spi.select(SimBoard.FLASH_CHIP_SELECT));
        assertEquals(Status.OK, spi.transfer(tx, 0, rx, 0, tx.length));
        spi.deselect();
        return rx;
    }

    @Test
    void brownOutInTheMiddleOfASectorEraseLeavesItPartlyDone() {
        SimBoard board = SimBoard.reference4s(2);
        board.powerOn();
        flashCommand(board, 0x06);
        flashCommand(board, 0x02, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00); // program 5 zero bytes at 0x1000
        board.advance(5_000);
        assertEquals(0x00, board.flash().peek(0x1000));
        flashCommand(board, 0x06);
        flashCommand(board, 0x20, 0x00, 0x10, 0x00); // sector erase 0x1000, 45 ms typical
        board.advance(22_500); // half way
        assertEquals(1, flashCommand(board, 0x05, 0)[1] & 1, "BUSY while erasing");
        board.brownOut();
        int erasedBits = 0;
        for (int address = 0x1000; address < 0x1005; address++) {
            erasedBits += Integer.bitCount(board.flash().peek(address));
        }
        assertTrue(erasedBits > 0 && erasedBits < 40, "about half of the 40 programmed bits erased: " + erasedBits);
        assertEquals(0, flashCommand(board, 0x05, 0)[1] & 3, "after the dip: not busy, WEL clear");
    }

    @Test
    void faultHandlesActOnTheBusesTheFirmwareUses() {
        SimBoard board = SimBoard.reference4s(1);
        board.powerOn();
        board.advance(Bq769x0.BOOT_READY_MICROS);
        AfeDriver driver = new AfeDriver(board.stm32().i2c());
        int[] value = new int[1];
        assertEquals(Status.OK, driver.readRegisters(SYS_STAT, value, 1));
        var faults = board.injectI2cFaults(1.0, 0);
        assertEquals(Status.NACK_ADDRESS, driver.readRegisters(SYS_STAT, value, 1));
        assertEquals(1, faults.nacksInjected());
        board.clearI2cFaults();
        assertEquals(Status.OK, driver.readRegisters(SYS_STAT, value, 1));

        board.setUartNoise(1.0);
        byte[] bytes = new byte[10];
        board.stm32().uart().write(bytes, 0, 10);
        board.advance(10 * board.uartLink().byteMicros());
        assertEquals(10, board.uartLink().bytesCorrupted());
    }

    @Test
    void aMinuteOfTheBoardWithControlTickCanAndUartTrafficAllocatesNothing() {
        if (!AllocationMeter.supported()) {
            return;
        }
        SimBoard board = SimBoard.reference4s(11);
        long[] millivolts = installCellReader(board);
        // the ESP32 answers every telemetry byte; the STM32 also sends a CAN FD status frame and drains the UART
        CanFrame status = new CanFrame();
        status.set(0x100, false, true, true, 16);
        CanFrame received = new CanFrame();
        byte[] line = new byte[8];
        byte[] echo = new byte[64];
        board.esp32().install(mcu -> mcu.tickSource().start(10_000, (tick, now) -> {
            int count = board.esp32().uart().read(echo, 0, echo.length);
            board.esp32().uart().write(echo, 0, count);
        }));
        board.setLoad((now, source, ohms) -> (now / 10_000_000) % 2 == 0 ? -8.0 : 8.0);
        board.powerOn();
        long[] framesSeen = new long[1];
        long[] echoedBytes = new long[1];
        Runnable tick = () -> {
            for (int period = 0; period < 240; period++) {
                board.advance(SimBoard.CONTROL_PERIOD_MICROS);
                status.data[0] = (byte) millivolts[0];
                board.stm32().can().transmit(status);
                board.stm32().uart().write(line, 0, line.length);
                echoedBytes[0] += board.stm32().uart().read(echo, 0, echo.length);
                while (board.canTester().receive(received) == 1) {
                    framesSeen[0]++;
                }
            }
        };
        long allocated = AllocationMeter.fewestBytesPerWindow(tick);
        assertEquals(0, allocated, "bytes allocated in 60 simulated seconds of the board");
        assertTrue(framesSeen[0] >= 4 * 240 - 1, "CAN frames crossed: " + framesSeen[0]);
        // each period's 8 bytes come back through the ESP32 before the next period
        assertEquals(4 * 240 * line.length - line.length, echoedBytes[0], "bytes echoed over the UART");
    }

    @Test
    void theSeedReproducesABoardAndAnotherSeedGivesOtherCells() {
        SimBoard first = SimBoard.reference4s(9);
        SimBoard again = SimBoard.reference4s(9);
        SimBoard other = SimBoard.reference4s(10);
        long[] a = installCellReader(first);
        long[] b = installCellReader(again);
        long[] c = installCellReader(other);
        for (SimBoard board : List.of(first, again, other)) {
            board.powerOn();
            board.setLoad(PackLoad.constantCurrent(-3));
            board.advance(5_000_000);
        }
        assertArrayEquals(a, b);
        assertEquals(first.plant().stateOfCharge(2), again.plant().stateOfCharge(2));
        assertNotEquals(first.plant().capacityCoulombs(1), other.plant().capacityCoulombs(1));
        assertFalse(Arrays.equals(a, c), Arrays.toString(a) + " vs " + Arrays.toString(c));
    }
}
