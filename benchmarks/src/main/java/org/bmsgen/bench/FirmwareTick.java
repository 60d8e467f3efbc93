package org.bmsgen.bench;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;

import org.bmsgen.platform.I2cMaster;
import org.bmsgen.platform.Status;
import org.bmsgen.platform.TickHandler;
import org.bmsgen.sim.afe.Crc8;

/**
 * What one 250 ms control tick of the firmware does on the I2C bus of a 4S BQ76920 board, written as a
 * firmware would (caller-owned buffers, CRC per DS 8.3.1.4, no allocation): read SYS_STAT and clear what it
 * reports, read the cell voltages, BAT and CC, then write CELLBAL (the highest cell bleeds while it is more
 * than {@link #BALANCE_WINDOW_MV} above the lowest; one cell at a time is never adjacent).
 *
 * <p>The first tick configures the chip ({@link #configure()}); later ticks do the work above.
 *
 * <p>It stands in for generated firmware in the benchmark, so its own cost is part of what is measured, as
 * the firmware's would be.
 */
public final class FirmwareTick implements TickHandler {
    /** VC channels of the 4 cells on a BQ76920 (DS Table 9-2: VC4 shorted, the top cell on VC5). */
    private static final int[] CELL_CHANNELS = {1, 2, 3, 5};
    static final int BALANCE_WINDOW_MV = 15;

    private final I2cMaster bus;
    private final byte[] tx = new byte[3];
    private final byte[] rx = new byte[20];
    private final int[] registers = new int[10];
    private final int[] cellMillivolts = new int[CELL_CHANNELS.length];
    private int gainMicrovolts;
    private int offsetMillivolts;
    private long ticks;
    private long busErrors;
    private int batCode;
    private int ccCode;
    private int cellbal;
    private boolean configured;

    public FirmwareTick(I2cMaster bus) {
        this.bus = bus;
    }

    /**
     * Boot-time configuration: reads the factory trim (DS Tables 8-22, 8-23), sets the protection of the
     * reference board (RSNS = 1, SCD 200 mV / 400 us, OCD 56 mV / 320 ms: 56 A on its 1 mOhm shunt), starts
     * the ADC with the external thermistor, the coulomb counter and both FETs.
     *
     * @return {@link Status#OK} or the first failing status
     */
    public int configure() {
        int status = read(ADCGAIN1, 2);
        if (status != Status.OK) {
            return status;
        }
        int gain1 = registers[0];
        offsetMillivolts = (byte) registers[1];
        status = read(ADCGAIN2, 1);
        if (status != Status.OK) {
            return status;
        }
        gainMicrovolts = 365 + (((gain1 & 0x0C) << 1) | ((registers[0] & 0xE0) >> 5));
        int[][] writes = {
            {PROTECT1, RSNS | 0x18 | 0x7},
            {PROTECT2, 0x50 | 0x7},
            {SYS_CTRL1, ADC_EN | TEMP_SEL},
            {SYS_CTRL2, CC_EN | DSG_ON | CHG_ON},
        };
        for (int[] write : writes) {
            status = write(write[0], write[1]);
            if (status != Status.OK) {
                return status;
            }
        }
        return Status.OK;
    }

    @Override
    public void onTick(long tick, long nowMicros) {
        ticks++;
        if (!configured) {
            // the AFE answers only after t_BOOTREADY: configure at the first tick that reaches it
            configured = configure() == Status.OK;
            return;
        }
        if (read(SYS_STAT, 1) == Status.OK && registers[0] != 0) {
            // write 1 to clear what was reported (DS 8.5); a real firmware would act on the faults first
            count(write(SYS_STAT, registers[0]));
        }
        if (read(VC1_HI, 10) == Status.OK) {
            int lowest = Integer.MAX_VALUE;
            int highest = Integer.MIN_VALUE;
            int highestCell = 0;
            for (int cell = 0; cell < CELL_CHANNELS.length; cell++) {
                int index = 2 * (CELL_CHANNELS[cell] - 1);
                int raw = (registers[index] << 8 | registers[index + 1]) & 0x3FFF;
                int millivolts = (int) ((gainMicrovolts * (long) raw) / 1000) + offsetMillivolts;
                cellMillivolts[cell] = millivolts;
                lowest = Math.min(lowest, millivolts);
                if (millivolts > highest) {
                    highest = millivolts;
                    highestCell = cell;
                }
            }
            cellbal = highest - lowest > BALANCE_WINDOW_MV ? 1 << (CELL_CHANNELS[highestCell] - 1) : 0;
        }
        if (read(BAT_HI, 2) == Status.OK) {
            batCode = registers[0] << 8 | registers[1];
        }
        if (read(CC_HI, 2) == Status.OK) {
            ccCode = (short) (registers[0] << 8 | registers[1]);
        }
        count(write(CELLBAL1, cellbal));
    }

    private void count(int status) {
        if (status != Status.OK) {
            busErrors++;
        }
    }

    private int write(int register, int value) {
        tx[0] = (byte) register;
        tx[1] = (byte) value;
        tx[2] = (byte) Crc8.update(Crc8.update(Crc8.update(0, I2C_ADDRESS << 1), register), value);
        return bus.write(I2C_ADDRESS, tx, 0, 3);
    }

    /** Reads {@code count} registers into {@link #registers}, checking each CRC (DS 8.3.1.4). */
    private int read(int register, int count) {
        tx[0] = (byte) register;
        int status = bus.writeRead(I2C_ADDRESS, tx, 0, 1, rx, 0, 2 * count);
        if (status == Status.OK) {
            for (int i = 0; i < count; i++) {
                int value = rx[2 * i] & 0xFF;
                int crc = i == 0 ? Crc8.update(Crc8.update(0, I2C_ADDRESS << 1 | 1), value) : Crc8.update(0, value);
                if ((rx[2 * i + 1] & 0xFF) != crc) {
                    status = Status.BUS_ERROR;
                    break;
                }
                registers[i] = value;
            }
        }
        count(status);
        return status;
    }

    public long ticks() {
        return ticks;
    }

    public long busErrors() {
        return busErrors;
    }

    /** @param cell 1..4, bottom first @return the last reading in mV */
    public int cellMillivolts(int cell) {
        return cellMillivolts[cell - 1];
    }

    /** @return the last CC result, signed counts of 8.44 uV */
    public int ccCode() {
        return ccCode;
    }

    /** @return the last BAT result, raw counts */
    public int batCode() {
        return batCode;
    }

    /** @return the CELLBAL1 value written at the last tick */
    public int cellbal() {
        return cellbal;
    }
}
