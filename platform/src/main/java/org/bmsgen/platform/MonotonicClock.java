package org.bmsgen.platform;

/**
 * A monotonic microsecond clock for time stamps and timeouts (not wall time).
 */
public interface MonotonicClock {

    /**
     * @return microseconds since an arbitrary origin fixed at reset; never decreases, and in a long it
     *         does not wrap within the life of a product (2^63 us is about 292 000 years)
     */
    long nowMicros();
}
