package org.bmsgen.generator.firmware;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.BalancingIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Trace;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code BalancingHarnessTest.java}: the pack's balancing policy against the generated {@code BalancingController},
 * one control period a call with a {@code PackState} filled by the test. Start and stop deltas at their edges (the
 * hysteresis between them), the minimum cell voltage, the temperature limit, the {@code when} conditions (charging,
 * rest time at its edge), the maximum number of cells and the adjacency rule over seeded random packs. Every
 * level is printed from the IR as a literal, never read from the generated controller's constants, so a controller
 * that disagrees with the model fails here. No test class for a pack without a balancing policy.
 */
public final class BalancingHarnessEmitter {

	public static final String TYPE_NAME = "BalancingHarnessTest";

	/** Random packs of the adjacency test: enough to meet every pattern of a 5S pack many times, fast. */
	static final int RANDOM_PACKS = 3000;

	public List<GeneratedSource> emit(PackIr pack) {
		BalancingIr balancing = pack.balancing();
		if (balancing == null) {
			return List.of();
		}
		ClassName state = HarnessSources.stm32(pack, PackStateEmitter.TYPE_NAME);
		ClassName controller = HarnessSources.stm32(pack, "BalancingController");
		int cells = pack.cell().seriesCells();
		int temperatures = pack.afe() == null ? 0 : pack.afe().thermistors().size();
		int maxCells = balancing.maxCells() == 0 ? cells : Math.min(balancing.maxCells(), cells);
		int restMa = PackStateEmitter.restCurrentMa(pack);
		// a temperature every limit allows: room temperature, or the balancing limit itself when lower
		int allowedTemperature = balancing.maxTemperatureCentiDegC() == null ? 2500
				: Math.min(2500, balancing.maxTemperatureCentiDegC());
		Trace trace = balancing.trace();

		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC)
				.addJavadoc("The balancing policy of pack $L against the generated BalancingController, one control"
						+ " period a call.\nDeltas, limits and conditions are the model's, printed by the generator.\n$L\n",
						pack.name(), SourceFiles.traceLine(trace));
		type.addField(constant("START_DELTA_MV", balancing.startDeltaMv(), "A cell starts bleeding above the lowest"
				+ " cell plus this (strict).", trace));
		type.addField(constant("STOP_DELTA_MV", balancing.stopDeltaMv(), "A bleeding cell stops below the lowest"
				+ " cell plus this.", trace));
		type.addField(constant("MINIMUM_CELL_MV", balancing.minimumCellMv(), "No cell at or below this bleeds.",
				trace));
		type.addField(constant("MAX_CELLS", maxCells, balancing.maxCells() == 0 ? "No maximum written: every cell"
				+ " (the adjacency rule limits it)." : "The most cells bleeding at once.", trace));
		type.addField(constant("REST_CURRENT_MA", restMa, "The firmware's rest band (C/50 of "
				+ pack.cell().packCapacityMah() + " mAh): charging above it.", pack.cell().trace()));
		type.addField(constant("ALLOWED_TEMPERATURE_CENTI_DEG_C", allowedTemperature, "A temperature balancing is"
				+ " allowed at.", trace));
		type.addField(FieldSpec.builder(state, "state", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T()", state).build());
		type.addField(FieldSpec.builder(controller, "controller", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T()", controller).build());

		// ---- helpers
		MethodSpec.Builder cellsAt = MethodSpec.methodBuilder("cellsAt").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "cellMv")
				.addJavadoc("Every cell at {@code cellMv}, temperatures allowed, measurements valid, no current.\n")
				.beginControlFlow("for (int cell = 0; cell < $L; cell++)", cells)
				.addStatement("state.cellMv[cell] = cellMv").endControlFlow()
				.addStatement("state.packMv = $L * cellMv", cells).addStatement("state.packMa = 0");
		if (temperatures > 0) {
			cellsAt.beginControlFlow("for (int input = 0; input < $L; input++)", temperatures)
					.addStatement("state.temperatureCentiDegC[input] = ALLOWED_TEMPERATURE_CENTI_DEG_C")
					.endControlFlow();
		}
		cellsAt.addStatement("state.measurementsValid = true");
		type.addMethod(cellsAt.build());

		// the condition under which balancing is allowed: charging if the model allows it, else the rest time
		MethodSpec.Builder allowed = MethodSpec.methodBuilder("decideAllowed").addModifiers(Modifier.PRIVATE)
				.returns(TypeName.INT)
				.addJavadoc("One period under a condition the model allows balancing in ($L); the cells to bleed.\n",
						balancing.whileCharging() ? "charging" : balancing.restMs() != 0 ? "after "
								+ balancing.restMs() + " ms at rest" : "no condition written: always");
		if (balancing.whileCharging()) {
			allowed.addStatement("state.packMa = REST_CURRENT_MA + 1").addStatement("state.updateDerived()");
		} else if (balancing.restMs() != 0) {
			allowed.addStatement("state.packMa = 0").addStatement("state.updateDerived()")
					.addStatement("state.restPeriods = $L", balancing.restPeriods() + 1);
		} else {
			allowed.addStatement("state.updateDerived()");
		}
		allowed.addStatement("return controller.decide(state, true)");
		type.addMethod(allowed.build());

		type.addMethod(startsAboveStartDelta(balancing, cells));
		type.addMethod(stopsBelowStopDelta(balancing, cells));
		type.addMethod(minimumCell(balancing, cells));
		type.addMethod(maxCellsAndAdjacency(balancing, cells, maxCells));
		type.addMethod(randomPacks(balancing, cells, maxCells));
		type.addMethod(conditions(balancing, cells, restMa));
		if (balancing.maxTemperatureCentiDegC() != null && temperatures > 0) {
			type.addMethod(temperature(balancing, cells, temperatures));
		}
		type.addMethod(disabled(balancing, cells));
		return List.of(HarnessSources.file(pack, "Balancing harness", type.build()));
	}

	private static FieldSpec constant(String name, int value, String javadoc, Trace trace) {
		return FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$L", value).addJavadoc("$L\n$L\n", javadoc, SourceFiles.traceLine(trace)).build();
	}

	private static MethodSpec.Builder test(String name, BalancingIr balancing, String javadoc, Object... args) {
		return MethodSpec.methodBuilder(name).addAnnotation(HarnessSources.TEST)
				.addJavadoc(javadoc + "\n", args).addJavadoc("$L\n", SourceFiles.traceLine(balancing.trace()));
	}

	/** The base all cells sit at: one above the minimum, so that any cell above it may bleed. */
	private static int base(BalancingIr balancing) {
		return balancing.minimumCellMv() + 1;
	}

	private static MethodSpec startsAboveStartDelta(BalancingIr balancing, int cells) {
		int base = base(balancing);
		MethodSpec.Builder method = test("passive_startsJustAboveStartDelta", balancing, "Start delta $L mV (strict),"
				+ " for every cell: at the delta it does not bleed, one mV past it it bleeds.",
				balancing.startDeltaMv());
		method.beginControlFlow("for (int cell = 0; cell < $L; cell++)", cells)
				.addStatement("cellsAt($L)", base).addStatement("state.cellMv[cell] = $L + START_DELTA_MV", base)
				.addStatement("controller.decide(state, false)")
				.addStatement("assertEquals(0, decideAllowed(), \"cell \" + cell + \" at the start delta\")")
				.addStatement("state.cellMv[cell] = $L + START_DELTA_MV + 1", base)
				.addStatement("assertEquals(1 << cell, decideAllowed(), \"cell \" + cell + \" one mV past the start"
						+ " delta\")")
				.endControlFlow();
		return method.build();
	}

	private static MethodSpec stopsBelowStopDelta(BalancingIr balancing, int cells) {
		int base = base(balancing);
		int top = cells - 1;
		MethodSpec.Builder method = test("passive_stopsJustBelowStopDelta", balancing, "Hysteresis: a bleeding cell"
				+ " keeps bleeding down to the stop delta $L mV, stops one mV below it, and does not start again"
				+ " until it is past the start delta $L mV.", balancing.stopDeltaMv(), balancing.startDeltaMv());
		method.addStatement("cellsAt($L)", base).addStatement("state.cellMv[$L] = $L + START_DELTA_MV + 1", top, base)
				.addStatement("assertEquals(1 << $L, decideAllowed(), \"bleeding past the start delta\")", top)
				.addStatement("state.cellMv[$L] = $L + STOP_DELTA_MV", top, base)
				.addStatement("assertEquals(1 << $L, decideAllowed(), \"still bleeding at the stop delta\")", top)
				.addStatement("state.cellMv[$L] = $L + STOP_DELTA_MV - 1", top, base)
				.addStatement("assertEquals(0, decideAllowed(), \"stopped one mV below the stop delta\")")
				.addStatement("state.cellMv[$L] = $L + START_DELTA_MV", top, base)
				.addStatement("assertEquals(0, decideAllowed(), \"no restart at the start delta itself\")")
				.addStatement("state.cellMv[$L] = $L + START_DELTA_MV + 1", top, base)
				.addStatement("assertEquals(1 << $L, decideAllowed(), \"restart past the start delta\")", top);
		return method.build();
	}

	private static MethodSpec minimumCell(BalancingIr balancing, int cells) {
		int top = cells - 1;
		int low = balancing.minimumCellMv() - balancing.startDeltaMv() - 10;
		MethodSpec.Builder method = test("passive_neverAtOrBelowMinimumCell", balancing, "Minimum cell $L mV: a cell"
				+ " far above the others but at the minimum does not bleed; one mV above it, it does.",
				balancing.minimumCellMv());
		method.addStatement("cellsAt($L)", low).addStatement("state.cellMv[$L] = MINIMUM_CELL_MV", top)
				.addStatement("assertEquals(0, decideAllowed(), \"at the minimum cell voltage\")")
				.addStatement("state.cellMv[$L] = MINIMUM_CELL_MV + 1", top)
				.addStatement("assertEquals(1 << $L, decideAllowed(), \"one mV above the minimum\")", top);
		return method.build();
	}

	private static MethodSpec maxCellsAndAdjacency(BalancingIr balancing, int cells, int maxCells) {
		int base = base(balancing);
		// every cell wanting, the higher the cell the larger its delta: the best set takes the top cells
		int expected = balancing.adjacentAllowed() ? Math.min(maxCells, cells - 1) : Math.min(maxCells, cells / 2);
		MethodSpec.Builder method = test("passive_maxCellsAndAdjacency", balancing, "Every cell but the lowest past"
				+ " the start delta: $L cells bleed ($L at most$L).", expected, maxCells,
				balancing.adjacentAllowed() ? "" : ", never two adjacent");
		method.addStatement("cellsAt($L)", base)
				.beginControlFlow("for (int cell = 1; cell < $L; cell++)", cells)
				.addStatement("state.cellMv[cell] = $L + START_DELTA_MV + 1 + cell", base).endControlFlow()
				.addStatement("int mask = decideAllowed()");
		method.addStatement("assertEquals($L, Integer.bitCount(mask), \"cells bleeding: \" + Integer.toBinaryString(mask))",
				expected);
		if (!balancing.adjacentAllowed()) {
			method.addStatement("assertEquals(0, mask & (mask >>> 1), \"adjacent cells: \" + Integer.toBinaryString(mask))");
		}
		method.addStatement("assertEquals(0, mask & 1, \"the lowest cell never bleeds\")");
		return method.build();
	}

	private static MethodSpec randomPacks(BalancingIr balancing, int cells, int maxCells) {
		int base = base(balancing);
		MethodSpec.Builder method = test("passive_overRandomPacks", balancing, "$L seeded random packs, $L periods"
				+ " each with the cells moving: never $Lmore than $L cells, only cells above the minimum and at least"
				+ " the stop delta above the lowest, and some cell whenever one is past the start delta.",
				RANDOM_PACKS, 4, balancing.adjacentAllowed() ? "" : "two adjacent cells, never ", maxCells);
		method.addStatement("$T random = new $T(0x5eedL)", java.util.Random.class, java.util.Random.class)
				.beginControlFlow("for (int trial = 0; trial < $L; trial++)", RANDOM_PACKS)
				.addStatement("cellsAt($L)", base)
				.addStatement("controller.decide(state, false)")
				.beginControlFlow("for (int period = 0; period < 4; period++)")
				.beginControlFlow("for (int cell = 0; cell < $L; cell++)", cells)
				.addComment("around the minimum cell voltage, spread a few start deltas")
				.addStatement("state.cellMv[cell] = MINIMUM_CELL_MV - START_DELTA_MV + random.nextInt(4 * START_DELTA_MV + 1)")
				.endControlFlow()
				.addStatement("int mask = decideAllowed()")
				.addStatement("String where = \"trial \" + trial + \" period \" + period + \": \" + $T.toString(state.cellMv)"
						+ " + \" -> \" + Integer.toBinaryString(mask)", java.util.Arrays.class);
		if (!balancing.adjacentAllowed()) {
			method.addStatement("assertEquals(0, mask & (mask >>> 1), where)");
		}
		method.addStatement("assertTrue(Integer.bitCount(mask) <= MAX_CELLS, where)")
				.addStatement("int lowestMv = Integer.MAX_VALUE")
				.addStatement("boolean pastStart = false")
				.beginControlFlow("for (int cell = 0; cell < $L; cell++)", cells)
				.addStatement("lowestMv = Math.min(lowestMv, state.cellMv[cell])").endControlFlow()
				.beginControlFlow("for (int cell = 0; cell < $L; cell++)", cells)
				.beginControlFlow("if ((mask & (1 << cell)) != 0)")
				.addStatement("assertTrue(state.cellMv[cell] > MINIMUM_CELL_MV, where)")
				.addStatement("assertTrue(state.cellMv[cell] - lowestMv >= STOP_DELTA_MV, where)").endControlFlow()
				.addStatement("pastStart |= state.cellMv[cell] > MINIMUM_CELL_MV"
						+ " && state.cellMv[cell] - lowestMv > START_DELTA_MV")
				.endControlFlow()
				.beginControlFlow("if (pastStart)").addStatement("assertTrue(mask != 0, where)").endControlFlow()
				.endControlFlow().endControlFlow();
		return method.build();
	}

	private static MethodSpec conditions(BalancingIr balancing, int cells, int restMa) {
		int base = base(balancing);
		int top = cells - 1;
		MethodSpec.Builder method = test("passive_onlyInItsConditions", balancing, "Conditions: while charging $L;"
				+ " at rest after $L ms ($L periods, strict); discharging $L.", balancing.whileCharging()
						? "allowed" : "not written", balancing.restMs(), balancing.restPeriods(),
				!balancing.whileCharging() && balancing.restMs() == 0 ? "allowed (no condition written)" : "never");
		method.addStatement("cellsAt($L)", base).addStatement("state.cellMv[$L] = $L + START_DELTA_MV + 1", top, base);
		boolean unconditional = !balancing.whileCharging() && balancing.restMs() == 0;
		// discharging just outside the rest band
		method.addStatement("state.packMa = -REST_CURRENT_MA").addStatement("state.updateDerived()")
				.addStatement("assertEquals($L, controller.decide(state, true), \"discharging\")",
						unconditional ? "1 << " + top : "0");
		// charging just above the rest band
		method.addStatement("state.packMa = REST_CURRENT_MA + 1").addStatement("state.updateDerived()")
				.addStatement("assertEquals($L, controller.decide(state, true), \"charging\")",
						balancing.whileCharging() || unconditional ? "1 << " + top : "0");
		if (balancing.restMs() != 0) {
			// rest counted by the PackState itself, one period a call, up to the edge of the rest time
			method.addStatement("state.packMa = 0").addStatement("controller.decide(state, false)")
					.beginControlFlow("for (int period = 1; period <= $L; period++)", balancing.restPeriods())
					.addStatement("state.updateDerived()")
					.addStatement("assertEquals(0, controller.decide(state, true), \"at rest for \" + period + \""
							+ " periods\")").endControlFlow()
					.addStatement("state.updateDerived()")
					.addStatement("assertEquals(1 << $L, controller.decide(state, true), \"at rest past $L ms\")", top,
							balancing.restMs());
		} else if (!unconditional) {
			method.addStatement("state.packMa = 0").addStatement("controller.decide(state, false)")
					.beginControlFlow("for (int period = 1; period <= 100; period++)")
					.addStatement("state.updateDerived()")
					.addStatement("assertEquals(0, controller.decide(state, true), \"at rest (no rest condition"
							+ " written)\")").endControlFlow();
		}
		return method.build();
	}

	private static MethodSpec temperature(BalancingIr balancing, int cells, int temperatures) {
		int base = base(balancing);
		int top = cells - 1;
		MethodSpec.Builder method = test("passive_notAboveMaxTemperature", balancing, "Temperature limit $L centi-degC:"
				+ " at it balancing goes on, one step above it (any input) it stops.",
				balancing.maxTemperatureCentiDegC());
		method.beginControlFlow("for (int input = 0; input < $L; input++)", temperatures)
				.addStatement("cellsAt($L)", base).addStatement("state.cellMv[$L] = $L + START_DELTA_MV + 1", top, base)
				.addStatement("state.temperatureCentiDegC[input] = $L", balancing.maxTemperatureCentiDegC())
				.addStatement("assertEquals(1 << $L, decideAllowed(), \"input \" + input + \" at the limit\")", top)
				.addStatement("state.temperatureCentiDegC[input] = $L", balancing.maxTemperatureCentiDegC() + 1)
				.addStatement("assertEquals(0, decideAllowed(), \"input \" + input + \" above the limit\")")
				.endControlFlow();
		return method.build();
	}

	private static MethodSpec disabled(BalancingIr balancing, int cells) {
		int base = base(balancing);
		int top = cells - 1;
		MethodSpec.Builder method = test("passive_offWhenDisabledOrInvalid", balancing, "A balancing-off command or"
				+ " invalid measurements: no cell bleeds, and the hysteresis starts again from the start delta.");
		method.addStatement("cellsAt($L)", base).addStatement("state.cellMv[$L] = $L + START_DELTA_MV + 1", top, base)
				.addStatement("assertEquals(1 << $L, decideAllowed())", top)
				.addStatement("state.updateDerived()")
				.addStatement("assertEquals(0, controller.decide(state, false), \"disabled\")")
				.addStatement("state.measurementsValid = false")
				.addStatement("assertEquals(0, decideAllowed(), \"measurements invalid\")")
				.addStatement("state.measurementsValid = true")
				.addStatement("state.cellMv[$L] = $L + STOP_DELTA_MV", top, base)
				.addStatement("assertEquals(0, decideAllowed(), \"between the deltas after a stop: not restarted\")");
		return method.build();
	}
}
