package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.CellIr;
import org.bmsgen.generator.ir.EstimatorsIr;
import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code SocEstimator.java}: an extended Kalman filter per series cell, all {@code float}, on the cell's equivalent
 * circuit (OCV + R0 + one or two RC pairs, {@code model 1RC | 2RC}). State: SoC (fraction) and the RC voltages;
 * input: the cell current (pack current / cells in parallel); measurement: the cell voltage.
 *
 * <p>What is computed here rather than in the firmware, because the control period is fixed: the per-period decay
 * factor of each RC pair, exp(-dt / (R C)), and its gain R (1 - exp(-dt / (R C))), tabulated at the SoC breakpoints
 * of the cell's circuit (the union of the breakpoints of its parameters, so R and C themselves are reproduced
 * exactly between them; the decay factor is interpolated linearly, which for the reference cell's 10-100 s time
 * constants against 250 ms differs from the exact value by less than 1e-4). The firmware then needs no
 * {@code Math.exp} (a {@code double} call) at all. The coulomb count per ampere and period is likewise one constant.
 *
 * <p>Decisions of the filter (documented in the generated javadoc): the pack's temperature for table selection is the
 * mean of the lowest and highest input; OCV is interpolated linearly between the two tables around it; the circuit
 * is the nearest temperature's; the measurement variance grows with the load (the circuit's fit error grows with
 * the current); the pack SoC is min / (min + 1 - max) over the cells.
 */
public final class SocEstimatorEmitter {

	public static final String TYPE_NAME = "SocEstimator";

	/**
	 * The circuit's error under load, as a share of the R0 drop, added (as a standard deviation) to the
	 * measurement noise: the reference cell's fit misses 5-21 mV RMS under 1-4C load where R0 I is 90-360 mV
	 * (models/cells/panasonic-ncr18650pf.bms), i.e. about 6 %; 10 % leaves room for a cell of the lot that is not
	 * the fitted one (its resistance spread).
	 */
	static final float LOAD_MODEL_ERROR = 0.1f;

	/** Process noise of each RC voltage per period, in V^2: (0.5 mV)^2, the slow drift of the circuit's fit. */
	static final float RC_PROCESS_NOISE_V2 = 2.5e-7f;

	/**
	 * Standard deviation of the resistance scale at the start: the circuit's tables hold at the temperature they were
	 * fitted at; the reference cell's resistances are 2-4 times as high at 0 to -10 degC (Kollmeyer's drive cycles
	 * show it: the 25 degC tables read 4-15 % SoC low there), so the scale starts at 1 with room for that.
	 */
	static final float RESISTANCE_SCALE_INITIAL_SIGMA = 0.1f;

	/**
	 * Random walk of the resistance scale per period (standard deviation): 0.004 lets it follow a cell warming by
	 * 10-25 K in the first 20-40 minutes of a cold drive cycle (a change of the scale by 1-2 over 5000-10000
	 * periods), while one period's timing noise of the coulomb counter against the voltage sample moves it little.
	 */
	static final float RESISTANCE_SCALE_WALK_SIGMA = 0.004f;

	/**
	 * The voltage bias: a state for what keeps the reading and the circuit apart slowly, a sense offset (the BQ76920's
	 * cell ADC is trimmed, not perfect) and the polarisation of diffusion and hysteresis the two RC pairs lack, which
	 * shows in the measured drive cycles as a reading 10-40 mV below the circuit after long discharge at low SoC.
	 * Without it the filter reads that as SoC (at 0.5-1 V per unit of SoC, 20 mV is 2-4 % SoC); with it the SoC
	 * follows the coulomb count and the OCV only where the two disagree consistently. Initially 10 mV (a small offset
	 * must not take a 20 % wrong start's 200 mV), then a random walk of 0.3 mV per period: 10-20 mV within minutes.
	 */
	static final float BIAS_INITIAL_SIGMA_V = 0.01f;
	static final float BIAS_WALK_SIGMA_V = 3e-4f;
	/**
	 * The OCV slope (mean over 20..80 % SoC, V per unit SoC) at which the bias gets BIAS_INITIAL_SIGMA_V and
	 * BIAS_WALK_SIGMA_V as they stand: the NCR18650PF's, 0.81 V. The bias is a voltage, what it can take from the SoC
	 * is the voltage over the slope: on a flatter OCV (an LFP plateau, 0.15 V) the same millivolts are five times
	 * the SoC, and a wrong start was never corrected there (the bias took it). So both sigmas scale with the cell's
	 * slope over this one, never above 1.
	 */
	static final double BIAS_REFERENCE_SLOPE_V = 0.8;

	/** The bias is held within +-50 mV: beyond that the reading is wrong, not offset. */
	static final float BIAS_LIMIT_V = 0.05f;

	/**
	 * Activation energy of the cell's resistances, J/mol: R(T) = R(T_table) exp(E / R_gas (1 / T - 1 / T_table)). The
	 * circuit is fitted at one temperature (the data has pulse tests only at 25 degC); ionic conduction in the
	 * electrolyte and SEI and the charge transfer of Li-ion cells are thermally activated with 15-25 and 50-70 kJ/mol
	 * (impedance-spectroscopy literature on graphite/NCA and NMC 18650 cells); the 1-10 s resistance the circuit holds
	 * is mostly the former, with some of the latter, so 30 kJ/mol: a cell 3.0x as resistive at 0 degC, 5.0x at
	 * -10 degC, 0.84x at 30 degC as at 25 degC (generator's choice, not fitted to the drive cycles; the resistance
	 * scale state takes what it misses).
	 */
	static final double ACTIVATION_ENERGY_J_PER_MOL = 30_000;

	/** Temperatures of the generated Arrhenius table, degC: the cell's whole range at 5 K, linear between. */
	static final int FACTOR_TABLE_MIN_C = -40;
	static final int FACTOR_TABLE_MAX_C = 70;
	static final int FACTOR_TABLE_STEP_C = 5;

	/**
	 * Seconds after a start during which the voltage bias is held at 0 (no variance): a start knows nothing of the
	 * RC voltages, so the first readings put their polarisation (30-50 mV after 30 minutes of a drive) into the SoC;
	 * as the filter's RC voltages build up with the measured current, the same voltage comes back as an innovation of
	 * the other sign, and a free bias took it instead of the SoC, which then stayed 3-6 % off. Held for 150 s
	 * (1.5-2.5 times the slow pair's 60-100 s) the SoC takes it back, helped by the start noise (START_SOC_NOISE);
	 * a sense offset is then learnt as before. Without the start noise 300 s were needed; with it a longer hold puts
	 * a sense offset into the SoC (300 s: Cycle_1 at -10 mV 1.03-1.09 % RMS, target 1 %).
	 */
	static final int BIAS_HOLD_S = 150;

	/**
	 * SoC process noise per period for START_NOISE_S after a start: a start in mid-SoC under load reads the RC
	 * voltages' unknown state as SoC, and the trusted count (the model's process noise, 0.12 % per hour) then keeps
	 * what the first minutes got wrong. 2e-7 per period over 300 s (1200 periods) is 1.5 % SoC of standard
	 * deviation: the voltage may still move the SoC while the filter's RC voltages build up. Not at a rest re-anchor
	 * (the cell's OCV is read at rest there).
	 */
	static final float START_SOC_NOISE = 2e-7f;

	/** Seconds after a start with START_SOC_NOISE. */
	static final int START_NOISE_S = 300;

	/**
	 * Arrhenius factor (resistance over its 25 degC value) above which a start gets no extra SoC noise, full below
	 * 1, linear between: the OCV and the circuit are 25 degC tables; in the cold the loaded (and even the resting)
	 * voltage reads 8-19 % SoC low on the 0 and 10 degC drives, and a freer SoC follows it (0 degC US06 from a
	 * start at full: 1.4 -> 5-6 % RMS without this gate). 1.3 is about 18 degC with E = 30 kJ/mol.
	 */
	static final float START_NOISE_FACTOR_MAX = 1.3f;

	/**
	 * Standard deviation of the RC voltages' unknown state at a start, carried as measurement noise that decays with
	 * the slow pair's time constant: without it the first readings (2 mV of noise) collapsed the SoC's variance at
	 * once, and the SoC could not take back what the RC voltages returned as they built up. 20 mV: a drive leaves
	 * 30-60 mV in them, but at 50 mV the first minutes of a start at full in the cold (steep OCV, 3x the
	 * resistance) were weighted too little and the 0 degC US06 ended 2.6 % RMS off (20 mV: 1.8 %).
	 */
	static final float SETTLE_SIGMA_V = 0.02f;

