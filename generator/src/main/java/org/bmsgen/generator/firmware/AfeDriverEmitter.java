package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.AfeIr;
import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code Bq76920Driver.java} (named after the modelled part): the STM32's driver of the BQ769x0 over I2C. Start-up
 * (trim, CC_CFG, ADC and coulomb counter on, PROTECT1..3, OV_TRIP/UV_TRIP from the chip's trim with the IR's rounding
 * rule, read-back, SYS_STAT cleared), one period's readings into {@code PackState}, fault clearing, FETs, CELLBAL
 * through the channel map, SHIP. Every transfer carries the CRC-8 when the model's part has it and is retried a
 * bounded number of times. The register values and the channel map are {@code AfeConfiguration}'s; this file adds
 * the datasheet's conversions and, per NTC of the model, a table of TS ADC codes precomputed here from the NTC's
 * R25 and B (so the MCU never takes a logarithm).
 */
public final class AfeDriverEmitter {

	private static final String CFG = "AfeConfiguration";
	/** NTC tables span -40..125 degC (the cell and board range of interest) in 5 degC steps. */
	static final int NTC_FIRST_CENTI_DEG_C = -4000;
	static final int NTC_STEP_CENTI_DEG_C = 500;
	static final int NTC_POINTS = 34;
	/** DS 8.3.1.1.4: TS LSB 382 uV, the thermistor biased from 3.3 V through an internal 10 kOhm. */
	static final double TS_LSB_VOLTS = 382e-6;
	static final double TS_BIAS_VOLTS = 3.3;
	static final double TS_PULLUP_OHMS = 10_000.0;

	/** The driver's class name: the part's name with "Driver" ({@code BQ76920} -> {@code Bq76920Driver}). */
	static String typeName(AfeIr afe) {
		String part = afe.part().toLowerCase(Locale.ROOT);
		return Character.toUpperCase(part.charAt(0)) + part.substring(1) + "Driver";
	}

