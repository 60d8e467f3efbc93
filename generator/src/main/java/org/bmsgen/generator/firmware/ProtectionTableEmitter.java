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
 * {@code ProtectionTable.java}: the protections the firmware checks every control period (those {@code by
 * firmware}), as parallel {@code static final} arrays indexed by row, so the control tick loops over them without
 * allocating: trip level and direction, delay in control periods, release and warning levels, recovery rule and
 * recovery time, severity, and the protection's bit in the fault word. One named constant per row. Levels are in
 * the unit of the protection's kind (mV, mA, 0.01 degC), the unit each row's comment names. Only printing: the
 * rounding and the period counts are the IR's ({@link ProtectionIr}).
 */
public final class ProtectionTableEmitter {

	public static final String TYPE_NAME = "ProtectionTable";

	public GeneratedSource emit(PackIr pack) {
		List<ProtectionIr> rows = pack.firmwareEnforced();
		TypeSpec.Builder type = SourceFiles.constantsClass(TYPE_NAME).addJavadoc("The protections pack $L's firmware"
				+ " checks each control period of $L ms, one row each, in model order.\n"
				+ "A row trips when its condition has held for more than DELAY_PERIODS consecutive ticks.\n$L\n",
				pack.name(), pack.control().periodMs(), SourceFiles.traceLine(pack.trace()));
		codes(type, pack);
		type.addField(SourceFiles.intConstant("COUNT", rows.size(), "Number of rows.", pack.trace()));
		for (int row = 0; row < rows.size(); row++) {
			ProtectionIr protection = rows.get(row);
			type.addField(SourceFiles.intConstant(constantName(protection.name()), row, "Row of " + protection.name()
					+ " (" + protection.subject() + " " + protection.kind() + "), fault bit " + protection.index() + ".",
					protection.trace()));
		}
		table(type, rows, TypeName.INT, "FAULT_BIT", pack.trace(), "The protection's bit in the fault word (its index among all"
				+ " the pack's protections).", p -> CodeBlock.of("$L", p.index()));
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
				+ " false): the tripped condition clears on the far side of it.", p -> level(p, p.release()));
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
		return SourceFiles.file(pack, "Protection table", type.build());
	}

	/** The codes the byte columns hold, numbered in the IR's enum order (severity order matters). */
	private static void codes(TypeSpec.Builder type, PackIr pack) {
		type.addField(SourceFiles.codeConstant("DIRECTION_NONE", 0, "No level: the row's delay is a time without an"
				+ " answer.", pack.trace()));
		type.addField(SourceFiles.codeConstant("DIRECTION_ABOVE", 1, "Trips when the value is above the level.",
				pack.trace()));
		type.addField(SourceFiles.codeConstant("DIRECTION_BELOW", 2, "Trips when the value is below the level.",
				pack.trace()));
		for (ProtectionIr.Recovery recovery : ProtectionIr.Recovery.values()) {
			type.addField(SourceFiles.codeConstant("RECOVERY_" + recovery.name(), recovery.ordinal(),
					recoveryMeaning(recovery), pack.trace()));
		}
		for (ProtectionIr.Severity severity : ProtectionIr.Severity.values()) {
			type.addField(SourceFiles.codeConstant("SEVERITY_" + severity.name(), severity.ordinal(), "Severity "
					+ severity.name().toLowerCase(Locale.ROOT) + ".", pack.trace()));
		}
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
		StringBuilder name = new StringBuilder();
		for (char c : protectionName.toCharArray()) {
			if (Character.isUpperCase(c) && name.length() > 0) {
				name.append('_');
			}
			name.append(Character.toUpperCase(c));
		}
		return name.toString();
	}
}
