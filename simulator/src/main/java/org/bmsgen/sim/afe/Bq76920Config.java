package org.bmsgen.sim.afe;

/**
 * One simulated BQ76920: its wiring and its factory trim (every chip has its own ADCGAIN/ADCOFFSET,
 * DS Tables 8-22 and 8-23).
 *
 * @param cells series cells wired, 3..5 (DS Table 9-2 decides which VC channels they use)
 * @param gainMicrovoltsPerLsb factory ADC gain, 365..396 uV/LSB
 * @param offsetMillivolts factory ADC offset, -128..127 mV (stored as a signed byte)
 * @param adcNoiseLsb standard deviation of the Gaussian noise added to each cell conversion, in LSB
 * @param seed seed of this chip's noise stream
 * @param shuntSamplePeriodMicros how often the shunt is sampled for the coulomb counter and the OCD/SCD
 *        comparators between step changes announced through {@link Bq76920#inputsChanged()}
 */
public record Bq76920Config(int cells, int gainMicrovoltsPerLsb, int offsetMillivolts, double adcNoiseLsb,
                            long seed, long shuntSamplePeriodMicros) {

    public Bq76920Config {
        if (cells < 3 || cells > 5) {
            throw new IllegalArgumentException("a BQ76920 monitors 3 to 5 cells, not " + cells);
        }
        if (gainMicrovoltsPerLsb < 365 || gainMicrovoltsPerLsb > 396) {
            throw new IllegalArgumentException("ADC gain " + gainMicrovoltsPerLsb + " uV/LSB is outside 365..396 (DS Table 8-22)");
        }
        if (offsetMillivolts < -128 || offsetMillivolts > 127) {
            throw new IllegalArgumentException("ADC offset " + offsetMillivolts + " mV is outside -128..127 (DS Table 8-23)");
        }
        if (adcNoiseLsb < 0 || shuntSamplePeriodMicros < 1) {
            throw new IllegalArgumentException("noise and sample period must be positive");
        }
    }

    /** The reference board: 4 cells, a typical trim (382 uV/LSB, 0 mV, DS 9.2), 0.5 LSB noise, 10 ms shunt sampling. */
    public static Bq76920Config referenceBoard(long seed) {
        return new Bq76920Config(4, 382, 0, 0.5, seed, 10_000);
    }

    public Bq76920Config withTrim(int gainUv, int offsetMv) {
        return new Bq76920Config(cells, gainUv, offsetMv, adcNoiseLsb, seed, shuntSamplePeriodMicros);
    }

    public Bq76920Config withNoise(double lsb) {
        return new Bq76920Config(cells, gainMicrovoltsPerLsb, offsetMillivolts, lsb, seed, shuntSamplePeriodMicros);
    }

    public Bq76920Config withCells(int count) {
        return new Bq76920Config(count, gainMicrovoltsPerLsb, offsetMillivolts, adcNoiseLsb, seed, shuntSamplePeriodMicros);
    }

    /** ADCGAIN1 bits 3:2 hold GAIN bits 4:3 (DS Table 8-22); other bits read 0 here. */
    public int adcGain1() {
        return ((gainMicrovoltsPerLsb - 365) >> 3 & 0x3) << 2;
    }

    /** ADCGAIN2 bits 7:5 hold GAIN bits 2:0 (DS Table 8-22). */
    public int adcGain2() {
        return ((gainMicrovoltsPerLsb - 365) & 0x7) << 5;
    }

    /** ADCOFFSET: the offset as a two's complement byte (DS Table 8-23). */
    public int adcOffset() {
        return offsetMillivolts & 0xFF;
    }

    /**
     * The VC channel (1..5) each physical cell is read through (DS Table 9-2): with fewer than 5 cells the
     * unused inputs are shorted to the one below and the top cell is read via VC5.
     *
     * @param physicalCell 1..cells
     */
    public int channelOf(int physicalCell) {
        if (physicalCell == cells) {
            return 5;
        }
        return physicalCell;
    }

    /** @return bit n-1 set for each VC channel n that carries a cell (0x17 for 4 cells) */
    public int usedChannelMask() {
        int mask = 0;
        for (int cell = 1; cell <= cells; cell++) {
            mask |= 1 << (channelOf(cell) - 1);
        }
        return mask;
    }
}
