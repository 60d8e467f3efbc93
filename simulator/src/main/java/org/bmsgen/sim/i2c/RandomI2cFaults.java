package org.bmsgen.sim.i2c;

import java.util.SplittableRandom;

import org.bmsgen.platform.Status;
import org.bmsgen.sim.time.SimRandom;

/**
 * Faults at fixed rates from a seeded stream: a transaction is refused with an address NACK at
 * {@code nackRate}; a transferred byte gets one bit flipped at {@code byteCorruptionRate}. Counts what it
 * injected so a test can compare the driver's error counters with the truth.
 */
public final class RandomI2cFaults implements I2cFaultInjector {
    private final SplittableRandom random;
    private final double nackRate;
    private final double byteCorruptionRate;
    private long nacksInjected;
    private long bytesCorrupted;

    /**
     * @param seed the simulation seed
     * @param nackRate probability per transaction, 0..1
     * @param byteCorruptionRate probability per byte, 0..1
     */
    public RandomI2cFaults(long seed, double nackRate, double byteCorruptionRate) {
        if (nackRate < 0 || nackRate > 1 || byteCorruptionRate < 0 || byteCorruptionRate > 1) {
            throw new IllegalArgumentException("rates must be within 0..1");
        }
        this.random = SimRandom.stream(seed, "i2c.faults");
        this.nackRate = nackRate;
        this.byteCorruptionRate = byteCorruptionRate;
    }

    @Override
    public int beforeTransaction(int address7, boolean read) {
        if (nackRate > 0 && random.nextDouble() < nackRate) {
            nacksInjected++;
            return Status.NACK_ADDRESS;
        }
        return Status.OK;
    }

    @Override
    public void corruptWrite(byte[] data, int offset, int length) {
        corrupt(data, offset, length);
    }

    @Override
    public void corruptRead(byte[] data, int offset, int length) {
        corrupt(data, offset, length);
    }

    private void corrupt(byte[] data, int offset, int length) {
        if (byteCorruptionRate == 0) {
            return;
        }
        for (int i = offset; i < offset + length; i++) {
            if (random.nextDouble() < byteCorruptionRate) {
                data[i] ^= (byte) (1 << random.nextInt(8));
                bytesCorrupted++;
            }
        }
    }

    public long nacksInjected() {
        return nacksInjected;
    }

    public long bytesCorrupted() {
        return bytesCorrupted;
    }
}
