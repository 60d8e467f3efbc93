package org.bmsgen.bench;

import org.bmsgen.sim.afe.Bq769x0;
import org.bmsgen.sim.afe.Bq769x0Config;
import org.bmsgen.sim.i2c.SimI2cBus;
import org.bmsgen.sim.plant.OcvCurve;
import org.bmsgen.sim.plant.PackConfig;
import org.bmsgen.sim.plant.PackLoad;
import org.bmsgen.sim.plant.PackPlant;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.time.SimTickSource;

/**
 * The system the speed target of issue 3 is about: a 4S pack plant (10 ms steps, 2 % capacity and 5 %
 * resistance spread, measured Panasonic OCV) behind a BQ76920 (ADC noise on, 10 ms shunt sampling) on an
 * I2C bus, and a {@link FirmwareTick} every 250 ms. The load alternates 10 A discharge and 10 A charge every
 * 30 s, so the pack neither empties nor fills however long a benchmark runs and the protection never trips.
 */
public final class ReferencePack {
    /** The control period of the reference firmware. */
    public static final long CONTROL_PERIOD_MICROS = 250_000;
    static final long HALF_CYCLE_MICROS = 30_000_000;
    static final double LOAD_AMPS = 10.0;

    public final Scheduler scheduler = new Scheduler();
    public final PackPlant plant;
    public final Bq769x0 afe;
    public final SimI2cBus i2c = new SimI2cBus();
    public final FirmwareTick firmware = new FirmwareTick(i2c);
    public final SimTickSource tick = new SimTickSource(scheduler);

    public ReferencePack(long seed) {
        PackConfig pack = PackConfig.referenceBoard(seed).withSpread(0.02, 0.05, 0.01).withInitialSoc(0.5);
        plant = new PackPlant(pack, scheduler, OcvCurve.panasonic18650pf());
        afe = new Bq769x0(Bq769x0Config.referenceBoard(seed), scheduler, plant);
        i2c.attach(afe);
        afe.powerOn();
        scheduler.advance(Bq769x0.BOOT_READY_MICROS);
        plant.connect(afe);
        plant.setLoad((now, source, ohms) -> (now / HALF_CYCLE_MICROS) % 2 == 0 ? -LOAD_AMPS : LOAD_AMPS);
        int status = firmware.configure();
        if (status != 0) {
            throw new IllegalStateException("the BQ76920 refused the boot configuration: status " + status);
        }
        tick.start(CONTROL_PERIOD_MICROS, firmware);
    }

    /** Runs the board for {@code micros} of simulated time. */
    public void advance(long micros) {
        scheduler.advance(micros);
    }

    /** For symmetry with tests that swap loads; the benchmark keeps the square wave. */
    public void setLoad(PackLoad load) {
        plant.setLoad(load);
    }
}
