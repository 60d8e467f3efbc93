package org.bmsgen.generator.firmware;

import javax.lang.model.element.Modifier;

import java.util.List;

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
 * {@code SohEstimator.java}: a modest state-of-health estimate, two indicators the firmware can measure without a
 * reference test:
 * <ul>
 * <li>capacity fade: charge counted between two rested OCV points (each cell's SoC read off the OCV after the
 * SoC filter's rest time) that lie at least {@link #MIN_SOC_SWING} apart, capacity = |Ah| / |SoC swing|, smoothed;
 * the pack's capacity is its weakest cell's;</li>
 * <li>resistance growth: at a current step of at least C/2 between two periods, each cell's voltage step over the
 * current step, against the circuit's R0 at the cell's SoC; the mean ratio over cells, smoothed. The AFE's current
 * is the coulomb counter's average over the period and the cell voltage a sample at its end, so a step inside a
 * period pairs a partial current step with a whole voltage step: a sample counts only if the current held still
 * (within {@code STEADY_MA}) the period before the step and the period after it, i.e. the step fell on a period
 * boundary. Over the period after the step the RC pairs add R (1 - exp(-T / tau)) to the step; where the circuit
 * says that is more than 5 % of R0 (low SoC: short time constants) no sample is taken
 * ({@code RESISTANCE_MIN_SOC}).</li>
 * </ul>
 * SoH is the lower of the enabled indicators: capacity / rated, and for resistance 100 % at the circuit's R0
 * falling linearly to the end-of-life level at twice R0 (the usual resistance end-of-life criterion). Needs the SoC
 * filter (its OCV tables and circuit), so it is emitted only with a {@code soc} block.
 */
public final class SohEstimatorEmitter {

	public static final String TYPE_NAME = "SohEstimator";

	/** Smallest SoC swing between two rested points that yields a capacity: 30 %, so 1 % SoC error is 3 %. */
	static final float MIN_SOC_SWING = 0.3f;

	/** Largest RC rise within one period, as a share of R0, at which a resistance sample is still taken. */
	static final double RC_RISE_SHARE = 0.05;

	public GeneratedSource emit(PackIr pack) {
		EstimatorsIr.Soh soh = pack.estimators().soh();
		EstimatorsIr.Soc soc = pack.estimators().soc();
		if (soh == null || soc == null) {
			return null;
		}
		String image = FirmwarePackage.of(pack, FirmwareImage.STM32);
		ClassName packState = ClassName.get(image, PackStateEmitter.TYPE_NAME);
		ClassName socEstimator = ClassName.get(image, SocEstimatorEmitter.TYPE_NAME);
		int periodMs = pack.control().periodMs();
		int restPeriods = soc.restCorrectionPeriods() > 0 ? soc.restCorrectionPeriods()
				: (int) Math.ceil(30 * 60 * 1000.0 / periodMs);
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("State of health of pack $L: capacity from charge counted between rested OCV points,"
						+ " resistance from voltage steps at current steps, against the cell model.\n"
						+ "<p>Starts as new; after a reset the firmware hands it what the flash log kept ({@link"
						+ " #restore(PackState)}).\n$L\n",
						pack.name(), SourceFiles.traceLine(soh.trace()));
		type.addField(SourceFiles.booleanConstant("CAPACITY_FADE", soh.capacityFade(), "Capacity fade is estimated.",
				soh.trace()));
		type.addField(SourceFiles.booleanConstant("RESISTANCE_GROWTH", soh.resistanceGrowth(), "Resistance growth"
				+ " is estimated.", soh.trace()));
		int endOfLife = soh.endOfLifeBp() == 0 ? 8000 : soh.endOfLifeBp();
		type.addField(SourceFiles.intConstant("END_OF_LIFE_BP", endOfLife, "SoH at which the pack is worn out"
				+ (soh.endOfLifeBp() == 0 ? " (not modelled: 80 %, the usual capacity criterion)" : "") + ".",
				soh.trace()));
		type.addField(SourceFiles.intConstant("REST_PERIODS", restPeriods, "Periods at rest after which a cell's"
				+ " voltage is its OCV (the SoC filter's rest correction time, else 30 min).", soc.trace()));
		type.addField(EstimatorTables.floatConstant("MIN_SOC_SWING", MIN_SOC_SWING, "Smallest SoC swing between two"
				+ " rested points that yields a capacity (a 1 % SoC error is then at most 3.3 % of capacity).",
				soh.trace()));
		type.addField(EstimatorTables.floatConstant("SMOOTHING", 0.25f, "Share of a new capacity or resistance"
				+ " sample taken into the estimate (the first capacity sample is taken whole).", soh.trace()));
		int stepMa = Math.max(1, pack.cell().packCapacityMah() / 2);
		type.addField(SourceFiles.intConstant("STEP_MA", stepMa, "Smallest pack current step between two periods"
				+ " that yields a resistance sample: C/2 (" + pack.cell().packCapacityMah() + " mAh), so that 1 mV of"
				+ " reading error is a few % of R0.", pack.cell().trace()));
		type.addField(SourceFiles.intConstant("STEADY_MA", Math.max(1, stepMa / 10), "Largest change of the pack"
				+ " current between the periods around a step for which the step counts as on a period boundary:"
				+ " a tenth of STEP_MA.", pack.cell().trace()));
		CellIr.EquivalentCircuit circuit = nearest25(pack.cell().ecm());
		type.addField(EstimatorTables.floatConstant("RESISTANCE_MIN_SOC", resistanceMinSoc(circuit, periodMs / 1000.0),
				"Lowest cell SoC at which a resistance sample is taken: from it on, the circuit's RC pairs add less"
						+ " than 5 % of R0 to a voltage step within one period.", circuit == null ? soh.trace()
						: circuit.trace()));
		type.addField(EstimatorTables.floatConstant("CELL_AH_PER_MA_PERIOD", (float) (periodMs / 3.6e9
				/ pack.cell().parallelCells()), "Cell charge one mA of pack current moves in one period, in Ah.",
				pack.control().trace()));
		type.addField(EstimatorTables.floatConstant("RATED_CELL_AH", pack.cell().capacityMah() / 1000f, "One cell's"
				+ " rated capacity, in Ah.", pack.cell().trace()));
		type.addField(SourceFiles.intConstant("PARALLEL_CELLS", pack.cell().parallelCells(), "Cells in parallel.",
				pack.cell().trace()));

		type.addField(FieldSpec.builder(socEstimator, "soc", Modifier.PRIVATE, Modifier.FINAL).build());
		floatArray(type, "anchorSoc", "Each cell's SoC at the last rested point.");
		floatArray(type, "capacityAh", "Each cell's estimated capacity, in Ah.");
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "previousCellMv", Modifier.PRIVATE,
				Modifier.FINAL).addJavadoc("The cell voltages of the last valid period.\n")
				.initializer("new int[PackState.CELL_COUNT]").build());
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "anchored", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "capacitySamples", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "chargeMaPeriods", Modifier.PRIVATE)
				.addJavadoc("Pack current summed over the periods since the last rested point (exact, in mA"
						+ " periods).\n").build());
		type.addField(FieldSpec.builder(TypeName.FLOAT, "resistanceRatio", Modifier.PRIVATE).initializer("1f").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "stepCellMv", Modifier.PRIVATE,
				Modifier.FINAL).addJavadoc("Each cell's voltage step at the pending current step.\n")
				.initializer("new int[PackState.CELL_COUNT]").build());
		type.addField(FieldSpec.builder(TypeName.INT, "validPeriods", Modifier.PRIVATE)
				.addJavadoc("Valid periods in a row, up to 2.\n").build());
		type.addField(FieldSpec.builder(TypeName.INT, "previousMa", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "beforePreviousMa", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "pendingStepMa", Modifier.PRIVATE)
				.addJavadoc("The current step waiting for the next period to show it was steady, 0 when none.\n")
				.build());
		type.addField(FieldSpec.builder(TypeName.INT, "resistanceSamples", Modifier.PRIVATE).build());

		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(socEstimator, "soc")
				.addJavadoc("An estimator that reads the SoC filter's OCV tables and circuit; as new.\n")
				.addStatement("this.soc = soc")
				.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)")
				.addStatement("capacityAh[cell] = RATED_CELL_AH").endControlFlow().build());
		type.addMethod(step(packState));
		type.addMethod(restore(packState));
		type.addMethod(publish(packState));
		type.addMethod(sohBp());
		type.addMethod(MethodSpec.methodBuilder("cellCapacityAh").addModifiers(Modifier.PUBLIC).returns(TypeName.FLOAT)
				.addParameter(TypeName.INT, "cell").addJavadoc("A cell's estimated capacity, in Ah.\n")
				.addStatement("return capacityAh[cell]").build());
		type.addMethod(MethodSpec.methodBuilder("resistanceRatio").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.FLOAT).addJavadoc("Measured R0 over the circuit's R0, mean over cells (1 = as"
						+ " modelled).\n").addStatement("return resistanceRatio").build());
		type.addMethod(MethodSpec.methodBuilder("capacityBp").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("The weakest cell's capacity over the rated one, 10000 = as rated.\n")
				.addStatement("float weakest = capacityAh[0]")
				.beginControlFlow("for (int cell = 1; cell < PackState.CELL_COUNT; cell++)")
				.addStatement("weakest = Math.min(weakest, capacityAh[cell])").endControlFlow()
				.addStatement("return Math.round(weakest / RATED_CELL_AH * 10000f)").build());
		type.addMethod(MethodSpec.methodBuilder("resistanceBp").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("The resistance indicator: 10000 at the circuit's R0, END_OF_LIFE_BP at twice it.\n")
				.addStatement("return 10000 - Math.round((resistanceRatio - 1f) * (10000 - END_OF_LIFE_BP))").build());
		return SourceFiles.file(pack, "SoH estimator", type.build());
	}

	private static void floatArray(TypeSpec.Builder type, String name, String javadoc) {
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.FLOAT), name, Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("$L\n", javadoc).initializer("new float[PackState.CELL_COUNT]").build());
	}

	private static MethodSpec step(ClassName packState) {
		MethodSpec.Builder m = MethodSpec.methodBuilder("step").addModifiers(Modifier.PUBLIC)
				.addParameter(packState, "state")
				.addJavadoc("One control period, after the SoC filter's step: counts charge, takes a capacity sample at"
						+ " a rested point and a resistance sample at a current step, and hands each new capacity and"
						+ " resistance ratio to the SoC filter ({@code useCellCapacity}, {@code useResistanceRatio});"
						+ " writes {@code state.sohBp} and what the log keeps of it.\n");
		m.beginControlFlow("if (!state.measurementsValid)");
		m.addStatement("validPeriods = 0").addStatement("pendingStepMa = 0").addStatement("publish(state)")
				.addStatement("return");
		m.endControlFlow();
		m.addStatement("chargeMaPeriods += state.packMa");
		m.beginControlFlow("if (CAPACITY_FADE && state.restPeriods == REST_PERIODS)");
		m.addStatement("int celsiusMean = (state.minTemperatureCentiDegC + state.maxTemperatureCentiDegC) / 2");
		m.addStatement("float cellAh = chargeMaPeriods * CELL_AH_PER_MA_PERIOD");
		m.addStatement("boolean sampled = false");
		m.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)");
		m.addStatement("float rested = soc.socAtOcv(state.cellMv[cell], celsiusMean)");
		m.addStatement("float swing = rested - anchorSoc[cell]");
		m.beginControlFlow("if (anchored && Math.abs(swing) >= MIN_SOC_SWING && cellAh * swing > 0f)");
		m.addCode("// the first sample replaces the rating (a prior, not a measurement); later ones are smoothed\n");
		m.addStatement("float weight = capacitySamples == 0 ? 1f : SMOOTHING");
		m.addStatement("capacityAh[cell] += weight * (cellAh / swing - capacityAh[cell])");
		m.addCode("// the SoC filter counts this cell's charge against what it holds now, not the rating\n");
		m.addStatement("soc.useCellCapacity(cell, capacityAh[cell])");
		m.addStatement("sampled = true");
		m.endControlFlow();
		m.addStatement("anchorSoc[cell] = rested");
		m.endControlFlow();
		m.beginControlFlow("if (sampled && capacitySamples < Integer.MAX_VALUE)").addStatement("capacitySamples++")
				.endControlFlow();
		m.addStatement("anchored = true").addStatement("chargeMaPeriods = 0");
		m.endControlFlow();
		m.addStatement("int stepMa = state.packMa - previousMa");
		m.beginControlFlow("if (pendingStepMa != 0 && validPeriods >= 1 && stepMa < STEADY_MA && stepMa > -STEADY_MA)");
		m.addCode("// V = OCV + R0 I + RC: over one period OCV and (above RESISTANCE_MIN_SOC) the RC voltages barely"
				+ " move, so dV / dI is R0\n");
		m.addStatement("float cellStepA = pendingStepMa * (0.001f / PARALLEL_CELLS)");
		m.addStatement("float sum = 0f");
		m.addStatement("int cells = 0");
		m.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)");
		m.beginControlFlow("if (soc.cellSoc(cell) >= RESISTANCE_MIN_SOC)");
		m.addStatement("float measuredOhm = stepCellMv[cell] * 0.001f / cellStepA");
		m.addStatement("sum += measuredOhm / soc.modelR0Ohm(cell)");
		m.addStatement("cells++");
		m.endControlFlow();
		m.endControlFlow();
		m.beginControlFlow("if (cells > 0 && sum > 0f)");
		m.addCode("// a running mean until 1 / SMOOTHING samples, then smoothed: the first sample replaces the prior\n");
		m.addStatement("float weight = Math.max(SMOOTHING, 1f / (resistanceSamples + 1))");
		m.addStatement("resistanceRatio += weight * (sum / cells - resistanceRatio)");
		m.addCode("// the prior of the SoC filter's resistance scale (taken at its next rest re-anchor)\n");
		m.addStatement("soc.useResistanceRatio(resistanceRatio)");
		m.beginControlFlow("if (resistanceSamples < Integer.MAX_VALUE)").addStatement("resistanceSamples++")
				.endControlFlow();
		m.endControlFlow();
		m.endControlFlow();
		m.addStatement("pendingStepMa = 0");
		m.addStatement("int beforeMa = previousMa - beforePreviousMa");
		m.beginControlFlow("if (RESISTANCE_GROWTH && validPeriods >= 2 && (stepMa >= STEP_MA || stepMa <= -STEP_MA)"
				+ " && beforeMa < STEADY_MA && beforeMa > -STEADY_MA)");
		m.addStatement("pendingStepMa = stepMa");
		m.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)");
		m.addStatement("stepCellMv[cell] = state.cellMv[cell] - previousCellMv[cell]");
		m.endControlFlow();
		m.endControlFlow();
		m.addStatement("System.arraycopy(state.cellMv, 0, previousCellMv, 0, PackState.CELL_COUNT)");
		m.addStatement("beforePreviousMa = previousMa");
		m.addStatement("previousMa = state.packMa");
		m.beginControlFlow("if (validPeriods < 2)").addStatement("validPeriods++").endControlFlow();
		m.addStatement("publish(state)");
		return m.build();
	}

	private static MethodSpec restore(ClassName packState) {
		return MethodSpec.methodBuilder("restore").addModifiers(Modifier.PUBLIC).addParameter(packState, "state")
				.addJavadoc("After a reset, before the first step: takes what the flash log kept ({@code"
						+ " state.cellCapacityBp}, {@code resistanceRatioBp}, {@code sohMeasured}, as {@code"
						+ " FlashLog.readEstimates} decodes them) as measured before the reset, so that later samples"
						+ " are smoothed into it rather than replacing it, and hands it to the SoC filter. Only what the"
						+ " log marks as measured; a capacity outside what the SoC filter accepts ({@code"
						+ " SocEstimator.CAPACITY_MIN_SHARE..CAPACITY_MAX_SHARE} of the rating) stays at the rating.\n")
				.beginControlFlow("if (CAPACITY_FADE && (state.sohMeasured & PackState.SOH_CAPACITY_MEASURED) != 0)")
				.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)")
				.addStatement("float ah = state.cellCapacityBp[cell] * (RATED_CELL_AH * 1.0e-4f)")
				.beginControlFlow("if (ah >= SocEstimator.CAPACITY_MIN_SHARE * RATED_CELL_AH"
						+ " && ah <= SocEstimator.CAPACITY_MAX_SHARE * RATED_CELL_AH)")
				.addStatement("capacityAh[cell] = ah").addStatement("soc.useCellCapacity(cell, ah)")
				.addStatement("capacitySamples = 1").endControlFlow()
				.endControlFlow().endControlFlow()
				.beginControlFlow("if (RESISTANCE_GROWTH && (state.sohMeasured & PackState.SOH_RESISTANCE_MEASURED)"
						+ " != 0 && state.resistanceRatioBp > 0)")
				.addStatement("resistanceRatio = state.resistanceRatioBp * 1.0e-4f")
				.addStatement("soc.useResistanceRatio(resistanceRatio)")
				.addComment("as if 1 / SMOOTHING samples were behind it: the next one is smoothed in")
				.addStatement("resistanceSamples = Math.round(1f / SMOOTHING)").endControlFlow()
				.addStatement("publish(state)").build();
	}

	private static MethodSpec publish(ClassName packState) {
		return MethodSpec.methodBuilder("publish").addModifiers(Modifier.PRIVATE).addParameter(packState, "state")
				.addJavadoc("Writes the SoH and what the history log keeps of it into the state.\n")
				.addStatement("state.sohBp = sohBp()")
				.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)")
				.addStatement("state.cellCapacityBp[cell] = Math.round(capacityAh[cell] / RATED_CELL_AH * 10000f)")
				.endControlFlow()
				.addStatement("state.resistanceRatioBp = Math.round(resistanceRatio * 10000f)")
				.addStatement("state.sohMeasured = (capacitySamples > 0 ? PackState.SOH_CAPACITY_MEASURED : 0)"
						+ " | (resistanceSamples > 0 ? PackState.SOH_RESISTANCE_MEASURED : 0)")
				.build();
	}

	static MethodSpec sohBp() {
		return MethodSpec.methodBuilder("sohBp").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("The lower of the enabled indicators, 0..10000.\n")
				.addStatement("int soh = 10000")
				.beginControlFlow("if (CAPACITY_FADE)").addStatement("soh = Math.min(soh, capacityBp())").endControlFlow()
				.beginControlFlow("if (RESISTANCE_GROWTH)").addStatement("soh = Math.min(soh, resistanceBp())")
				.endControlFlow()
				.addStatement("return Math.max(0, soh)").build();
	}

	/** The circuit table nearest 25 degC (the one the resistance samples are judged with), or null. */
	private static CellIr.EquivalentCircuit nearest25(List<CellIr.EquivalentCircuit> circuits) {
		CellIr.EquivalentCircuit nearest = null;
		for (CellIr.EquivalentCircuit circuit : circuits) {
			if (nearest == null || Math.abs(circuit.temperatureCentiDegC() - 2500)
					< Math.abs(nearest.temperatureCentiDegC() - 2500)) {
				nearest = circuit;
			}
		}
		return nearest;
	}

	/**
	 * The lowest SoC (on a 1 % grid) from which on the RC pairs' rise over one period, R (1 - exp(-T / RC)) summed
	 * over the pairs, stays within {@link #RC_RISE_SHARE} of R0; 0 without a circuit or without pairs.
	 */
	static float resistanceMinSoc(CellIr.EquivalentCircuit circuit, double periodS) {
		if (circuit == null || value(circuit, "r0", 0.5) <= 0) {
			return 0f;
		}
		for (int percent = 100; percent >= 0; percent--) {
			double soc = percent / 100.0;
			double rise = 0;
			for (String pair : new String[] {"1", "2"}) {
				double r = value(circuit, "r" + pair, soc);
				double c = value(circuit, "c" + pair, soc);
				if (r > 0 && c > 0) {
					rise += r * (1 - Math.exp(-periodS / (r * c)));
				}
			}
			if (rise > RC_RISE_SHARE * value(circuit, "r0", soc)) {
				return Math.min(1f, (percent + 1) / 100f);
			}
		}
		return 0f;
	}

	/** A circuit parameter at a SoC: linear between its breakpoints, the end values outside; 0 when not written. */
	private static double value(CellIr.EquivalentCircuit circuit, String kind, double soc) {
		for (CellIr.EcmParameter parameter : circuit.parameters()) {
			if (!parameter.kind().equals(kind)) {
				continue;
			}
			List<Float> x = parameter.soc();
			List<Float> y = parameter.values();
			if (parameter.isConstant() || soc <= x.get(0)) {
				return y.get(0);
			}
			for (int i = 1; i < x.size(); i++) {
				if (soc <= x.get(i)) {
					return y.get(i - 1) + (y.get(i) - y.get(i - 1)) * (soc - x.get(i - 1)) / (x.get(i) - x.get(i - 1));
				}
			}
			return y.get(y.size() - 1);
		}
		return 0;
	}
}
