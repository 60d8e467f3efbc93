package org.bmsgen.sim.plant;

import java.util.SplittableRandom;

import org.bmsgen.sim.afe.AfeAnalogInputs;
import org.bmsgen.sim.afe.AfeOutputs;
import org.bmsgen.sim.afe.Bq769x0;
import org.bmsgen.sim.time.Scheduler;
import org.bmsgen.sim.time.SimRandom;
import org.bmsgen.sim.time.SimTimer;

/**
 * The cell pack and its power path as the AFE sees them.
 *
 * <p>Each cell: OCV(SoC, T) + R0 + R1||C1 (+ R2||C2), with its own capacity and resistances drawn from the
 * configured spread, and a lumped temperature (heat I^2 R0 + V1^2 / R1 + V2^2 / R2 into C_th, out through R_th to
 * ambient). R0, R1, C1, R2, C2 follow the cell's SoC and temperature ({@link CellModelTables}): they are taken at
 * each step boundary and held over the step, like the current; the spread scales a cell's resistances by one
 * factor at every SoC and temperature and leaves its capacitances, so its time constants scale with it. The pack
 * current is constant over each step and changes only at step boundaries, where the AFE is told
 * ({@link Bq769x0#inputsChanged()}) so its coulomb counter integrates exactly what flowed.
 *
 * <p>Power path: CHG and DSG FETs in series, each with a body diode. Discharge flows while DSG is on (through
 * the CHG FET or its body diode); charge flows while CHG is on (through DSG or its body diode). A FET stuck
 * closed by a fault conducts whatever its gate says. Current sign: positive charges the pack, as the
 * coulomb counter counts (DS 8.3.1.1.3).
 */
public final class PackPlant implements AfeAnalogInputs {
    /**
     * Share of each 250 ms window the BQ76920 keeps a balancing switch closed; it measures in the rest
     * (reference "Behaviour", about 70 %). The plant uses the average bleed over the window.
     */
    public static final double BALANCING_DUTY = 0.7;

    private final PackConfig config;
    private final Scheduler scheduler;
    private final OcvTable ocv;
    private final CellModelTables circuit;
    /** Whether R0..C2 depend on SoC or temperature: if not, the constructor's values hold for good. */
    private final boolean circuitVaries;
    private final boolean secondPair;
    private final boolean circuitFollowsTemperature;
    private final double[] circuitScratch = new double[CellModelTables.SEGMENT];
    /**
     * Per cell, the straight piece of the tables the cell is on (values at {@link #segmentSoc}, slopes over SoC,
     * SoC range, temperature): while the SoC stays in the range (and, for tables over temperature, the
     * temperature is unchanged) the parameters follow the line exactly, without a table look-up.
     */
    private final double[] segment;
    private final double[] segmentSoc;
    private final double[] segmentCelsius;
    private final double[] capacityCoulombs;
    private final double[] resistanceFactor;
    /** R0, R1, R2 (with the cell's spread), time constants and their decay over one step, in force this step. */
    private final double[] r0;
    private final double[] r1;
    private final double[] tau1;
    private final double[] rcDecay;
    private final double[] r2;
    private final double[] tau2;
    private final double[] rc2Decay;
    private final double[] v2;
    private final double[] soc;
    private final double[] v1;
    private final double[] celsius;
    private final double[] cellAmps;
    private final double stepSeconds;

    private AfeOutputs switches;
    private Bq769x0 afe;
    private PackLoad load;
    private double packAmps;
    private double chargeCoulombs;
    private final double[] bleedCoulombs;
    private final double[] bleedAmps;

    private boolean chargeFetStuckClosed;
    private boolean dischargeFetStuckClosed;
    private double shuntOffsetVolts;
    private double thermistorOverrideOhms = Double.NaN;
    private int openSenseNode;
    private final double[] stuckSenseVolts;

