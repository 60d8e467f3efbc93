package org.bmsgen.sim.afe;

/**
 * Register addresses, bits and setting tables of the BQ76920 (DS 8.5, as collected in
 * shared/reference/bq76920.md). Tests keep their own copies of the tables on purpose: a table typed twice
 * from the datasheet is checked against itself.
 */
public final class Bq769x0Registers {
    public static final int I2C_ADDRESS = 0x08;

    public static final int SYS_STAT = 0x00;
    public static final int CELLBAL1 = 0x01;
    /** BQ76930/40 only: CB6..CB10. */
    public static final int CELLBAL2 = 0x02;
    /** BQ76940 only: CB11..CB15. */
    public static final int CELLBAL3 = 0x03;
    public static final int SYS_CTRL1 = 0x04;
    public static final int SYS_CTRL2 = 0x05;
    public static final int PROTECT1 = 0x06;
    public static final int PROTECT2 = 0x07;
    public static final int PROTECT3 = 0x08;
    public static final int OV_TRIP = 0x09;
    public static final int UV_TRIP = 0x0A;
    public static final int CC_CFG = 0x0B;
    public static final int VC1_HI = 0x0C;
    public static final int BAT_HI = 0x2A;
    public static final int TS1_HI = 0x2C;
    public static final int CC_HI = 0x32;
    public static final int ADCGAIN1 = 0x50;
    public static final int ADCOFFSET = 0x51;
    public static final int ADCGAIN2 = 0x59;
    /** One past the highest address; reads beyond the map return 0. */
    public static final int MAP_SIZE = 0x60;

    // SYS_STAT
    public static final int CC_READY = 1 << 7;
    public static final int DEVICE_XREADY = 1 << 5;
    public static final int OVRD_ALERT = 1 << 4;
    public static final int UV = 1 << 3;
    public static final int OV = 1 << 2;
    public static final int SCD = 1 << 1;
    public static final int OCD = 1;
    /** Bit 6 is reserved. */
    public static final int SYS_STAT_BITS = 0xBF;

    // SYS_CTRL1
    public static final int LOAD_PRESENT = 1 << 7;
    public static final int ADC_EN = 1 << 4;
    public static final int TEMP_SEL = 1 << 3;
    public static final int SHUT_A = 1 << 1;
    public static final int SHUT_B = 1;

    // SYS_CTRL2
    public static final int DELAY_DIS = 1 << 7;
    public static final int CC_EN = 1 << 6;
    public static final int CC_ONESHOT = 1 << 5;
    public static final int DSG_ON = 1 << 1;
    public static final int CHG_ON = 1;

    // PROTECT1
    public static final int RSNS = 1 << 7;

    /** SCD thresholds in mV by code, RSNS = 1 then RSNS = 0 (DS 8.5, PROTECT1). */
    static final int[] SCD_THRESHOLD_MV_RSNS1 = {44, 67, 89, 111, 133, 155, 178, 200};
    static final int[] SCD_THRESHOLD_MV_RSNS0 = {22, 33, 44, 56, 67, 78, 89, 100};
    static final int[] SCD_DELAY_US = {70, 100, 200, 400};
    /** OCD thresholds in mV by code (DS 8.5, PROTECT2). */
    static final int[] OCD_THRESHOLD_MV_RSNS1 = {17, 22, 28, 33, 39, 44, 50, 56, 61, 67, 72, 78, 83, 89, 94, 100};
    static final int[] OCD_THRESHOLD_MV_RSNS0 = {8, 11, 14, 17, 19, 22, 25, 28, 31, 33, 36, 39, 42, 44, 47, 50};
    static final int[] OCD_DELAY_MS = {8, 20, 40, 80, 160, 320, 640, 1280};
    /** UV and OV delays in seconds (DS 8.5, PROTECT3). */
    static final int[] UV_DELAY_S = {1, 4, 8, 16};
    static final int[] OV_DELAY_S = {1, 2, 4, 8};

    private Bq769x0Registers() {
    }

    /** VCn_HI for channel n = 1..15 (DS 8.5: 0x0C + 2(n-1), VC15_HI = 0x28). */
    public static int vcHi(int channel) {
        return VC1_HI + 2 * (channel - 1);
    }

    /** TSn_HI for n = 1..3 (TS2 and TS3 on the BQ76930/40). */
    public static int tsHi(int group) {
        return TS1_HI + 2 * (group - 1);
    }
}
