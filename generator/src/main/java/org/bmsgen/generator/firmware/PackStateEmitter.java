package org.bmsgen.generator.firmware;

import java.util.Locale;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.MeasuredQuantity;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.StateMachineIr;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code PackState.java}: everything the STM32's control loop knows about the pack in one period, in one
 * object allocated at start-up: the measurements the AFE driver fills, what {@code updateDerived()} computes from
 * them (extremes, delta), and what the estimators, the protections and the state machines write back. Every other
 * part of the firmware reads its inputs here, and telemetry (CAN, UART, flash log) sends what is here, so a guard, a
 * signal and a log record see the same value in a period. Values are scaled integers with their unit in the name.
 */
public final class PackStateEmitter {

	public static final String TYPE_NAME = "PackState";

	/**
	 * Below this current magnitude the pack is at rest, for balancing's and the SoC filter's rest timers: C/50 of
	 * the pack's capacity, the usual threshold under which a cell's voltage relaxes towards its OCV.
	 */
	static int restCurrentMa(PackIr pack) {
		return Math.max(1, pack.cell().packCapacityMah() / 50);
	}

	public GeneratedSource emit(PackIr pack) {
		int cells = pack.cell().seriesCells();
		int temperatures = pack.afe() == null ? 0 : pack.afe().thermistors().size();
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("What pack $L's control loop knows in one period: measured, derived, estimated and decided"
						+ " values. Allocated once at start-up; a period overwrites it.\n$L\n", pack.name(),
						SourceFiles.traceLine(pack.trace()));
		type.addField(SourceFiles.intConstant("CELL_COUNT", cells, "Cells in series, bottom cell first in every"
				+ " per-cell array.", pack.cell().trace()));
		type.addField(SourceFiles.intConstant("TEMPERATURE_COUNT", temperatures, "Temperature inputs of the AFE, in"
				+ " model order.", pack.afe() == null ? pack.trace() : pack.afe().trace()));
		type.addField(SourceFiles.intConstant("MACHINE_COUNT", pack.stateMachines().size(), "State machines, in model"
				+ " order.", pack.trace()));
		type.addField(SourceFiles.intConstant("SOH_CAPACITY_MEASURED", 1, "Bit of {@link #sohMeasured}: the cell"
				+ " capacities are measured.", pack.trace()));
		type.addField(SourceFiles.intConstant("SOH_RESISTANCE_MEASURED", 2, "Bit of {@link #sohMeasured}: the"
				+ " resistance ratio is measured.", pack.trace()));
		type.addField(SourceFiles.intConstant("REST_CURRENT_MA", restCurrentMa(pack), "Below this current magnitude"
				+ " the pack rests (C/50 of its " + pack.cell().packCapacityMah() + " mAh): the rest timers of balancing"
				+ " and the SoC filter count periods under it.", pack.cell().trace()));
		for (MeasuredQuantity quantity : MeasuredQuantity.values()) {
			type.addField(SourceFiles.intConstant(measurementConstant(quantity), quantity.ordinal(), "Selects {@code "
					+ quantity.keyword() + "} in {@link #measurement(int)}, in " + unitText(quantity) + ".", pack.trace()));
		}
		for (StateMachineIr machine : pack.stateMachines()) {
			type.addField(SourceFiles.intConstant("MACHINE_" + constantName(machine.name()), machine.index(),
					"Index of state machine " + machine.name() + " in {@link #machineState}.", machine.trace()));
		}
		field(type, ArrayTypeName.of(TypeName.INT), "cellMv", CodeBlock.of("new int[CELL_COUNT]"),
				"Cell voltages as the AFE measured them, bottom cell first.", true);
		field(type, TypeName.INT, "packMv", null, "Pack voltage as the AFE's BAT reading gives it.", false);
		field(type, TypeName.INT, "packMa", null, "Pack current from the coulomb counter, positive while charging.",
				false);
		field(type, ArrayTypeName.of(TypeName.INT), "temperatureCentiDegC", CodeBlock.of("new int[TEMPERATURE_COUNT]"),
				"Temperatures of the AFE's inputs in model order.", true);
		field(type, TypeName.BOOLEAN, "measurementsValid", null, "False until the first complete reading and after a"
				+ " reading failed: then the measured values are the last good ones.", false);
		field(type, TypeName.LONG, "timeMicros", null, "When the values were read, on the MCU's monotonic clock.",
				false);
		field(type, TypeName.INT, "minCellMv", null, "Lowest cell voltage ({@link #updateDerived()}).", false);
		field(type, TypeName.INT, "maxCellMv", null, "Highest cell voltage ({@link #updateDerived()}).", false);
		field(type, TypeName.INT, "minCellIndex", null, "Which cell is lowest, 0 = bottom.", false);
		field(type, TypeName.INT, "maxCellIndex", null, "Which cell is highest, 0 = bottom.", false);
		field(type, TypeName.INT, "cellDeltaMv", null, "Highest minus lowest cell voltage.", false);
		field(type, TypeName.INT, "cellSumMv", null, "Sum of the cell voltages, for the plausibility check against"
				+ " {@link #packMv}.", false);
		field(type, TypeName.INT, "minTemperatureCentiDegC", null, "Lowest temperature input (0 without inputs).",
				false);
		field(type, TypeName.INT, "maxTemperatureCentiDegC", null, "Highest temperature input (0 without inputs).",
				false);
		field(type, TypeName.INT, "restPeriods", null, "Consecutive control periods with |packMa| below"
				+ " {@link #REST_CURRENT_MA}.", false);
		field(type, TypeName.INT, "socBp", null, "Pack state of charge from the SoC filter, 10000 = 100 %.", false);
		field(type, TypeName.INT, "sohBp", null, "Pack state of health, 10000 = as new.", false);
		// what the SoH estimator has measured, kept in the history log so that a reset does not forget it
		field(type, ArrayTypeName.of(TypeName.INT), "cellCapacityBp", CodeBlock.of("new int[CELL_COUNT]"),
				"Each cell's capacity as the SoH estimator measured it, over the rated one, 10000 = as rated.", true);
		field(type, TypeName.INT, "resistanceRatioBp", null, "The SoH estimator's measured R0 over the circuit's,"
				+ " 10000 = as modelled.", false);
		field(type, TypeName.INT, "sohMeasured", null, "What of the SoH is measured rather than the rating:"
				+ " {@link #SOH_CAPACITY_MEASURED}, {@link #SOH_RESISTANCE_MEASURED}.", false);
		field(type, TypeName.INT, "chargeLimitMa", null, "Charge current allowed now (derated), positive.", false);
		field(type, TypeName.INT, "dischargeLimitMa", null, "Discharge current allowed now (derated), positive.",
				false);
		field(type, TypeName.INT, "afeStatus", null, "The AFE's SYS_STAT as last read.", false);
		field(type, TypeName.INT, "faultWord", null, "Tripped protections, bit = protection index (ProtectionTable),"
				+ " any severity.", false);
		field(type, TypeName.INT, "warningWord", null, "Protections above their warning level, bit = protection"
				+ " index.", false);
		field(type, TypeName.INT, "highestSeverity", CodeBlock.of("-1"), "Highest severity among tripped"
				+ " protections (ProtectionTable.SEVERITY_*), -1 when none is tripped.", false);
		field(type, ArrayTypeName.of(TypeName.INT), "machineState", CodeBlock.of("new int[MACHINE_COUNT]"),
				"Current state index of each state machine, in model order.", true);
		field(type, TypeName.INT, "fetMask", null, "FETs switched on: bit 0 charge, bit 1 discharge.", false);
		field(type, TypeName.INT, "balancingMask", null, "Cells bleeding, bit = cell, 0 = bottom.", false);
		type.addMethod(updateDerived());
		type.addMethod(measurement(pack));
		return SourceFiles.file(pack, "Pack state", type.build());
	}

