package org.bmsgen.sim.afe;

/**
 * Sees every change of the BQ76920's balancing switches, translated to physical cells (the chip refuses
 * no CELLBAL pattern; judging it is the observer's job).
 */
public interface BalancingObserver {

    /**
     * @param nowMicros simulated time of the change
     * @param physicalCellMask bit i set = physical cell i+1 is being drained
     * @param unwiredChannelMask bit n-1 set = CBn is on for a channel that is shorted in this wiring
     *        (CB4 on a 4-cell pack): it drains no cell
     */
    void balancingChanged(long nowMicros, int physicalCellMask, int unwiredChannelMask);
}
