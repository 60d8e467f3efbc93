package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.EstimatorsIr;
import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code CurrentLimits.java}: the charge and discharge current the pack allows now: the modelled limit times every
 * derating factor of its direction, each interpolated linearly over its measurement (held at the end values),
 * in integer arithmetic (basis points, mA). A limit not written in the {@code limits} block is the pack's rating
 * ({@code current ... charge}, {@code continuous}). Emitted only with a {@code limits} block.
 */
public final class CurrentLimitsEmitter {

	public static final String TYPE_NAME = "CurrentLimits";

	public GeneratedSource emit(PackIr pack) {
		EstimatorsIr.CurrentLimits limits = pack.estimators().limits();
		if (limits == null) {
			return null;
		}
		ClassName packState = ClassName.get(FirmwarePackage.of(pack, FirmwareImage.STM32), PackStateEmitter.TYPE_NAME);
		int chargeMa = limits.chargeMa() != 0 ? limits.chargeMa() : pack.control().chargeMa();
		int dischargeMa = limits.dischargeMa() != 0 ? limits.dischargeMa() : pack.control().continuousMa();
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL).addJavadoc("Charge and discharge current limits"
				+ " of pack $L, derated by the measurements the model names.\n$L\n", pack.name(),
				SourceFiles.traceLine(limits.trace()));
		type.addField(SourceFiles.intConstant("CHARGE_MA", chargeMa, "Charge limit before derating"
				+ (limits.chargeMa() == 0 ? " (not in the limits block: the pack's charge rating)" : "") + ".",
				limits.chargeMa() == 0 ? pack.control().trace() : limits.trace()));
		type.addField(SourceFiles.intConstant("DISCHARGE_MA", dischargeMa, "Discharge limit before derating"
				+ (limits.dischargeMa() == 0 ? " (not in the limits block: the pack's continuous rating)" : "") + ".",
				limits.dischargeMa() == 0 ? pack.control().trace() : limits.trace()));
		List<EstimatorsIr.Derating> deratings = limits.deratings();
		type.addField(SourceFiles.intConstant("DERATINGS", deratings.size(), "Derating tables.", limits.trace()));
		List<Integer> variable = new ArrayList<>();
		List<Integer> charge = new ArrayList<>();
		List<Integer> first = new ArrayList<>();
		List<Integer> count = new ArrayList<>();
		List<String> rowComments = new ArrayList<>();
		List<Long> x = new ArrayList<>();
		List<Integer> factor = new ArrayList<>();
		List<String> pointComments = new ArrayList<>();
		for (EstimatorsIr.Derating derating : deratings) {
			String what = (derating.charge() ? "charge" : "discharge") + " by " + derating.variable().keyword();
			variable.add(derating.variable().ordinal());
			charge.add(derating.charge() ? 1 : 0);
			first.add(x.size());
			count.add(derating.points().size());
			rowComments.add(what + ", " + derating.trace());
			for (EstimatorsIr.DeratingPoint point : derating.points()) {
				x.add(point.x());
				factor.add(point.factorBp());
				pointComments.add(what);
			}
		}
		if (!deratings.isEmpty()) {
			type.addField(EstimatorTables.intTable(TypeName.INT, "DERATING_QUANTITY", variable, rowComments, "The"
					+ " measurement each table is over (PackState.MEASUREMENT_*)."));
			type.addField(EstimatorTables.intTable(TypeName.INT, "DERATING_CHARGE", charge, rowComments, "1 when the"
					+ " table derates the charge limit, 0 the discharge limit."));
			type.addField(EstimatorTables.intTable(TypeName.INT, "DERATING_FIRST", first, rowComments, "Index of each"
					+ " table's first point."));
			type.addField(EstimatorTables.intTable(TypeName.INT, "DERATING_COUNT", count, rowComments, "Points of each"
					+ " table."));
			type.addField(EstimatorTables.intTable(TypeName.LONG, "DERATING_X", x, pointComments, "Breakpoints in the"
					+ " measurement's unit (mV, mA, 0.01 degC, basis points), ascending."));
			type.addField(EstimatorTables.intTable(TypeName.INT, "DERATING_FACTOR_BP", factor, pointComments, "Share"
					+ " of the limit at each breakpoint, 10000 = 100 %."));
		}
		MethodSpec.Builder update = MethodSpec.methodBuilder("update").addModifiers(Modifier.PUBLIC)
				.addParameter(packState, "state")
				.addJavadoc("Writes {@code state.chargeLimitMa} and {@code state.dischargeLimitMa}: each limit times"
						+ " the product of its direction's derating factors.\n")
				.addStatement("long chargeMa = CHARGE_MA").addStatement("long dischargeMa = DISCHARGE_MA");
		if (!deratings.isEmpty()) {
			update.beginControlFlow("for (int table = 0; table < DERATINGS; table++)")
					.addStatement("int factorBp = factorBp(table, state.measurement(DERATING_QUANTITY[table]))")
					.beginControlFlow("if (DERATING_CHARGE[table] == 1)")
					.addStatement("chargeMa = chargeMa * factorBp / 10000")
					.nextControlFlow("else")
					.addStatement("dischargeMa = dischargeMa * factorBp / 10000")
					.endControlFlow()
					.endControlFlow();
		}
		update.addStatement("state.chargeLimitMa = (int) chargeMa").addStatement("state.dischargeLimitMa = (int)"
				+ " dischargeMa");
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addJavadoc("Limits without state: every update reads the measurements anew.\n").build());
		type.addMethod(update.build());
		if (!deratings.isEmpty()) {
			type.addMethod(MethodSpec.methodBuilder("factorBp").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
					.returns(TypeName.INT).addParameter(TypeName.INT, "table").addParameter(TypeName.LONG, "value")
					.addJavadoc("A derating table's factor at a measured value: linear between its points, the end"
							+ " factors outside them; basis points.\n")
					.addStatement("int first = DERATING_FIRST[table]")
					.addStatement("int last = first + DERATING_COUNT[table] - 1")
					.beginControlFlow("if (value <= DERATING_X[first])").addStatement("return DERATING_FACTOR_BP[first]")
					.endControlFlow()
					.beginControlFlow("for (int i = first; i < last; i++)")
					.beginControlFlow("if (value <= DERATING_X[i + 1])")
					.addStatement("long span = DERATING_X[i + 1] - DERATING_X[i]")
					.beginControlFlow("if (span <= 0)").addStatement("return DERATING_FACTOR_BP[i + 1]").endControlFlow()
					.addStatement("long rise = DERATING_FACTOR_BP[i + 1] - DERATING_FACTOR_BP[i]")
					.addStatement("return (int) (DERATING_FACTOR_BP[i] + rise * (value - DERATING_X[i]) / span)")
					.endControlFlow()
					.endControlFlow()
					.addStatement("return DERATING_FACTOR_BP[last]").build());
		}
		return SourceFiles.file(pack, "Current limits", type.build());
	}
}
