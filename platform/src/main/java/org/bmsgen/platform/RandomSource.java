package org.bmsgen.platform;

/**
 * A source of unpredictable bytes for nonces and keys (on the ESP32: the hardware RNG behind
 * {@code esp_fill_random}, true random while the radio is on, ESP32 TRM 25 "Random Number Generator").
 */
public interface RandomSource {

    /**
     * Fills the caller's buffer with random bytes without allocating.
     *
     * @param buffer destination, owned by the caller
     * @param offset index of the first byte written
     * @param length bytes to write, 0..(buffer.length - offset)
     * @return {@link Status#OK}, or a negative status if the source cannot give random bytes now
     */
    int fill(byte[] buffer, int offset, int length);
}
