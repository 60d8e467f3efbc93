package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.bmsgen.generator.ir.Direction;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.ScaledValue;
import org.bmsgen.generator.ir.Trace;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code ProtectionTable.java}: every protection of the pack, one row each in model order, so that a row's number
 * is its bit in the fault word. Parallel {@code static final} arrays indexed by row, so the control tick loops
 * over them without allocating: who enforces it (the AFE's comparators, read back from SYS_STAT, or the firmware),
 * the value it watches, trip level and direction, delay in control periods, release and warning levels, recovery
 * rule and time, severity, and the FETs it opens. One named constant per row. Levels are in the unit of the
 * protection's kind (mV, mA, 0.01 degC), the unit each row's comment names. Only printing: the rounding, the period
 * counts, the watched value and the FETs are the IR's ({@link ProtectionIr}); the SYS_STAT bits are the
 * datasheet's (DS 8.5).
 */
public final class ProtectionTableEmitter {

	public static final String TYPE_NAME = "ProtectionTable";

	/** The fault word is an int: one bit per protection. */
	static final int MAX_ROWS = Integer.SIZE;

	/** SYS_STAT bits (DS 8.5): name, bit, what it is. */
	private static final String[][] SYS_STAT_BITS = {
			{ "OCD", "0", "discharge overcurrent (b0)" },
			{ "SCD", "1", "discharge short-circuit (b1)" },
			{ "OV", "2", "cell overvoltage (b2)" },
			{ "UV", "3", "cell undervoltage (b3)" },
			{ "OVRD_ALERT", "4", "ALERT pin overridden by an external source (b4)" },
			{ "DEVICE_XREADY", "5", "internal chip fault (b5)" },
			{ "CC_READY", "7", "a fresh coulomb counter reading (b7)" } };

	public GeneratedSource emit(PackIr pack) {
		List<ProtectionIr> rows = pack.protections();
		if (rows.size() > MAX_ROWS) {
			throw new IllegalArgumentException(pack.name() + " has " + rows.size() + " protections; the fault word"
					+ " holds " + MAX_ROWS);
		}
		for (int row = 0; row < rows.size(); row++) {
			if (rows.get(row).index() != row) {
				throw new IllegalStateException("protection " + rows.get(row).name() + " is not at its index");
			}
		}
		TypeSpec.Builder type = SourceFiles.constantsClass(TYPE_NAME).addJavadoc("The protections of pack $L, one row"
				+ " each in model order: a row's number is its bit in the fault word.\n"
				+ "The firmware evaluates each row every control period of $L ms; a row trips when its condition has"
				+ " held for more than\nDELAY_PERIODS consecutive ticks, or, for a row the AFE enforces, when its"
				+ " SYS_STAT bit is set.\n$L\n", pack.name(), pack.control().periodMs(), SourceFiles.traceLine(pack.trace()));
		codes(type, pack);
		type.addField(SourceFiles.intConstant("COUNT", rows.size(), "Number of rows.", pack.trace()));
		for (int row = 0; row < rows.size(); row++) {
			ProtectionIr protection = rows.get(row);
			type.addField(SourceFiles.intConstant(constantName(protection.name()), row, "Row of " + protection.name()
					+ " (" + protection.subject() + " " + protection.kind() + ", by "
					+ protection.enforcement().name().toLowerCase(Locale.ROOT) + "), fault bit " + protection.index()
					+ ".", protection.trace()));
		}
		table(type, rows, TypeName.INT, "FAULT_BIT", pack.trace(), "The protection's bit in the fault word (its index among all"
				+ " the pack's protections, equal to its row).", p -> CodeBlock.of("$L", p.index()));
		table(type, rows, TypeName.BOOLEAN, "ENFORCED_BY_AFE", pack.trace(), "True when the AFE's comparators enforce the row"
				+ " (it trips on its SYS_STAT bit; the firmware's own reading of the same condition backs it up).",
				p -> CodeBlock.of("$L", p.enforcement() == ProtectionIr.Enforcement.AFE));
		table(type, rows, TypeName.INT, "AFE_STATUS_BIT", pack.trace(), "The SYS_STAT bit (SYS_STAT_ mask) of a row the AFE"
				+ " enforces, 0 for a firmware row.", p -> CodeBlock.of("$L", afeStatusBit(p)));
		table(type, rows, TypeName.BYTE, "WATCHED", pack.trace(), "The value the row compares with its levels: one of the"
				+ " WATCHED_ codes.", p -> CodeBlock.of("$L", "WATCHED_" + p.watched().name()));
		table(type, rows, TypeName.BOOLEAN, "ONLY_WHILE_CHARGING", pack.trace(), "True for a charge temperature limit: its trip"
				+ " and warning conditions hold only while current flows into the pack (above PackState.REST_CURRENT_MA);"
				+ " it releases on the level alone.", p -> CodeBlock.of("$L", p.onlyWhileCharging()));
		table(type, rows, TypeName.BYTE, "TRIP_DIRECTION", pack.trace(), "DIRECTION_ABOVE, DIRECTION_BELOW, or DIRECTION_NONE for a"
				+ " kind without a level (communication loss: the delay is the time without an answer).",
				p -> CodeBlock.of("$L", p.trip() == null ? "DIRECTION_NONE" : direction(p.trip().direction())));
		table(type, rows, TypeName.INT, "TRIP_LEVEL", pack.trace(), "Trip level in the row's unit; the condition is strict"
				+ " ({@code above}: value {@code >} level). 0 when TRIP_DIRECTION is DIRECTION_NONE.",
				p -> level(p, p.trip() == null ? null : p.trip().level()));
		table(type, rows, TypeName.INT, "DELAY_PERIODS", pack.trace(), "Delay in control periods: ceil(modelled delay / period).",
				p -> CodeBlock.of("$L", p.delayPeriods()));
		table(type, rows, TypeName.BOOLEAN, "HAS_RELEASE", pack.trace(), "True when a release level is modelled.",
				p -> CodeBlock.of("$L", p.release() != null));
		table(type, rows, TypeName.INT, "RELEASE_LEVEL", pack.trace(), "Release level in the row's unit (0 when HAS_RELEASE is"
				+ " false): the tripped condition clears strictly on the far side of it.", p -> level(p, p.release()));
		table(type, rows, TypeName.BOOLEAN, "HAS_WARNING", pack.trace(), "True when a warning level is modelled.",
				p -> CodeBlock.of("$L", p.warning() != null));
		table(type, rows, TypeName.INT, "WARNING_LEVEL", pack.trace(), "Warning level in the row's unit, same direction as the trip"
				+ " (0 when HAS_WARNING is false).", p -> level(p, p.warning()));
		table(type, rows, TypeName.BYTE, "RECOVERY", pack.trace(), "How a tripped row clears: one of the RECOVERY_ codes.",
				p -> CodeBlock.of("$L", "RECOVERY_" + p.recovery().name()));
		table(type, rows, TypeName.INT, "RECOVER_AFTER_PERIODS", pack.trace(), "For RECOVERY_AFTER_TIME: control periods without"
				+ " the condition before the row clears by itself; else 0.", p -> CodeBlock.of("$L", p.recoverAfterPeriods()));
		table(type, rows, TypeName.BYTE, "SEVERITY", pack.trace(), "One of the SEVERITY_ codes, ordered: a reaction to a severity"
				+ " reacts to every higher one.", p -> CodeBlock.of("$L", "SEVERITY_" + p.severity().name()));
		table(type, rows, TypeName.INT, "FORBIDDEN_FETS", pack.trace(), "The FETs (FET_CHARGE, FET_DISCHARGE) the row keeps open"
				+ " while tripped; 0 for a warning-severity row.", ProtectionTableEmitter::forbiddenFets);
		return SourceFiles.file(pack, "Protection table", type.build());
	}

	/** The SYS_STAT mask of an AFE row (DS 8.5), 0 for a firmware row. */
	static int afeStatusBit(ProtectionIr protection) {
		if (protection.enforcement() != ProtectionIr.Enforcement.AFE) {
			return 0;
		}
		return switch (protection.name()) {
			case "dischargeOvercurrent" -> 1 << 0;
			case "dischargeShortCircuit" -> 1 << 1;
			case "cellOvervoltage" -> 1 << 2;
			case "cellUndervoltage" -> 1 << 3;
			default -> throw new IllegalStateException(protection.name() + " has no SYS_STAT bit (DS 8.5)");
		};
	}

	private static CodeBlock forbiddenFets(ProtectionIr protection) {
		if (protection.opensChargeFet() && protection.opensDischargeFet()) {
			return CodeBlock.of("FET_CHARGE | FET_DISCHARGE");
		}
		if (protection.opensChargeFet()) {
			return CodeBlock.of("FET_CHARGE");
		}
		return CodeBlock.of("$L", protection.opensDischargeFet() ? "FET_DISCHARGE" : "0");
	}

	/** The codes the byte columns hold, numbered in the IR's enum order (severity order matters). */
	private static void codes(TypeSpec.Builder type, PackIr pack) {
		type.addField(SourceFiles.codeConstant("DIRECTION_NONE", 0, "No level: the row's delay is a time without an"
				+ " answer.", pack.trace()));
		type.addField(SourceFiles.codeConstant("DIRECTION_ABOVE", 1, "Trips when the value is above the level.",
				pack.trace()));
		type.addField(SourceFiles.codeConstant("DIRECTION_BELOW", 2, "Trips when the value is below the level.",
				pack.trace()));
		for (ProtectionIr.Watched watched : ProtectionIr.Watched.values()) {
			type.addField(SourceFiles.codeConstant("WATCHED_" + watched.name(), watched.ordinal(), watchedMeaning(watched),
					pack.trace()));
		}
		for (ProtectionIr.Recovery recovery : ProtectionIr.Recovery.values()) {
			type.addField(SourceFiles.codeConstant("RECOVERY_" + recovery.name(), recovery.ordinal(),
					recoveryMeaning(recovery), pack.trace()));
		}
		for (ProtectionIr.Severity severity : ProtectionIr.Severity.values()) {
			type.addField(SourceFiles.codeConstant("SEVERITY_" + severity.name(), severity.ordinal(), "Severity "
					+ severity.name().toLowerCase(Locale.ROOT) + ".", pack.trace()));
		}
		type.addField(SourceFiles.intConstant("FET_CHARGE", 1, "The charge FET in FORBIDDEN_FETS (as PackState.fetMask).",
				pack.trace()));
		type.addField(SourceFiles.intConstant("FET_DISCHARGE", 2, "The discharge FET in FORBIDDEN_FETS.", pack.trace()));
		if (pack.afe() != null) {
			for (String[] bit : SYS_STAT_BITS) {
				type.addField(SourceFiles.hexConstant("SYS_STAT_" + bit[0], 1 << Integer.parseInt(bit[1]), "SYS_STAT "
						+ bit[2] + ", DS 8.5: write 1 to clear.", pack.afe().trace()));
			}
		}
	}

	private static String watchedMeaning(ProtectionIr.Watched watched) {
		return switch (watched) {
			case MAX_CELL -> "The highest cell, mV.";
			case MIN_CELL -> "The lowest cell, mV.";
			case CELL_DELTA -> "Highest minus lowest cell, mV.";
			case PACK_VOLTAGE -> "The pack voltage, mV.";
			case CELL_SUM_PACK_DIFFERENCE -> "|sum of the cells - pack voltage|, mV.";
			case CHARGE_CURRENT -> "Current into the pack, mA.";
			case DISCHARGE_CURRENT -> "Current out of the pack as a positive number, mA.";
			case MAX_TEMPERATURE -> "The hottest sensor, 0.01 degC.";
			case MIN_TEMPERATURE -> "The coldest sensor, 0.01 degC.";
			case AFE_SILENCE -> "Control periods in a row without an answer from the AFE.";
			case CURRENT_THROUGH_OPEN_FET -> "Current in the direction a FET held open blocks (discharge with DSG off,"
					+ " charge with CHG off), mA: a FET welded closed.";
		};
	}

	private static String recoveryMeaning(ProtectionIr.Recovery recovery) {
		return switch (recovery) {
			case LATCH -> "Cleared only by a clear-faults command, once the condition is gone.";
			case AFTER_TIME -> "Clears by itself RECOVER_AFTER_PERIODS after the condition is gone.";
			case RELEASE_LEVEL -> "Clears when the value passes RELEASE_LEVEL.";
			case CONDITION_GONE -> "Clears when the trip condition no longer holds.";
		};
	}

	private static String direction(Direction direction) {
		return direction == Direction.ABOVE ? "DIRECTION_ABOVE" : "DIRECTION_BELOW";
	}

	private static CodeBlock level(ProtectionIr protection, ScaledValue value) {
		return CodeBlock.of("$L", value == null ? 0 : SourceFiles.toInt(protection.name(), value.value()));
	}

	private static void table(TypeSpec.Builder type, List<ProtectionIr> rows, TypeName element, String name, Trace trace,
			String javadoc, Function<ProtectionIr, CodeBlock> value) {
		List<CodeBlock> values = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		for (ProtectionIr protection : rows) {
			values.add(value.apply(protection));
			comments.add(constantName(protection.name()) + unit(protection) + ", " + protection.trace());
		}
		type.addField(SourceFiles.constant(ArrayTypeName.of(element), name, SourceFiles.table(values, comments),
				javadoc + "\nIndexed by row; never write to it.", trace));
	}

	/** " (mV)" for a row with a level. */
	private static String unit(ProtectionIr protection) {
		if (protection.trip() == null) {
			return "";
		}
		return " (" + switch (protection.trip().level().unit()) {
			case MILLIVOLT -> "mV";
			case MILLIAMPERE -> "mA";
			case CENTI_DEGREE_CELSIUS -> "0.01 degC";
			case BASIS_POINT -> "0.01 %";
			default -> protection.trip().level().unit().name();
		} + ")";
	}

	/** cellOvervoltage -> CELL_OVERVOLTAGE. */
	static String constantName(String protectionName) {
		return PackStateEmitter.constantName(protectionName);
	}
}
