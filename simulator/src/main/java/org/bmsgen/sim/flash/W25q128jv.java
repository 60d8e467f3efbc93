package org.bmsgen.sim.flash;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.bmsgen.sim.spi.SpiTarget;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.time.SimRandom;
import org.bmsgen.sim.time.SimTimer;

/**
 * A W25Q128JV 128 Mbit SPI NOR flash (standard SPI, 3-byte addresses) on simulated time.
 *
 * <p>Modelled from the Winbond datasheet (rev. F): JEDEC ID EF 40 18 (0x9F), Release Power-down / Device ID
 * 0x17 (0xAB), Manufacturer/Device ID EF 17 (0x90); Read Data (0x03) and Fast Read (0x0B) wrapping at the
 * end of the array; Write Enable/Disable (0x06/0x04) and Status Register-1 (0x05: BUSY bit 0, WEL bit 1);
 * Page Program (0x02): bits only go 1 -> 0, the column wraps within the 256-byte page and later bytes
 * overwrite earlier ones; Sector (0x20, 4 KiB), Block (0x52, 32 KiB; 0xD8, 64 KiB) and Chip Erase
 * (0xC7/0x60); Power-down (0xB9). Program and erase start at /CS high, only with WEL set, and take the
 * configured {@link W25q128jvTimings}; meanwhile BUSY = 1, every command but Read Status is ignored, and at
 * the end BUSY and WEL clear.
 *
 * <p>Not modelled: dual/quad I/O, status registers 2/3 and their writes, block protection, suspend/resume,
 * security registers, SFDP, unique ID, software reset.
 *
 * <p>Power loss ({@link #powerLoss()}) in the middle of a program or erase leaves the operation partly done:
 * each bit that was to change has changed with probability "elapsed / duration", drawn from a seeded stream.
 */
public final class W25q128jv implements SpiTarget {
    public static final int CAPACITY_BYTES = 16 * 1024 * 1024;
    public static final int PAGE_BYTES = 256;
    public static final int SECTOR_BYTES = 4 * 1024;
    public static final int MANUFACTURER_ID = 0xEF;
    public static final int MEMORY_TYPE = 0x40;
    public static final int CAPACITY_ID = 0x18;
    public static final int DEVICE_ID = 0x17;
    public static final int STATUS_BUSY = 1;
    public static final int STATUS_WEL = 1 << 1;

    private static final int CMD_WRITE_ENABLE = 0x06;
    private static final int CMD_WRITE_DISABLE = 0x04;
    private static final int CMD_READ_STATUS1 = 0x05;
    private static final int CMD_READ_DATA = 0x03;
    private static final int CMD_FAST_READ = 0x0B;
    private static final int CMD_PAGE_PROGRAM = 0x02;
    private static final int CMD_SECTOR_ERASE = 0x20;
    private static final int CMD_BLOCK32_ERASE = 0x52;
    private static final int CMD_BLOCK64_ERASE = 0xD8;
    private static final int CMD_CHIP_ERASE = 0xC7;
    private static final int CMD_CHIP_ERASE_ALT = 0x60;
    private static final int CMD_POWER_DOWN = 0xB9;
    private static final int CMD_RELEASE_POWER_DOWN = 0xAB;
    private static final int CMD_MANUFACTURER_DEVICE_ID = 0x90;
    private static final int CMD_JEDEC_ID = 0x9F;

    private enum Operation { NONE, PROGRAM, ERASE }

    private final byte[] array = new byte[CAPACITY_BYTES];
    private final byte[] pageBuffer = new byte[PAGE_BYTES];
    private final Scheduler scheduler;
    private final W25q128jvTimings timings;
    private final SplittableRandom powerLossRandom;

    private boolean powered = true;
    private boolean poweredDown;
    private boolean writeEnabled;

    // the command being clocked in
    private boolean ignoringCommand;
    private int command = -1;
    private int bytesInCommand;
    private int address;
    private int dataBytes;

    // the program or erase in progress
    private Operation operation = Operation.NONE;
    private int operationStart;
    private int operationLength;
    private long operationStartedMicros;
    private long operationDurationMicros;

    private long programs;
    private long erases;
    private long reads;

