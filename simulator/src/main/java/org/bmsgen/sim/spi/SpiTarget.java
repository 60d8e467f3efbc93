package org.bmsgen.sim.spi;

/**
 * A simulated device on a {@link SimSpiBus}, seen byte by byte between its chip-select edges.
 */
public interface SpiTarget {

    /** /CS falling edge: a new command begins. */
    void selected();

    /**
     * One byte clocked full duplex.
     *
     * @param mosi the byte the master sends, 0..255
     * @return the byte the device drives on MISO, 0..255 (0xFF when it drives nothing)
     */
    int exchange(int mosi);

    /** /CS rising edge: the command ends (and, for a flash, an accepted program or erase starts). */
    void deselected();
}