	/** Null when the pack has no AFE. */
	public GeneratedSource emit(PackIr pack) {
		AfeIr afe = pack.afe();
		if (afe == null) {
			return null;
		}
		String pkg = FirmwarePackage.of(pack, FirmwareImage.STM32);
		ClassName i2cMaster = ClassName.get("org.bmsgen.platform", "I2cMaster");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		ClassName packState = ClassName.get(pkg, PackStateEmitter.TYPE_NAME);
		ClassName checksums = ClassName.get(pkg, "Checksums");
		TypeSpec.Builder type = TypeSpec.classBuilder(typeName(afe)).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("The $L of pack $L over I2C (DS = TI SLUSBK2 rev. I): start-up, one period's readings,"
						+ " fault clearing, FETs, balancing, SHIP.\n<p>Every transfer is one register write or one block"
						+ " read; with CRC (DS 8.3.1.4) each data byte carries its CRC-8 and a read whose CRC does not"
						+ " check is retried like a NACK, up to {@link #MAX_ATTEMPTS} attempts. Nothing is allocated"
						+ " after the constructor.\n$L\n", afe.part(), pack.name(), SourceFiles.traceLine(afe.trace()));
		constants(type, afe);
		fields(type, i2cMaster);
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addJavadoc("@param i2c the bus the $L is on (address {@code $L.I2C_ADDRESS})\n", afe.part(), CFG)
				.addParameter(i2cMaster, "i2c")
				.addStatement("this.i2c = i2c")
				.addComment("DS 8.3.1.4: a write's CRC starts with the address byte (W), a read's first CRC with (R)")
				.addStatement("tx[0] = (byte) ($L.I2C_ADDRESS << 1)", CFG)
				.addStatement("writeAddressCrc = $T.crc8($T.CRC8_INITIAL, tx, 0, 1)", checksums, checksums)
				.addStatement("tx[0] = (byte) ($L.I2C_ADDRESS << 1 | 1)", CFG)
				.addStatement("readAddressCrc = $T.crc8($T.CRC8_INITIAL, tx, 0, 1)", checksums, checksums)
				.build());
		type.addMethod(start(afe, status));
		type.addMethod(read(afe, packState, status));
		type.addMethod(clearStatus());
		type.addMethod(setFets());
		type.addMethod(setBalancing(status));
		type.addMethod(enterShipMode(status));
		type.addMethod(getter(TypeName.INT, "consecutiveFailures", "Transactions that failed (after their retries) in"
				+ " a row; 0 after any success: the AFE communication-loss input of the protections."));
		type.addMethod(getter(TypeName.INT, "transferErrors", "Failed attempts since construction (NACKs and CRC"
				+ " errors, retried or not), saturating: how noisy the bus is."));
		type.addMethod(getter(TypeName.INT, "ovTripCode", "OV_TRIP as {@link #start()} programmed it (or read it, when"
				+ " the model leaves it to the chip's reset value); -1 before a successful start."));
		type.addMethod(getter(TypeName.INT, "uvTripCode", "UV_TRIP as {@link #start()} programmed it (or read it, when"
				+ " the model leaves it to the chip's reset value); -1 before a successful start."));
		type.addMethod(getter(TypeName.INT, "gainUvPerLsb", "The chip's ADC gain from ADCGAIN1/2, 365..396 uV/LSB (DS"
				+ " Table 8-22); 0 before {@link #start()} read it."));
		type.addMethod(getter(TypeName.INT, "offsetMv", "The chip's ADC offset from ADCOFFSET, a signed byte in mV (DS"
				+ " Table 8-23)."));
		tripRules(type);
		transfers(type, status, checksums);
		conversions(type, afe);
		return SourceFiles.file(pack, "AFE driver", type.build());
	}

	// ------------------------------------------------------------------ constants and fields

	private static void constants(TypeSpec.Builder type, AfeIr afe) {
		type.addField(publicConstant("MAX_ATTEMPTS", 3, "Attempts per transaction before it counts as failed: the"
				+ " first and two retries (a CRC error or NACK on a noisy bus rarely repeats three times)."));
		type.addField(publicConstant("STATUS_CRC_ERROR", -32, "A read's CRC-8 did not check (DS 8.3.1.4) in any"
				+ " attempt; negative like every {@code Status} failure."));
		type.addField(publicConstant("STATUS_VERIFY_FAILED", -33, "{@link #start()} read back a register that does not"
				+ " hold what it wrote."));
		type.addField(privateConstant("GAIN_BASE_UV_PER_LSB", "365", "DS Table 8-22: GAIN = 365 uV/LSB + the 5-bit trim."));
		type.addField(privateConstant("ADC_MASK", "0x3FFF", "Cell and TS readings are 14 bits (DS 8.5)."));
		type.addField(privateConstant("CC_LSB_NANOVOLT", "8440", "Coulomb counter LSB, 8.44 uV (DS 8.3.1.1.3)."));
		type.addField(privateConstant("TS_LSB_MICROVOLT", "382", "TS ADC LSB, 382 uV (DS 8.3.1.1.4)."));
		type.addField(privateConstant("OV_PATTERN_BASE", "0x2008", "OV compares against the 14-bit pattern"
				+ " 10-OV_T<7:0>-1000 (DS Table 8-12)."));
		type.addField(privateConstant("UV_PATTERN_BASE", "0x1000", "UV compares against 01-UV_T<7:0>-0000 (DS Table 8-13)."));
		type.addField(privateConstant("TRIP_STEP_CODES", "16", "One OV_T/UV_T step is 16 ADC codes (DS Tables 8-12, 8-13)."));
		type.addField(privateConstant("CELLBAL_BITS", "0x1F", "CB1..CB5 of one CELLBAL register (DS 8.5)."));
		type.addField(privateConstant("STAT_AT", "0", "Where each block read lands in {@code registerValue}: SYS_STAT,"));
		type.addField(privateConstant("CELLS_AT", "1", "VC1_HI..VCn_LO,"));
		type.addField(privateConstant("BAT_AT", "CELLS_AT + 2 * " + CFG + ".CHANNEL_COUNT", "BAT_HI, BAT_LO,"));
		type.addField(privateConstant("TS_AT", "BAT_AT + 2", "TS1_HI..TSn_LO (contiguous after BAT, DS 8.5),"));
		type.addField(privateConstant("CC_AT", "TS_AT + 2 * " + CFG + ".GROUP_COUNT", "CC_HI, CC_LO."));
		type.addField(privateConstant("REGISTER_VALUES", "CC_AT + 2", "Register values one period reads."));
		type.addField(privateConstant("LONGEST_BLOCK", "2 * " + CFG + ".CHANNEL_COUNT", "The longest block read (the"
				+ " cell registers), in registers."));
		type.addField(privateConstant("CONFIG_BLOCK", CFG + ".CC_CFG_ADDRESS - " + CFG + ".SYS_CTRL1_ADDRESS + 1",
				"SYS_CTRL1..CC_CFG, read back in one block after start-up writes them."));
		boolean ntc = false;
		for (AfeIr.Thermistor thermistor : afe.thermistors()) {
			if (thermistor.input().equals("die")) {
				continue;
			}
			ntc = true;
			int[] codes = ntcCodes(thermistor.nominalOhm(), thermistor.beta());
			List<CodeBlock> values = new ArrayList<>();
			List<String> comments = new ArrayList<>();
			for (int i = 0; i < codes.length; i++) {
				values.add(CodeBlock.of("$L", codes[i]));
				comments.add((NTC_FIRST_CENTI_DEG_C + i * NTC_STEP_CENTI_DEG_C) / 100 + " degC");
			}
			type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), ntcTableName(thermistor),
					Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(SourceFiles.table(values, comments))
					.addJavadoc("The $L ADC code (DS 8.3.1.1.4: V = code x 382 uV = 3.3 V x R / (10 kOhm + R)) of the"
							+ " $L Ohm, B $L K NTC at each temperature of the table; computed by the generator with the"
							+ " Beta equation (T0 = 25 degC). Descending: hotter is fewer codes.\n$L\n", thermistor.input(),
							thermistor.nominalOhm(), thermistor.beta(), SourceFiles.traceLine(thermistor.trace()))
					.build());
		}
		if (ntc) {
			type.addField(privateConstant("NTC_FIRST_CENTI_DEG_C", Integer.toString(NTC_FIRST_CENTI_DEG_C),
					"The NTC tables' first temperature (their first code)."));
			type.addField(privateConstant("NTC_STEP_CENTI_DEG_C", Integer.toString(NTC_STEP_CENTI_DEG_C),
					"Temperature between two entries of an NTC table."));
		}
	}

	static String ntcTableName(AfeIr.Thermistor thermistor) {
		return thermistor.input().toUpperCase(Locale.ROOT) + "_CODE_BY_TEMPERATURE";
	}

	/**
	 * The TS code of an NTC at each table temperature: R = R25 exp(B (1/T - 1/T25)), V = 3.3 V R / (10 kOhm + R),
	 * code = V / 382 uV rounded to nearest (DS 8.3.1.1.4).
	 */
	static int[] ntcCodes(long nominalOhm, int beta) {
		int[] codes = new int[NTC_POINTS];
		for (int i = 0; i < NTC_POINTS; i++) {
			codes[i] = (int) Math.round(ntcCode(nominalOhm, beta, (NTC_FIRST_CENTI_DEG_C + i * NTC_STEP_CENTI_DEG_C) / 100.0));
		}
		return codes;
	}

	/** The TS code, unrounded, of an NTC at a temperature. */
	static double ntcCode(long nominalOhm, int beta, double celsius) {
		double ohms = nominalOhm * Math.exp(beta * (1.0 / (celsius + 273.15) - 1.0 / 298.15));
		return TS_BIAS_VOLTS * ohms / (TS_PULLUP_OHMS + ohms) / TS_LSB_VOLTS;
	}

	private static void fields(TypeSpec.Builder type, ClassName i2cMaster) {
		type.addField(FieldSpec.builder(i2cMaster, "i2c", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "tx", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[3]").addJavadoc("Register, data, CRC of a write; the register alone before a read.\n")
				.build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "rx", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[2 * LONGEST_BLOCK]").addJavadoc("A block read as it comes: data, CRC, data, CRC.\n")
				.build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "registerValue", Modifier.PRIVATE,
				Modifier.FINAL).initializer("new int[REGISTER_VALUES]").addJavadoc("Checked register values, at the"
						+ " {@code *_AT} index of their block; converted only once every block of a period is in.\n")
				.build());
		type.addField(FieldSpec.builder(TypeName.INT, "writeAddressCrc", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(TypeName.INT, "readAddressCrc", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(TypeName.INT, "gainUvPerLsb", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "offsetMv", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "ovTripCode", Modifier.PRIVATE).initializer("-1").build());
		type.addField(FieldSpec.builder(TypeName.INT, "uvTripCode", Modifier.PRIVATE).initializer("-1").build());
		type.addField(FieldSpec.builder(TypeName.INT, "sysCtrl2", Modifier.PRIVATE).addJavadoc("What SYS_CTRL2 was"
				+ " last written with: CC_EN and the FET bits.\n").build());
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "started", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "converted", Modifier.PRIVATE).addJavadoc("A CC_READY was"
				+ " seen since start: the first 250 ms conversion cycle is over, the readings are the chip's (DS"
				+ " 8.3.1.1).\n").build());
		type.addField(FieldSpec.builder(TypeName.INT, "packMa", Modifier.PRIVATE).addJavadoc("The last coulomb"
				+ " counter reading: kept until CC_READY says there is a new one.\n").build());
		type.addField(FieldSpec.builder(TypeName.INT, "reportedFaults", Modifier.PRIVATE).addJavadoc("The SYS_STAT"
				+ " fault bits last reported: a new one is confirmed by a second read.\n").build());
		type.addField(FieldSpec.builder(TypeName.INT, "consecutiveFailures", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "transferErrors", Modifier.PRIVATE).build());
	}

	private static FieldSpec publicConstant(String name, int value, String javadoc) {
		return FieldSpec.builder(TypeName.INT, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
				.initializer("$L", value).addJavadoc("$L\n", javadoc).build();
	}

	private static FieldSpec privateConstant(String name, String value, String comment) {
		return FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.initializer("$L", value).addJavadoc("$L\n", comment.replace("<", "&lt;").replace(">", "&gt;")).build();
	}

	private static MethodSpec getter(TypeName type, String name, String javadoc) {
		return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type)
				.addJavadoc("@return $L\n", javadoc.substring(0, 1).toLowerCase(Locale.ROOT) + javadoc.substring(1))
				.addStatement("return $N", name).build();
	}

	/** {@code status = call; if (status != OK) { return status; }} */
	private static void step(CodeBlock.Builder code, ClassName status, String call, Object... args) {
		code.addStatement("result = " + call, args);
		code.beginControlFlow("if (result != $T.OK)", status).addStatement("return result").endControlFlow();
	}

	// ------------------------------------------------------------------ start

	private static MethodSpec start(AfeIr afe, ClassName status) {
		CodeBlock.Builder code = CodeBlock.builder();
		code.addStatement("started = false").addStatement("converted = false").addStatement("reportedFaults = 0").addStatement("int result");
		code.add("// $L\n", "the chip answers once t_BOOTREADY (10 ms) after power-up or boot; until then, and in SHIP,")
				.add("// $L\n", "it NACKs its address: the caller retries start() in a later period");
		step(code, status, "readRegisters($L.SYS_STAT_ADDRESS, 1, STAT_AT)", CFG);
		code.add("// $L\n", "factory trim (DS Tables 8-22, 8-23): ADCOFFSET is a signed byte");
		step(code, status, "readRegisters($L.ADCGAIN1_ADDRESS, 2, 0)", CFG);
		code.addStatement("int gainHigh = (registerValue[0] & 0x0C) << 1");
		code.addStatement("offsetMv = (byte) registerValue[1]");
		step(code, status, "readRegisters($L.ADCGAIN2_ADDRESS, 1, 0)", CFG);
		code.addStatement("gainUvPerLsb = GAIN_BASE_UV_PER_LSB + (gainHigh | (registerValue[0] & 0xE0) >> 5)");
		code.add("// $L\n", "DS 8.5: CC_CFG must be 0x19; ADC on (OV/UV only work with ADC_EN); coulomb counter continuous");
		step(code, status, "writeRegister($L.CC_CFG_ADDRESS, $L.CC_CFG_VALUE)", CFG, CFG);
		step(code, status, "writeRegister($L.SYS_CTRL1_ADDRESS, $L.SYS_CTRL1_VALUE)", CFG, CFG);
		code.addStatement("sysCtrl2 = $L.SYS_CTRL2_VALUE & 0xFF", CFG);
		step(code, status, "writeRegister($L.SYS_CTRL2_ADDRESS, sysCtrl2)", CFG);
		step(code, status, "writeRegister($L.PROTECT1_ADDRESS, $L.PROTECT1_VALUE)", CFG, CFG);
		step(code, status, "writeRegister($L.PROTECT2_ADDRESS, $L.PROTECT2_VALUE)", CFG, CFG);
		step(code, status, "writeRegister($L.PROTECT3_ADDRESS, $L.PROTECT3_VALUE)", CFG, CFG);
		if (afe.cellOvervoltage() != null || afe.cellUndervoltage() != null) {
			code.add("// $L\n", "DS 9.2: the trip bytes depend on this chip's trim, hence computed here");
		}
		if (afe.cellOvervoltage() != null) {
			code.addStatement("int ovTrip = ovTripFor($L.OV_TRIP_MODELLED_MV, gainUvPerLsb, offsetMv)", CFG);
			step(code, status, "writeRegister($L.OV_TRIP_ADDRESS, ovTrip)", CFG);
		}
		if (afe.cellUndervoltage() != null) {
			code.addStatement("int uvTrip = uvTripFor($L.UV_TRIP_MODELLED_MV, gainUvPerLsb, offsetMv)", CFG);
			step(code, status, "writeRegister($L.UV_TRIP_ADDRESS, uvTrip)", CFG);
		}
		code.add("// $L\n", "read back what was written: a register that does not hold it is a fault, not a warning");
		step(code, status, "readRegisters($L.SYS_CTRL1_ADDRESS, CONFIG_BLOCK, 0)", CFG);
		code.addStatement("int ctrl1Settings = $L.SYS_CTRL1_ADC_EN | $L.SYS_CTRL1_TEMP_SEL | $L.SYS_CTRL1_SHUT_A"
				+ " | $L.SYS_CTRL1_SHUT_B", CFG, CFG, CFG, CFG);
		code.addStatement("boolean same = (registerValue[0] & ctrl1Settings) == ($L.SYS_CTRL1_VALUE & 0xFF)", CFG);
		code.addStatement("same &= registerValue[$L.SYS_CTRL2_ADDRESS - $L.SYS_CTRL1_ADDRESS] == sysCtrl2", CFG, CFG);
		for (String register : List.of("PROTECT1", "PROTECT2", "PROTECT3")) {
			code.addStatement("same &= registerValue[$L.$L_ADDRESS - $L.SYS_CTRL1_ADDRESS] == ($L.$L_VALUE & $L.$L_MASK)",
					CFG, register, CFG, CFG, register, CFG, register);
		}
		code.addStatement("same &= (registerValue[$L.CC_CFG_ADDRESS - $L.SYS_CTRL1_ADDRESS] & $L.CC_CFG_MASK) == $L"
				+ ".CC_CFG_VALUE", CFG, CFG, CFG, CFG);
		code.addStatement("int ovTripRead = registerValue[$L.OV_TRIP_ADDRESS - $L.SYS_CTRL1_ADDRESS]", CFG, CFG);
		code.addStatement("int uvTripRead = registerValue[$L.UV_TRIP_ADDRESS - $L.SYS_CTRL1_ADDRESS]", CFG, CFG);
		if (afe.cellOvervoltage() != null) {
			code.addStatement("same &= ovTripRead == ovTrip");
		}
		if (afe.cellUndervoltage() != null) {
			code.addStatement("same &= uvTripRead == uvTrip");
		}
		code.beginControlFlow("if (!same)").addStatement("return STATUS_VERIFY_FAILED").endControlFlow();
		code.addStatement("ovTripCode = ovTripRead").addStatement("uvTripCode = uvTripRead");
		code.add("// $L\n", "no cell bleeds until the firmware decides; then every status bit cleared, CC_READY included");
		step(code, status, "writeBalancing(0)");
		step(code, status, "writeRegister($L.SYS_STAT_ADDRESS, $L.SYS_STAT_ALL)", CFG, CFG);
		code.addStatement("started = true");
		code.addStatement("return $T.OK", status);
		return MethodSpec.methodBuilder("start").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Brings the chip from reset to the model's configuration (DS 8.3, 8.5, 9.2): reads the"
						+ " trim, writes CC_CFG, ADC_EN (and TEMP_SEL for external thermistors), CC_EN, PROTECT1..3,"
						+ " OV_TRIP and UV_TRIP from the trim, reads them back, turns balancing off and clears SYS_STAT."
						+ " The FETs stay off. Call again after the chip was reset (DEVICE_XREADY, a boot from SHIP).\n"
						+ "@return {@code Status.OK}, the failing transfer's status, or {@link #STATUS_VERIFY_FAILED}\n")
				.addCode(code.build()).build();
	}

	// ------------------------------------------------------------------ read

	private static MethodSpec read(AfeIr afe, ClassName packState, ClassName status) {
		CodeBlock.Builder code = CodeBlock.builder();
		code.addStatement("int result = readBlocks()");
		code.beginControlFlow("if (result != $T.OK)", status)
				.addStatement("into.measurementsValid = false")
				.addStatement("return result").endControlFlow();
		code.addStatement("int sysStat = registerValue[STAT_AT]");
		code.addStatement("int faults = sysStat & $L.SYS_STAT_FAULTS", CFG);
		code.add("// DS 8.3.1.4: the register address of a read carries no CRC, so a corrupted address reads another\n"
				+ "// register with a valid CRC; a fault bit not set last period is believed only when a second\n"
				+ "// read of SYS_STAT shows it too (the chip has acted on its own fault already: this only keeps a\n"
				+ "// wrong byte from latching a fault in the firmware)\n");
		code.addStatement("int fresh = faults & ~reportedFaults");
		code.beginControlFlow("if (fresh != 0)")
				.beginControlFlow("if (readRegisters($L.SYS_STAT_ADDRESS, 1, STAT_AT) == $T.OK)", CFG, status)
				.addStatement("faults &= ~fresh | registerValue[STAT_AT]")
				.nextControlFlow("else")
				.addStatement("faults &= ~fresh")
				.endControlFlow().endControlFlow();
		code.addStatement("reportedFaults = faults");
		code.addStatement("into.afeStatus = faults");
		code.beginControlFlow("for (int cell = 0; cell < $T.CELL_COUNT; cell++)", packState)
				.addStatement("int at = CELLS_AT + 2 * ($L.CELL_CHANNEL[cell] - 1)", CFG)
				.addStatement("into.cellMv[cell] = cellMv(code14(at))")
				.endControlFlow();
		code.add("// $L\n", "DS 8.3.1.1.6: V_BAT = 4 x GAIN x ADC + cells x OFFSET");
		code.addStatement("int batUv = 4 * gainUvPerLsb * code16(BAT_AT) + $T.CELL_COUNT * offsetMv * 1000", packState);
		code.addStatement("into.packMv = roundedDivision(batUv, 1000)");
		for (int i = 0; i < afe.thermistors().size(); i++) {
			AfeIr.Thermistor thermistor = afe.thermistors().get(i);
			if (thermistor.input().equals("die")) {
				code.addStatement("into.temperatureCentiDegC[$L] = dieCentiDegC(code14(TS_AT))", i);
			} else {
				int group = Integer.parseInt(thermistor.input().substring(2)) - 1;
				code.addStatement("into.temperatureCentiDegC[$L] = ntcCentiDegC($L, code14($L))", i,
						ntcTableName(thermistor), group == 0 ? "TS_AT" : "TS_AT + " + 2 * group);
			}
		}
		code.beginControlFlow("if ((sysStat & $L.SYS_STAT_CC_READY) != 0)", CFG)
				.add("// $L\n", "DS 8.3.1.1.3: signed, 8.44 uV per LSB; nV / uOhm = mA")
				.addStatement("packMa = roundedDivision((short) code16(CC_AT) * CC_LSB_NANOVOLT, $L.SHUNT_MICRO_OHM)", CFG)
				.addStatement("converted = true")
				.add("// $L\n", "cleared so that the next CC_READY means a new reading; a failure here only repeats it")
				.addStatement("writeRegister($L.SYS_STAT_ADDRESS, $L.SYS_STAT_CC_READY)", CFG, CFG)
				.endControlFlow();
		code.addStatement("into.packMa = packMa");
		code.addStatement("into.measurementsValid = started && converted");
		code.addStatement("return $T.OK", status);
		MethodSpec.Builder method = MethodSpec.methodBuilder("read").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("One period's readings: SYS_STAT into {@code afeStatus} (its fault bits), the cells through"
						+ " the channel map, BAT, the temperature inputs, and the current when CC_READY says the coulomb"
						+ " counter has a new value (the last one is kept otherwise; positive = charge). All blocks are"
						+ " read and checked before anything is written into the state: on a failure the state keeps"
						+ " the last good values and {@code measurementsValid} is false. They are valid once a"
						+ " conversion cycle has run since {@link #start()}.\n"
						+ "@param into the period's state\n@return {@code Status.OK} or the failing transfer's status\n")
				.addParameter(packState, "into").addCode(code.build());
		return method.build();
	}

	private static MethodSpec clearStatus() {
		return MethodSpec.methodBuilder("clearStatus").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Clears SYS_STAT bits (write 1 to clear, DS 8.5); a FET the fault turned off stays off until"
						+ " {@link #setFets(boolean, boolean)} turns it on again (DS 8.3.1.3.3).\n@param sysStatBits"
						+ " {@code AfeConfiguration.SYS_STAT_*} bits\n@return {@code Status.OK} or the transfer's"
						+ " status\n")
				.addParameter(TypeName.INT, "sysStatBits")
				.addStatement("return writeRegister($L.SYS_STAT_ADDRESS, sysStatBits & $L.SYS_STAT_ALL)", CFG, CFG)
				.build();
	}

	private static MethodSpec setFets() {
		return MethodSpec.methodBuilder("setFets").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Writes CHG_ON and DSG_ON of SYS_CTRL2 (CC_EN stays on). The chip refuses to turn on a FET"
						+ " whose fault bit is still set (DS 8.3.1.3.3): clear it first.\n@param charge the charge"
						+ " FET\n@param discharge the discharge FET\n@return {@code Status.OK} or the transfer's status\n")
				.addParameter(TypeName.BOOLEAN, "charge").addParameter(TypeName.BOOLEAN, "discharge")
				.addStatement("int value = $L.SYS_CTRL2_CC_EN", CFG)
				.beginControlFlow("if (charge)").addStatement("value |= $L.SYS_CTRL2_CHG_ON", CFG).endControlFlow()
				.beginControlFlow("if (discharge)").addStatement("value |= $L.SYS_CTRL2_DSG_ON", CFG).endControlFlow()
				.addStatement("sysCtrl2 = value")
				.addStatement("return writeRegister($L.SYS_CTRL2_ADDRESS, value)", CFG).build();
	}

	private static MethodSpec setBalancing(ClassName status) {
		return MethodSpec.methodBuilder("setBalancing").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Writes the CELLBAL registers for a set of physical cells, each through its VC channel"
						+ " ({@code AfeConfiguration.CELL_CHANNEL}). Two adjacent physical cells are refused even when"
						+ " their channels are not adjacent: with a shorted input they share a node (DS Table 9-2), and"
						+ " the DS forbids bleeding adjacent cells together. Written on every call: the chip clears"
						+ " CELLBAL on DEVICE_XREADY and when it leaves SHIP (DS 8.5).\n@param cellMask bit n = cell n + 1"
						+ " (bottom cell = bit 0)\n@return {@code Status.OK}, {@code Status.INVALID_ARGUMENT} for"
						+ " adjacent cells or cells the pack does not have (nothing written), or the transfer's"
						+ " status\n")
				.addParameter(TypeName.INT, "cellMask")
				.beginControlFlow("if ((cellMask & ~((1 << $L.CELL_CHANNEL.length) - 1)) != 0 || (cellMask & cellMask >>> 1)"
						+ " != 0)", CFG)
				.addStatement("return $T.INVALID_ARGUMENT", status).endControlFlow()
				.addStatement("int channelMask = 0")
				.beginControlFlow("for (int cell = 0; cell < $L.CELL_CHANNEL.length; cell++)", CFG)
				.beginControlFlow("if ((cellMask & 1 << cell) != 0)")
				.addStatement("channelMask |= 1 << ($L.CELL_CHANNEL[cell] - 1)", CFG).endControlFlow()
				.endControlFlow()
				.addStatement("return writeBalancing(channelMask)").build();
	}

	private static MethodSpec enterShipMode(ClassName status) {
		return MethodSpec.methodBuilder("enterShipMode").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Puts the chip into SHIP (both FETs off, I2C silent until it is booted again): [SHUT_A,"
						+ " SHUT_B] = 01 then 10 in two consecutive writes of SYS_CTRL1 (DS 8.5, SYS_CTRL1; shared"
						+ " reference, Behaviour). Afterwards {@link #start()} is needed.\n@return {@code Status.OK} or"
						+ " the failing transfer's status\n")
				.addStatement("int settings = $L.SYS_CTRL1_VALUE & ~($L.SYS_CTRL1_SHUT_A | $L.SYS_CTRL1_SHUT_B)", CFG, CFG,
						CFG)
				.addStatement("int result = writeRegister($L.SYS_CTRL1_ADDRESS, settings | $L.SYS_CTRL1_SHUT_B)", CFG, CFG)
				.beginControlFlow("if (result != $T.OK)", status).addStatement("return result").endControlFlow()
				.addStatement("result = writeRegister($L.SYS_CTRL1_ADDRESS, settings | $L.SYS_CTRL1_SHUT_A)", CFG, CFG)
				.beginControlFlow("if (result == $T.OK)", status).addStatement("started = false").endControlFlow()
				.addStatement("return result").build();
	}

	// ------------------------------------------------------------------ OV/UV trip rules

	private static void tripRules(TypeSpec.Builder type) {
		type.addMethod(MethodSpec.methodBuilder("ovTripFor").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT)
				.addJavadoc("OV_TRIP for an overvoltage level on a chip of this trim: the highest byte whose threshold"
						+ " {@code (0x2008 + 16 OV_T) x GAIN + OFFSET} is not above the level (DS 9.2, Table 8-12), so the"
						+ " chip never trips later than modelled (at most one step, about 6 mV, earlier).\n@param"
						+ " levelMv the modelled level\n@param gainUvPerLsb the chip's GAIN\n@param offsetMv the chip's"
						+ " OFFSET\n@return the byte, 0..255 (clamped: the model checks keep the level programmable on"
						+ " every trim)\n")
				.addParameter(TypeName.INT, "levelMv").addParameter(TypeName.INT, "gainUvPerLsb")
				.addParameter(TypeName.INT, "offsetMv")
				.addStatement("int availableUv = (levelMv - offsetMv) * 1000")
				.addComment("the pattern is whole codes: pattern x GAIN <= available exactly when pattern <= floor(available / GAIN)")
				.addStatement("int trip = floorDivision(floorDivision(availableUv, gainUvPerLsb) - OV_PATTERN_BASE,"
						+ " TRIP_STEP_CODES)")
				.addStatement("return Math.max(0, Math.min(0xFF, trip))").build());
		type.addMethod(MethodSpec.methodBuilder("uvTripFor").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT)
				.addJavadoc("UV_TRIP for an undervoltage level on a chip of this trim: the lowest byte whose threshold"
						+ " {@code (0x1000 + 16 UV_T) x GAIN + OFFSET} is not below the level (DS 9.2, Table 8-13), so the"
						+ " chip never trips later than modelled.\n@param levelMv the modelled level\n@param"
						+ " gainUvPerLsb the chip's GAIN\n@param offsetMv the chip's OFFSET\n@return the byte, 0..255"
						+ " (clamped)\n")
				.addParameter(TypeName.INT, "levelMv").addParameter(TypeName.INT, "gainUvPerLsb")
				.addParameter(TypeName.INT, "offsetMv")
				.addStatement("int availableUv = (levelMv - offsetMv) * 1000")
				.addStatement("int pattern = -floorDivision(-availableUv, gainUvPerLsb)")
				.addStatement("int trip = -floorDivision(-(pattern - UV_PATTERN_BASE), TRIP_STEP_CODES)")
				.addStatement("return Math.max(0, Math.min(0xFF, trip))").build());
	}

	// ------------------------------------------------------------------ transfers

	private static void transfers(TypeSpec.Builder type, ClassName status, ClassName checksums) {
		type.addMethod(MethodSpec.methodBuilder("readBlocks").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("SYS_STAT, the cell block, BAT with the TS inputs, and CC when CC_READY is set.\n")
				.addStatement("int result = readRegisters($L.SYS_STAT_ADDRESS, 1, STAT_AT)", CFG)
				.beginControlFlow("if (result != $T.OK)", status).addStatement("return result").endControlFlow()
				.addStatement("result = readRegisters($L.VC1_HI_ADDRESS, 2 * $L.CHANNEL_COUNT, CELLS_AT)", CFG, CFG)
				.beginControlFlow("if (result != $T.OK)", status).addStatement("return result").endControlFlow()
				.addStatement("result = readRegisters($L.BAT_HI_ADDRESS, CC_AT - BAT_AT, BAT_AT)", CFG)
				.beginControlFlow("if (result != $T.OK || (registerValue[STAT_AT] & $L.SYS_STAT_CC_READY) == 0)", status,
						CFG)
				.addStatement("return result").endControlFlow()
				.addStatement("return readRegisters($L.CC_HI_ADDRESS, 2, CC_AT)", CFG).build());
		type.addMethod(MethodSpec.methodBuilder("writeBalancing").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("One CELLBAL register per group of five channels (CELLBAL1 + group, DS 8.5).\n")
				.addParameter(TypeName.INT, "channelMask")
				.beginControlFlow("for (int group = 0; group < $L.GROUP_COUNT; group++)", CFG)
				.addStatement("int result = writeRegister($L.CELLBAL1_ADDRESS + group, channelMask >>> 5 * group &"
						+ " CELLBAL_BITS)", CFG)
				.beginControlFlow("if (result != $T.OK)", status).addStatement("return result").endControlFlow()
				.endControlFlow()
				.addStatement("return $T.OK", status).build());
		type.addMethod(MethodSpec.methodBuilder("writeRegister").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("One register write, retried; with CRC the chip NACKs a corrupted one (DS 8.3.1.4).\n")
				.addParameter(TypeName.INT, "register").addParameter(TypeName.INT, "value")
				.addStatement("tx[0] = (byte) register").addStatement("tx[1] = (byte) value")
				.addStatement("int length = 2")
				.beginControlFlow("if ($L.CRC_ENABLED)", CFG)
				.addComment("DS 8.3.1.4: the CRC covers the address byte (W), the register and the data")
				.addStatement("tx[2] = (byte) $T.crc8(writeAddressCrc, tx, 0, 2)", checksums)
				.addStatement("length = 3").endControlFlow()
				.addStatement("int result = $T.OK", status)
				.beginControlFlow("for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++)")
				.addStatement("result = i2c.write($L.I2C_ADDRESS, tx, 0, length)", CFG)
				.beginControlFlow("if (result == $T.OK)", status)
				.addStatement("consecutiveFailures = 0").addStatement("return result").endControlFlow()
				.addStatement("countError()")
				.endControlFlow()
				.addStatement("countFailure()")
				.addStatement("return result").build());
		type.addMethod(MethodSpec.methodBuilder("readRegisters").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("A block read of consecutive registers, retried; with CRC every byte is checked before any"
						+ " value is stored.\n")
				.addParameter(TypeName.INT, "first").addParameter(TypeName.INT, "count").addParameter(TypeName.INT, "at")
				.addStatement("tx[0] = (byte) first")
				.addStatement("int length = $L.CRC_ENABLED ? 2 * count : count", CFG)
				.addStatement("int result = $T.OK", status)
				.beginControlFlow("for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++)")
				.addStatement("result = i2c.writeRead($L.I2C_ADDRESS, tx, 0, 1, rx, 0, length)", CFG)
				.beginControlFlow("if (result == $T.OK && !crcMatches(count))", status)
				.addStatement("result = STATUS_CRC_ERROR").endControlFlow()
				.beginControlFlow("if (result == $T.OK)", status)
				.beginControlFlow("for (int i = 0; i < count; i++)")
				.addStatement("registerValue[at + i] = rx[$L.CRC_ENABLED ? 2 * i : i] & 0xFF", CFG).endControlFlow()
				.addStatement("consecutiveFailures = 0").addStatement("return result").endControlFlow()
				.addStatement("countError()")
				.endControlFlow()
				.addStatement("countFailure()")
				.addStatement("return result").build());
		type.addMethod(MethodSpec.methodBuilder("crcMatches").addModifiers(Modifier.PRIVATE).returns(TypeName.BOOLEAN)
				.addJavadoc("DS 8.3.1.4: the first CRC covers the address byte (R) and the first data byte, each later"
						+ " one its data byte alone.\n")
				.addParameter(TypeName.INT, "count")
				.beginControlFlow("if (!$L.CRC_ENABLED)", CFG).addStatement("return true").endControlFlow()
				.beginControlFlow("for (int i = 0; i < count; i++)")
				.addStatement("int expected = $T.crc8(i == 0 ? readAddressCrc : $T.CRC8_INITIAL, rx, 2 * i, 1)", checksums,
						checksums)
				.beginControlFlow("if ((rx[2 * i + 1] & 0xFF) != expected)").addStatement("return false").endControlFlow()
				.endControlFlow()
				.addStatement("return true").build());
		type.addMethod(MethodSpec.methodBuilder("countError").addModifiers(Modifier.PRIVATE)
				.beginControlFlow("if (transferErrors < Integer.MAX_VALUE)").addStatement("transferErrors++")
				.endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("countFailure").addModifiers(Modifier.PRIVATE)
				.beginControlFlow("if (consecutiveFailures < Integer.MAX_VALUE)").addStatement("consecutiveFailures++")
				.endControlFlow().build());
	}

	// ------------------------------------------------------------------ conversions

	private static void conversions(TypeSpec.Builder type, AfeIr afe) {
		type.addMethod(MethodSpec.methodBuilder("code14").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addParameter(TypeName.INT, "at")
				.addStatement("return (registerValue[at] << 8 | registerValue[at + 1]) & ADC_MASK").build());
		type.addMethod(MethodSpec.methodBuilder("code16").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addParameter(TypeName.INT, "at")
				.addStatement("return registerValue[at] << 8 | registerValue[at + 1]").build());
		type.addMethod(MethodSpec.methodBuilder("cellMv").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("DS 8.3.1.1.2: V = GAIN x ADC + OFFSET, to the nearest mV.\n")
				.addParameter(TypeName.INT, "code")
				.addStatement("return roundedDivision(gainUvPerLsb * code + offsetMv * 1000, 1000)").build());
		boolean die = afe.thermistors().stream().anyMatch(t -> t.input().equals("die"));
		boolean ntc = afe.thermistors().stream().anyMatch(t -> !t.input().equals("die"));
		if (die) {
			type.addMethod(MethodSpec.methodBuilder("dieCentiDegC").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
					.returns(TypeName.INT)
					.addJavadoc("DS 8.3.1.1.4: T = 25 degC - (V_TS - 1.200 V) / 4.2 mV/degC; in centi-degC that is"
							+ " (V_TS in uV - 1 200 000) / 42.\n")
					.addParameter(TypeName.INT, "code")
					.addStatement("return 2500 - roundedDivision(code * TS_LSB_MICROVOLT - 1200000, 42)").build());
		}
		if (ntc) {
			type.addMethod(MethodSpec.methodBuilder("ntcCentiDegC").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
					.returns(TypeName.INT)
					.addJavadoc("Linear interpolation in an NTC table; below its coldest code (an open input reads"
							+ " near 3.3 V) the first temperature, above its hottest the last.\n")
					.addParameter(ArrayTypeName.of(TypeName.INT), "codeByTemperature").addParameter(TypeName.INT, "code")
					.beginControlFlow("if (code >= codeByTemperature[0])")
					.addStatement("return NTC_FIRST_CENTI_DEG_C").endControlFlow()
					.beginControlFlow("for (int i = 1; i < codeByTemperature.length; i++)")
					.addStatement("int colder = codeByTemperature[i - 1]")
					.addStatement("int hotter = codeByTemperature[i]")
					.beginControlFlow("if (code >= hotter)")
					.addStatement("return NTC_FIRST_CENTI_DEG_C + (i - 1) * NTC_STEP_CENTI_DEG_C"
							+ " + roundedDivision((colder - code) * NTC_STEP_CENTI_DEG_C, colder - hotter)")
					.endControlFlow()
					.endControlFlow()
					.addStatement("return NTC_FIRST_CENTI_DEG_C + (codeByTemperature.length - 1) * NTC_STEP_CENTI_DEG_C")
					.build());
		}
		type.addMethod(MethodSpec.methodBuilder("roundedDivision").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.INT)
				.addJavadoc("Nearest integer of {@code value / divisor}, halves away from zero; divisor positive.\n")
				.addParameter(TypeName.INT, "value").addParameter(TypeName.INT, "divisor")
				.beginControlFlow("if (value >= 0)").addStatement("return (value + divisor / 2) / divisor").endControlFlow()
				.addStatement("return -((-value + divisor / 2) / divisor)").build());
		type.addMethod(MethodSpec.methodBuilder("floorDivision").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.INT)
				.addJavadoc("{@code Math.floorDiv} of Java 8 (Java 7 has none); divisor positive.\n")
				.addParameter(TypeName.INT, "value").addParameter(TypeName.INT, "divisor")
				.addStatement("int quotient = value / divisor")
				.beginControlFlow("if (value % divisor != 0 && value < 0)").addStatement("quotient--").endControlFlow()
				.addStatement("return quotient").build());
	}
}
