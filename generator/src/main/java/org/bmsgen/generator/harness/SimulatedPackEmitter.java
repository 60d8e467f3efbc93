package org.bmsgen.generator.harness;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.firmware.GeneratedSource;
import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code SimulatedPack}: the pack's board on the simulator with both generated firmware images installed, as a test
 * fixture. Prints the values of {@link BoardSpec} (the mapping {@code bmsgen simulate} uses too) as literals; decides
 * nothing itself.
 */
public final class SimulatedPackEmitter {

	private static final String SIM = "org.bmsgen.sim";
	private static final ClassName SIM_BOARD = ClassName.get(SIM + ".board", "SimBoard");
	private static final ClassName BUILDER = SIM_BOARD.nestedClass("Builder");
	private static final ClassName STM32_NODE = ClassName.get(SIM + ".board", "Stm32Node");
	private static final ClassName ESP32_NODE = ClassName.get(SIM + ".board", "Esp32Node");
	private static final ClassName PACK_CONFIG = ClassName.get(SIM + ".plant", "PackConfig");
	private static final ClassName CELL_PARAMETERS = ClassName.get(SIM + ".plant", "CellParameters");
	private static final ClassName CELL_MODEL_TABLES = ClassName.get(SIM + ".plant", "CellModelTables");
	private static final ClassName OCV_TABLE = ClassName.get(SIM + ".plant", "OcvTable");
	private static final ClassName OCV_CURVE = ClassName.get(SIM + ".plant", "OcvCurve");
	private static final ClassName OCV_BY_TEMPERATURE = ClassName.get(SIM + ".plant", "OcvByTemperature");
	private static final ClassName BQ769X0_CONFIG = ClassName.get(SIM + ".afe", "Bq769x0Config");
	private static final ClassName BETA_THERMISTOR = ClassName.get(SIM + ".afe", "BetaThermistor");
	private static final long SECOND_MICROS = 1_000_000L;
	/** Values a line of a printed table. */
	private static final int VALUES_PER_LINE = 8;

