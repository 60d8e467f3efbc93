package org.bmsgen.sim.afe;

import static org.bmsgen.sim.afe.Bq769x0Registers.*;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.bmsgen.platform.GpioPin;
import org.bmsgen.platform.Status;
import org.bmsgen.sim.i2c.I2cTarget;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.time.SimRandom;
import org.bmsgen.sim.time.SimTimer;

/**
 * A register-exact BQ76920 (BQ7692003: CRC on, I2C address 0x08) on simulated time; with a BQ76930 or
 * BQ76940 configuration the same model carries their second and third groups of five channels (CELLBAL2/3,
 * VC6-VC15, TS2/TS3). The family's wiring for those cell counts is given explicitly in the configuration.
 *
 * <p>Datasheet behaviour modelled (TI SLUSBK2I, "DS"): the register map with reset values (DS 8.5), factory
 * trim read through ADCGAIN1/2 and ADCOFFSET (DS Tables 8-22, 8-23), the 14-bit cell ADC every 250 ms while
 * ADC_EN = 1 with the 4-cell wiring (DS Table 9-2), BAT, TS1 every 2 s (external NTC or die temperature,
 * DS 8.3.1.1.4), the coulomb counter (DS 8.3.1.1.3), OV/UV/OCD/SCD protection with their delays (DS 8.5,
 * Table 8-1), OVRD_ALERT and DEVICE_XREADY, CELLBAL reported to a {@link BalancingObserver}, the SHIP
 * sequence, t_BOOTREADY and the I2C CRC (DS 8.3.1.4).
 *
 * <p>Decisions where the reference leaves room, each stated once here:
 * <ul>
 * <li>Registers the reference gives no reset value for reset to 0x00 (OV_TRIP 0xAC and UV_TRIP 0x97 do not).</li>
 * <li>OV trips when a used channel's conversion is at or above the OV_TRIP pattern {@code 10-OV_T-1000};
 *     UV at or below {@code 01-UV_T-0000} (DS Tables 8-12, 8-13). The delay counts from the first
 *     conversion over the threshold and ends at the conversion where it has elapsed; DELAY_DIS trips at once.</li>
 * <li>OCD/SCD compare the discharge voltage across the shunt with the PROTECT1/2 thresholds; the condition
 *     must hold from onset to the end of the delay (checked at every shunt sample and at the end).</li>
 * <li>The chip never turns a FET back on (DS 8.3.1.3.3); a write of CHG_ON = 1 is ignored while OV, OVRD_ALERT
 *     or DEVICE_XREADY is set, DSG_ON = 1 while UV, OCD, SCD, OVRD_ALERT or DEVICE_XREADY is set: the host
 *     clears the fault first.</li>
 * <li>Block writes: each (data, CRC) pair is committed when its CRC checks; the first bad CRC is NACKed and
 *     ends the write. A data byte without its CRC is not written (the chip waits for the CRC).</li>
 * <li>The coulomb counter saturates at its full scale, +-0x7D00 (+-270.08 mV).</li>
 * <li>Leaving SHIP is a power-on: registers reset (trim stays), CELLBAL off, I2C answers after t_BOOTREADY.</li>
 * <li>The 250 ms conversion cycle starts when ADC_EN goes to 1, so the first cell reading is one full cycle
 *     later (the reference's "wait 250 ms before the first cell reading"); TS1 converts in that first cycle
 *     and every 8th after it.</li>
 * <li>A write of the register address alone (the first half of a read) carries no CRC and only sets the
 *     register pointer; reads auto-increment it.</li>
 * <li>Die temperature uses the same 382 uV TS LSB as the thermistor (the reference gives V_TS for both).</li>
 * <li>Each coulomb-counter result is the window's mean shunt voltage rounded to the nearest LSB on its own:
 *     no residue is carried into the next window (the reference says nothing about one), so a steady
 *     current's rounding error repeats every window.</li>
 * </ul>
 */
