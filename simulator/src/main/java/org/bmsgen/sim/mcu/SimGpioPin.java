package org.bmsgen.sim.mcu;

import org.bmsgen.platform.GpioPin;

/**
 * A pin on the host: an output keeps what the firmware sets; an input follows what the test or the plant
 * drives with {@link #drive(boolean)}.
 */
public final class SimGpioPin implements GpioPin {
    private final boolean output;
    private boolean level;
    private long changes;

    public SimGpioPin(boolean output, boolean initialLevel) {
        this.output = output;
        this.level = initialLevel;
    }

    @Override
    public boolean isHigh() {
        return level;
    }

    @Override
    public void set(boolean high) {
        if (output && level != high) {
            level = high;
            changes++;
        }
    }

    /** The outside world drives an input pin; ignored on an output. */
    public void drive(boolean high) {
        if (!output && level != high) {
            level = high;
            changes++;
        }
    }

    /** @return level changes so far (for tests that check a pin toggled) */
    public long changes() {
        return changes;
    }
}