    private final SimTimer step = new SimTimer() {
        @Override
        protected void fire(long nowMicros) {
            scheduler.schedule(this, nowMicros + config.stepMicros());
            advanceCells();
            choosePackCurrent(nowMicros);
        }
    };

    public PackPlant(PackConfig config, Scheduler scheduler, OcvTable ocv) {
        this.config = config;
        this.scheduler = scheduler;
        this.ocv = ocv;
        int n = config.cells();
        circuit = config.nominal().circuit();
        circuitVaries = !circuit.isConstant();
        secondPair = circuit.hasSecondPair();
        circuitFollowsTemperature = circuit.dependsOnTemperature();
        segment = new double[n * CellModelTables.SEGMENT];
        segmentSoc = new double[n];
        segmentCelsius = new double[n];
        java.util.Arrays.fill(segment, Double.NaN); // no piece yet: the first update looks up
        capacityCoulombs = new double[n];
        resistanceFactor = new double[n];
        r0 = new double[n];
        r1 = new double[n];
        tau1 = new double[n];
        rcDecay = new double[n];
        r2 = new double[n];
        tau2 = new double[n];
        rc2Decay = new double[n];
        v2 = new double[n];
        soc = new double[n];
        v1 = new double[n];
        celsius = new double[n];
        cellAmps = new double[n];
        bleedCoulombs = new double[n];
        bleedAmps = new double[n];
        stuckSenseVolts = new double[n];
        java.util.Arrays.fill(stuckSenseVolts, Double.NaN);
        stepSeconds = config.stepMicros() * 1e-6;
        SplittableRandom spread = SimRandom.stream(config.seed(), "plant.cells");
        CellParameters cell = config.nominal();
        for (int i = 0; i < n; i++) {
            capacityCoulombs[i] = cell.capacityAh() * 3600 * (1 + config.capacitySpread() * spread.nextGaussian());
            resistanceFactor[i] = 1 + config.resistanceSpread() * spread.nextGaussian();
            soc[i] = Math.max(0, Math.min(1, config.initialSoc() + config.initialSocSpread() * spread.nextGaussian()));
            celsius[i] = config.ambientCelsius();
            updateCircuit(i);
        }
    }

    /**
     * The cell's R0..C2 at its SoC and temperature now: from the straight piece of the tables it is on, looked up
     * again only when it leaves it. The RC decay factors are exact for a current and parameters held over the step.
     */
    private void updateCircuit(int i) {
        int at = i * CellModelTables.SEGMENT;
        double[] line = segment;
        double s = soc[i];
        if (!(s >= line[at + CellModelTables.FROM_SOC] && s <= line[at + CellModelTables.TO_SOC])
                || (circuitFollowsTemperature && celsius[i] != segmentCelsius[i])) {
            circuit.evaluateSegment(s, celsius[i], circuitScratch);
            System.arraycopy(circuitScratch, 0, line, at, CellModelTables.SEGMENT);
            segmentSoc[i] = s;
            segmentCelsius[i] = celsius[i];
        }
        double delta = s - segmentSoc[i];
        double factor = resistanceFactor[i];
        r0[i] = (line[at + CellModelTables.R0] + line[at + CellModelTables.SLOPE + CellModelTables.R0] * delta) * factor;
        r1[i] = (line[at + CellModelTables.R1] + line[at + CellModelTables.SLOPE + CellModelTables.R1] * delta) * factor;
        double c1 = line[at + CellModelTables.C1] + line[at + CellModelTables.SLOPE + CellModelTables.C1] * delta;
        double tau = r1[i] * c1;
        if (tau != tau1[i]) {
            tau1[i] = tau;
            rcDecay[i] = decayOverStep(stepSeconds / tau);
        }
        if (secondPair) {
            r2[i] = (line[at + CellModelTables.R2] + line[at + CellModelTables.SLOPE + CellModelTables.R2] * delta)
                    * factor;
            double c2 = line[at + CellModelTables.C2] + line[at + CellModelTables.SLOPE + CellModelTables.C2] * delta;
            double tauSlow = r2[i] * c2;
            if (tauSlow != tau2[i]) {
                tau2[i] = tauSlow;
                rc2Decay[i] = decayOverStep(stepSeconds / tauSlow);
            }
        }
    }

