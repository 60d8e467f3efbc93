package org.bmsgen.sim.time;

import java.util.SplittableRandom;

/**
 * Seeded random streams, one per simulated component, so that adding a component or changing how often
 * one draws never changes another's numbers: a run is reproduced from its seed alone.
 */
public final class SimRandom {
    private SimRandom() {
    }

    /**
     * @param seed the simulation's seed
     * @param component a stable name of the component ("afe.noise", "i2c.faults")
     * @return an independent generator for that component
     */
    public static SplittableRandom stream(long seed, String component) {
        long mixed = seed;
        for (int i = 0; i < component.length(); i++) {
            mixed = mixed * 0x100000001B3L ^ component.charAt(i);
        }
        return new SplittableRandom(mixed);
    }
}