	static String measurementConstant(MeasuredQuantity quantity) {
		return "MEASUREMENT_" + quantity.name();
	}

	static String constantName(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
	}

	private static String unitText(MeasuredQuantity quantity) {
		return switch (quantity.unit()) {
		case MILLIVOLT -> "mV";
		case MILLIAMPERE -> "mA, positive while charging";
		case BASIS_POINT -> "0.01 % (10000 = 100 %)";
		case CENTI_DEGREE_CELSIUS -> "0.01 degC";
		default -> quantity.unit().name();
		};
	}

	private static void field(TypeSpec.Builder type, TypeName fieldType, String name, CodeBlock initializer,
			String javadoc, boolean isFinal) {
		FieldSpec.Builder field = FieldSpec.builder(fieldType, name, Modifier.PUBLIC).addJavadoc("$L\n", javadoc);
		if (isFinal) {
			field.addModifiers(Modifier.FINAL);
		}
		if (initializer != null) {
			field.initializer(initializer);
		}
		type.addField(field.build());
	}

	private static MethodSpec updateDerived() {
		return MethodSpec.methodBuilder("updateDerived").addModifiers(Modifier.PUBLIC)
				.addJavadoc("Computes extremes, delta and sum from the cell voltages and temperatures just read, and"
						+ " counts the rest periods.\n")
				.addStatement("int min = Integer.MAX_VALUE").addStatement("int max = Integer.MIN_VALUE")
				.addStatement("int sum = 0")
				.beginControlFlow("for (int i = 0; i < CELL_COUNT; i++)")
				.addStatement("int mv = cellMv[i]").addStatement("sum += mv")
				.beginControlFlow("if (mv < min)").addStatement("min = mv").addStatement("minCellIndex = i").endControlFlow()
				.beginControlFlow("if (mv > max)").addStatement("max = mv").addStatement("maxCellIndex = i").endControlFlow()
				.endControlFlow()
				.addStatement("minCellMv = CELL_COUNT == 0 ? 0 : min").addStatement("maxCellMv = CELL_COUNT == 0 ? 0 : max")
				.addStatement("cellDeltaMv = maxCellMv - minCellMv").addStatement("cellSumMv = sum")
				.addStatement("int minT = Integer.MAX_VALUE").addStatement("int maxT = Integer.MIN_VALUE")
				.beginControlFlow("for (int i = 0; i < TEMPERATURE_COUNT; i++)")
				.addStatement("minT = Math.min(minT, temperatureCentiDegC[i])")
				.addStatement("maxT = Math.max(maxT, temperatureCentiDegC[i])")
				.endControlFlow()
				.addStatement("minTemperatureCentiDegC = TEMPERATURE_COUNT == 0 ? 0 : minT")
				.addStatement("maxTemperatureCentiDegC = TEMPERATURE_COUNT == 0 ? 0 : maxT")
				.beginControlFlow("if (packMa < REST_CURRENT_MA && packMa > -REST_CURRENT_MA)")
				.beginControlFlow("if (restPeriods < Integer.MAX_VALUE)").addStatement("restPeriods++").endControlFlow()
				.nextControlFlow("else").addStatement("restPeriods = 0").endControlFlow()
				.build();
	}

	private static MethodSpec measurement(PackIr pack) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("measurement").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "quantity")
				.addJavadoc("A measured quantity by its {@code MEASUREMENT_*} constant, in the unit that constant names:"
						+ " what guards, derating tables and signals read.\n")
				.beginControlFlow("switch (quantity)");
		for (MeasuredQuantity quantity : MeasuredQuantity.values()) {
			String field = switch (quantity) {
			case PACK_CURRENT -> "packMa";
			case PACK_VOLTAGE -> "packMv";
			case MIN_CELL -> "minCellMv";
			case MAX_CELL -> "maxCellMv";
			case CELL_DELTA -> "cellDeltaMv";
			case SOC -> "socBp";
			case MAX_TEMPERATURE -> "maxTemperatureCentiDegC";
			case MIN_TEMPERATURE -> "minTemperatureCentiDegC";
			};
			method.addCode("case $L:\n", measurementConstant(quantity)).addStatement("$>return $L$<", field);
		}
		return method.addCode("default:\n").addStatement("$>return 0$<").endControlFlow().build();
	}
}
