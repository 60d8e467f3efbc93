package org.bmsgen.sim.afe;

import org.bmsgen.sim.i2c.SimI2cBus;
import org.bmsgen.sim.time.Scheduler;

/**
 * One BQ76920 on a bus on simulated time, powered and past t_BOOTREADY, with settable inputs.
 */
final class AfeBench {
    final Scheduler scheduler = new Scheduler();
    final AfeInputs inputs;
    final Bq769x0 chip;
    final SimI2cBus bus = new SimI2cBus();
    final AfeDriver driver;
    final AdjacentBalancingChecker balancing = new AdjacentBalancingChecker();

    AfeBench(Bq769x0Config config) {
        inputs = new AfeInputs(config.cells());
        chip = new Bq769x0(config, scheduler, inputs);
        chip.setBalancingObserver(balancing);
        bus.attach(chip);
        driver = new AfeDriver(bus);
        chip.powerOn();
        scheduler.advance(Bq769x0.BOOT_READY_MICROS);
    }

    /** A noiseless reference-board chip with the given trim. */
    static AfeBench noiseless(int gainUv, int offsetMv) {
        return new AfeBench(Bq769x0Config.referenceBoard(1).withTrim(gainUv, offsetMv).withNoise(0));
    }

    void advanceMillis(long millis) {
        scheduler.advance(millis * 1000);
    }

    long nowMicros() {
        return scheduler.nowMicros();
    }

    /** Sets the shunt voltage as a step the comparators see now. */
    void shunt(double volts) {
        inputs.shuntVolts(volts);
        chip.inputsChanged();
    }

    /** Advances in steps of {@code stepMicros} until a SYS_STAT bit is set; returns elapsed micros or -1. */
    long microsUntil(int statusBit, long limitMicros, long stepMicros) {
        long start = scheduler.nowMicros();
        while (scheduler.nowMicros() - start <= limitMicros) {
            if ((driver.readRegister(Bq769x0Registers.SYS_STAT) & statusBit) != 0) {
                return scheduler.nowMicros() - start;
            }
            scheduler.advance(stepMicros);
        }
        return -1;
    }
}