    /**
     * exp(-x). The time constants move a little at every step under load, so this runs twice per cell per step;
     * for the usual x (10 ms against seconds to minutes) five Taylor terms are exact to double precision
     * (remainder below x^6 / 720 = 2e-17 for x under 0.005) and cost a fraction of Math.exp.
     */
    static double decayOverStep(double x) {
        if (x >= 0.005) {
            return Math.exp(-x);
        }
        return 1 - x * (1 - x / 2 * (1 - x / 3 * (1 - x / 4 * (1 - x / 5))));
    }

    /**
     * Connects the AFE that reads this pack and drives its FETs and balancing, and starts stepping.
     */
    public void connect(Bq769x0 chip) {
        this.afe = chip;
        this.switches = chip;
        scheduler.schedule(step, scheduler.nowMicros());
    }

    public void setLoad(PackLoad load) {
        this.load = load;
    }

    // ---- faults ------------------------------------------------------------------------------------------

    /** A FET that no longer opens (welded, gate driver shorted): it conducts whatever the AFE commands. */
    public void setFetStuckClosed(boolean chargeFet, boolean dischargeFet) {
        chargeFetStuckClosed = chargeFet;
        dischargeFetStuckClosed = dischargeFet;
    }

    /** An offset on the shunt voltage (a layout or amplifier error) seen by the coulomb counter and OCD/SCD. */
    public void setShuntOffsetVolts(double volts) {
        shuntOffsetVolts = volts;
    }

    /**
     * The sense wire of the node between physical cells {@code node} and {@code node + 1} is open (0 = none).
     * Simplified: the floating input is pulled to the node below by the AFE's input leakage, so the cell below
     * reads about 0 V and the cell above reads both cells' sum. Balancing cannot be judged through it.
     */
    public void setSenseWireOpen(int node) {
        if (node < 0 || node >= soc.length) {
            throw new IllegalArgumentException("interior nodes are 1.." + (soc.length - 1) + ", not " + node);
        }
        openSenseNode = node;
    }

    /** The reading of one cell is stuck at {@code volts} (a failed filter capacitor, a corroded crimp); NaN frees it. */
    public void setSenseStuck(int physicalCell, double volts) {
        stuckSenseVolts[physicalCell - 1] = volts;
    }

    /** Thermistor open ({@code Double.POSITIVE_INFINITY}) or shorted (0); NaN restores the NTC. */
    public void setThermistorFault(double ohms) {
        thermistorOverrideOhms = ohms;
    }

    // ---- the step ----------------------------------------------------------------------------------------

    private void advanceCells() {
        CellParameters cell = config.nominal();
        for (int i = 0; i < soc.length; i++) {
            double amps = cellAmps[i];
            // exact for a current held over the step: V1 relaxes towards I R1 with tau = R1 C1
            v1[i] = v1[i] * rcDecay[i] + amps * r1[i] * (1 - rcDecay[i]);
            double heatWatts = amps * amps * r0[i] + v1[i] * v1[i] / r1[i];
            if (secondPair) {
                v2[i] = v2[i] * rc2Decay[i] + amps * r2[i] * (1 - rc2Decay[i]);
                heatWatts += v2[i] * v2[i] / r2[i];
            }
            soc[i] += amps * stepSeconds / capacityCoulombs[i];
            double lossWatts = (celsius[i] - config.ambientCelsius()) / cell.thermalResistanceKelvinPerWatt();
            celsius[i] += stepSeconds * (heatWatts - lossWatts) / cell.heatCapacityJoulesPerKelvin();
            if (circuitVaries) {
                updateCircuit(i);
            }
        }
        chargeCoulombs += packAmps * stepSeconds;
        for (int i = 0; i < soc.length; i++) {
            bleedCoulombs[i] += bleedAmps[i] * stepSeconds;
        }
    }

