package org.bmsgen.sim.afe;

/**
 * CRC-8 (0x07, init 0) computed bit by bit, straight from the polynomial (DS 8.3.1.4), independent of the
 * table-driven {@link Crc8} the simulator uses.
 */
public final class ReferenceCrc {
    private ReferenceCrc() {
    }

    // fixed arities so a driver's hot path does not allocate a varargs array
    public static int crc(int a) {
        return step(0, a);
    }

    public static int crc(int a, int b) {
        return step(step(0, a), b);
    }

    public static int crc(int a, int b, int c) {
        return step(step(step(0, a), b), c);
    }

    private static int step(int crc, int value) {
        crc ^= value & 0xFF;
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
        }
        return crc;
    }

    public static int crc(int... bytes) {
        int crc = 0;
        for (int value : bytes) {
            crc ^= value & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }
}