public final class Bq769x0 implements I2cTarget, AfeOutputs {
    /** t_BOOTREADY (reference "Device"). */
    public static final long BOOT_READY_MICROS = 10_000;
    /** Cell and CC conversion period (reference "Device" and DS 8.3.1.1.3). */
    public static final long ADC_PERIOD_MICROS = 250_000;
    /** TS conversion period: every 8th ADC cycle (2 s, reference "Device"). */
    public static final int TS_EVERY_ADC_CYCLES = 8;
    /** Coulomb counter LSB in volts (DS 8.3.1.1.3). */
    public static final double CC_LSB_VOLTS = 8.44e-6;
    /** Coulomb counter full scale in counts: 0x7D00 = 270.08 mV. */
    public static final int CC_FULL_SCALE = 0x7D00;
    /** TS ADC LSB in volts and the thermistor bias (DS 8.3.1.1.4). */
    public static final double TS_LSB_VOLTS = 382e-6;
    private static final double TS_BIAS_VOLTS = 3.3;
    private static final double TS_PULLUP_OHMS = 10_000.0;

    private enum Power { OFF, BOOTING, NORMAL, SHIP }

    private final Bq769x0Config config;
    private final Scheduler scheduler;
    private final AfeAnalogInputs inputs;
    private final SplittableRandom noise;
    private final byte[] registers = new byte[MAP_SIZE];
    private final int groups;
    private BalancingObserver balancingObserver;

    private Power power = Power.OFF;
    private int pointer;
    private boolean shipArmed;

    private int adcCycle;
    private long ovOnsetMicros = -1;
    private long uvOnsetMicros = -1;

    private double shuntVoltsNow;
    private long shuntSampledAtMicros;
    private double ccWindowVoltSeconds;
    private long ccWindowStartMicros;
    private boolean ccOneShotRunning;

    private long crcRejectedWrites;
    private long writesWithoutCrc;
    /** Per register, the bits a write stores inverted (a fault model: see {@link #flipBitsOnWrite}). */
    private final int[] writeBitFlips = new int[MAP_SIZE];
    private boolean alertOverride;

