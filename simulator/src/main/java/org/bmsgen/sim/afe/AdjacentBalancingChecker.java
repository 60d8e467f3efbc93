package org.bmsgen.sim.afe;

/**
 * Flags balancing of two adjacent physical cells at once, which the BQ76920 does not forbid but must never
 * see (reference "Behaviour", DS Table 8-1 section: never two adjacent cells within VC1-VC5). Judged on physical cells: with 4 cells, CB3 and
 * CB5 drain neighbours, because VC4-VC3 is shorted (DS Table 9-2).
 */
public final class AdjacentBalancingChecker implements BalancingObserver {
    private long violations;
    private long firstViolationMicros = -1;
    private int firstViolationMask;
    private long unwiredChannelWrites;

    @Override
    public void balancingChanged(long nowMicros, int physicalCellMask, int unwiredChannelMask) {
        if ((physicalCellMask & (physicalCellMask >>> 1)) != 0) {
            violations++;
            if (firstViolationMicros < 0) {
                firstViolationMicros = nowMicros;
                firstViolationMask = physicalCellMask;
            }
        }
        if (unwiredChannelMask != 0) {
            unwiredChannelWrites++;
        }
    }

    /** @return how many CELLBAL changes switched on two adjacent physical cells */
    public long violations() {
        return violations;
    }

    /** @return when the first violation happened, -1 if none */
    public long firstViolationMicros() {
        return firstViolationMicros;
    }

    /** @return the physical cell mask of the first violation */
    public int firstViolationMask() {
        return firstViolationMask;
    }

    /** @return how many CELLBAL changes switched on a channel that drains no cell */
    public long unwiredChannelWrites() {
        return unwiredChannelWrites;
    }
}