	/** The class, or null when the board cannot stand for the pack (see {@link BoardSpec#of}). */
	public GeneratedSource emit(PackIr pack) {
		BoardSpec spec;
		try {
			spec = BoardSpec.of(pack);
		} catch (BoardSpec.UnsupportedPackException e) {
			return null;
		}
		ClassName stm32 = HarnessFiles.firmwareClass(pack, "stm32", "Stm32Firmware");
		ClassName esp32 = HarnessFiles.firmwareClass(pack, "esp32", "Esp32Firmware");
		BoardSpec.Traces traces = spec.traces();
		TypeSpec.Builder type = TypeSpec.classBuilder("SimulatedPack").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("Pack $L on the simulated board with its generated STM32 and ESP32 firmware installed: the\n"
						+ "plant built from the model's cell ($L cells in series, $L in parallel), the $L with the model's\n"
						+ "channels, shunt and thermistor, the FETs' on-resistance, the CAN and UART rates.\n"
						+ "<p>Values the model does not hold are the simulator's reference board's: initial SoC $L, ambient\n"
						+ "$L degC, $L Ohm bleed resistors, the AFE's trim $L uV/LSB and $L mV, $L LSB of ADC noise.\n"
						+ "<pre>\nSimulatedPack pack = new SimulatedPack(seed);\npack.powerOn();\npack.advanceSeconds(5);\n"
						+ "pack.stm32().state().faultWord ...\n</pre>\n", spec.pack(), spec.seriesCells(),
						spec.parallelCells(), spec.afeVariant(), BoardSpec.INITIAL_SOC, BoardSpec.AMBIENT_CELSIUS,
						BoardSpec.BALANCING_OHMS, BoardSpec.AFE_GAIN_UV_PER_LSB, BoardSpec.AFE_OFFSET_MV,
						BoardSpec.AFE_NOISE_LSB);
		type.addField(constant(TypeName.INT, "SERIES_CELLS", CodeBlock.of("$L", spec.seriesCells()),
				"Series elements of the pack.", traces.cell()));
		type.addField(constant(TypeName.INT, "PARALLEL_CELLS", CodeBlock.of("$L", spec.parallelCells()),
				"Cells in parallel in each element.", traces.cell()));
		type.addField(constant(TypeName.LONG, "CONTROL_PERIOD_MICROS", CodeBlock.of("$LL", spec.controlPeriodMicros()),
				"The firmware's control period.", traces.control()));
		type.addField(FieldSpec.builder(SIM_BOARD, "board", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(stm32, "stm32", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(esp32, "esp32", Modifier.PRIVATE).build());

		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(TypeName.LONG, "seed")
				.addJavadoc("The pack's board from {@link #boardBuilder(long)}, both firmwares installed, not yet powered.\n")
				.addStatement("this(boardBuilder(seed))").build());
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(BUILDER, "builder")
				.addJavadoc("A board adjusted by the caller (start from {@link #boardBuilder(long)}), both firmwares\n"
						+ "installed, not yet powered.\n")
				.addStatement("board = builder.build()")
				.addStatement("$T stm32Node = board.stm32()", STM32_NODE)
				.addCode(CodeBlock.builder().add("stm32Node.install(mcu -> {\n").indent()
						.addStatement("stm32 = new $T(stm32Node.i2c(), stm32Node.spi(), stm32Node.can(), stm32Node.uart(),\n"
								+ "stm32Node.tickSource(), stm32Node.watchdog(), stm32Node.clock(), stm32Node.resetControl())",
								stm32)
						.addStatement("stm32.start()").unindent().add("});\n").build())
				.addStatement("$T esp32Node = board.esp32()", ESP32_NODE)
				.addCode(CodeBlock.builder().add("esp32Node.install(mcu -> {\n").indent()
						.addStatement("esp32 = new $T(esp32Node.uart(), esp32Node.http(), esp32Node.gatt(), esp32Node.random(),\n"
								+ "esp32Node.clock(), esp32Node.tickSource(), esp32Node.watchdog())", esp32)
						.addStatement("esp32.start()").unindent().add("});\n").build())
				.build());

		type.addMethod(MethodSpec.methodBuilder("boardBuilder").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(BUILDER).addParameter(TypeName.LONG, "seed")
				.addJavadoc("The pack's board, to adjust before building ({@code .pack(pack(seed).withInitialSoc(0.3))}).\n"
						+ "The CAN bit rates and the UART's baud rate are the model's.\n$L\n$L\n", HarnessFiles.traceLine(traces.can()),
						HarnessFiles.traceLine(traces.radio()))
				.addStatement("return $T.builder(seed).pack(pack(seed)).ocv(ocv()).afe(afe(seed))\n.can($LL, $LL).uart($L, $L)",
						SIM_BOARD, spec.canNominalBitRate(), spec.canDataBitRate(), spec.uartBaud(),
						BoardSpec.UART_FIFO_BYTES)
				.build());
		type.addMethod(packMethod(spec));
		type.addMethod(cellMethod(spec));
		type.addMethod(circuitMethod(spec));
		type.addMethod(ocvMethod(spec));
		type.addMethod(afeMethod(spec));

		type.addMethod(MethodSpec.methodBuilder("powerOn").addModifiers(Modifier.PUBLIC)
				.addJavadoc("Connects the pack and starts both MCUs (once).\n").addStatement("board.powerOn()").build());
		type.addMethod(MethodSpec.methodBuilder("advanceSeconds").addModifiers(Modifier.PUBLIC)
				.addParameter(TypeName.DOUBLE, "seconds").addJavadoc("Runs the board for this much simulated time.\n")
				.addStatement("board.advance($T.round(seconds * $L))", Math.class, (double) SECOND_MICROS).build());
		type.addMethod(accessor("board", SIM_BOARD, "The board: plant, AFE, buses, fault injection."));
		type.addMethod(accessor("stm32", stm32, "The STM32's firmware (null before {@link #powerOn()})."));
		type.addMethod(accessor("esp32", esp32, "The ESP32's firmware (null before {@link #powerOn()})."));
		return HarnessFiles.file(pack, "Simulated board of the pack (test fixture)", type.build());
	}

	private static MethodSpec packMethod(BoardSpec spec) {
		return MethodSpec.methodBuilder("pack").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(PACK_CONFIG)
				.addParameter(TypeName.LONG, "seed")
				.addJavadoc("The pack around the cells: the model's cell spread, shunt ($L Ohm), FETs ($L Ohm per\n"
						+ "direction) and NTC (R25 $L Ohm, B $L K).\n$L\n$L\n$L\n", spec.shuntOhms(), spec.fetOnOhms(),
						spec.thermistorOhmsAt25(), spec.thermistorBeta(), HarnessFiles.traceLine(spec.traces().spread()),
						HarnessFiles.traceLine(spec.traces().afe()), HarnessFiles.traceLine(spec.traces().fets()))
				.addStatement("return new $T($L, cell(), $L, $L, $L, $L, $L, $L, $L, $L, $L, seed, $LL,\nnew $T($L, $L))",
						PACK_CONFIG, spec.seriesCells(), spec.capacitySpread(), spec.resistanceSpread(),
						BoardSpec.INITIAL_SOC, spec.socSpread(), BoardSpec.AMBIENT_CELSIUS, spec.shuntOhms(),
						spec.fetOnOhms(), BoardSpec.BALANCING_OHMS, BoardSpec.THERMISTOR_CELL,
						BoardSpec.PLANT_STEP_MICROS, BETA_THERMISTOR, spec.thermistorOhmsAt25(), spec.thermistorBeta())
				.build();
	}