    private final SimTimer bootTimer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            power = Power.NORMAL;
        }
    };
    private final SimTimer adcTimer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            scheduler.schedule(this, nowMicros + ADC_PERIOD_MICROS);
            adcConversion(nowMicros);
        }
    };
    private final SimTimer ccTimer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            ccConversion(nowMicros);
        }
    };
    private final SimTimer shuntSampleTimer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            scheduler.schedule(this, nowMicros + config.shuntSamplePeriodMicros());
            sampleShunt(nowMicros);
        }
    };
    private final SimTimer ocdTimer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            sampleShunt(nowMicros);
            if (dischargeMillivolts() > ocdThresholdMv()) {
                trip(OCD);
            }
        }
    };
    private final SimTimer scdTimer = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            sampleShunt(nowMicros);
            if (dischargeMillivolts() > scdThresholdMv()) {
                trip(SCD);
            }
        }
    };
    private final GpioPin alertPin = new GpioPin() {
        @Override
        public boolean isHigh() {
            return power == Power.NORMAL && ((registers[SYS_STAT] & SYS_STAT_BITS) != 0 || alertOverride);
        }

        @Override
        public void set(boolean high) {
            setAlertOverride(high);
        }
    };

    public Bq769x0(Bq769x0Config config, Scheduler scheduler, AfeAnalogInputs inputs) {
        this.config = config;
        this.scheduler = scheduler;
        this.inputs = inputs;
        this.noise = SimRandom.stream(config.seed(), "afe.bq76920.adc");
        this.groups = config.variant().groups();
    }

    public Bq769x0Config config() {
        return config;
    }

    public void setBalancingObserver(BalancingObserver observer) {
        this.balancingObserver = observer;
    }

    // ---- power ---------------------------------------------------------------------------------------

    /** Supply comes up (or TS1 is pulled up to boot the chip): registers reset, I2C after t_BOOTREADY. */
    public void powerOn() {
        stopActivity();
        resetRegisters();
        power = Power.BOOTING;
        long now = scheduler.nowMicros();
        scheduler.schedule(bootTimer, now + BOOT_READY_MICROS);
        shuntVoltsNow = inputs.shuntVolts();
        shuntSampledAtMicros = now;
        scheduler.schedule(shuntSampleTimer, now + config.shuntSamplePeriodMicros());
    }

    /** Supply lost: everything stops, FETs off. */
    public void powerOff() {
        stopActivity();
        power = Power.OFF;
    }

    /** Boot out of SHIP mode (the boot signal on TS1): a fresh power-on. */
    public void bootFromShip() {
        if (power == Power.SHIP) {
            powerOn();
        }
    }

    public boolean inShipMode() {
        return power == Power.SHIP;
    }

    /** @return true once the chip answers on I2C (t_BOOTREADY after power-on) */
    public boolean isAwake() {
        return power == Power.NORMAL;
    }

    private void resetRegisters() {
        Arrays.fill(registers, (byte) 0);
        registers[OV_TRIP] = (byte) 0xAC;
        registers[UV_TRIP] = (byte) 0x97;
        registers[ADCGAIN1] = (byte) config.adcGain1();
        registers[ADCOFFSET] = (byte) config.adcOffset();
        registers[ADCGAIN2] = (byte) config.adcGain2();
        shipArmed = false;
        ovOnsetMicros = -1;
        uvOnsetMicros = -1;
        adcCycle = 0;
        ccOneShotRunning = false;
        notifyBalancing();
    }

    private void stopActivity() {
        scheduler.cancel(bootTimer);
        scheduler.cancel(adcTimer);
        scheduler.cancel(ccTimer);
        scheduler.cancel(shuntSampleTimer);
        scheduler.cancel(ocdTimer);
        scheduler.cancel(scdTimer);
        registers[SYS_CTRL2] &= (byte) ~(CHG_ON | DSG_ON);
        clearBalancing();
    }

    // ---- outputs to the plant --------------------------------------------------------------------------

    @Override
    public boolean chargeFetOn() {
        return power == Power.NORMAL && (registers[SYS_CTRL2] & CHG_ON) != 0;
    }

    @Override
    public boolean dischargeFetOn() {
        return power == Power.NORMAL && (registers[SYS_CTRL2] & DSG_ON) != 0;
    }

    @Override
    public boolean isBalancing(int physicalCell) {
        return (physicalBalancingMask() & (1 << (physicalCell - 1))) != 0;
    }

    /** The ALERT pin: high while any SYS_STAT bit is set; driving it high from outside is OVRD_ALERT. */
    public GpioPin alertPin() {
        return alertPin;
    }

    /** The host-visible register value, without going through I2C (for test assertions only). */
    public int peekRegister(int address) {
        return registers[address] & 0xFF;
    }

    public long crcRejectedWrites() {
        return crcRejectedWrites;
    }

    public long writesWithoutCrc() {
        return writesWithoutCrc;
    }

    // ---- faults --------------------------------------------------------------------------------------

    /** An external circuit drives ALERT high: OVRD_ALERT, both FETs off (DS Table 8-1). */
    public void setAlertOverride(boolean driven) {
        alertOverride = driven;
        if (driven && power == Power.NORMAL) {
            trip(OVRD_ALERT);
        }
    }

    /** An internal fault the chip reports as DEVICE_XREADY: both FETs off and CELLBAL cleared (DS Table 8-1). */
    public void injectDeviceFault() {
        if (power == Power.NORMAL) {
            trip(DEVICE_XREADY);
        }
    }

    /**
     * A register that does not hold what is written: from now on every write to {@code address} that the chip accepts
     * (its CRC checks, DS 8.3.1.4) stores the value with the bits of {@code xorMask} inverted, as a damaged
     * register cell or a wrong part would; the write is still ACKed, so only a read-back shows it (DS 9.2 advises
     * verifying the configuration). No datasheet mode: a fault model for tests. {@code xorMask} 0 repairs it.
     *
     * @param address a register of the map (DS 8.5)
     * @param xorMask the bits to invert, 0..0xFF
     */
    public void flipBitsOnWrite(int address, int xorMask) {
        if (address < 0 || address >= MAP_SIZE || xorMask < 0 || xorMask > 0xFF) {
            throw new IllegalArgumentException("register 0x" + Integer.toHexString(address) + ", mask 0x"
                    + Integer.toHexString(xorMask));
        }
        writeBitFlips[address] = xorMask;
    }

    /**
     * The inputs changed in a step (a load switched, a short): comparators see it at this exact instant and
     * the coulomb counter integrates the old value up to now.
     */
    public void inputsChanged() {
        if (power != Power.OFF && power != Power.SHIP) {
            sampleShunt(scheduler.nowMicros());
        }
    }

    // ---- I2C ----------------------------------------------------------------------------------------

    @Override
    public int address() {
        return I2C_ADDRESS;
    }

    @Override
    public boolean acknowledgeAddress(boolean read) {
        return power == Power.NORMAL;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        pointer = data[offset] & 0xFF;
        int crc = Crc8.update(Crc8.update(0, I2C_ADDRESS << 1), pointer);
        boolean first = true;
        int register = pointer;
        for (int i = offset + 1; i < offset + length; i += 2) {
            int value = data[i] & 0xFF;
            if (i + 1 >= offset + length) {
                writesWithoutCrc++;
                return Status.OK;
            }
            // DS 8.3.1.4: the first CRC covers address, register and data; each later one its data byte only
            int expected = first ? Crc8.update(crc, value) : Crc8.update(0, value);
            if ((data[i + 1] & 0xFF) != expected) {
                crcRejectedWrites++;
                return Status.NACK_DATA;
            }
            writeRegister(register, register < MAP_SIZE ? value ^ writeBitFlips[register] : value);
            register = (register + 1) & 0xFF;
            first = false;
        }
        return Status.OK;
    }

    @Override
    public void read(byte[] buffer, int offset, int length) {
        int register = pointer;
        int value = 0;
        for (int i = 0; i < length; i++) {
            if ((i & 1) == 0) {
                value = readRegister(register);
                register = (register + 1) & 0xFF;
                buffer[offset + i] = (byte) value;
            } else if (i == 1) {
                // DS 8.3.1.4: the first CRC covers the address byte (R) and the first data byte
                buffer[offset + i] = (byte) Crc8.update(Crc8.update(0, (I2C_ADDRESS << 1) | 1), value);
            } else {
                buffer[offset + i] = (byte) Crc8.update(0, value);
            }
        }
        pointer = register;
    }

    @Override
    public void stop() {
    }

    private int readRegister(int address) {
        if (address >= MAP_SIZE) {
            return 0; // outside the map: nothing drives the bus
        }
        int value = registers[address] & 0xFF;
        if (address == SYS_CTRL1) {
            // LOAD_PRESENT is live, and only meaningful while CHG is off (DS 8.5)
            value &= ~LOAD_PRESENT;
            if ((registers[SYS_CTRL2] & CHG_ON) == 0 && inputs.loadConnected()) {
                value |= LOAD_PRESENT;
            }
        }
        return value;
    }

    private void writeRegister(int address, int value) {
        long now = scheduler.nowMicros();
        switch (address) {
            case SYS_STAT -> {
                // write 1 to clear; writing 0 changes nothing (DS 8.5)
                registers[SYS_STAT] &= (byte) ~(value & SYS_STAT_BITS);
                if ((value & OVRD_ALERT) != 0 && alertOverride) {
                    registers[SYS_STAT] |= OVRD_ALERT;
                }
            }
            case CELLBAL1, CELLBAL2, CELLBAL3 -> {
                // one CELLBAL register per group of five channels; absent on smaller family members
                if (address - CELLBAL1 < groups) {
                    registers[address] = (byte) (value & 0x1F);
                    notifyBalancing();
                }
            }
            case SYS_CTRL1 -> writeSysCtrl1(value, now);
            case SYS_CTRL2 -> writeSysCtrl2(value, now);
            case PROTECT1 -> registers[PROTECT1] = (byte) (value & 0x9F);
            case PROTECT2 -> registers[PROTECT2] = (byte) (value & 0x7F);
            case PROTECT3 -> registers[PROTECT3] = (byte) (value & 0xF0);
            case OV_TRIP, UV_TRIP -> registers[address] = (byte) value;
            case CC_CFG -> registers[CC_CFG] = (byte) (value & 0x3F);
            default -> {
                // read-only or not present on the BQ76920: the chip ACKs and ignores the write
            }
        }
    }

    private void writeSysCtrl1(int value, long now) {
        int old = registers[SYS_CTRL1] & 0xFF;
        int shut = value & (SHUT_A | SHUT_B);
        registers[SYS_CTRL1] = (byte) (value & (ADC_EN | TEMP_SEL | SHUT_A | SHUT_B));
        // SHIP: [SHUT_A, SHUT_B] = 01 then 10 in consecutive writes to SYS_CTRL1 (reference "Behaviour")
        if (shipArmed && shut == SHUT_A) {
            enterShip();
            return;
        }
        shipArmed = shut == SHUT_B;
        boolean adcWasOn = (old & ADC_EN) != 0;
        boolean adcOn = (value & ADC_EN) != 0;
        if (adcOn && !adcWasOn) {
            // a full 250 ms conversion cycle before the first result (reference "Device")
            adcCycle = 0;
            scheduler.schedule(adcTimer, now + ADC_PERIOD_MICROS);
        } else if (!adcOn && adcWasOn) {
            scheduler.cancel(adcTimer);
            ovOnsetMicros = -1;
            uvOnsetMicros = -1;
        }
    }

    private void writeSysCtrl2(int value, long now) {
        int old = registers[SYS_CTRL2] & 0xFF;
        int status = registers[SYS_STAT] & 0xFF;
        int next = value & (DELAY_DIS | CC_EN | CC_ONESHOT | DSG_ON | CHG_ON);
        if ((next & CHG_ON) != 0 && (old & CHG_ON) == 0 && (status & (OV | OVRD_ALERT | DEVICE_XREADY)) != 0) {
            next &= ~CHG_ON;
        }
        if ((next & DSG_ON) != 0 && (old & DSG_ON) == 0
                && (status & (UV | OCD | SCD | OVRD_ALERT | DEVICE_XREADY)) != 0) {
            next &= ~DSG_ON;
        }
        boolean ccWasOn = (old & CC_EN) != 0;
        boolean ccOn = (next & CC_EN) != 0;
        if (ccOn) {
            next &= ~CC_ONESHOT; // ignored while continuous (DS 8.5)
        }
        registers[SYS_CTRL2] = (byte) next;
        if (ccOn && !ccWasOn) {
            startCcWindow(now);
        } else if (!ccOn && ccWasOn && !ccOneShotRunning) {
            scheduler.cancel(ccTimer);
        }
        if (!ccOn && (next & CC_ONESHOT) != 0 && !ccOneShotRunning) {
            ccOneShotRunning = true;
            startCcWindow(now);
        }
    }

    private void enterShip() {
        shipArmed = false;
        stopActivity();
        power = Power.SHIP;
    }

    // ---- conversions -----------------------------------------------------------------------------------

    private void adcConversion(long now) {
        int ovRaw = 0x2008 | (registers[OV_TRIP] & 0xFF) << 4;
        int uvRaw = 0x1000 | (registers[UV_TRIP] & 0xFF) << 4;
        boolean over = false;
        boolean under = false;
        double packMicrovolts = 0;
        for (int channel = 1; channel <= 5 * groups; channel++) {
            double microvolts = channelMicrovolts(channel);
            int raw = cellCode(microvolts);
            int hi = vcHi(channel);
            registers[hi] = (byte) (raw >> 8);
            registers[hi + 1] = (byte) raw;
            if ((config.usedChannelMask() & (1 << (channel - 1))) != 0) {
                packMicrovolts += microvolts;
                over |= raw >= ovRaw;
                under |= raw <= uvRaw;
            }
        }
        // V_BAT = 4 x GAIN x ADC + cells x OFFSET (DS 8.3.1.1.6)
        long bat = Math.round((packMicrovolts - config.cells() * config.offsetMillivolts() * 1000.0)
                / (4.0 * config.gainMicrovoltsPerLsb()));
        bat = Math.max(0, Math.min(0xFFFF, bat));
        registers[BAT_HI] = (byte) (bat >> 8);
        registers[BAT_HI + 1] = (byte) bat;

        if (adcCycle % TS_EVERY_ADC_CYCLES == 0) {
            tsConversion();
        }
        adcCycle++;

        boolean noDelay = (registers[SYS_CTRL2] & DELAY_DIS) != 0;
        int protect3 = registers[PROTECT3] & 0xFF;
        ovOnsetMicros = over ? (ovOnsetMicros < 0 ? now : ovOnsetMicros) : -1;
        uvOnsetMicros = under ? (uvOnsetMicros < 0 ? now : uvOnsetMicros) : -1;
        if (ovOnsetMicros >= 0 && (noDelay || now - ovOnsetMicros >= OV_DELAY_S[protect3 >> 4 & 0x3] * 1_000_000L)) {
            trip(OV);
            ovOnsetMicros = -1;
        }
        if (uvOnsetMicros >= 0 && (noDelay || now - uvOnsetMicros >= UV_DELAY_S[protect3 >> 6 & 0x3] * 1_000_000L)) {
            trip(UV);
            uvOnsetMicros = -1;
        }
    }

    private double channelMicrovolts(int channel) {
        for (int cell = 1; cell <= config.cells(); cell++) {
            if (config.channelOf(cell) == channel) {
                return inputs.cellVolts(cell) * 1e6;
            }
        }
        return 0.0; // shorted input (DS Table 9-2)
    }

    private int cellCode(double microvolts) {
        double code = (microvolts - config.offsetMillivolts() * 1000.0) / config.gainMicrovoltsPerLsb();
        if (config.adcNoiseLsb() > 0) {
            code += noise.nextGaussian() * config.adcNoiseLsb();
        }
        return (int) Math.max(0, Math.min(0x3FFF, Math.round(code)));
    }

    private void tsConversion() {
        for (int group = 1; group <= groups; group++) {
            double volts;
            if ((registers[SYS_CTRL1] & TEMP_SEL) != 0) {
                double ohms = inputs.tsOhms(group);
                volts = Double.isInfinite(ohms) ? TS_BIAS_VOLTS : TS_BIAS_VOLTS * ohms / (TS_PULLUP_OHMS + ohms);
            } else {
                // die temperature: T = 25 - (V - 1.200) / 0.0042 (DS 8.3.1.1.4)
                volts = 1.200 - (inputs.dieCelsius() - 25.0) * 0.0042;
            }
            long raw = Math.max(0, Math.min(0x3FFF, Math.round(volts / TS_LSB_VOLTS)));
            int hi = tsHi(group);
            registers[hi] = (byte) (raw >> 8);
            registers[hi + 1] = (byte) raw;
        }
    }

    private void startCcWindow(long now) {
        sampleShunt(now);
        ccWindowVoltSeconds = 0;
        ccWindowStartMicros = now;
        scheduler.schedule(ccTimer, now + ADC_PERIOD_MICROS);
    }

    private void ccConversion(long now) {
        sampleShunt(now);
        double averageVolts = ccWindowVoltSeconds / ((now - ccWindowStartMicros) * 1e-6);
        long code = Math.round(averageVolts / CC_LSB_VOLTS);
        code = Math.max(-CC_FULL_SCALE, Math.min(CC_FULL_SCALE, code));
        registers[CC_HI] = (byte) (code >> 8);
        registers[CC_HI + 1] = (byte) code;
        registers[SYS_STAT] |= (byte) CC_READY;
        ccWindowVoltSeconds = 0;
        ccWindowStartMicros = now;
        if (ccOneShotRunning) {
            ccOneShotRunning = false;
            registers[SYS_CTRL2] &= (byte) ~CC_ONESHOT;
        } else if ((registers[SYS_CTRL2] & CC_EN) != 0) {
            scheduler.schedule(ccTimer, now + ADC_PERIOD_MICROS);
        }
    }

    // ---- shunt comparators -----------------------------------------------------------------------------

    private void sampleShunt(long now) {
        ccWindowVoltSeconds += shuntVoltsNow * (now - shuntSampledAtMicros) * 1e-6;
        shuntSampledAtMicros = now;
        shuntVoltsNow = inputs.shuntVolts();
        if (power != Power.NORMAL) {
            return;
        }
        boolean noDelay = (registers[SYS_CTRL2] & DELAY_DIS) != 0;
        double discharge = dischargeMillivolts();
        int protect1 = registers[PROTECT1] & 0xFF;
        int protect2 = registers[PROTECT2] & 0xFF;
        if (discharge > scdThresholdMv()) {
            if (noDelay) {
                trip(SCD);
            } else if (!scdTimer.isScheduled()) {
                scheduler.schedule(scdTimer, now + SCD_DELAY_US[protect1 >> 3 & 0x3]);
            }
        } else {
            scheduler.cancel(scdTimer);
        }
        if (discharge > ocdThresholdMv()) {
            if (noDelay) {
                trip(OCD);
            } else if (!ocdTimer.isScheduled()) {
                scheduler.schedule(ocdTimer, now + OCD_DELAY_MS[protect2 >> 4 & 0x7] * 1000L);
            }
        } else {
            scheduler.cancel(ocdTimer);
        }
    }

    private double dischargeMillivolts() {
        return -shuntVoltsNow * 1000.0;
    }

    private int scdThresholdMv() {
        int protect1 = registers[PROTECT1] & 0xFF;
        int[] table = (protect1 & RSNS) != 0 ? SCD_THRESHOLD_MV_RSNS1 : SCD_THRESHOLD_MV_RSNS0;
        return table[protect1 & 0x7];
    }

    private int ocdThresholdMv() {
        int protect1 = registers[PROTECT1] & 0xFF;
        int[] table = (protect1 & RSNS) != 0 ? OCD_THRESHOLD_MV_RSNS1 : OCD_THRESHOLD_MV_RSNS0;
        return table[registers[PROTECT2] & 0xF];
    }

    // ---- protection actions (DS Table 8-1) ---------------------------------------------------------------

    private void trip(int statusBit) {
        registers[SYS_STAT] |= (byte) statusBit;
        int fets = switch (statusBit) {
            case OV -> CHG_ON;
            case UV, OCD, SCD -> DSG_ON;
            default -> CHG_ON | DSG_ON; // OVRD_ALERT, DEVICE_XREADY
        };
        registers[SYS_CTRL2] &= (byte) ~fets;
        if (statusBit == DEVICE_XREADY) {
            clearBalancing();
        }
    }

    // ---- balancing ---------------------------------------------------------------------------------------

    private int physicalBalancingMask() {
        if (power != Power.NORMAL) {
            return 0;
        }
        int cellbal = balancingChannelMask();
        int mask = 0;
        for (int cell = 1; cell <= config.cells(); cell++) {
            if ((cellbal & (1 << (config.channelOf(cell) - 1))) != 0) {
                mask |= 1 << (cell - 1);
            }
        }
        return mask;
    }

    /** @return bit n-1 set for each VC channel n whose CB bit is set, over all CELLBAL registers */
    private int balancingChannelMask() {
        int mask = 0;
        for (int group = 0; group < groups; group++) {
            mask |= (registers[CELLBAL1 + group] & 0x1F) << (5 * group);
        }
        return mask;
    }

    private void clearBalancing() {
        for (int group = 0; group < groups; group++) {
            registers[CELLBAL1 + group] = 0;
        }
        notifyBalancing();
    }

    private void notifyBalancing() {
        if (balancingObserver != null) {
            int unwired = balancingChannelMask() & ~config.usedChannelMask();
            balancingObserver.balancingChanged(scheduler.nowMicros(), physicalBalancingMask(), unwired);
        }
    }
}
