package org.bmsgen.sim.afe;

import org.bmsgen.platform.I2cMaster;
import org.bmsgen.platform.Status;

/**
 * The smallest correct BQ76920 driver a test needs: CRC framing per DS 8.3.1.4 and the conversions of the
 * reference. Known-defect tests copy one method of it and get that one thing wrong.
 */
public class AfeDriver {
    /** A read whose CRC did not match: the driver's own status, not the bus's. */
    public static final int CRC_MISMATCH = -100;
    static final int ADDRESS = 0x08;

    final I2cMaster bus;
    private final byte[] tx = new byte[8];
    private final byte[] rx = new byte[256];
    /** The last bytes read from the bus, CRC bytes included. */
    final byte[] lastRead = new byte[256];

    public AfeDriver(I2cMaster bus) {
        this.bus = bus;
    }

    public int writeRegister(int register, int value) {
        tx[0] = (byte) register;
        tx[1] = (byte) value;
        tx[2] = (byte) ReferenceCrc.crc(ADDRESS << 1, register, value);
        return bus.write(ADDRESS, tx, 0, 3);
    }

    /** Reads {@code count} registers into {@code out}, checking every CRC. */
    public int readRegisters(int register, int[] out, int count) {
        tx[0] = (byte) register;
        int status = bus.writeRead(ADDRESS, tx, 0, 1, rx, 0, 2 * count);
        if (status != Status.OK) {
            return status;
        }
        System.arraycopy(rx, 0, lastRead, 0, 2 * count);
        for (int i = 0; i < count; i++) {
            int value = rx[2 * i] & 0xFF;
            int expected = i == 0 ? ReferenceCrc.crc((ADDRESS << 1) | 1, value) : ReferenceCrc.crc(value);
            if ((rx[2 * i + 1] & 0xFF) != expected) {
                return CRC_MISMATCH;
            }
            out[i] = value;
        }
        return Status.OK;
    }

    private final int[] scratch = new int[4];

    public int readRegister(int register) {
        int status = readRegisters(register, scratch, 1);
        if (status != Status.OK) {
            throw new AssertionError("read of 0x" + Integer.toHexString(register) + " failed: " + status);
        }
        return scratch[0];
    }

    public int read16(int registerHi) {
        int status = readRegisters(registerHi, scratch, 2);
        if (status != Status.OK) {
            throw new AssertionError("read of 0x" + Integer.toHexString(registerHi) + " failed: " + status);
        }
        return scratch[0] << 8 | scratch[1];
    }

    public void write(int register, int value) {
        int status = writeRegister(register, value);
        if (status != Status.OK) {
            throw new AssertionError("write of 0x" + Integer.toHexString(register) + " failed: " + Status.name(status));
        }
    }

    /** GAIN in uV/LSB (DS Table 8-22). */
    public int gainMicrovolts() {
        return 365 + (((readRegister(0x50) & 0x0C) << 1) | ((readRegister(0x59) & 0xE0) >> 5));
    }

    /** OFFSET in mV, signed (DS Table 8-23). */
    public int offsetMillivolts() {
        return (byte) readRegister(0x51);
    }

    /** Cell voltage in mV of VC channel 1..5: V = GAIN x ADC + OFFSET (reference "Conversions"). */
    public long channelMillivolts(int channel) {
        int raw = read16(0x0C + 2 * (channel - 1)) & 0x3FFF;
        return Math.round((gainMicrovolts() * (long) raw + offsetMillivolts() * 1000L) / 1000.0);
    }

    /** OV_TRIP byte for a threshold, rounding the raw code to nearest (TI's rule; DS 9.2). */
    public static int ovTripByte(int millivolts, int gainUv, int offsetMv) {
        long raw = Math.round((millivolts - offsetMv) * 1000.0 / gainUv);
        return (int) (raw >> 4) & 0xFF;
    }
}
