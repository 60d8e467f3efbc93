package org.bmsgen.generator.firmware;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.LogLayoutIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Trace;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code W25q128jvFlash.java}: the log's NOR flash over the STM32's SPI, as non-blocking primitives (a program
 * or erase is started and its BUSY bit polled on later calls; nothing waits). Opcodes, status bits, the JEDEC ID
 * and the maximum program/erase times are those of docs/reference/w25q128jv.md (W25Q128JV datasheet rev. F,
 * typed from memory and corroborated by independent drivers, not yet checked against the datasheet: that note
 * lists what to verify). Geometry comes from the pack's {@link LogLayoutIr}.
 */
public final class FlashDriverEmitter {

	public static final String TYPE_NAME = "W25q128jvFlash";

	/** Null when the pack has no flash. */
	public GeneratedSource emit(PackIr pack) {
		LogLayoutIr log = pack.log();
		if (log == null) {
			return null;
		}
		Trace trace = log.trace();
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("The $L serial NOR flash of pack $L on the STM32's SPI: identification, reads, and page"
						+ " program and\n4 KiB sector erase as operations that are started and then polled (BUSY), so"
						+ " no call waits for the\narray. Opcodes and timings: W25Q128JV datasheet rev. F as recorded in"
						+ " docs/reference/w25q128jv.md (to be\nchecked against the datasheet).\n$L\n",
						log.flashPart(), pack.name(), SourceFiles.traceLine(trace));
		type.addField(SourceFiles.intConstant("CHIP_SELECT", 0, "Chip select of the flash on the STM32's SPI bus"
				+ " (the reference board's schematic: the only SPI device).", trace));
		type.addField(SourceFiles.constant(TypeName.LONG, "CAPACITY_BYTES", CodeBlock.of("$LL", log.capacityBytes()),
				"Array size: 128 Mbit.", trace));
		type.addField(SourceFiles.intConstant("SECTOR_BYTES", log.sectorBytes(), "Smallest erasable unit (Sector"
				+ " Erase 20h).", trace));
		type.addField(SourceFiles.intConstant("PAGE_BYTES", log.pageBytes(), "Largest Page Program (02h); the column"
				+ " wraps inside the page, so a program never crosses a page boundary.", trace));
		type.addField(SourceFiles.hexConstant("JEDEC_MANUFACTURER", 0xEF, "JEDEC ID (9Fh) byte 1: Winbond.", trace));
		type.addField(SourceFiles.hexConstant("JEDEC_MEMORY_TYPE", 0x40, "JEDEC ID byte 2: W25Q..JV-IQ/JQ (the"
				+ " IM/JM parts answer 0x70: docs/reference/w25q128jv.md).", trace));
		type.addField(SourceFiles.hexConstant("JEDEC_CAPACITY", 0x18, "JEDEC ID byte 3: 128 Mbit.", trace));
		type.addField(SourceFiles.hexConstant("STATUS_BUSY", 0x01, "Status Register-1 bit 0: a program or erase is"
				+ " running; every instruction but 05h is ignored meanwhile.", trace));
		type.addField(SourceFiles.hexConstant("STATUS_WEL", 0x02, "Status Register-1 bit 1: Write Enable Latch,"
				+ " needed by program and erase, cleared when they end.", trace));
		type.addField(SourceFiles.intConstant("PAGE_PROGRAM_MAX_MICROS", 3000, "tPP maximum (rev. F 9.6, from"
				+ " memory): how long BUSY may stay set after a Page Program.", trace));
		type.addField(SourceFiles.intConstant("SECTOR_ERASE_MAX_MICROS", 400000, "tSE maximum (rev. F 9.6, from"
				+ " memory): how long BUSY may stay set after a Sector Erase.", trace));
		String[][] opcodes = { { "WRITE_ENABLE", "0x06", "Write Enable" }, { "READ_STATUS1", "0x05",
				"Read Status Register-1" }, { "READ_DATA", "0x03", "Read Data (no dummy byte)" }, { "PAGE_PROGRAM",
						"0x02", "Page Program" }, { "SECTOR_ERASE", "0x20", "Sector Erase (4 KiB)" }, { "JEDEC_ID",
								"0x9F", "JEDEC ID" } };
		for (String[] opcode : opcodes) {
			type.addField(FieldSpec.builder(TypeName.INT, "CMD_" + opcode[0], Modifier.PRIVATE, Modifier.STATIC,
					Modifier.FINAL).initializer("$L", opcode[1]).addJavadoc("$L.\n", opcode[2]).build());
		}
		ClassName spiMaster = ClassName.get("org.bmsgen.platform", "SpiMaster");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		type.addField(spiMaster, "spi", Modifier.PRIVATE, Modifier.FINAL);
		type.addField(FieldSpec.builder(byte[].class, "command", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[4]").addJavadoc("Opcode and 24-bit address, MSB first.\n").build());
		type.addField(FieldSpec.builder(byte[].class, "reply", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[3]").build());
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(spiMaster, "spi")
				.addJavadoc("@param spi the STM32's SPI master, the flash on {@link #CHIP_SELECT}\n")
				.addStatement("this.spi = spi").build());

		type.addMethod(MethodSpec.methodBuilder("checkId").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Reads the JEDEC ID (9Fh).\n@return {@link $T#OK} for EF 40 18, {@link $T#OFFLINE} for"
						+ " any other answer\n(absent chip, MISO stuck), or the bus's failure\n", status, status)
				.addCode(Lines.of(
						"int result = transaction(CMD_JEDEC_ID, -1, null, 0, reply, 0, 3)",
						"if (result < 0) {", "return result", "}",
						"if ((reply[0] & 0xFF) != JEDEC_MANUFACTURER || (reply[1] & 0xFF) != JEDEC_MEMORY_TYPE"
								+ " || (reply[2] & 0xFF) != JEDEC_CAPACITY) {",
						"return Status.OFFLINE", "}", "return Status.OK"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("readStatus").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Reads Status Register-1 (05h), the one instruction the chip answers while BUSY.\n"
						+ "@return the register (0..255, {@link #STATUS_BUSY}, {@link #STATUS_WEL}) or a negative"
						+ " status\n")
				.addCode(Lines.of("int result = transaction(CMD_READ_STATUS1, -1, null, 0, reply, 0, 1)",
						"return result < 0 ? result : reply[0] & 0xFF"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("read").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "address").addParameter(byte[].class, "into")
				.addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
				.addJavadoc("Reads {@code length} bytes from {@code address} (03h). Returns 0xFF bytes while the"
						+ " chip is BUSY (it ignores\nthe instruction): callers read only when their own operation has"
						+ " finished.\n@return {@link $T#OK}, {@link $T#INVALID_ARGUMENT} outside the array, or the"
						+ " bus's failure\n", status, status)
				.addCode(Lines.of("if (address < 0 || length < 0 || address + (long) length > CAPACITY_BYTES) {",
						"return Status.INVALID_ARGUMENT", "}",
						"return transaction(CMD_READ_DATA, address, null, 0, into, offset, length)"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("startPageProgram").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "address").addParameter(byte[].class, "data")
				.addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
				.addJavadoc("Starts a Page Program (06h, then 02h): bits of the addressed bytes can only go from 1"
						+ " to 0, and the\narray changes when /CS rises. Poll {@link #readStatus()} until BUSY clears"
						+ " (at most\n{@link #PAGE_PROGRAM_MAX_MICROS}).\n@return {@link $T#OK} when started,"
						+ " {@link $T#BUSY} if the chip is busy or refused Write Enable,\n{@link $T#INVALID_ARGUMENT}"
						+ " for a range crossing a page boundary\n", status, status, status)
				.addCode(Lines.of("if (address < 0 || length <= 0 || address + (long) length > CAPACITY_BYTES"
								+ " || address / PAGE_BYTES != (address + length - 1) / PAGE_BYTES) {",
						"return Status.INVALID_ARGUMENT", "}", "int result = writeEnable()", "if (result < 0) {",
						"return result", "}",
						"return transaction(CMD_PAGE_PROGRAM, address, data, offset, null, 0, length)"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("startSectorErase").addModifiers(Modifier.PUBLIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "address")
				.addJavadoc("Starts a Sector Erase (06h, then 20h) of the 4 KiB sector holding {@code address}:"
						+ " every byte to 0xFF.\nPoll {@link #readStatus()} until BUSY clears (at most {@link"
						+ " #SECTOR_ERASE_MAX_MICROS}).\n@return {@link $T#OK} when started, {@link $T#BUSY} if the"
						+ " chip is busy or refused Write Enable\n", status, status)
				.addCode(Lines.of("if (address < 0 || address >= CAPACITY_BYTES) {", "return Status.INVALID_ARGUMENT",
						"}", "int result = writeEnable()", "if (result < 0) {", "return result", "}",
						"return transaction(CMD_SECTOR_ERASE, address - address % SECTOR_BYTES, null, 0, null, 0, 0)"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("writeEnable").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("Write Enable, then checks WEL: a busy chip ignores 06h, and a program or erase without"
						+ " WEL is silently\ndropped, so it is better to know before.\n")
				.addCode(Lines.of("int status = readStatus()", "if (status < 0) {", "return status", "}",
						"if ((status & STATUS_BUSY) != 0) {", "return Status.BUSY", "}",
						"int result = transaction(CMD_WRITE_ENABLE, -1, null, 0, null, 0, 0)", "if (result < 0) {",
						"return result", "}", "status = readStatus()", "if (status < 0) {", "return status", "}",
						"return (status & STATUS_WEL) != 0 ? Status.OK : Status.BUSY"))
				.build());
		type.addMethod(MethodSpec.methodBuilder("transaction").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addParameter(TypeName.INT, "opcode").addParameter(TypeName.INT, "address")
				.addParameter(byte[].class, "tx").addParameter(TypeName.INT, "txOffset")
				.addParameter(byte[].class, "rx").addParameter(TypeName.INT, "rxOffset")
				.addParameter(TypeName.INT, "length")
				.addJavadoc("One instruction between /CS low and /CS high: opcode, the 3 address bytes unless"
						+ " {@code address} &lt; 0,\nthen {@code length} data bytes out of {@code tx} or into {@code"
						+ " rx}. /CS always rises, even after a failure,\nbecause program and erase start on that"
						+ " edge and a chip left selected blocks the bus.\n")
				.addCode(Lines.of("command[0] = (byte) opcode", "int commandBytes = 1", "if (address >= 0) {",
						"command[1] = (byte) (address >>> 16)", "command[2] = (byte) (address >>> 8)",
						"command[3] = (byte) address", "commandBytes = 4", "}",
						"int result = spi.select(CHIP_SELECT)", "if (result < 0) {", "return result", "}",
						"result = spi.transfer(command, 0, null, 0, commandBytes)",
						"if (result >= 0 && length > 0) {",
						"result = spi.transfer(tx, txOffset, rx, rxOffset, length)", "}", "spi.deselect()",
						"return result < 0 ? result : Status.OK"))
				.build());
		return SourceFiles.file(pack, "W25Q128JV flash driver", type.build());
	}
}
