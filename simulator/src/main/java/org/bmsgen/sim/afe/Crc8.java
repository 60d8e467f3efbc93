package org.bmsgen.sim.afe;

/**
 * The BQ76920's I2C CRC (DS 8.3.1.4): CRC-8 with polynomial x^8 + x^2 + x + 1 (0x07), initial value 0,
 * no reflection, no final XOR (the catalogue's CRC-8/SMBUS, check value 0xF4 for "123456789").
 */
public final class Crc8 {
    private static final byte[] TABLE = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1;
            }
            TABLE[i] = (byte) crc;
        }
    }

    private Crc8() {
    }

    /** Continues a CRC over one byte. */
    public static int update(int crc, int value) {
        return TABLE[(crc ^ value) & 0xFF] & 0xFF;
    }

    /** CRC over {@code length} bytes from {@code offset}, starting from 0. */
    public static int of(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = update(crc, data[i]);
        }
        return crc;
    }
}
