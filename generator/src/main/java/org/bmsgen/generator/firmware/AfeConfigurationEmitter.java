package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bmsgen.dsl.parts.Bq769x0;

import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Trace;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code AfeConfiguration.java}: the BQ769x0 as the model programs it, as constants the driver writes: the register
 * addresses it uses, the PROTECT1..3 bytes, the OCD/SCD codes with the levels they really program, the modelled
 * OV/UV levels (OV_TRIP/UV_TRIP are computed at start-up from the chip's trim, DS 9.2) with their delay codes,
 * CC_CFG, the cell-to-channel map, the I2C address and the CRC flag. Only printing: every value is the IR's.
 */
public final class AfeConfigurationEmitter {

	public static final String TYPE_NAME = "AfeConfiguration";

	/** Null when the pack has no AFE: then there is nothing to configure and no file. */
	public GeneratedSource emit(PackIr pack) {
		AfeIr afe = pack.afe();
		if (afe == null) {
			return null;
		}
		TypeSpec.Builder type = SourceFiles.constantsClass(TYPE_NAME)
				.addJavadoc("The $L as pack $L programs it (DS = TI SLUSBK2 rev. I). Levels are in the unit their name"
						+ " ends in.\n$L\n", afe.part(), pack.name(), SourceFiles.traceLine(afe.trace()));
		bus(type, afe);
		registers(type, afe.trace());
		bits(type, afe);
		protectionRegisters(type, afe);
		voltageLimit(type, "OV", afe.cellOvervoltage());
		voltageLimit(type, "UV", afe.cellUndervoltage());
		currentLimit(type, "OCD", afe.dischargeOvercurrent());
		currentLimit(type, "SCD", afe.dischargeShortCircuit());
		channels(type, afe);
		return SourceFiles.file(pack, "AFE configuration", type.build());
	}

	private static void bus(TypeSpec.Builder type, AfeIr afe) {
		type.addField(SourceFiles.hexConstant("I2C_ADDRESS", afe.i2cAddress(), "7-bit I2C address of the "
				+ afe.part() + " (shared/reference/bq76920.md, Device).", afe.trace()));
		type.addField(SourceFiles.booleanConstant("CRC_ENABLED", afe.crc(), "Every transfer carries a CRC-8 (poly 0x07,"
				+ " init 0) byte: the part variant has CRC (DS 8.3.1.4).", afe.trace()));
		type.addField(SourceFiles.intConstant("SHUNT_MICRO_OHM", afe.shuntMicroOhm(), "Current shunt in uOhm: the"
				+ " coulomb counter and the OCD/SCD steps are voltages across it (DS 8.5).", afe.trace()));
	}

	private static void registers(TypeSpec.Builder type, Trace afe) {
		for (Bq769x0RegisterMap.Register register : Bq769x0RegisterMap.REGISTERS) {
			type.addField(SourceFiles.hexConstant(register.name() + "_ADDRESS", register.address(), register.name()
					+ " register address (DS 8.5): " + register.meaning() + ".", afe));
		}
		type.addField(SourceFiles.byteConstant("CC_CFG_VALUE", Bq769x0RegisterMap.CC_CFG_VALUE, "What CC_CFG must"
				+ " hold for the coulomb counter to work, written at start-up (DS 8.5).", afe));
	}

	/** The bits the driver uses, CELLBAL and TS registers of the part, and the start-up SYS_CTRL1/2 values. */
	private static void bits(TypeSpec.Builder type, AfeIr afe) {
		Trace trace = afe.trace();
		for (Bq769x0RegisterMap.Bit bit : Bq769x0RegisterMap.BITS) {
			type.addField(SourceFiles.hexConstant(bit.register() + "_" + bit.name(), bit.mask(), bit.register() + " b"
					+ Integer.numberOfTrailingZeros(bit.mask()) + ", " + bit.name() + " (DS 8.5): " + bit.meaning() + ".",
					trace));
		}
		type.addField(SourceFiles.hexConstant("SYS_STAT_ALL", Bq769x0RegisterMap.SYS_STAT_ALL, "Every SYS_STAT bit"
				+ " (bit 6 is reserved): written to clear them all (write 1 to clear, DS 8.5).", trace));
		type.addField(SourceFiles.hexConstant("SYS_STAT_FAULTS", Bq769x0RegisterMap.SYS_STAT_FAULTS, "The fault bits of"
				+ " SYS_STAT, DEVICE_XREADY..OCD, without CC_READY (DS 8.5): what PackState.afeStatus holds.", trace));
		type.addField(SourceFiles.hexConstant("PROTECT1_MASK", Bq769x0RegisterMap.PROTECT1_MASK, "PROTECT1 bits that"
				+ " hold settings; the others read 0 (DS 8.5).", trace));
		type.addField(SourceFiles.hexConstant("PROTECT2_MASK", Bq769x0RegisterMap.PROTECT2_MASK, "PROTECT2 bits that"
				+ " hold settings; the others read 0 (DS 8.5).", trace));
		type.addField(SourceFiles.hexConstant("PROTECT3_MASK", Bq769x0RegisterMap.PROTECT3_MASK, "PROTECT3 bits that"
				+ " hold settings; the others read 0 (DS 8.5).", trace));
		type.addField(SourceFiles.hexConstant("CC_CFG_MASK", Bq769x0RegisterMap.CC_CFG_MASK, "CC_CFG bits that hold"
				+ " settings (DS 8.5).", trace));
		Bq769x0.Part part = Bq769x0.Part.valueOf(afe.part().toUpperCase(Locale.ROOT));
		type.addField(SourceFiles.intConstant("GROUP_COUNT", part.groups(), "Groups of five VC inputs of the "
				+ afe.part() + ", each with its CELLBAL register (CELLBAL1 + group) and TS input (TS1_HI + 2 x group)"
				+ " (DS 8.5).", trace));
		type.addField(SourceFiles.intConstant("CHANNEL_COUNT", 5 * part.groups(), "VC inputs of the " + afe.part()
				+ ", read in one block from VC1_HI (DS 8.5).", trace));
		boolean external = afe.thermistors().stream().anyMatch(t -> !t.input().equals("die"));
		type.addField(SourceFiles.booleanConstant("TEMP_SEL_EXTERNAL", external, external
				? "The model's temperature inputs are external NTCs: TEMP_SEL = 1 (DS 8.3.1.1.4)."
				: "The model reads the die temperature: TEMP_SEL = 0 (DS 8.3.1.1.4).", trace));
		int ctrl1 = 0x10 | (external ? 0x08 : 0);
		type.addField(SourceFiles.byteConstant("SYS_CTRL1_VALUE", ctrl1, "SYS_CTRL1 as start-up writes it: ADC_EN"
				+ (external ? " | TEMP_SEL" : "") + ", SHUT_A = SHUT_B = 0 (DS 8.5; OV/UV only work with ADC_EN).", trace));
		type.addField(SourceFiles.byteConstant("SYS_CTRL2_VALUE", 0x40, "SYS_CTRL2 as start-up writes it: CC_EN"
				+ " (continuous coulomb counter), both FETs off until the firmware turns them on (DS 8.5).", trace));
	}

	private static void protectionRegisters(TypeSpec.Builder type, AfeIr afe) {
		type.addField(SourceFiles.intConstant("RSNS", afe.rsns(), "PROTECT1 b7: which OCD/SCD threshold table both"
				+ " comparators use (DS 8.5).", afe.trace()));
		type.addField(SourceFiles.byteConstant("PROTECT1_VALUE", afe.protect1(), "{@code PROTECT1 = RSNS << 7 | SCD_DELAY << 3"
				+ " | SCD_THRESH} (DS 8.5).", afe.trace()));
		type.addField(SourceFiles.byteConstant("PROTECT2_VALUE", afe.protect2(), "{@code PROTECT2 = OCD_DELAY << 4 |"
				+ " OCD_THRESH} (DS 8.5).", afe.trace()));
		type.addField(SourceFiles.byteConstant("PROTECT3_VALUE", afe.protect3(), "{@code PROTECT3 = UV_DELAY << 6 | OV_DELAY"
				+ " << 4} (DS 8.5); OV_TRIP/UV_TRIP follow from the trim at start-up (DS 9.2).", afe.trace()));
	}

	private static void voltageLimit(TypeSpec.Builder type, String prefix, AfeIr.VoltageLimit limit) {
		if (limit == null) {
			return;
		}
		String rule = limit.rounding() == AfeIr.TripRounding.HIGHEST_NOT_ABOVE
				? "the highest OV_TRIP whose threshold is not above it"
				: "the lowest UV_TRIP whose threshold is not below it";
		type.addField(SourceFiles.intConstant(prefix + "_TRIP_MODELLED_MV", limit.modelledMv(), limit.protection()
				+ " as modelled; the driver programs " + rule + " for the chip's ADCGAIN/ADCOFFSET (DS 9.2, Tables"
				+ " 8-12, 8-13).", limit.trace()));
		type.addField(SourceFiles.intConstant(prefix + "_DELAY_CODE", limit.delayCode(), prefix + "_DELAY field of"
				+ " PROTECT3 (DS 8.5).", limit.trace()));
		type.addField(SourceFiles.intConstant(prefix + "_DELAY_S", limit.delayS(), "The delay " + prefix
				+ "_DELAY_CODE programs, in seconds (DS 8.5).", limit.trace()));
	}

	private static void currentLimit(TypeSpec.Builder type, String prefix, AfeIr.CurrentLimit limit) {
		if (limit == null) {
			return;
		}
		type.addField(SourceFiles.intConstant(prefix + "_MODELLED_MA", limit.modelledMa(), limit.protection()
				+ " as modelled.", limit.trace()));
		type.addField(SourceFiles.hexConstant(prefix + "_THRESH_CODE", limit.code(), prefix + "_THRESH: the nearest"
				+ " table step not above the modelled level (DS 8.5).", limit.trace()));
		type.addField(SourceFiles.intConstant(prefix + "_PROGRAMMED_SHUNT_MV", limit.programmedShuntMv(), "The shunt"
				+ " voltage " + prefix + "_THRESH_CODE stands for with RSNS (DS 8.5).", limit.trace()));
		type.addField(SourceFiles.intConstant(prefix + "_PROGRAMMED_MA", limit.programmedMa(), "The current the chip"
				+ " trips at through the shunt, rounded down to a whole mA (DS 8.5)"
				+ (limit.quantised() ? ": below the modelled level, the table has no exact step." : "."), limit.trace()));
		type.addField(SourceFiles.intConstant(prefix + "_DELAY_CODE", limit.delayCode(), prefix + "_DELAY: the"
				+ " nearest table delay not longer than the modelled one (DS 8.5).", limit.trace()));
		type.addField(SourceFiles.intConstant(prefix + "_PROGRAMMED_DELAY_US", limit.programmedDelayUs(), "The delay "
				+ prefix + "_DELAY_CODE programs, in us (DS 8.5)"
				+ (limit.delayQuantised() ? ": shorter than the modelled one." : "."), limit.trace()));
	}

	private static void channels(TypeSpec.Builder type, AfeIr afe) {
		List<CodeBlock> values = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		for (int cell = 0; cell < afe.channels().size(); cell++) {
			int channel = afe.channels().get(cell);
			values.add(CodeBlock.of("$L", channel));
			comments.add("cell " + (cell + 1) + ": VC" + channel + ", CELLBAL bit " + (channel - 1));
		}
		type.addField(SourceFiles.constant(ArrayTypeName.of(TypeName.BYTE), "CELL_CHANNEL", SourceFiles.table(values,
				comments), "The VCn input (1-based; CELLBAL bit = n - 1) of each physical cell, bottom cell first:"
						+ " with fewer cells than inputs the unused ones are shorted (DS Table 9-2).\nIndex: the cell"
						+ " number - 1 (bottom cell = 0); never write to it.", afe.trace()));
	}
}