    private void choosePackCurrent(long now) {
        double sourceVolts = 0;
        double ohms = config.shuntOhms() + 2 * config.fetOnOhms();
        for (int i = 0; i < soc.length; i++) {
            sourceVolts += openCircuitTerminal(i);
            ohms += r0[i];
        }
        double requested = load == null ? 0 : load.requestedChargeAmps(now, sourceVolts, ohms);
        boolean dsg = dischargeFetStuckClosed || (switches != null && switches.dischargeFetOn());
        boolean chg = chargeFetStuckClosed || (switches != null && switches.chargeFetOn());
        packAmps = requested < 0 ? (dsg ? requested : 0) : (chg ? requested : 0);
        for (int i = 0; i < soc.length; i++) {
            boolean balancing = switches != null && switches.isBalancing(i + 1);
            bleedAmps[i] = balancing ? BALANCING_DUTY * openCircuitTerminal(i) / config.balancingOhms() : 0;
            cellAmps[i] = packAmps - bleedAmps[i];
        }
        if (afe != null) {
            afe.inputsChanged();
        }
    }

    /** OCV plus polarisation: the cell's Thevenin source. */
    private double openCircuitTerminal(int i) {
        return ocv.voltsAt(soc[i], celsius[i]) + v1[i] + v2[i];
    }

    // ---- what the AFE sees ---------------------------------------------------------------------------------

    /** The voltage the AFE measures: taken while the balancing switches are open, so without the bleed drop. */
    @Override
    public double cellVolts(int physicalCell) {
        int i = physicalCell - 1;
        if (!Double.isNaN(stuckSenseVolts[i])) {
            return stuckSenseVolts[i];
        }
        if (openSenseNode != 0) {
            if (physicalCell == openSenseNode) {
                return 0.0;
            }
            if (physicalCell == openSenseNode + 1) {
                return trueCellVolts(i) + trueCellVolts(i - 1);
            }
        }
        return trueCellVolts(i);
    }

    private double trueCellVolts(int i) {
        return openCircuitTerminal(i) + packAmps * r0[i];
    }

    @Override
    public double shuntVolts() {
        return packAmps * config.shuntOhms() + shuntOffsetVolts;
    }

    @Override
    public double ts1Ohms() {
        if (!Double.isNaN(thermistorOverrideOhms)) {
            return thermistorOverrideOhms;
        }
        return config.thermistor().ohmsAt(celsius[config.thermistorCell() - 1]);
    }

    @Override
    public double dieCelsius() {
        return config.ambientCelsius();
    }

    @Override
    public boolean loadConnected() {
        return load != null;
    }

    // ---- truth for tests ---------------------------------------------------------------------------------

    /** @return current now, positive = charge */
    public double packAmps() {
        return packAmps;
    }

    /** @return charge moved through the shunt so far, coulombs, positive = into the pack */
    public double chargeCoulombs() {
        return chargeCoulombs;
    }

    public double stateOfCharge(int physicalCell) {
        return soc[physicalCell - 1];
    }

    /** @return the cell's series resistance in force this step (its SoC and temperature, its spread), ohms */
    public double r0Ohms(int physicalCell) {
        return r0[physicalCell - 1];
    }

    public double cellCelsius(int physicalCell) {
        return celsius[physicalCell - 1];
    }

    /** @return charge drained from this cell through its bleed resistor so far, coulombs */
    public double bleedCoulombs(int physicalCell) {
        return bleedCoulombs[physicalCell - 1];
    }

    public double capacityCoulombs(int physicalCell) {
        return capacityCoulombs[physicalCell - 1];
    }
}
