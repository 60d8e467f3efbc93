package org.bmsgen.sim.flash;

/**
 * Program and erase times of the W25Q128JV (Winbond W25Q128JV datasheet, rev. F 2018, section 9.6
 * "AC Electrical Characteristics": tPP, tSE, tBE1, tBE2, tCE, tW; tDP and tRES1 for power-down).
 * Typed from memory of that table, not checked against the datasheet in this project: see
 * docs/reference/w25q128jv.md for what must be verified before a firmware timeout is based on them.
 *
 * @param pageProgramMicros tPP
 * @param sectorEraseMicros tSE (4 KiB)
 * @param block32EraseMicros tBE1 (32 KiB)
 * @param block64EraseMicros tBE2 (64 KiB)
 * @param chipEraseMicros tCE
 * @param powerDownMicros tDP: /CS high to power-down
 * @param releasePowerDownMicros tRES1: /CS high to standby
 */
public record W25q128jvTimings(long pageProgramMicros, long sectorEraseMicros, long block32EraseMicros,
                               long block64EraseMicros, long chipEraseMicros, long powerDownMicros,
                               long releasePowerDownMicros) {

    /** Typical values: tPP 0.4 ms, tSE 45 ms, tBE1 120 ms, tBE2 150 ms, tCE 40 s, tDP 3 us, tRES1 3 us. */
    public static final W25q128jvTimings TYPICAL =
            new W25q128jvTimings(400, 45_000, 120_000, 150_000, 40_000_000, 3, 3);

    /** Maximum values: tPP 3 ms, tSE 400 ms, tBE1 1.6 s, tBE2 2 s, tCE 200 s: firmware timeouts must cover these. */
    public static final W25q128jvTimings MAXIMUM =
            new W25q128jvTimings(3_000, 400_000, 1_600_000, 2_000_000, 200_000_000, 3, 3);
}
