package org.bmsgen.sim.net;

import java.util.SplittableRandom;

import org.bmsgen.platform.RandomSource;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.time.SimRandom;

/**
 * A {@link RandomSource} drawing from the board's seed ("esp32.rng" stream), so that a run's nonces are
 * reproduced from the seed. Not random at all for an attacker who knows the seed: simulation only.
 */
public final class SimRandomSource implements RandomSource {
    private final SplittableRandom random;
    private long bytesDrawn;

    public SimRandomSource(long seed) {
        this.random = SimRandom.stream(seed, "esp32.rng");
    }

    @Override
    public int fill(byte[] buffer, int offset, int length) {
        if (length < 0 || offset < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " in " + buffer.length);
        }
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = (byte) random.nextInt(256);
        }
        bytesDrawn += length;
        return Status.OK;
    }

    /** Bytes handed out so far. */
    public long bytesDrawn() {
        return bytesDrawn;
    }
}
