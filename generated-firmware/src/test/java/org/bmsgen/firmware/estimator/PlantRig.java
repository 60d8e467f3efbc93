package org.bmsgen.firmware.estimator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.bmsgen.firmware.ModelsFolder;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.sim.afe.Bq769x0;
import org.bmsgen.sim.afe.Bq769x0Config;
import org.bmsgen.sim.plant.CurrentProfile;
import org.bmsgen.sim.plant.OcvCurve;
import org.bmsgen.sim.plant.PackConfig;
import org.bmsgen.sim.plant.PackLoad;
import org.bmsgen.sim.plant.PackPlant;
import org.bmsgen.sim.time.Scheduler;

/**
 * The simulator's pack plant (4 series cells on the model's own NCR18650PF circuit tables, the measured C/20 OCV
 * curve) feeding a {@link PackState} every 250 ms with what the BQ76920 would give: cell voltages quantised to
 * its 382 uV ADC step (DS 8.3.1.1.1, nominal GAIN) and then to the firmware's whole mV, the pack current as the
 * coulomb counter's 250 ms average quantised to 8.44 uV / 1 mOhm = 8.44 mA (DS 8.3.1.1.3), the thermistor cell's
 * temperature. The plant's cell stands for each of the 3 parallel cells of the Smart4S (4S3P): the pack current is
 * 3 x the plant cell's. The FETs are held closed (no AFE driver here): the estimator is tested alone.
 */
final class PlantRig {

    static final long PERIOD_MICROS = 250_000;
    static final int PARALLEL = 3;

    final Scheduler scheduler = new Scheduler();
    final PackPlant plant;
    final PackState state = new PackState();
    private double lastCoulombs;

    PlantRig(PackConfig config) {
        plant = new PackPlant(config, scheduler, OcvCurve.panasonic18650pf());
        Bq769x0 afe = new Bq769x0(Bq769x0Config.referenceBoard(config.seed()), scheduler, plant);
        afe.powerOn();
        plant.connect(afe);
        plant.setFetStuckClosed(true, true);
    }

    /** The reference board's cells with 2 % capacity and 5 % resistance spread (seeded), starting at {@code soc}. */
    static PlantRig reference(long seed, double soc) {
        return new PlantRig(PackConfig.referenceBoard(seed).withSpread(0.02, 0.05, 0.0).withInitialSoc(soc));
    }

    void load(PackLoad load) {
        plant.setLoad(load);
    }

    /** One control period of the plant, then the readings into {@link #state}. */
    void period() {
        scheduler.advance(PERIOD_MICROS);
        read();
    }

    void read() {
        for (int i = 0; i < PackState.CELL_COUNT; i++) {
            double lsbs = Math.round(plant.cellVolts(i + 1) / 382e-6);
            state.cellMv[i] = (int) Math.round(lsbs * 0.382);
        }
        double coulombs = plant.chargeCoulombs();
        double cellAmps = (coulombs - lastCoulombs) / (PERIOD_MICROS * 1e-6);
        lastCoulombs = coulombs;
        state.packMa = (int) Math.round(Math.round(cellAmps * PARALLEL / 8.44e-3) * 8.44);
        state.packMv = 0;
        for (int mv : state.cellMv) {
            state.packMv += mv;
        }
        for (int i = 0; i < PackState.TEMPERATURE_COUNT; i++) {
            state.temperatureCentiDegC[i] = (int) Math.round(plant.cellCelsius(1) * 100);
        }
        state.measurementsValid = true;
        state.timeMicros = scheduler.nowMicros();
        state.updateDerived();
    }

    double trueSoc(int cell) {
        return plant.stateOfCharge(cell + 1);
    }

    double minTrueSoc() {
        double min = 1;
        for (int i = 0; i < PackState.CELL_COUNT; i++) {
            min = Math.min(min, trueSoc(i));
        }
        return min;
    }

    /** The measured 25 degC US06 cycle of the NCR18650PF (Kollmeyer 2018, doi:10.17632/wykht8y7tg.1), one cell. */
    static CurrentProfile us06() throws IOException {
        Path gz = ModelsFolder.repositoryRoot().resolve("../shared/data/cells/panasonic-18650pf/csv/"
                + "25degC_US06_Pan18650PF.csv.gz");
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(gz)), StandardCharsets.US_ASCII))) {
            reader.readLine(); // time_s,voltage_V,current_A,...
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",", 4);
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2])});
            }
        }
        double[] seconds = new double[rows.size()];
        double[] amps = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            seconds[i] = rows.get(i)[0];
            amps[i] = rows.get(i)[1];
        }
        return new CurrentProfile(seconds, amps, CurrentProfile.Sign.POSITIVE_IS_CHARGE, 1.0);
    }
}