	private static MethodSpec cellMethod(BoardSpec spec) {
		return MethodSpec.methodBuilder("cell").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(CELL_PARAMETERS)
				.addJavadoc("One series element: $L cells of $L Ah in parallel, each $L J/K and $L K/W.\n$L\n$L\n",
						spec.parallelCells(), spec.capacityAh(), spec.heatCapacityJoulePerKelvin(),
						spec.thermalResistanceKelvinPerWatt(), HarnessFiles.traceLine(spec.traces().cell()),
						HarnessFiles.traceLine(spec.traces().thermal()))
				.addStatement("return new $T($L, circuit(), $L, $L).inParallel($L)", CELL_PARAMETERS, spec.capacityAh(),
						spec.heatCapacityJoulePerKelvin(), spec.thermalResistanceKelvinPerWatt(), spec.parallelCells())
				.build();
	}

	private static MethodSpec circuitMethod(BoardSpec spec) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("circuit").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(CELL_MODEL_TABLES).addJavadoc("One cell's equivalent circuit (ohm, farad; SoC as a fraction).\n");
		CodeBlock.Builder chain = CodeBlock.builder().add("return $T.builder()", CELL_MODEL_TABLES).indent();
		for (BoardSpec.EcmSet set : spec.ecm()) {
			chain.add("\n// $L\n.at($L)", set.trace(), set.celsius());
			for (BoardSpec.EcmParameter parameter : set.parameters()) {
				if (parameter.isConstant()) {
					chain.add("\n.$L($L)", parameter.kind(), parameter.values().get(0));
				} else {
					chain.add("\n.$L($L,\n$L)", parameter.kind(), doubles(parameter.soc()), doubles(parameter.values()));
				}
			}
		}
		chain.add("\n.build();\n").unindent();
		return method.addCode(chain.build()).build();
	}

	private static MethodSpec ocvMethod(BoardSpec spec) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("ocv").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(OCV_TABLE).addJavadoc("One cell's open-circuit voltage over SoC (fraction), volts.\n");
		List<BoardSpec.Ocv> tables = spec.ocv();
		if (tables.size() == 1) {
			BoardSpec.Ocv table = tables.get(0);
			method.addComment("$L, at $L degC", table.trace(), table.celsius());
			method.addStatement("return new $T($L,\n$L)", OCV_CURVE, doubles(table.soc()), doubles(table.volts()));
			return method.build();
		}
		CodeBlock.Builder celsius = CodeBlock.builder();
		CodeBlock.Builder curves = CodeBlock.builder();
		for (int i = 0; i < tables.size(); i++) {
			BoardSpec.Ocv table = tables.get(i);
			celsius.add(i == 0 ? "$L" : ", $L", table.celsius());
			curves.add(i == 0 ? "\n// $L\nnew $T($L,\n$L)" : ",\n// $L\nnew $T($L,\n$L)", table.trace(), OCV_CURVE,
					doubles(table.soc()), doubles(table.volts()));
		}
		method.addStatement("return new $T(new double[] {$L}, new $T[] {$>$L$<})", OCV_BY_TEMPERATURE, celsius.build(),
				OCV_CURVE, curves.build());
		return method.build();
	}

	private static MethodSpec afeMethod(BoardSpec spec) {
		CodeBlock.Builder channels = CodeBlock.builder();
		for (int i = 0; i < spec.channels().size(); i++) {
			channels.add(i == 0 ? "$L" : ", $L", spec.channels().get(i));
		}
		return MethodSpec.methodBuilder("afe").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(BQ769X0_CONFIG)
				.addParameter(TypeName.LONG, "seed")
				.addJavadoc("The $L with the model's channel map (the VC input of each cell, bottom first).\n$L\n",
						spec.afeVariant(), HarnessFiles.traceLine(spec.traces().afe()))
				.addStatement("return new $T($T.Variant.$L, new int[] {$L}, $L, $L, $L, seed, $LL)", BQ769X0_CONFIG,
						BQ769X0_CONFIG, spec.afeVariant(), channels.build(), BoardSpec.AFE_GAIN_UV_PER_LSB,
						BoardSpec.AFE_OFFSET_MV, BoardSpec.AFE_NOISE_LSB, BoardSpec.AFE_SHUNT_SAMPLE_MICROS)
				.build();
	}

	private static MethodSpec accessor(String name, TypeName type, String javadoc) {
		return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type).addJavadoc("$L\n", javadoc)
				.addStatement("return $N", name).build();
	}

	private static FieldSpec constant(TypeName type, String name, CodeBlock value, String javadoc,
			org.bmsgen.generator.ir.Trace trace) {
		return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL).initializer(value)
				.addJavadoc("$L\n$L\n", javadoc, HarnessFiles.traceLine(trace)).build();
	}

	/** {@code new double[] {a, b, ...}}, {@value #VALUES_PER_LINE} values a line. */
	private static CodeBlock doubles(List<Double> values) {
		CodeBlock.Builder array = CodeBlock.builder().add("new double[] {");
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				array.add(i % VALUES_PER_LINE == 0 ? ",\n" : ", ");
			}
			array.add("$L", values.get(i));
		}
		return array.add("}").build();
	}
}
