package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.EstimatorsIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code CurrentLimits.java}: the charge and discharge current the pack allows now: the modelled limit times every
 * derating factor of its direction, each interpolated linearly over its measurement (held at the end values),
 * in integer arithmetic (basis points, mA). A limit not written in the {@code limits} block is the pack's rating
 * ({@code current ... charge}, {@code continuous}). Emitted only with a {@code limits} block.
 *
 * <p>With a SoC filter the limits are also capped by what the cells can take now without leaving their voltage
 * window (state of power): each cell's terminal voltage moves by R0 times a current step, so the current that puts
 * the lowest cell at the window's floor is {@code i + (V - V_min) / R0} (charge: {@code (V_max - V) / R0 - i}, with
 * the pack's sign convention, discharge negative); V is the cell voltage just measured, so the RC pairs' polarisation
 * under a long load and the OCV are in it without modelling them again. R0 is the filter's circuit at the cell's SoC
 * and temperature times the SoH estimator's measured growth (never below the model's). The window is the cell's
 * rated one narrowed to the cell under/overvoltage protections' warning levels (else trip levels) where those are
 * inside it, so that a drive honouring the limits does not trip the pack's own protection.
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
		String image = FirmwarePackage.of(pack, FirmwareImage.STM32);
		ClassName socEstimator = pack.estimators().soc() == null ? null : ClassName.get(image,
				SocEstimatorEmitter.TYPE_NAME);
		ClassName sohEstimator = socEstimator == null || pack.estimators().soh() == null ? null : ClassName.get(image,
				SohEstimatorEmitter.TYPE_NAME);
		if (socEstimator != null) {
			powerLimitFields(pack, type, socEstimator, sohEstimator);
		}
		MethodSpec.Builder update = MethodSpec.methodBuilder("update").addModifiers(Modifier.PUBLIC)
				.addParameter(packState, "state")
				.addJavadoc("Writes {@code state.chargeLimitMa} and {@code state.dischargeLimitMa}: each limit times"
						+ " the product of its direction's derating factors"
						+ (socEstimator == null ? "" : ", capped by what the cells can take without leaving"
								+ " MIN_CELL_V..MAX_CELL_V (when built with the filters)") + ".\n")
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
		if (socEstimator != null) {
			update.beginControlFlow("if (soc != null && state.measurementsValid)")
					.addCode("// V(i') = V + (i' - i) R0 per cell: the current that puts the weakest cell at an edge of"
							+ " the window\n")
					.addStatement("float cellA = state.packMa * (0.001f / PARALLEL_CELLS)")
					.addStatement("float growth = " + (sohEstimator == null ? "1f"
							: "soh == null ? 1f : Math.max(1f, soh.resistanceRatio())"))
					.addStatement("float dischargeCellA = Float.MAX_VALUE")
					.addStatement("float chargeCellA = Float.MAX_VALUE")
					.beginControlFlow("for (int cell = 0; cell < PackState.CELL_COUNT; cell++)")
					.addStatement("float ohm = Math.max(soc.modelR0Ohm(cell) * growth, 1.0e-4f)")
					.addStatement("float volts = state.cellMv[cell] * 0.001f")
					.addStatement("dischargeCellA = Math.min(dischargeCellA, (volts - MIN_CELL_V) / ohm - cellA)")
					.addStatement("chargeCellA = Math.min(chargeCellA, (MAX_CELL_V - volts) / ohm + cellA)")
					.endControlFlow()
					.addStatement("dischargeMa = Math.min(dischargeMa, packMa(dischargeCellA))")
					.addStatement("chargeMa = Math.min(chargeMa, packMa(chargeCellA))")
					.endControlFlow();
		}
		update.addStatement("state.chargeLimitMa = (int) chargeMa").addStatement("state.dischargeLimitMa = (int)"
				+ " dischargeMa");
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addJavadoc(socEstimator == null ? "Limits without state: every update reads the measurements anew.\n"
						: "Limits from the derating tables alone, without the voltage window cap.\n")
				.addCode(socEstimator == null ? "" : "this(null" + (sohEstimator == null ? "" : ", null") + ");\n")
				.build());
		if (socEstimator != null) {
			MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
					.addParameter(socEstimator, "soc")
					.addJavadoc("Limits that also keep every cell inside MIN_CELL_V..MAX_CELL_V at the circuit's R0"
							+ (sohEstimator == null ? "" : " times the measured resistance growth") + ".\n")
					.addStatement("this.soc = soc");
			if (sohEstimator != null) {
				constructor.addParameter(sohEstimator, "soh").addStatement("this.soh = soh");
			}
			type.addMethod(constructor.build());
		}
		type.addMethod(update.build());
		if (socEstimator != null) {
			type.addMethod(MethodSpec.methodBuilder("packMa").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
					.returns(TypeName.LONG).addParameter(TypeName.FLOAT, "cellA")
					.addJavadoc("A cell current the window allows as pack mA, 0 when it allows none.\n")
					.addStatement("return cellA <= 0f ? 0L : (long) (cellA * (PARALLEL_CELLS * 1000f))").build());
		}
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

	/**
	 * The voltage window of the state-of-power cap: the cell's rated minimum and maximum, narrowed to the cell
	 * undervoltage and overvoltage protections' warning levels (else their trip levels) where those lie inside. A
	 * drive that honours the limits must not trip the pack's own protection, and a cell held at a trip level by the
	 * limits would trip it once the delay ran out (the BQ76920's UV comparator has no margin of its own): the warning
	 * level is the model's own "getting close". Also the filters the cap reads.
	 */
	private static void powerLimitFields(PackIr pack, TypeSpec.Builder type, ClassName socEstimator,
			ClassName sohEstimator) {
		int minMv = pack.cell().minimumMv();
		int maxMv = pack.cell().maximumMv();
		ProtectionIr under = pack.protection("cellUndervoltage");
		ProtectionIr over = pack.protection("cellOvervoltage");
		long underMv = level(under);
		long overMv = level(over);
		boolean underInside = underMv > minMv;
		boolean overInside = overMv > 0 && overMv < maxMv;
		if (underInside) {
			minMv = (int) underMv;
		}
		if (overInside) {
			maxMv = (int) overMv;
		}
		type.addField(EstimatorTables.floatConstant("MIN_CELL_V", minMv / 1000f, "Lowest cell voltage a limited"
				+ " discharge may reach: " + (underInside ? "the cell undervoltage " + (under.warning() != null
				? "warning" : "trip") + " level (above the cell's rated minimum " + pack.cell().minimumMv() + " mV)"
				: "the cell's rated minimum") + ", in V.", underInside ? under.trace() : pack.cell().trace()));
		type.addField(EstimatorTables.floatConstant("MAX_CELL_V", maxMv / 1000f, "Highest cell voltage a limited"
				+ " charge may reach: " + (overInside ? "the cell overvoltage " + (over.warning() != null ? "warning"
				: "trip") + " level (below the cell's rated maximum " + pack.cell().maximumMv() + " mV)"
				: "the cell's rated maximum") + ", in V.", overInside ? over.trace() : pack.cell().trace()));
		type.addField(SourceFiles.intConstant("PARALLEL_CELLS", pack.cell().parallelCells(), "Cells in parallel: a"
				+ " cell carries the pack current over this.", pack.cell().trace()));
		type.addField(FieldSpec.builder(socEstimator, "soc", Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("The SoC filter whose circuit gives each cell's R0; null: no voltage window cap.\n").build());
		if (sohEstimator != null) {
			type.addField(FieldSpec.builder(sohEstimator, "soh", Modifier.PRIVATE, Modifier.FINAL)
					.addJavadoc("The measured resistance growth; null: the circuit's R0 as modelled.\n").build());
		}
	}

	/** A cell voltage protection's warning level in mV, else its trip level, 0 when there is none. */
	private static long level(ProtectionIr protection) {
		if (protection == null) {
			return 0;
		}
		if (protection.warning() != null) {
			return protection.warning().value();
		}
		return protection.trip() == null ? 0 : protection.trip().level().value();
	}
}
