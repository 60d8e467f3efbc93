package org.bmsgen.sim.afe;

import java.util.Arrays;

/**
 * One simulated bq769x0: which family member, how the cells are wired to its VC channels, and its factory
 * trim (every chip has its own ADCGAIN/ADCOFFSET, DS Tables 8-22 and 8-23).
 *
 * @param variant BQ76920, BQ76930 or BQ76940 (one, two or three groups of five VC channels)
 * @param cellChannels the VC channel (1..5 x groups) each physical cell, bottom first, is read through
 * @param gainMicrovoltsPerLsb factory ADC gain, 365..396 uV/LSB
 * @param offsetMillivolts factory ADC offset, -128..127 mV (stored as a signed byte)
 * @param adcNoiseLsb standard deviation of the Gaussian noise added to each cell conversion, in LSB
 * @param seed seed of this chip's noise stream
 * @param shuntSamplePeriodMicros how often the shunt is sampled for the coulomb counter and the OCD/SCD
 *        comparators between step changes announced through {@link Bq769x0#inputsChanged()}
 */
public record Bq769x0Config(Variant variant, int[] cellChannels, int gainMicrovoltsPerLsb, int offsetMillivolts,
                            double adcNoiseLsb, long seed, long shuntSamplePeriodMicros) {

    /** The family members and the cell counts they support (reference "Device"). */
    public enum Variant {
        BQ76920(1, 3, 5), BQ76930(2, 6, 10), BQ76940(3, 9, 15);

        final int groups;
        final int minCells;
        final int maxCells;

        Variant(int groups, int minCells, int maxCells) {
            this.groups = groups;
            this.minCells = minCells;
            this.maxCells = maxCells;
        }

        /** @return groups of five VC channels, one CELLBAL register and one TS input each */
        public int groups() {
            return groups;
        }
    }

    public Bq769x0Config {
        cellChannels = cellChannels.clone();
        int cells = cellChannels.length;
        if (cells < variant.minCells || cells > variant.maxCells) {
            throw new IllegalArgumentException("a " + variant + " monitors " + variant.minCells + " to "
                    + variant.maxCells + " cells, not " + cells);
        }
        for (int i = 0; i < cells; i++) {
            if (cellChannels[i] < 1 || cellChannels[i] > 5 * variant.groups
                    || (i > 0 && cellChannels[i] <= cellChannels[i - 1])) {
                throw new IllegalArgumentException("cell channels must ascend within 1.." + 5 * variant.groups
                        + ": " + Arrays.toString(cellChannels));
            }
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

    /**
     * A BQ76920 with {@code cells} cells wired as DS Table 9-2 shows: the unused inputs are shorted to the
     * one below and the top cell is read via VC5 (4 cells: VC1, VC2, VC3, VC5).
     */
    public Bq769x0Config(int cells, int gainMicrovoltsPerLsb, int offsetMillivolts, double adcNoiseLsb, long seed,
                         long shuntSamplePeriodMicros) {
        this(Variant.BQ76920, bq76920Wiring(cells), gainMicrovoltsPerLsb, offsetMillivolts, adcNoiseLsb, seed,
                shuntSamplePeriodMicros);
    }

    private static int[] bq76920Wiring(int cells) {
        if (cells < 3 || cells > 5) {
            throw new IllegalArgumentException("a BQ76920 monitors 3 to 5 cells, not " + cells);
        }
        int[] channels = new int[cells];
        for (int cell = 1; cell <= cells; cell++) {
            channels[cell - 1] = cell == cells ? 5 : cell;
        }
        return channels;
    }

    /** The reference board: BQ76920, 4 cells, a typical trim (382 uV/LSB, 0 mV, DS 9.2), 0.5 LSB noise, 10 ms shunt sampling. */
    public static Bq769x0Config referenceBoard(long seed) {
        return new Bq769x0Config(4, 382, 0, 0.5, seed, 10_000);
    }

    @Override
    public int[] cellChannels() {
        return cellChannels.clone();
    }

    /** @return number of series cells */
    public int cells() {
        return cellChannels.length;
    }

    public Bq769x0Config withTrim(int gainUv, int offsetMv) {
        return new Bq769x0Config(variant, cellChannels, gainUv, offsetMv, adcNoiseLsb, seed, shuntSamplePeriodMicros);
    }

    public Bq769x0Config withNoise(double lsb) {
        return new Bq769x0Config(variant, cellChannels, gainMicrovoltsPerLsb, offsetMillivolts, lsb, seed,
                shuntSamplePeriodMicros);
    }

    /** A BQ76920 with another cell count (DS Table 9-2 wiring), same trim. */
    public Bq769x0Config withCells(int count) {
        return new Bq769x0Config(Variant.BQ76920, bq76920Wiring(count), gainMicrovoltsPerLsb, offsetMillivolts,
                adcNoiseLsb, seed, shuntSamplePeriodMicros);
    }

    /** Another family member or wiring, same trim. */
    public Bq769x0Config withWiring(Variant chip, int... channels) {
        return new Bq769x0Config(chip, channels, gainMicrovoltsPerLsb, offsetMillivolts, adcNoiseLsb, seed,
                shuntSamplePeriodMicros);
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

    /** @param physicalCell 1..cells @return the VC channel it is read through */
    public int channelOf(int physicalCell) {
        return cellChannels[physicalCell - 1];
    }

    /** @return bit n-1 set for each VC channel n that carries a cell (0x17 for the reference board) */
    public int usedChannelMask() {
        int mask = 0;
        for (int channel : cellChannels) {
            mask |= 1 << (channel - 1);
        }
        return mask;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bq769x0Config that && variant == that.variant
                && Arrays.equals(cellChannels, that.cellChannels) && gainMicrovoltsPerLsb == that.gainMicrovoltsPerLsb
                && offsetMillivolts == that.offsetMillivolts && Double.compare(adcNoiseLsb, that.adcNoiseLsb) == 0
                && seed == that.seed && shuntSamplePeriodMicros == that.shuntSamplePeriodMicros;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(cellChannels) + variant.hashCode() + gainMicrovoltsPerLsb;
    }

    @Override
    public String toString() {
        return variant + " " + Arrays.toString(cellChannels) + " gain " + gainMicrovoltsPerLsb + " uV offset "
                + offsetMillivolts + " mV";
    }
}