	/** Measurement updates per period (iterated EKF). */
	static final int UPDATE_ITERATIONS = 3;

	/** Bounds of the resistance scale: a quarter to six times the fitted circuit. */
	static final float RESISTANCE_SCALE_MIN = 0.25f;
	static final float RESISTANCE_SCALE_MAX = 6f;

	/** Returns null when the pack has no {@code soc} block. */
	public GeneratedSource emit(PackIr pack) {
		EstimatorsIr.Soc soc = pack.estimators().soc();
		if (soc == null) {
			return null;
		}
		CellIr cell = pack.cell();
		boolean two = soc.rcPairs() == 2;
		int states = 3 + soc.rcPairs();
		ClassName packState = ClassName.get(FirmwarePackage.of(pack, FirmwareImage.STM32), PackStateEmitter.TYPE_NAME);
		float periodS = pack.control().periodMs() / 1000f;
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("State of charge of pack $L: an extended Kalman filter per series cell on the $L-RC"
						+ " equivalent circuit of the $L, in {@code float}.\n"
						+ "<p>Prediction counts coulombs (cell current = pack current / $L cells in parallel) and"
						+ " relaxes the RC voltages with per-period factors computed at generation time; the update"
						+ " compares the measured cell voltage with OCV(SoC, T) + RC voltages + R0 I. After $L"
						+ " periods at rest the SoC is re-anchored on the OCV. Nothing is allocated after"
						+ " construction.\n$L\n", pack.name(), soc.rcPairs(), cell.name(), cell.parallelCells(),
						soc.restCorrectionPeriods(), SourceFiles.traceLine(soc.trace()));
		constants(type, pack, soc, cell, states, periodS);
		ocvTables(type, cell);
		temperatureTable(type, soc);
		ecmTables(type, cell, two, periodS);
		fields(type, two);
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addJavadoc("A filter for every series cell; call a start method before the first step.\n")
				.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)")
				.addStatement("socPerAmperePeriod[cell] = SOC_PER_AMPERE_PERIOD").endControlFlow().build());
		type.addMethod(start(packState));
		type.addMethod(startAt(packState));
		type.addMethod(startScale());
		type.addMethod(step(packState, two, states));
		type.addMethod(MethodSpec.methodBuilder("cellSoc").addModifiers(Modifier.PUBLIC).returns(TypeName.FLOAT)
				.addParameter(TypeName.INT, "cell").addJavadoc("The SoC of a cell (0 = bottom) as a fraction 0..1.\n")
				.addStatement("return soc[cell]").build());
		type.addMethod(MethodSpec.methodBuilder("cellSocVariance").addModifiers(Modifier.PUBLIC).returns(TypeName.FLOAT)
				.addParameter(TypeName.INT, "cell").addJavadoc("The filter's variance of a cell's SoC (fraction^2).\n")
				.addStatement("return covariance[cell * STATES * STATES]").build());
		type.addMethod(MethodSpec.methodBuilder("cellResistanceScale").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.FLOAT).addParameter(TypeName.INT, "cell")
				.addJavadoc("The filter's resistance scale of a cell: its R0, R1 and R2 over the circuit table's at the"
						+ " selected temperature (1 = as fitted).\n")
				.addStatement("return scale[cell]").build());
		type.addMethod(MethodSpec.methodBuilder("cellInnovationVolts").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.FLOAT).addParameter(TypeName.INT, "cell")
				.addJavadoc("The last step's innovation of a cell: measured minus predicted cell voltage before the"
						+ " correction, in V (0 when the step did not correct).\n")
				.addStatement("return innovation[cell]").build());
		type.addMethod(useCellCapacity());
		type.addMethod(useResistanceRatio());
		type.addMethod(r0Ohm(packState));
		type.addMethod(socAtOcv());
		type.addMethod(selectTables(packState));
		type.addMethod(resetCell(two, states));
		type.addMethod(resetScale());
		type.addMethod(holdBias());
		type.addMethod(resistanceFactorAt());
		type.addMethod(ocvAt());
		type.addMethod(ecmAt(two));
		type.addMethod(socOfVolts());
		type.addMethod(clampSoc());
		type.addMethod(packSocBp());
		type.addMethod(inverseSqrt());
		type.addMethod(below());
		type.addMethod(fraction());
		return SourceFiles.file(pack, "SoC estimator", type.build());
	}

	private static void constants(TypeSpec.Builder type, PackIr pack, EstimatorsIr.Soc soc, CellIr cell, int states,
			float periodS) {
		type.addField(SourceFiles.intConstant("RC_PAIRS", soc.rcPairs(), "RC pairs of the filter's circuit"
				+ " ({@code model 1RC | 2RC}).", soc.trace()));
		type.addField(SourceFiles.intConstant("STATES", states, "Filter states per cell: SoC, the RC voltages, then"
				+ " the resistance scale (all circuit resistances times it).", soc.trace()));
		type.addField(SourceFiles.intConstant("SCALE_STATE", states - 2, "Index of the resistance scale in a cell's"
				+ " state.", soc.trace()));
		type.addField(SourceFiles.intConstant("BIAS_STATE", states - 1, "Index of the voltage bias in a cell's"
				+ " state.", soc.trace()));
		double slope = meanOcvSlope(cell);
		float biasShare = (float) Math.min(1, slope / BIAS_REFERENCE_SLOPE_V);
		String share = String.format(java.util.Locale.ROOT, " times %.2f, the cell's mean OCV slope over 20..80 %% SoC"
				+ " (%.2f V) over %.2f V: the bias may take as much SoC as on the NCR18650PF, not more", biasShare, slope,
				BIAS_REFERENCE_SLOPE_V);
		float biasInitial = BIAS_INITIAL_SIGMA_V * biasShare;
		float biasWalk = BIAS_WALK_SIGMA_V * biasShare;
		type.addField(EstimatorTables.floatConstant("BIAS_INITIAL_VARIANCE", biasInitial * biasInitial,
				"Variance of the voltage bias at the start, in V^2: (10 mV" + share + ")^2 (generator's choice).",
				soc.trace()));
		type.addField(EstimatorTables.floatConstant("BIAS_PROCESS_NOISE_V2", biasWalk * biasWalk,
				"Variance added to the voltage bias per period, in V^2: (0.3 mV" + share + ")^2 (generator's choice).",
				soc.trace()));
		type.addField(SourceFiles.intConstant("BIAS_HOLD_PERIODS", Math.round(BIAS_HOLD_S * 1000f / pack.control().periodMs()),
				"Periods after a start during which the voltage bias is held at 0: the RC voltages' unknown start comes"
				+ " back as they build up, and the SoC, not the bias, must take it back (generator's choice: "
				+ BIAS_HOLD_S + " s, 1.5-2.5 slow time constants; the start noise does the rest).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("START_PROCESS_NOISE", START_SOC_NOISE, "SoC variance added per"
				+ " period for START_NOISE_PERIODS after a start, on top of PROCESS_NOISE: the count is not trusted until"
				+ " the filter's RC voltages have built up (generator's choice).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("START_NOISE_FACTOR_MAX", START_NOISE_FACTOR_MAX, "Arrhenius"
				+ " factor above which a start gets no START_PROCESS_NOISE (linear from 1): off the 25 degC tables'"
				+ " temperature the voltage reads SoC too far off to be followed (generator's choice).", soc.trace()));
		type.addField(SourceFiles.intConstant("START_NOISE_PERIODS", Math.round(START_NOISE_S * 1000f
				/ pack.control().periodMs()), "Periods after a start with START_PROCESS_NOISE (generator's choice: "
				+ START_NOISE_S + " s).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("SETTLE_VARIANCE_V2", SETTLE_SIGMA_V * SETTLE_SIGMA_V,
				"Variance of the RC voltages' unknown state at a start, in V^2, carried as measurement noise that"
				+ " decays with the slow pair: (20 mV)^2 (generator's choice; a drive leaves 30-60 mV in them, more"
				+ " let a cold start at full wander).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("BIAS_LIMIT_V", BIAS_LIMIT_V, "Largest voltage bias the filter"
				+ " accepts, in V.", soc.trace()));
		type.addField(SourceFiles.intConstant("PARALLEL_CELLS", cell.parallelCells(), "Cells in parallel: each"
				+ " carries this share of the pack current.", cell.trace()));
		type.addField(SourceFiles.intConstant("CELL_CAPACITY_MAH", cell.capacityMah(), "One cell's rated capacity.",
				cell.trace()));
		type.addField(EstimatorTables.floatConstant("PERIOD_S", periodS, "The control period the filter steps"
				+ " with, in s.", pack.control().trace()));
		float socPerAmp = (float) (pack.control().periodMs() / 1000.0 / (cell.capacityMah() * 3.6));
		type.addField(EstimatorTables.floatConstant("SOC_PER_AMPERE_PERIOD", socPerAmp, "SoC one ampere of cell"
				+ " current moves in one period: period / (capacity in coulombs).", cell.trace()));
		type.addField(EstimatorTables.floatConstant("PROCESS_NOISE", soc.processNoise(), "Variance added to each"
				+ " cell's SoC per period (as modelled).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("RC_PROCESS_NOISE_V2", RC_PROCESS_NOISE_V2, "Variance added to"
				+ " each RC voltage per period, in V^2: (0.5 mV)^2, the circuit fit's drift (generator's choice).",
				soc.trace()));
		float noiseV = soc.measurementNoiseV();
		type.addField(EstimatorTables.floatConstant("MEASUREMENT_VARIANCE_V2", noiseV * noiseV, "Variance of a cell"
				+ " voltage reading, in V^2 (the modelled noise squared).", soc.trace()));
		type.addField(SourceFiles.intConstant("UPDATE_ITERATIONS", UPDATE_ITERATIONS, "Measurement updates per"
				+ " period, each relinearising the OCV at the last estimate (iterated EKF; generator's choice: 3).",
				soc.trace()));
		type.addField(EstimatorTables.floatConstant("GATE_SIGMAS", 3f, "Innovations are clipped to this many"
				+ " standard deviations (generator's choice: 3, the usual gate).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("LOAD_MODEL_ERROR", LOAD_MODEL_ERROR, "Standard deviation of the"
				+ " circuit's error under load as a share of the R0 drop, added to the measurement noise: the"
				+ " fitted cell misses 5-21 mV under 1-4C where R0 I is 90-360 mV (generator's choice, with margin"
				+ " for the lot's resistance spread).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("RESISTANCE_SCALE_INITIAL_VARIANCE",
				RESISTANCE_SCALE_INITIAL_SIGMA * RESISTANCE_SCALE_INITIAL_SIGMA, "Variance of the resistance scale at"
				+ " the start: the circuit is fitted at one temperature, the cell is 2-4 times as resistive at 0 to -10"
				+ " degC (generator's choice: 0.5^2).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("RESISTANCE_SCALE_PROCESS_NOISE",
				RESISTANCE_SCALE_WALK_SIGMA * RESISTANCE_SCALE_WALK_SIGMA, "Variance added to the resistance scale per"
				+ " period: it follows the cell's temperature within minutes (generator's choice: 0.004^2).",
				soc.trace()));
		type.addField(EstimatorTables.floatConstant("RESISTANCE_SCALE_MIN", RESISTANCE_SCALE_MIN, "Lowest resistance"
				+ " scale the filter accepts.", soc.trace()));
		type.addField(EstimatorTables.floatConstant("RESISTANCE_SCALE_MAX", RESISTANCE_SCALE_MAX, "Highest resistance"
				+ " scale the filter accepts.", soc.trace()));
		float initial = soc.initialUncertainty();
		type.addField(EstimatorTables.floatConstant("INITIAL_VARIANCE", initial * initial, "Variance of the first"
				+ " SoC (the modelled initial uncertainty squared).", soc.trace()));
		type.addField(SourceFiles.booleanConstant("INITIAL_FROM_FLASH", soc.initialFromFlash(), "True when the first"
				+ " SoC after a reset comes from the flash log's newest history record ({@link #startAt(int)}; from the"
				+ " OCV when the log has none), false when from the OCV of the first reading ({@link"
				+ " #start(PackState)}).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("CAPACITY_MIN_SHARE", 0.5f, "Smallest capacity, as a share of"
				+ " the rated one, that {@link #useCellCapacity(int, float)} accepts (below it the SoH's sample is"
				+ " not a capacity).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("CAPACITY_MAX_SHARE", 1.2f, "Largest capacity, as a share of"
				+ " the rated one, that {@link #useCellCapacity(int, float)} accepts.", soc.trace()));
		type.addField(SourceFiles.intConstant("REST_CORRECTION_PERIODS", soc.restCorrectionPeriods(), "Periods at"
				+ " rest after which the SoC is re-anchored on the OCV (" + soc.restCorrectionMs() + " ms); 0 = never.",
				soc.trace()));
	}

	/**
	 * The Arrhenius factor of the cell's resistances over temperature, exp(E / R_gas (1 / T - 1 / 298.15 K)),
	 * tabulated at generation time (the firmware divides two look-ups, no {@code Math.exp}).
	 */
	private static void temperatureTable(TypeSpec.Builder type, EstimatorsIr.Soc soc) {
		List<Float> celsius = new ArrayList<>();
		List<Float> factor = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		for (int c = FACTOR_TABLE_MIN_C; c <= FACTOR_TABLE_MAX_C; c += FACTOR_TABLE_STEP_C) {
			celsius.add((float) c);
			factor.add((float) arrhenius(c));
			comments.add(c + " degC");
		}
		type.addField(SourceFiles.intConstant("RESISTANCE_FACTOR_POINTS", celsius.size(), "Points of the resistance"
				+ " factor table.", soc.trace()));
		type.addField(SourceFiles.intConstant("ACTIVATION_ENERGY_J_PER_MOL", (int) ACTIVATION_ENERGY_J_PER_MOL,
				"Activation energy of the cell's resistances (Arrhenius), J/mol: ionic conduction and charge"
				+ " transfer of Li-ion cells are activated with 15-25 and 50-70 kJ/mol, the 1-10 s resistance of the"
				+ " circuit is mostly the former (generator's choice, 30 kJ/mol: 3.0x at 0 degC, 5.0x at -10 degC;"
				+ " the resistance scale takes what it misses).", soc.trace()));
		type.addField(EstimatorTables.floatTable("RESISTANCE_FACTOR_CELSIUS", celsius, comments, "Temperatures of"
				+ " the resistance factor table, degC, ascending."));
		type.addField(EstimatorTables.floatTable("RESISTANCE_FACTOR", factor, comments, "exp(E / R_gas (1 / T - 1 /"
				+ " 298.15 K)): a resistance at T over the same at 25 degC."));
	}

	/** exp(E / R_gas (1 / T - 1 / 298.15 K)) at {@code celsius}. */
	static double arrhenius(double celsius) {
		return Math.exp(ACTIVATION_ENERGY_J_PER_MOL / 8.314462618 * (1 / (celsius + 273.15) - 1 / 298.15));
	}

	private static void ocvTables(TypeSpec.Builder type, CellIr cell) {
		List<CellIr.OcvTable> tables = new ArrayList<>(cell.ocv());
		tables.sort(Comparator.comparingInt(CellIr.OcvTable::temperatureCentiDegC));
		if (tables.isEmpty()) {
			throw new IllegalStateException("cell " + cell.name() + " has no OCV table for the SoC filter");
		}
		List<Integer> temperatures = new ArrayList<>();
		List<Integer> first = new ArrayList<>();
		List<Integer> count = new ArrayList<>();
		List<String> tableComments = new ArrayList<>();
		List<Float> soc = new ArrayList<>();
		List<Float> volts = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		for (CellIr.OcvTable table : tables) {
			temperatures.add(table.temperatureCentiDegC());
			first.add(soc.size());
			count.add(table.soc().size());
			tableComments.add("OCV at " + EstimatorTables.degrees(table.temperatureCentiDegC()) + ", "
					+ table.trace());
			for (int i = 0; i < table.soc().size(); i++) {
				if (i > 0 && table.volts().get(i) < table.volts().get(i - 1)) {
					// the firmware inverts the table at rest (the model checks forbid this too)
					throw new IllegalStateException("OCV at " + table.trace() + " falls as SoC rises");
				}
				soc.add(table.soc().get(i));
				volts.add(table.volts().get(i));
				comments.add(EstimatorTables.degrees(table.temperatureCentiDegC()) + ", "
						+ EstimatorTables.percent(table.soc().get(i)));
			}
		}
		type.addField(SourceFiles.intConstant("OCV_TABLES", tables.size(), "OCV tables, by ascending temperature.",
				cell.trace()));
		type.addField(EstimatorTables.intTable(TypeName.INT, "OCV_TEMPERATURE_CENTI_DEGC", temperatures, tableComments,
				"Temperature of each OCV table."));
		type.addField(EstimatorTables.intTable(TypeName.INT, "OCV_FIRST", first, tableComments, "Index of each"
				+ " table's first breakpoint in OCV_SOC and OCV_VOLTS."));
		type.addField(EstimatorTables.intTable(TypeName.INT, "OCV_COUNT", count, tableComments, "Breakpoints of each"
				+ " table."));
		type.addField(EstimatorTables.floatTable("OCV_SOC", soc, comments, "SoC breakpoints (fraction), ascending"
				+ " within a table."));
		type.addField(EstimatorTables.floatTable("OCV_VOLTS", volts, comments, "Open-circuit voltage at each"
				+ " breakpoint, in V."));
	}

	private static void ecmTables(TypeSpec.Builder type, CellIr cell, boolean two, float periodS) {
		List<CellIr.EquivalentCircuit> circuits = new ArrayList<>(cell.ecm());
		circuits.sort(Comparator.comparingInt(CellIr.EquivalentCircuit::temperatureCentiDegC));
		if (circuits.isEmpty()) {
			throw new IllegalStateException("cell " + cell.name() + " has no equivalent circuit for the SoC filter");
		}
		List<Integer> temperatures = new ArrayList<>();
		List<Integer> first = new ArrayList<>();
		List<Integer> count = new ArrayList<>();
		List<String> tableComments = new ArrayList<>();
		List<Float> socAxis = new ArrayList<>();
		List<Float> r0 = new ArrayList<>();
		List<Float> decay1 = new ArrayList<>();
		List<Float> gain1 = new ArrayList<>();
		List<Float> decay2 = new ArrayList<>();
		List<Float> gain2 = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		for (CellIr.EquivalentCircuit circuit : circuits) {
			TreeSet<Float> axis = new TreeSet<>();
			for (CellIr.EcmParameter parameter : circuit.parameters()) {
				axis.addAll(parameter.soc());
			}
			if (axis.size() < 2) {
				// constant parameters: a flat two-point table, so the firmware has one look-up for both cases
				axis.add(0f);
				axis.add(1f);
			}
			temperatures.add(circuit.temperatureCentiDegC());
			first.add(socAxis.size());
			count.add(axis.size());
			tableComments.add("circuit at " + EstimatorTables.degrees(circuit.temperatureCentiDegC()) + ", "
					+ circuit.trace());
			for (float s : axis) {
				socAxis.add(s);
				comments.add(EstimatorTables.degrees(circuit.temperatureCentiDegC()) + ", " + EstimatorTables.percent(s));
				r0.add((float) value(circuit, "r0", s, false));
				double r1 = value(circuit, "r1", s, true);
				double tau1 = r1 * value(circuit, "c1", s, true);
				double a1 = Math.exp(-periodS / tau1);
				decay1.add((float) a1);
				gain1.add((float) (r1 * (1 - a1)));
				if (two) {
					double r2 = value(circuit, "r2", s, true);
					double a2 = Math.exp(-periodS / (r2 * value(circuit, "c2", s, true)));
					decay2.add((float) a2);
					gain2.add((float) (r2 * (1 - a2)));
				}
			}
		}
		type.addField(SourceFiles.intConstant("ECM_TABLES", circuits.size(), "Equivalent-circuit tables, by ascending"
				+ " temperature.", cell.trace()));
		type.addField(EstimatorTables.intTable(TypeName.INT, "ECM_TEMPERATURE_CENTI_DEGC", temperatures, tableComments,
				"Temperature of each circuit table; the filter uses the nearest."));
		type.addField(EstimatorTables.intTable(TypeName.INT, "ECM_FIRST", first, tableComments, "Index of each"
				+ " table's first breakpoint."));
		type.addField(EstimatorTables.intTable(TypeName.INT, "ECM_COUNT", count, tableComments, "Breakpoints of each"
				+ " table (the union of its parameters' SoC breakpoints)."));
		type.addField(EstimatorTables.floatTable("ECM_SOC", socAxis, comments, "SoC breakpoints (fraction)."));
		type.addField(EstimatorTables.floatTable("ECM_R0_OHM", r0, comments, "Series resistance R0, in ohm."));
		type.addField(EstimatorTables.floatTable("ECM_DECAY1", decay1, comments, "exp(-period / (R1 C1)): what is left"
				+ " of the first RC voltage after one period."));
		type.addField(EstimatorTables.floatTable("ECM_GAIN1_OHM", gain1, comments, "R1 (1 - ECM_DECAY1): the first RC"
				+ " voltage one period of one ampere adds, in V/A."));
		if (two) {
			type.addField(EstimatorTables.floatTable("ECM_DECAY2", decay2, comments, "exp(-period / (R2 C2)), as"
					+ " ECM_DECAY1 for the second pair."));
			type.addField(EstimatorTables.floatTable("ECM_GAIN2_OHM", gain2, comments, "R2 (1 - ECM_DECAY2), in V/A."));
		}
	}

	/** (OCV(80 %) - OCV(20 %)) / 0.6 of the cell's OCV table nearest 25 degC, V per unit SoC. */
	static double meanOcvSlope(CellIr cell) {
		CellIr.OcvTable nearest = cell.ocvNearest(2500);
		if (nearest == null) {
			return BIAS_REFERENCE_SLOPE_V;
		}
		return (nearest.voltsAt(0.8) - nearest.voltsAt(0.2)) / 0.6;
	}

	/** A circuit parameter at a SoC: its constant, or its table interpolated linearly and held at the ends. */
	static double value(CellIr.EquivalentCircuit circuit, String kind, float soc, boolean required) {
		for (CellIr.EcmParameter parameter : circuit.parameters()) {
			if (!parameter.kind().equals(kind)) {
				continue;
			}
			if (parameter.isConstant()) {
				return parameter.values().get(0);
			}
			List<Float> xs = parameter.soc();
			List<Float> ys = parameter.values();
			if (soc <= xs.get(0)) {
				return ys.get(0);
			}
			for (int i = 1; i < xs.size(); i++) {
				if (soc <= xs.get(i)) {
					double f = (soc - (double) xs.get(i - 1)) / (xs.get(i) - (double) xs.get(i - 1));
					return ys.get(i - 1) + f * (ys.get(i) - (double) ys.get(i - 1));
				}
			}
			return ys.get(ys.size() - 1);
		}
		if (required) {
			throw new IllegalStateException("the circuit at " + circuit.trace() + " lacks " + kind);
		}
		return 0;
	}

	private static void fields(TypeSpec.Builder type, boolean two) {
		privateArray(type, "soc", "CELL_COUNT", "Each cell's SoC, fraction 0..1.");
		privateArray(type, "v1", "CELL_COUNT", "Each cell's first RC voltage, in V (positive while charging).");
		if (two) {
			privateArray(type, "v2", "CELL_COUNT", "Each cell's second RC voltage, in V.");
		}
		privateArray(type, "scale", "CELL_COUNT", "Each cell's resistance scale: its R0, R1 and R2 over the circuit"
				+ " table's (temperature, ageing).");
		privateArray(type, "bias", "CELL_COUNT", "Each cell's voltage bias: what the reading and the circuit keep"
				+ " apart beyond the states above (a sense offset, slow polarisation the circuit lacks), in V.");
		privateArray(type, "innovation", "CELL_COUNT", "Each cell's last innovation: measured minus predicted voltage,"
				+ " in V.");
		privateArray(type, "covariance", "CELL_COUNT * STATES * STATES", "Each cell's state covariance, row major.");
		privateArray(type, "transition", "STATES * STATES", "State transition of the cell in hand, row major"
				+ " (scratch).");
		privateArray(type, "product", "STATES * STATES", "Transition times covariance (scratch).");
		privateArray(type, "h", "STATES", "Measurement Jacobian of the cell in hand (scratch).");
		privateArray(type, "ph", "STATES", "Covariance times the Jacobian (scratch).");
		for (String name : new String[] {"ocvWeight", "ocvVolts", "ocvSlope", "r0Ohm", "decay1", "gain1Ohm", "decay2",
				"gain2Ohm"}) {
			if (!two && name.endsWith("2") || !two && name.equals("gain2Ohm")) {
				continue;
			}
			type.addField(FieldSpec.builder(TypeName.FLOAT, name, Modifier.PRIVATE).build());
		}
		privateArray(type, "settleVariance", "CELL_COUNT", "Each cell's variance of the RC voltages' unknown state at"
				+ " its start, in V^2, carried as measurement noise and decaying with the slow pair's time constant.");
		privateArray(type, "socPerAmperePeriod", "CELL_COUNT", "Each cell's SoC per ampere and period: SOC_PER_AMPERE_PERIOD"
				+ " until the SoH estimator has measured the cell's capacity ({@link #useCellCapacity(int, float)}).");
		type.addField(FieldSpec.builder(TypeName.FLOAT, "temperatureFactor", Modifier.PRIVATE).initializer("1f")
				.addJavadoc("The circuit's resistances at the pack temperature over the selected table's (Arrhenius).\n")
				.build());
		type.addField(FieldSpec.builder(TypeName.FLOAT, "resistanceRatio", Modifier.PRIVATE).initializer("1f")
				.addJavadoc("The SoH estimator's measured R0 over the circuit table's, 1 until it has measured.\n")
				.build());
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "resistanceRatioKnown", Modifier.PRIVATE)
				.addJavadoc("The SoH estimator has handed a ratio over (before a start: the one the log kept).\n")
				.build());
		type.addField(FieldSpec.builder(TypeName.FLOAT, "previousAmps", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "biasHoldPeriods", Modifier.PRIVATE)
				.addJavadoc("Periods the voltage bias is still held at 0 after a start (BIAS_HOLD_PERIODS, counting down).\n")
				.build());
		type.addField(FieldSpec.builder(TypeName.INT, "startNoisePeriods", Modifier.PRIVATE)
				.addJavadoc("Periods of START_PROCESS_NOISE still to come after a start.\n").build());
		type.addField(FieldSpec.builder(TypeName.INT, "ocvLow", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "ocvHigh", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "ecmTable", Modifier.PRIVATE).build());
	}

	private static void privateArray(TypeSpec.Builder type, String name, String size, String javadoc) {
		String length = size.startsWith("CELL_COUNT") ? "PackState." + size : size;
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.FLOAT), name, Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("$L\n", javadoc).initializer("new float[$L]", length).build());
	}

	private static MethodSpec start(ClassName packState) {
		return MethodSpec.methodBuilder("start").addModifiers(Modifier.PUBLIC).addParameter(packState, "state")
				.addJavadoc("Starts every cell's filter from the OCV of its measured voltage less the R0 drop of the"
						+ " current measured with it ({@code initial from ocv}): right when the pack has rested, off by"
						+ " the RC voltages otherwise, which the"
						+ " filter's first corrections absorb. The SoC variance starts at INITIAL_VARIANCE, the resistance"
						+ " scale at {@link #startScale()}.\n")
				.addStatement("selectTables(state.minTemperatureCentiDegC, state.maxTemperatureCentiDegC)")
				.addStatement("float amps = state.packMa * (0.001f / PARALLEL_CELLS)")
				.addStatement("float scaleNow = startScale()")
				.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)")
				.addStatement("resetScale(cell, scaleNow)")
				.addCode("// a pack that starts under load reads OCV + R0 i: take the R0 drop off (at the SoC the loaded"
						+ " reading points to)\n")
				.addStatement("float volts = state.cellMv[cell] * 0.001f")
				.addStatement("ecmAt(socOfVolts(volts))")
				.addStatement("resetCell(cell, socOfVolts(volts - r0Ohm * amps), INITIAL_VARIANCE)")
				.addStatement("holdBias(cell)")
				.endControlFlow()
				.addStatement("state.socBp = packSocBp()")
				.build();
	}

	private static MethodSpec startAt(ClassName packState) {
		return MethodSpec.methodBuilder("startAt").addModifiers(Modifier.PUBLIC).addParameter(TypeName.INT, "socBp")
				.addJavadoc("Starts every cell's filter at a given SoC ({@code initial from flash}: the last SoC the"
						+ " log holds; tests), with variance INITIAL_VARIANCE; the resistance scale starts at {@link"
						+ " #startScale()}.\n")
				.addStatement("float start = Math.max(0f, Math.min(1f, socBp * 1.0e-4f))")
				.addStatement("float scaleNow = startScale()")
				.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)")
				.addStatement("resetScale(cell, scaleNow)")
				.addStatement("resetCell(cell, start, INITIAL_VARIANCE)")
				.addStatement("holdBias(cell)")
				.endControlFlow()
				.build();
	}

	private static MethodSpec startScale() {
		return MethodSpec.methodBuilder("startScale").addModifiers(Modifier.PRIVATE).returns(TypeName.FLOAT)
				.addJavadoc("The resistance scale a start begins at: 1 (the circuit as fitted), or, when the SoH"
						+ " estimator has handed over a\nratio before the start (the one the flash log kept across a"
						+ " reset), that ratio over the Arrhenius factor,\nas a rest re-anchor takes it: an aged cell"
						+ " read with the new cell's resistance under load looks emptier than it is.\n")
				.addStatement("return resistanceRatioKnown ? resistanceRatio / temperatureFactor : 1f").build();
	}

	private static MethodSpec step(ClassName packState, boolean two, int states) {
		MethodSpec.Builder m = MethodSpec.methodBuilder("step").addModifiers(Modifier.PUBLIC)
				.addParameter(packState, "state")
				.addJavadoc("One control period: per cell, predict (coulomb count, RC relaxation) with the current"
						+ " just measured, then correct SoC, RC voltages and resistance scale on the cell voltage read"
						+ " with it (skipped while the readings are not valid); after REST_CORRECTION_PERIODS at rest,"
						+ " re-anchor on the OCV. Writes {@code state.socBp}: min / (min + 1 - max) over the cells'"
						+ " SoC, which is the mean for balanced cells, reaches 0 when the weakest cell is empty and"
						+ " 100 % when the fullest is full (what the pack can still deliver, or take), and moves"
						+ " continuously between charge and discharge.\n");
		m.addStatement("selectTables(state.minTemperatureCentiDegC, state.maxTemperatureCentiDegC)");
		m.addStatement("float amps = state.packMa * (0.001f / PARALLEL_CELLS)");
		m.addStatement("boolean reanchor = REST_CORRECTION_PERIODS > 0 && state.restPeriods == REST_CORRECTION_PERIODS");
		m.addCode("// a start's first minutes: the SoC stays free to follow the voltage (near 25 degC only)\n");
		m.addStatement("float startNoise = startNoisePeriods > 0 ? START_PROCESS_NOISE * Math.max(0f, Math.min(1f,"
				+ " (START_NOISE_FACTOR_MAX - temperatureFactor) / (START_NOISE_FACTOR_MAX - 1f))) : 0f");
		m.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)");
		m.addStatement("int p = cell * STATES * STATES");
		m.addStatement("ecmAt(soc[cell])");
		m.addStatement("float k = scale[cell]");
		m.addStatement("innovation[cell] = 0f");
		m.addCode("// predict: x = f(x, i), P = F P F' + Q; the RC pairs charge with k R (1 - decay) i, so F has the\n"
				+ "// RC gains times the current in the scale's column; the time constants are the table's\n");
		m.addStatement("soc[cell] += amps * socPerAmperePeriod[cell]");
		m.addStatement("v1[cell] = decay1 * v1[cell] + k * gain1Ohm * amps");
		if (two) {
			m.addStatement("v2[cell] = decay2 * v2[cell] + k * gain2Ohm * amps");
		}
		m.beginControlFlow("for (int i = 0; i < STATES * STATES; i++)");
		m.addStatement("transition[i] = 0f");
		m.endControlFlow();
		m.addStatement("transition[0] = 1f");
		m.addStatement("transition[STATES + 1] = decay1");
		m.addStatement("transition[STATES + SCALE_STATE] = gain1Ohm * amps");
		if (two) {
			m.addStatement("transition[2 * STATES + 2] = decay2");
			m.addStatement("transition[2 * STATES + SCALE_STATE] = gain2Ohm * amps");
		}
		m.addStatement("transition[SCALE_STATE * STATES + SCALE_STATE] = 1f");
		m.addStatement("transition[BIAS_STATE * STATES + BIAS_STATE] = 1f");
		m.beginControlFlow("for (int i = 0; i < STATES; i++)");
		m.beginControlFlow("for (int j = 0; j < STATES; j++)");
		m.addStatement("float sum = 0f");
		m.beginControlFlow("for (int l = 0; l < STATES; l++)");
		m.addStatement("sum += transition[i * STATES + l] * covariance[p + l * STATES + j]");
		m.endControlFlow();
		m.addStatement("product[i * STATES + j] = sum");
		m.endControlFlow();
		m.endControlFlow();
		m.beginControlFlow("for (int i = 0; i < STATES; i++)");
		m.beginControlFlow("for (int j = 0; j < STATES; j++)");
		m.addStatement("float sum = 0f");
		m.beginControlFlow("for (int l = 0; l < STATES; l++)");
		m.addStatement("sum += product[i * STATES + l] * transition[j * STATES + l]");
		m.endControlFlow();
		m.addStatement("covariance[p + i * STATES + j] = sum");
		m.endControlFlow();
		m.endControlFlow();
		m.addStatement("covariance[p] += PROCESS_NOISE");
		m.beginControlFlow("if (startNoise > 0f)");
		m.addStatement("covariance[p] += startNoise");
		m.endControlFlow();
		m.beginControlFlow("for (int i = 1; i < SCALE_STATE; i++)");
		m.addStatement("covariance[p + i * STATES + i] += RC_PROCESS_NOISE_V2");
		m.endControlFlow();
		m.addStatement("covariance[p + SCALE_STATE * STATES + SCALE_STATE] += RESISTANCE_SCALE_PROCESS_NOISE");
		m.beginControlFlow("if (biasHoldPeriods == 0)");
		m.addStatement("covariance[p + BIAS_STATE * STATES + BIAS_STATE] += BIAS_PROCESS_NOISE_V2");
		m.nextControlFlow("else if (biasHoldPeriods == 1)");
		m.addCode("// the hold ends: the bias free again, with its initial variance\n");
		m.addStatement("covariance[p + BIAS_STATE * STATES + BIAS_STATE] += BIAS_INITIAL_VARIANCE");
		m.endControlFlow();
		m.beginControlFlow("if (reanchor && state.measurementsValid)");
		m.addCode("// rested: the RC voltages have decayed and the cell voltage is its OCV\n");
		m.addCode("// the bias was polarisation under load, decayed by now (a sense offset is lost here, and learnt again)\n");
		m.addStatement("float rested = socOfVolts(state.cellMv[cell] * 0.001f)");
		m.addStatement("bias[cell] = 0f");
		m.addStatement("ocvAt(rested)");
		m.addStatement("float slope2 = Math.max(ocvSlope * ocvSlope, 1.0e-6f)");
		m.addStatement("resetCell(cell, rested, Math.min(MEASUREMENT_VARIANCE_V2 / slope2, INITIAL_VARIANCE))");
		m.addStatement("settleVariance[cell] = 0f");
		m.addCode("// the scale restarts from the SoH's measured ratio: after 30 min at rest the filter has not"
				+ " seen the\n// resistance for that long, and the SoH's average over many current steps is the better"
				+ " start\n");
		m.addStatement("resetScale(cell, resistanceRatio / temperatureFactor)");
		m.addStatement("continue");
		m.endControlFlow();
		m.beginControlFlow("if (!state.measurementsValid)");
		m.addStatement("clampSoc(cell)");
		m.addStatement("continue");
		m.endControlFlow();
		m.addCode("// correct: y = OCV(soc) + v1$L + k R0 i + b, H = [dOCV/dsoc, 1$L, R0 i, 1], iterated (IEKF): the\n"
				+ "// OCV is relinearised at each new estimate, so a start far off (20 % SoC) is pulled in by one reading\n"
				+ "// instead of stopping where the slope at the wrong start points\n", two ? " + v2" : "", two ? ", 1" : "");
		m.addStatement("float cellVolts = state.cellMv[cell] * 0.001f");
		m.addStatement("float socPrior = soc[cell]");
		m.addStatement("float v1Prior = v1[cell]");
		if (two) {
			m.addStatement("float v2Prior = v2[cell]");
		}
		m.addStatement("float biasPrior = bias[cell]");
		m.addCode("// the AFE's current is the coulomb counter's average over the period, the cell voltage a sample at"
				+ " its end:\n// a current that changed in between (the change since the last period is the measure of"
				+ " it) puts R0 times\n// the difference into the innovation, as does the circuit's fit error under"
				+ " load\n");
		m.addStatement("float loadError = LOAD_MODEL_ERROR * k * r0Ohm * amps");
		m.addStatement("float changeError = k * r0Ohm * (amps - previousAmps)");
		m.addCode("// after a start the RC voltages' unknown history is in the reading too (settleVariance, decaying with"
				+ " the\n// slow pair): as noise, so the first readings do not collapse the SoC's variance\n");
		m.addStatement("float noise = MEASUREMENT_VARIANCE_V2 + settleVariance[cell] + loadError * loadError"
				+ " + changeError * changeError");
		m.addStatement("float inverse = 0f");
		m.addStatement("float weight = 1f");
		m.beginControlFlow("for (int iteration = 0; iteration < UPDATE_ITERATIONS; iteration++)");
		m.addStatement("ocvAt(soc[cell])");
		m.addStatement("h[0] = ocvSlope");
		m.addStatement("h[1] = 1f");
		if (two) {
			m.addStatement("h[2] = 1f");
		}
		m.addStatement("h[SCALE_STATE] = r0Ohm * amps");
		m.addStatement("h[BIAS_STATE] = 1f");
		m.addStatement("float s = noise");
		m.beginControlFlow("for (int i = 0; i < STATES; i++)");
		m.addStatement("float sum = 0f");
		m.beginControlFlow("for (int j = 0; j < STATES; j++)");
		m.addStatement("sum += covariance[p + i * STATES + j] * h[j]");
		m.endControlFlow();
		m.addStatement("ph[i] = sum");
		m.addStatement("s += h[i] * sum");
		m.endControlFlow();
		m.addStatement("inverse = 1f / s");
		m.addCode("// y - h(x_i) - H (x_prior - x_i): the innovation of the prior, linearised at the iterate\n");
		m.addStatement("float measured = cellVolts - ocvVolts - v1Prior$L - k * r0Ohm * amps - biasPrior"
				+ " - ocvSlope * (socPrior - soc[cell])", two ? " - v2Prior" : "");
		m.beginControlFlow("if (iteration == 0)");
		m.addStatement("innovation[cell] = measured");
		m.endControlFlow();
		m.addCode("// innovations beyond GATE_SIGMAS standard deviations are clipped to it (Huber): one bad sample"
				+ " moves\n// the SoC no more than a plausible one would, and the covariance shrinks by the same weight"
				+ " (a clipped\n// reading is a reading of larger variance), so a start far off keeps the room to come"
				+ " in\n");
		m.addStatement("float limit = GATE_SIGMAS * s * inverseSqrt(s)");
		m.addStatement("weight = Math.abs(measured) > limit ? limit / Math.abs(measured) : 1f");
		m.addStatement("measured *= weight");
		m.addStatement("soc[cell] = Math.max(0f, Math.min(1f, socPrior + ph[0] * inverse * measured))");
		m.addStatement("v1[cell] = v1Prior + ph[1] * inverse * measured");
		if (two) {
			m.addStatement("v2[cell] = v2Prior + ph[2] * inverse * measured");
		}
		m.addStatement("scale[cell] = Math.max(RESISTANCE_SCALE_MIN, Math.min(RESISTANCE_SCALE_MAX, k + ph[SCALE_STATE]"
				+ " * inverse * measured))");
		m.addStatement("bias[cell] = Math.max(-BIAS_LIMIT_V, Math.min(BIAS_LIMIT_V, biasPrior + ph[BIAS_STATE] * inverse"
				+ " * measured))");
		m.endControlFlow();
		m.addCode("// P = P - (P H')(P H')' / s: symmetric by construction; the floor keeps float rounding from"
				+ " driving a variance negative\n");
		m.beginControlFlow("for (int i = 0; i < STATES; i++)");
		m.beginControlFlow("for (int j = 0; j < STATES; j++)");
		m.addStatement("covariance[p + i * STATES + j] -= ph[i] * ph[j] * inverse * weight");
		m.endControlFlow();
		m.addStatement("int diagonal = p + i * STATES + i");
		m.addStatement("covariance[diagonal] = Math.max(covariance[diagonal], 1.0e-9f)");
		m.endControlFlow();
		m.addStatement("clampSoc(cell)");
		m.addStatement("float slowDecay = $L", two ? "Math.max(decay1, decay2)" : "decay1");
		m.addStatement("settleVariance[cell] *= slowDecay * slowDecay");
		m.endControlFlow();
		m.beginControlFlow("if (biasHoldPeriods > 0)");
		m.addStatement("biasHoldPeriods--");
		m.endControlFlow();
		m.beginControlFlow("if (startNoisePeriods > 0)");
		m.addStatement("startNoisePeriods--");
		m.endControlFlow();
		m.addStatement("previousAmps = amps");
		m.addStatement("state.socBp = packSocBp()");
		return m.build();
	}

	private static MethodSpec useCellCapacity() {
		return MethodSpec.methodBuilder("useCellCapacity").addModifiers(Modifier.PUBLIC)
				.addParameter(TypeName.INT, "cell").addParameter(TypeName.FLOAT, "capacityAh")
				.addJavadoc("The SoH estimator's measured capacity of a cell, in Ah: from now on the cell's charge is"
						+ " counted against it instead of the rating (an aged cell's SoC moves faster by the fade)."
						+ " Ignored outside CAPACITY_MIN_SHARE..CAPACITY_MAX_SHARE of the rating.\n")
				.beginControlFlow("if (capacityAh >= CAPACITY_MIN_SHARE * CELL_CAPACITY_MAH * 0.001f"
						+ " && capacityAh <= CAPACITY_MAX_SHARE * CELL_CAPACITY_MAH * 0.001f)")
				.addStatement("socPerAmperePeriod[cell] = PERIOD_S / (capacityAh * 3600f)")
				.endControlFlow().build();
	}

	private static MethodSpec useResistanceRatio() {
		return MethodSpec.methodBuilder("useResistanceRatio").addModifiers(Modifier.PUBLIC)
				.addParameter(TypeName.FLOAT, "ratio")
				.addJavadoc("The SoH estimator's measured R0 over the circuit table's R0 ({@link #modelR0Ohm(int)},"
						+ " mean over cells): the prior of the resistance scale. The scale restarts from it at every"
						+ " rest re-anchor, divided by the Arrhenius factor of the temperature then (the SoH measures"
						+ " against the table, the filter's circuit is already corrected for temperature); between"
						+ " re-anchors the filter's own estimate runs free, as it follows what the SoH's average over"
						+ " many current steps cannot (a cell warming within a drive). Handed over before a start (the"
						+ " ratio the flash log kept across a reset), it is where the start's scale begins. Held to the"
						+ " scale's bounds.\n")
				.addStatement("resistanceRatio = Math.max(RESISTANCE_SCALE_MIN, Math.min(RESISTANCE_SCALE_MAX, ratio))")
				.addStatement("resistanceRatioKnown = true")
				.build();
	}

	private static MethodSpec resistanceFactorAt() {
		return MethodSpec.methodBuilder("resistanceFactorAt").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.FLOAT).addParameter(TypeName.FLOAT, "celsius")
				.addJavadoc("RESISTANCE_FACTOR at a temperature, linear between the points, the end values outside.\n")
				.addStatement("int i = below(RESISTANCE_FACTOR_CELSIUS, 0, RESISTANCE_FACTOR_POINTS, celsius)")
				.addStatement("return RESISTANCE_FACTOR[i] + fraction(RESISTANCE_FACTOR_CELSIUS, i, celsius)"
						+ " * (RESISTANCE_FACTOR[i + 1] - RESISTANCE_FACTOR[i])")
				.build();
	}

	private static MethodSpec r0Ohm(ClassName packState) {
		return MethodSpec.methodBuilder("modelR0Ohm").addModifiers(Modifier.PUBLIC).returns(TypeName.FLOAT)
				.addParameter(TypeName.INT, "cell")
				.addJavadoc("The circuit table's R0 at the cell's SoC now (the table nearest the last step's temperature,"
						+ " without the Arrhenius factor), in ohm: what the SoH estimator compares a measured resistance"
						+ " with.\n")
				.addStatement("ecmAt(soc[cell])").addStatement("return r0Ohm / temperatureFactor").build();
	}

	private static MethodSpec socAtOcv() {
		return MethodSpec.methodBuilder("socAtOcv").addModifiers(Modifier.PUBLIC).returns(TypeName.FLOAT)
				.addParameter(TypeName.INT, "cellMv").addParameter(TypeName.INT, "temperatureCentiDegC")
				.addJavadoc("The SoC whose OCV is this voltage at this temperature (the OCV tables inverted), 0..1:"
						+ " the SoC of a rested cell.\n")
				.addStatement("selectTables(temperatureCentiDegC, temperatureCentiDegC)")
				.addStatement("return socOfVolts(cellMv * 0.001f)").build();
	}

	private static MethodSpec selectTables(ClassName packState) {
		MethodSpec.Builder m = MethodSpec.methodBuilder("selectTables").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "minCentiDegC").addParameter(TypeName.INT, "maxCentiDegC")
				.addJavadoc("The OCV tables around the pack temperature (mean of the extremes) with the weight of the"
						+ " upper one, the nearest circuit table, and the Arrhenius factor from its temperature to the"
						+ " pack's.\n");
		m.addStatement("int t = (minCentiDegC + maxCentiDegC) / 2");
		m.addStatement("ocvLow = 0").addStatement("ocvHigh = 0").addStatement("ocvWeight = 0f");
		m.beginControlFlow("if (t >= OCV_TEMPERATURE_CENTI_DEGC[OCV_TABLES - 1])");
		m.addStatement("ocvLow = OCV_TABLES - 1").addStatement("ocvHigh = OCV_TABLES - 1");
		m.nextControlFlow("else if (t > OCV_TEMPERATURE_CENTI_DEGC[0])");
		m.beginControlFlow("while (ocvLow < OCV_TABLES - 2 && OCV_TEMPERATURE_CENTI_DEGC[ocvLow + 1] <= t)");
		m.addStatement("ocvLow++");
		m.endControlFlow();
		m.addStatement("ocvHigh = ocvLow + 1");
		m.addStatement("ocvWeight = (t - OCV_TEMPERATURE_CENTI_DEGC[ocvLow])"
				+ " / (float) (OCV_TEMPERATURE_CENTI_DEGC[ocvHigh] - OCV_TEMPERATURE_CENTI_DEGC[ocvLow])");
		m.endControlFlow();
		m.addStatement("ecmTable = 0");
		m.beginControlFlow("for (int i = 1; i < ECM_TABLES; i++)");
		m.beginControlFlow("if (Math.abs(ECM_TEMPERATURE_CENTI_DEGC[i] - t) < Math.abs(ECM_TEMPERATURE_CENTI_DEGC[ecmTable] - t))");
		m.addStatement("ecmTable = i");
		m.endControlFlow();
		m.endControlFlow();
		m.addCode("// the table holds at its own temperature: Arrhenius from there to the pack's\n");
		m.addStatement("temperatureFactor = resistanceFactorAt(t * 0.01f)"
				+ " / resistanceFactorAt(ECM_TEMPERATURE_CENTI_DEGC[ecmTable] * 0.01f)");
		return m.build();
	}

	private static MethodSpec resetCell(boolean two, int states) {
		MethodSpec.Builder m = MethodSpec.methodBuilder("resetCell").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "cell").addParameter(TypeName.FLOAT, "start")
				.addParameter(TypeName.FLOAT, "socVariance")
				.addJavadoc("A cell at rest: SoC as given, RC voltages 0, diagonal covariance; the resistance scale and"
						+ " its variance are kept (what the filter learnt of the cell holds through a rest).\n")
				.addStatement("soc[cell] = start").addStatement("v1[cell] = 0f");
		if (two) {
			m.addStatement("v2[cell] = 0f");
		}
		m.addStatement("int p = cell * STATES * STATES");
		m.addStatement("float scaleVariance = covariance[p + SCALE_STATE * STATES + SCALE_STATE]");
		m.addStatement("float biasVariance = covariance[p + BIAS_STATE * STATES + BIAS_STATE]");
		m.beginControlFlow("for (int i = 0; i < STATES * STATES; i++)");
		m.addStatement("covariance[p + i] = 0f");
		m.endControlFlow();
		m.addStatement("covariance[p] = socVariance");
		m.beginControlFlow("for (int i = 1; i < SCALE_STATE; i++)");
		m.addStatement("covariance[p + i * STATES + i] = RC_PROCESS_NOISE_V2");
		m.endControlFlow();
		m.addStatement("covariance[p + SCALE_STATE * STATES + SCALE_STATE] = scaleVariance");
		m.addStatement("covariance[p + BIAS_STATE * STATES + BIAS_STATE] = biasVariance");
		return m.build();
	}

	private static MethodSpec holdBias() {
		return MethodSpec.methodBuilder("holdBias").addModifiers(Modifier.PRIVATE).addParameter(TypeName.INT, "cell")
				.addJavadoc("Holds a started cell's bias at 0 for BIAS_HOLD_PERIODS (see there).\n")
				.addStatement("bias[cell] = 0f")
				.addStatement("covariance[cell * STATES * STATES + BIAS_STATE * STATES + BIAS_STATE] = 1.0e-9f")
				.addStatement("biasHoldPeriods = BIAS_HOLD_PERIODS")
				.addStatement("startNoisePeriods = START_NOISE_PERIODS")
				.addStatement("settleVariance[cell] = SETTLE_VARIANCE_V2")
				.build();
	}

	private static MethodSpec resetScale() {
		return MethodSpec.methodBuilder("resetScale").addModifiers(Modifier.PRIVATE).addParameter(TypeName.INT, "cell")
				.addParameter(TypeName.FLOAT, "prior")
				.addJavadoc("The resistance scale back to a prior with the initial variance (held to the scale's"
						+ " bounds); the bias to 0 with its initial variance.\n")
				.addStatement("scale[cell] = Math.max(RESISTANCE_SCALE_MIN, Math.min(RESISTANCE_SCALE_MAX, prior))")
				.addStatement("covariance[cell * STATES * STATES + SCALE_STATE * STATES + SCALE_STATE]"
						+ " = RESISTANCE_SCALE_INITIAL_VARIANCE")
				.addStatement("bias[cell] = 0f")
				.addStatement("covariance[cell * STATES * STATES + BIAS_STATE * STATES + BIAS_STATE]"
						+ " = BIAS_INITIAL_VARIANCE")
				.build();
	}

	private static MethodSpec ocvAt() {
		return MethodSpec.methodBuilder("ocvAt").addModifiers(Modifier.PRIVATE).addParameter(TypeName.FLOAT, "x")
				.addJavadoc("OCV and its slope over SoC at x, between the selected tables: into ocvVolts, ocvSlope."
						+ " Flat (slope 0) outside a table.\n")
				.addStatement("ocvVolts = 0f").addStatement("ocvSlope = 0f")
				.beginControlFlow("for (int k = 0; k < 2; k++)")
				.addStatement("int table = k == 0 ? ocvLow : ocvHigh")
				.addStatement("float weight = k == 0 ? 1f - ocvWeight : ocvWeight")
				.addStatement("int first = OCV_FIRST[table]")
				.addStatement("int i = first + below(OCV_SOC, first, OCV_COUNT[table], x)")
				.addStatement("float span = OCV_SOC[i + 1] - OCV_SOC[i]")
				.addStatement("float rise = OCV_VOLTS[i + 1] - OCV_VOLTS[i]")
				.addStatement("float f = fraction(OCV_SOC, i, x)")
				.addStatement("ocvVolts += weight * (OCV_VOLTS[i] + f * rise)")
				.beginControlFlow("if (x >= OCV_SOC[first] && x <= OCV_SOC[first + OCV_COUNT[table] - 1])")
				.addStatement("ocvSlope += weight * rise / span")
				.endControlFlow()
				.endControlFlow()
				.build();
	}

	private static MethodSpec ecmAt(boolean two) {
		MethodSpec.Builder m = MethodSpec.methodBuilder("ecmAt").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.FLOAT, "x")
				.addJavadoc("The selected circuit table at SoC x, its resistances times the temperature factor (the"
						+ " time constants kept: the firmware has no exp): into r0Ohm, decay1, gain1Ohm$L.\n",
						two ? ", decay2, gain2Ohm" : "")
				.addStatement("int first = ECM_FIRST[ecmTable]")
				.addStatement("int i = first + below(ECM_SOC, first, ECM_COUNT[ecmTable], x)")
				.addStatement("float f = fraction(ECM_SOC, i, x)")
				.addStatement("r0Ohm = temperatureFactor * (ECM_R0_OHM[i] + f * (ECM_R0_OHM[i + 1] - ECM_R0_OHM[i]))")
				.addStatement("decay1 = ECM_DECAY1[i] + f * (ECM_DECAY1[i + 1] - ECM_DECAY1[i])")
				.addStatement("gain1Ohm = temperatureFactor * (ECM_GAIN1_OHM[i] + f * (ECM_GAIN1_OHM[i + 1]"
						+ " - ECM_GAIN1_OHM[i]))");
		if (two) {
			m.addStatement("decay2 = ECM_DECAY2[i] + f * (ECM_DECAY2[i + 1] - ECM_DECAY2[i])")
					.addStatement("gain2Ohm = temperatureFactor * (ECM_GAIN2_OHM[i] + f * (ECM_GAIN2_OHM[i + 1]"
							+ " - ECM_GAIN2_OHM[i]))");
		}
		return m.build();
	}

	private static MethodSpec socOfVolts() {
		return MethodSpec.methodBuilder("socOfVolts").addModifiers(Modifier.PRIVATE).returns(TypeName.FLOAT)
				.addParameter(TypeName.FLOAT, "volts")
				.addJavadoc("The selected OCV tables inverted (OCV ascends strictly with SoC): the SoC of a rested"
						+ " cell at this voltage.\n")
				.addStatement("float result = 0f")
				.beginControlFlow("for (int k = 0; k < 2; k++)")
				.addStatement("int table = k == 0 ? ocvLow : ocvHigh")
				.addStatement("float weight = k == 0 ? 1f - ocvWeight : ocvWeight")
				.addStatement("int first = OCV_FIRST[table]")
				.addStatement("int i = first + below(OCV_VOLTS, first, OCV_COUNT[table], volts)")
				.addStatement("result += weight * (OCV_SOC[i] + fraction(OCV_VOLTS, i, volts) * (OCV_SOC[i + 1]"
						+ " - OCV_SOC[i]))")
				.endControlFlow()
				.addStatement("return result").build();
	}

	private static MethodSpec clampSoc() {
		return MethodSpec.methodBuilder("clampSoc").addModifiers(Modifier.PRIVATE).addParameter(TypeName.INT, "cell")
				.addJavadoc("Holds a cell's SoC within 0..1 (the tables end there).\n")
				.addStatement("soc[cell] = Math.max(0f, Math.min(1f, soc[cell]))").build();
	}

	private static MethodSpec packSocBp() {
		return MethodSpec.methodBuilder("packSocBp").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("min / (min + 1 - max) over the cells, in basis points (see {@link #step(PackState)}).\n")
				.addStatement("float min = 1f").addStatement("float max = 0f")
				.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)")
				.addStatement("min = Math.min(min, soc[cell])").addStatement("max = Math.max(max, soc[cell])")
				.endControlFlow()
				.addStatement("float room = min + 1f - max")
				.beginControlFlow("if (room <= 0f)")
				.addCode("// one cell empty and another full at once: no charge or discharge is possible\n")
				.addStatement("return 0")
				.endControlFlow()
				.addStatement("return Math.round(min / room * 10000f)").build();
	}

	private static MethodSpec inverseSqrt() {
		return MethodSpec.methodBuilder("inverseSqrt").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.FLOAT).addParameter(TypeName.FLOAT, "x")
				.addJavadoc("1 / sqrt(x) for x > 0 in {@code float} (Math.sqrt is a double call): the bit-level first"
						+ " guess and three Newton steps, relative error below 1e-6.\n")
				.addStatement("float y = Float.intBitsToFloat(0x5f3759df - (Float.floatToRawIntBits(x) >> 1))")
				.beginControlFlow("for (int i = 0; i < 3; i++)")
				.addStatement("y = y * (1.5f - 0.5f * x * y * y)")
				.endControlFlow()
				.addStatement("return y").build();
	}

	private static MethodSpec below() {
		return MethodSpec.methodBuilder("below").addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(TypeName.INT)
				.addParameter(ArrayTypeName.of(TypeName.FLOAT), "axis").addParameter(TypeName.INT, "first")
				.addParameter(TypeName.INT, "count").addParameter(TypeName.FLOAT, "x")
				.addJavadoc("The segment of an ascending axis that holds x, 0..count - 2 (the end segments outside"
						+ " it).\n")
				.addStatement("int i = 0")
				.beginControlFlow("while (i < count - 2 && axis[first + i + 1] <= x)")
				.addStatement("i++")
				.endControlFlow()
				.addStatement("return i").build();
	}

	private static MethodSpec fraction() {
		return MethodSpec.methodBuilder("fraction").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.FLOAT).addParameter(ArrayTypeName.of(TypeName.FLOAT), "axis")
				.addParameter(TypeName.INT, "i").addParameter(TypeName.FLOAT, "x")
				.addJavadoc("Where x lies between axis[i] and axis[i + 1], held to 0..1 (0 on a flat step).\n")
				.addStatement("float span = axis[i + 1] - axis[i]")
				.beginControlFlow("if (span <= 0f)").addStatement("return 0f").endControlFlow()
				.addStatement("float f = (x - axis[i]) / span")
				.addStatement("return Math.max(0f, Math.min(1f, f))").build();
	}
}
