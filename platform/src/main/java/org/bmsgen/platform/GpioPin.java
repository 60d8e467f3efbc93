package org.bmsgen.platform;

/**
 * One digital pin; direction, pull and drive strength are fixed by the board port.
 */
public interface GpioPin {

    /** @return true if the pin's input level is high (for an output: the level actually on the pin) */
    boolean isHigh();

    /**
     * Drives an output pin; ignored on an input pin.
     *
     * @param high true for high, false for low
     */
    void set(boolean high);
}