    private final SimTimer completion = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            finishOperation(1.0);
        }
    };
    private final SimTimer powerDownTimer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            poweredDown = pendingPowerDown;
        }
    };
    private boolean pendingPowerDown;

    /**
     * @param scheduler simulated time
     * @param timings program and erase durations
     * @param seed seed of the power-loss stream
     */
    public W25q128jv(Scheduler scheduler, W25q128jvTimings timings, long seed) {
        this.scheduler = scheduler;
        this.timings = timings;
        this.powerLossRandom = SimRandom.stream(seed, "flash.w25q128jv.powerloss");
        Arrays.fill(array, (byte) 0xFF);
    }

    // ---- SPI ---------------------------------------------------------------------------------------------

    @Override
    public void selected() {
        command = -1;
        bytesInCommand = 0;
        address = 0;
        dataBytes = 0;
        ignoringCommand = false;
    }

    @Override
    public int exchange(int mosi) {
        if (!powered) {
            return 0xFF;
        }
        int index = bytesInCommand++;
        if (index == 0) {
            command = mosi;
            ignoringCommand = ignored(mosi);
            if (!ignoringCommand && command == CMD_PAGE_PROGRAM) {
                Arrays.fill(pageBuffer, (byte) 0xFF);
            }
            if (!ignoringCommand && (command == CMD_READ_DATA || command == CMD_FAST_READ)) {
                reads++;
            }
            return 0xFF;
        }
        if (ignoringCommand) {
            return 0xFF;
        }
        switch (command) {
            case CMD_READ_STATUS1:
                return status();
            case CMD_JEDEC_ID:
                return index == 1 ? MANUFACTURER_ID : index == 2 ? MEMORY_TYPE : index == 3 ? CAPACITY_ID : 0xFF;
            case CMD_RELEASE_POWER_DOWN:
                return index >= 4 ? DEVICE_ID : 0xFF;
            case CMD_MANUFACTURER_DEVICE_ID:
                if (index <= 3) {
                    return 0xFF;
                }
                return ((index - 4) & 1) == 0 ? MANUFACTURER_ID : DEVICE_ID;
            case CMD_READ_DATA:
            case CMD_FAST_READ:
                return readByte(index, mosi, command == CMD_FAST_READ ? 1 : 0);
            case CMD_PAGE_PROGRAM:
                if (!collectAddress(index, mosi)) {
                    int column = (address + dataBytes) & (PAGE_BYTES - 1);
                    pageBuffer[column] = (byte) mosi;
                    dataBytes++;
                }
                return 0xFF;
            case CMD_SECTOR_ERASE:
            case CMD_BLOCK32_ERASE:
            case CMD_BLOCK64_ERASE:
                collectAddress(index, mosi);
                return 0xFF;
            default:
                return 0xFF;
        }
    }

    @Override
    public void deselected() {
        if (!powered || ignoringCommand || command < 0) {
            return;
        }
        long now = scheduler.nowMicros();
        switch (command) {
            case CMD_WRITE_ENABLE -> writeEnabled = true;
            case CMD_WRITE_DISABLE -> writeEnabled = false;
            case CMD_POWER_DOWN -> {
                pendingPowerDown = true;
                scheduler.schedule(powerDownTimer, now + timings.powerDownMicros());
            }
            case CMD_RELEASE_POWER_DOWN -> {
                pendingPowerDown = false;
                scheduler.schedule(powerDownTimer, now + timings.releasePowerDownMicros());
            }
            case CMD_PAGE_PROGRAM -> {
                if (writeEnabled && bytesInCommand >= 5) {
                    start(Operation.PROGRAM, address & ~(PAGE_BYTES - 1), PAGE_BYTES, timings.pageProgramMicros());
                }
            }
            case CMD_SECTOR_ERASE -> startErase(4 * 1024, timings.sectorEraseMicros());
            case CMD_BLOCK32_ERASE -> startErase(32 * 1024, timings.block32EraseMicros());
            case CMD_BLOCK64_ERASE -> startErase(64 * 1024, timings.block64EraseMicros());
            case CMD_CHIP_ERASE, CMD_CHIP_ERASE_ALT -> {
                if (writeEnabled && bytesInCommand == 1) {
                    start(Operation.ERASE, 0, CAPACITY_BYTES, timings.chipEraseMicros());
                }
            }
            default -> {
            }
        }
    }

    private boolean ignored(int opcode) {
        if (poweredDown || pendingPowerDown && powerDownTimer.isScheduled()) {
            return opcode != CMD_RELEASE_POWER_DOWN;
        }
        return operation != Operation.NONE && opcode != CMD_READ_STATUS1;
    }

    /** Collects the 3 address bytes (MSB first) after the opcode; returns false once they are complete. */
    private boolean collectAddress(int index, int mosi) {
        if (index <= 3) {
            address = (address << 8 | mosi) & (CAPACITY_BYTES - 1);
            return true;
        }
        return false;
    }

    private int readByte(int index, int mosi, int dummyBytes) {
        if (collectAddress(index, mosi) || index <= 3 + dummyBytes) {
            return 0xFF;
        }
        int value = array[address] & 0xFF;
        address = (address + 1) & (CAPACITY_BYTES - 1);
        return value;
    }

    private void startErase(int size, long micros) {
        if (writeEnabled && bytesInCommand == 4) {
            start(Operation.ERASE, address & ~(size - 1), size, micros);
        }
    }

    private void start(Operation kind, int start, int length, long micros) {
        operation = kind;
        operationStart = start;
        operationLength = length;
        operationStartedMicros = scheduler.nowMicros();
        operationDurationMicros = micros;
        scheduler.schedule(completion, operationStartedMicros + micros);
    }

    private void finishOperation(double fractionDone) {
        if (operation == Operation.PROGRAM) {
            for (int i = 0; i < operationLength; i++) {
                int current = array[operationStart + i] & 0xFF;
                int target = current & pageBuffer[i];
                array[operationStart + i] = (byte) partial(current, target, fractionDone);
            }
            programs++;
        } else if (operation == Operation.ERASE) {
            for (int i = operationStart; i < operationStart + operationLength; i++) {
                array[i] = (byte) partial(array[i] & 0xFF, 0xFF, fractionDone);
            }
            erases++;
        }
        operation = Operation.NONE;
        writeEnabled = false;
    }

    private int partial(int current, int target, double fractionDone) {
        if (fractionDone >= 1.0 || current == target) {
            return target;
        }
        int changing = current ^ target;
        int result = current;
        for (int bit = 0; bit < 8; bit++) {
            if ((changing & (1 << bit)) != 0 && powerLossRandom.nextDouble() < fractionDone) {
                result ^= 1 << bit;
            }
        }
        return result;
    }

    private int status() {
        return (operation != Operation.NONE ? STATUS_BUSY : 0) | (writeEnabled ? STATUS_WEL : 0);
    }

    // ---- power ------------------------------------------------------------------------------------------

    /**
     * Supply lost now: a program or erase in progress is left partly done, and the chip ignores the bus
     * until {@link #powerOn()}.
     */
    public void powerLoss() {
        if (operation != Operation.NONE) {
            scheduler.cancel(completion);
            long elapsed = scheduler.nowMicros() - operationStartedMicros;
            finishOperation(Math.min(1.0, (double) elapsed / operationDurationMicros));
        }
        scheduler.cancel(powerDownTimer);
        powered = false;
        writeEnabled = false;
        poweredDown = false;
        pendingPowerDown = false;
    }

    /** Supply back: standby, WEL clear, contents as left. */
    public void powerOn() {
        powered = true;
    }

    // ---- inspection for tests ---------------------------------------------------------------------------

    /** The stored byte at an address, without going through SPI. */
    public int peek(int address) {
        return array[address] & 0xFF;
    }

    public boolean isBusy() {
        return operation != Operation.NONE;
    }

    public boolean isPoweredDown() {
        return poweredDown;
    }

    /** @return completed (or power-cut) page programs */
    public long programs() {
        return programs;
    }

    /** @return Read Data and Fast Read commands taken (what a firmware's scan of the array costs) */
    public long reads() {
        return reads;
    }

    /** @return completed (or power-cut) erases */
    public long erases() {
        return erases;
    }
}
