package org.bmsgen.generator.firmware;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code Checksums.java}, in both images: the three CRCs the board's links and records use, computed bit by bit
 * (no table: 1 KiB of RAM or flash saved on the MCU, and a 4-cell pack checks a few hundred bytes a period).
 * <ul>
 * <li>CRC-8, polynomial 0x07, initial 0: the BQ769x0's I2C CRC (DS 8.3.1.4);</li>
 * <li>CRC-16/CCITT-FALSE, polynomial 0x1021, initial 0xFFFF: the UART link's frames (bmsgen's choice: detects
 * every burst of up to 16 bits, the UART's typical noise);</li>
 * <li>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the flash log's records.</li>
 * </ul>
 * Each takes a running value so a message in pieces can be checked without copying it together.
 */
public final class ChecksumsEmitter {

	public static final String TYPE_NAME = "Checksums";

	public GeneratedSource emit(PackIr pack, FirmwareImage image) {
		TypeSpec.Builder type = SourceFiles.constantsClass(TYPE_NAME)
				.addJavadoc("CRCs of pack $L's links and records, bit by bit, without allocation.\n$L\n", pack.name(),
						SourceFiles.traceLine(pack.trace()));
		type.addField(SourceFiles.hexConstant("CRC8_INITIAL", 0, "Initial value of the BQ769x0's CRC-8 (DS 8.3.1.4).",
				pack.trace()));
		type.addField(SourceFiles.constant(TypeName.INT, "CRC16_INITIAL", com.palantir.javapoet.CodeBlock.of("0xFFFF"),
				"Initial value of CRC-16/CCITT-FALSE, the UART link's frame check.", pack.trace()));
		type.addField(SourceFiles.constant(TypeName.INT, "CRC32_INITIAL", com.palantir.javapoet.CodeBlock.of("0xFFFFFFFF"),
				"Initial register of CRC-32 (IEEE), the flash log's record check; {@link #crc32Final} inverts it.",
				pack.trace()));
		type.addMethod(crc8());
		type.addMethod(crc16());
		type.addMethod(crc32());
		type.addMethod(MethodSpec.methodBuilder("crc32Final").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "crc")
				.addJavadoc("The CRC-32 of the bytes run through {@link #crc32}: the register inverted.\n")
				.addStatement("return ~crc").build());
		return SourceFiles.file(pack, image, "Checksums", type.build());
	}

	private static MethodSpec.Builder method(String name, String javadoc) {
		return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "crc").addParameter(byte[].class, "data")
				.addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "length")
				.addJavadoc("$L\n@param crc the initial value, or the result over the bytes before these\n"
						+ "@return the running value after {@code data[offset..offset+length)}\n", javadoc);
	}

	private static MethodSpec crc8() {
		return method("crc8", "CRC-8, polynomial 0x07, MSB first: the BQ769x0's I2C check (DS 8.3.1.4).")
				.addStatement("int value = crc & 0xFF")
				.beginControlFlow("for (int i = offset; i < offset + length; i++)")
				.addStatement("value ^= data[i] & 0xFF")
				.beginControlFlow("for (int bit = 0; bit < 8; bit++)")
				.addStatement("value = (value & 0x80) != 0 ? ((value << 1) ^ 0x07) & 0xFF : (value << 1) & 0xFF")
				.endControlFlow().endControlFlow().addStatement("return value").build();
	}

	private static MethodSpec crc16() {
		return method("crc16", "CRC-16/CCITT-FALSE, polynomial 0x1021, MSB first: the UART link's frame check.")
				.addStatement("int value = crc & 0xFFFF")
				.beginControlFlow("for (int i = offset; i < offset + length; i++)")
				.addStatement("value ^= (data[i] & 0xFF) << 8")
				.beginControlFlow("for (int bit = 0; bit < 8; bit++)")
				.addStatement("value = (value & 0x8000) != 0 ? ((value << 1) ^ 0x1021) & 0xFFFF : (value << 1) & 0xFFFF")
				.endControlFlow().endControlFlow().addStatement("return value").build();
	}

	private static MethodSpec crc32() {
		return method("crc32", "CRC-32 (IEEE), reflected, polynomial 0xEDB88320: the flash log's record check. Start"
				+ " from {@link #CRC32_INITIAL}, finish with {@link #crc32Final}.")
				.addStatement("int value = crc")
				.beginControlFlow("for (int i = offset; i < offset + length; i++)")
				.addStatement("value ^= data[i] & 0xFF")
				.beginControlFlow("for (int bit = 0; bit < 8; bit++)")
				.addStatement("value = (value & 1) != 0 ? (value >>> 1) ^ 0xEDB88320 : value >>> 1")
				.endControlFlow().endControlFlow().addStatement("return value").build();
	}
}
