package org.bmsgen.generator.firmware;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.BalancingIr;
import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code BalancingController.java}: which cells bleed this period, from the pack's passive balancing policy
 * ({@link BalancingIr}).
 * <ul>
 * <li>Allowed only while enabled, with valid measurements, under the temperature limit ({@code never above}: at the
 * limit still allowed), and when one of the {@code when} conditions holds: charging ({@code packMa} above the rest
 * current) or at rest for more than {@code restPeriods} consecutive periods (the protection delays' rule: no earlier
 * than modelled); no {@code when} written: always. Not allowed: no cell bleeds and every cell's hysteresis
 * restarts.</li>
 * <li>Per cell, with delta = cell - lowest cell: a cell starts wanting to bleed when its delta is above {@code start}
 * and its voltage above {@code cells above}; it stops when its delta falls below {@code stop} or its voltage to the
 * minimum.</li>
 * <li>Among the wanting cells, the set of at most {@code max} cells, no two physically adjacent unless {@code
 * adjacent on}, with the largest total delta (the highest cells first when nothing else limits the choice); ties
 * go to the set that leaves the upper cell out. A dynamic programme over the cells, bottom first, in tables
 * allocated once: O(cells x max cells) a tick, no allocation.</li>
 * </ul>
 */
public final class BalancingEmitter {

	public static final String TYPE_NAME = "BalancingController";

	public GeneratedSource emit(PackIr pack) {
		BalancingIr balancing = pack.balancing();
		ClassName packState = ClassName.get(FirmwarePackage.of(pack, FirmwareImage.STM32), PackStateEmitter.TYPE_NAME);
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL);
		MethodSpec.Builder decide = MethodSpec.methodBuilder("decide").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.INT).addParameter(packState, "state").addParameter(TypeName.BOOLEAN, "enabled");
		if (balancing == null) {
			type.addJavadoc("Pack $L models no balancing: no cell ever bleeds.\n$L\n", pack.name(),
					SourceFiles.traceLine(pack.trace()));
			decide.addJavadoc("Always 0: the pack models no balancing.\n$L\n",
					SourceFiles.traceLine(pack.trace()))
					.addStatement("return 0");
			type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
					.addJavadoc("A controller that never balances.\n$L\n", SourceFiles.traceLine(pack.trace())).build());
			type.addMethod(decide.build());
			return SourceFiles.file(pack, "Balancing controller", type.build());
		}
		int cells = pack.cell().seriesCells();
		int maxCells = balancing.maxCells() == 0 ? cells : Math.min(balancing.maxCells(), cells);
		type.addJavadoc("Passive balancing of pack $L: which cells bleed this period. A cell starts above $L mV delta"
				+ " (cell - lowest cell)\nand stops below $L mV; only cells above $L mV; at most $L at once; $L.\nAmong"
				+ " the cells that want to bleed, the set with the largest total delta is chosen (ties leave the"
				+ " upper cell out).\n$L\n", pack.name(), balancing.startDeltaMv(), balancing.stopDeltaMv(),
				balancing.minimumCellMv(), maxCells, balancing.adjacentAllowed() ? "adjacent cells may bleed together"
						: "never two adjacent physical cells (the BQ769x0 forbids it; physical, not channels: DS Table 9-2)",
				SourceFiles.traceLine(balancing.trace()));
		type.addField(SourceFiles.intConstant("START_DELTA_MV", balancing.startDeltaMv(), "A cell starts bleeding when"
				+ " its delta to the lowest cell is above this.", balancing.trace()));
		type.addField(SourceFiles.intConstant("STOP_DELTA_MV", balancing.stopDeltaMv(), "A bleeding cell stops when its"
				+ " delta falls below this.", balancing.trace()));
		type.addField(SourceFiles.intConstant("MINIMUM_CELL_MV", balancing.minimumCellMv(), "Only cells above this"
				+ " voltage bleed.", balancing.trace()));
		type.addField(SourceFiles.intConstant("MAX_CELLS", maxCells, balancing.maxCells() == 0 ? "No maximum written:"
				+ " every cell." : "The most cells bleeding at once.", balancing.trace()));
		type.addField(SourceFiles.booleanConstant("WHILE_CHARGING", balancing.whileCharging(), "Balancing allowed"
				+ " while charging (current above PackState.REST_CURRENT_MA).", balancing.trace()));
		type.addField(SourceFiles.intConstant("REST_PERIODS", balancing.restPeriods(), balancing.restMs() == 0
				? "No rest condition written (0)." : "Balancing allowed after more than this many periods at rest ("
						+ balancing.restMs() + " ms).", balancing.trace()));
		if (balancing.maxTemperatureCentiDegC() != null) {
			type.addField(SourceFiles.intConstant("MAX_TEMPERATURE_CENTI_DEG_C", balancing.maxTemperatureCentiDegC(),
					"Never balancing while the hottest input is above this.", balancing.trace()));
		}
		type.addField(SourceFiles.booleanConstant("ADJACENT_ALLOWED", balancing.adjacentAllowed(), "Whether"
				+ " neighbouring physical cells may bleed together.", balancing.trace()));
		type.addField(FieldSpec.builder(TypeName.INT, "SLOTS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("MAX_CELLS + 1").addJavadoc("Columns of {@link #bestMv}: 0..MAX_CELLS cells chosen.\n")
				.build());
		type.addField(FieldSpec.builder(TypeName.INT, "wantingMask", Modifier.PRIVATE).addJavadoc("Cells whose delta"
				+ " went above START_DELTA_MV and has not fallen below STOP_DELTA_MV since: the hysteresis.\n").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "weightMv", Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("This period's delta of each wanting cell, 0 for the others.\n").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "bestMv", Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("bestMv[i * SLOTS + k]: the largest total delta of an allowed set of at most k cells among"
						+ " the i lowest cells.\n").build());
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addJavadoc("A controller with no cell bleeding.\n$L\n", SourceFiles.traceLine(balancing.trace()))
				.addStatement("weightMv = new int[$T.CELL_COUNT]", packState)
				.addStatement("bestMv = new int[($T.CELL_COUNT + 1) * SLOTS]", packState).build());

		decide.addJavadoc("The cells to bleed this period: bit = cell, bottom cell bit 0; 0 when balancing is not"
				+ " allowed now or\n{@code enabled} is false (a balancing-off command, a stop-balancing action). {@code"
				+ " state}: this period's values, {@code updateDerived()} done.\n$L\n",
				SourceFiles.traceLine(balancing.trace()));
		decide.beginControlFlow("if (!enabled || !state.measurementsValid || !allowedNow(state))")
				.addStatement("wantingMask = 0").addStatement("return 0").endControlFlow()
				.beginControlFlow("for (int cell = 0; cell < $T.CELL_COUNT; cell++)", packState)
				.addStatement("int cellMv = state.cellMv[cell]").addStatement("int deltaMv = cellMv - state.minCellMv")
				.addStatement("int bit = 1 << cell").addStatement("boolean wanting")
				.beginControlFlow("if (cellMv <= MINIMUM_CELL_MV)").addStatement("wanting = false")
				.nextControlFlow("else if ((wantingMask & bit) != 0)")
				.addComment("bleeding already: keep on down to the stop delta (hysteresis)")
				.addStatement("wanting = deltaMv >= STOP_DELTA_MV")
				.nextControlFlow("else").addStatement("wanting = deltaMv > START_DELTA_MV").endControlFlow()
				.beginControlFlow("if (wanting)").addStatement("wantingMask |= bit").addStatement("weightMv[cell] = deltaMv")
				.nextControlFlow("else").addStatement("wantingMask &= ~bit").addStatement("weightMv[cell] = 0")
				.endControlFlow().endControlFlow()
				.addStatement("return bestSet()");
		type.addMethod(decide.build());

		MethodSpec.Builder allowed = MethodSpec.methodBuilder("allowedNow").addModifiers(Modifier.PRIVATE)
				.returns(TypeName.BOOLEAN).addParameter(packState, "state")
				.addJavadoc("The policy's temperature limit and {@code when} conditions.\n");
		if (balancing.maxTemperatureCentiDegC() != null) {
			allowed.beginControlFlow("if (state.maxTemperatureCentiDegC > MAX_TEMPERATURE_CENTI_DEG_C)")
					.addStatement("return false").endControlFlow();
		}
		if (!balancing.whileCharging() && balancing.restMs() == 0) {
			allowed.addComment("no when condition written: allowed whenever the rest is").addStatement("return true");
		} else {
			StringBuilder condition = new StringBuilder();
			if (balancing.whileCharging()) {
				condition.append("state.packMa > $T.REST_CURRENT_MA");
			}
			if (balancing.restMs() != 0) {
				if (condition.length() > 0) {
					condition.append(" || ");
				}
				condition.append("state.restPeriods > REST_PERIODS");
			}
			allowed.addStatement("return " + condition, balancing.whileCharging() ? new Object[] { packState }
					: new Object[0]);
		}
		type.addMethod(allowed.build());
		type.addMethod(bestSet(balancing, packState));
		return SourceFiles.file(pack, "Balancing controller", type.build());
	}

	private static MethodSpec bestSet(BalancingIr balancing, ClassName packState) {
		// without adjacency, taking cell i-1 excludes cell i-2: the sub-problem below it is the i-2 lowest cells
		String below = balancing.adjacentAllowed() ? "i - 1" : "i - 2";
		MethodSpec.Builder method = MethodSpec.methodBuilder("bestSet").addModifiers(Modifier.PRIVATE)
				.returns(TypeName.INT)
				.addJavadoc("Of the wanting cells ({@code weightMv > 0}), the allowed set with the largest total delta:"
						+ " a table over the\nlowest i cells and at most k chosen, then a walk back from the top cell.\n")
				.beginControlFlow("for (int k = 0; k < SLOTS; k++)").addStatement("bestMv[k] = 0").endControlFlow()
				.beginControlFlow("for (int i = 1; i <= $T.CELL_COUNT; i++)", packState)
				.addStatement("int weight = weightMv[i - 1]")
				.beginControlFlow("for (int k = 0; k < SLOTS; k++)")
				.addStatement("int skip = bestMv[(i - 1) * SLOTS + k]")
				.addStatement("int take = -1")
				.beginControlFlow("if (weight > 0 && k > 0)");
		if (balancing.adjacentAllowed()) {
			method.addStatement("take = weight + bestMv[(i - 1) * SLOTS + k - 1]");
		} else {
			method.addStatement("take = weight + (i >= 2 ? bestMv[(i - 2) * SLOTS + k - 1] : 0)");
		}
		method.endControlFlow()
				.addStatement("bestMv[i * SLOTS + k] = take > skip ? take : skip")
				.endControlFlow().endControlFlow()
				.addStatement("int mask = 0").addStatement("int k = MAX_CELLS").addStatement("int i = $T.CELL_COUNT",
						packState)
				.addComment("bounded: i falls by at least one each pass")
				.beginControlFlow("while (i > 0)")
				.beginControlFlow("if (k > 0 && bestMv[i * SLOTS + k] != bestMv[(i - 1) * SLOTS + k])")
				.addComment("cell i - 1 is in the best set (taking it was strictly better)")
				.addStatement("mask |= 1 << (i - 1)").addStatement("k--").addStatement("i = $L", below)
				.nextControlFlow("else").addStatement("i--").endControlFlow().endControlFlow()
				.addStatement("return mask");
		return method.build();
	}
}
