package org.bmsgen.generator.firmware;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code LinkFrames.java}, in both images: the STM32-ESP32 UART link's framing (docs/firmware.md, "The UART
 * link"): {@code 0xA5 0x5A | type | sequence | length | payload | CRC-16/CCITT-FALSE of type..payload, little
 * endian}. The telemetry frames are the model's {@code uart frame}s, each field an int32 little endian in its
 * source's fixed-point unit; commands are {@code 0x80 | command} without payload, and only the commands the
 * model's radio lists get a constant and pass {@code isCommand}.
 */
public final class LinkFramesEmitter {

	public static final String TYPE_NAME = "LinkFrames";

	/** Payloads are at most this long (docs/firmware.md): a frame fits a 71-byte buffer. */
	public static final int MAX_PAYLOAD = 64;

	static final int HEADER_BYTES = 5;

	static final int CRC_BYTES = 2;

	/** The command codes the link carries, fixed by docs/firmware.md whatever the model lists. */
	static final List<String> COMMANDS = List.of("clear-faults", "ship-mode", "balancing-on", "balancing-off");

	/** The code of a command as the model writes it ({@code clear-faults} -> 1). */
	static int commandCode(String command) {
		int index = COMMANDS.indexOf(command);
		if (index < 0) {
			throw new IllegalArgumentException("no link code for command " + command);
		}
		return index + 1;
	}

	/** {@code COMMAND_CLEAR_FAULTS}. */
	static String commandConstant(String command) {
		return "COMMAND_" + command.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
	}

	/** {@code TELEMETRY}: the prefix of a frame's constants. */
	static String frameConstant(RadioIr.UartFrame frame) {
		return PackStateEmitter.constantName(frame.name());
	}

	/** {@code TELEMETRY_PACK_VOLTAGE_OFFSET}. */
	static String fieldOffsetConstant(RadioIr.UartFrame frame, RadioIr.UartField field) {
		return frameConstant(frame) + "_" + PackStateEmitter.constantName(field.name()) + "_OFFSET";
	}

	/** Null when the pack has no radio and no UART frames: then neither image has a link. */
	public GeneratedSource emit(PackIr pack, FirmwareImage image) {
		RadioIr radio = pack.radio();
		if (radio == null) {
			return null;
		}
		TypeSpec.Builder type = SourceFiles.constantsClass(TYPE_NAME)
				.addJavadoc("The UART link's frames between pack $L's STM32 and ESP32: constants, encoding and the"
						+ " telemetry payload layout. Both images hold the same copy.\n<pre>\n0xA5 0x5A | type u8 |"
						+ " sequence u8 | length u8 | payload[length] | CRC-16/CCITT-FALSE of type..payload, little"
						+ " endian\n</pre>\n$L\n", pack.name(), SourceFiles.traceLine(radio.trace()));
		type.addField(SourceFiles.hexConstant("SYNC_0", 0xA5, "First sync byte of every frame (0xA5 0x5A: an"
				+ " alternating pattern, unlikely as a run in measurement data).", radio.trace()));
		type.addField(SourceFiles.hexConstant("SYNC_1", 0x5A, "Second sync byte of every frame.", radio.trace()));
		type.addField(SourceFiles.intConstant("TYPE_INDEX", 2, "Index of the type byte in a frame.", radio.trace()));
		type.addField(SourceFiles.intConstant("SEQUENCE_INDEX", 3, "Index of the sequence byte in a frame.",
				radio.trace()));
		type.addField(SourceFiles.intConstant("LENGTH_INDEX", 4, "Index of the payload length byte in a frame.",
				radio.trace()));
		type.addField(SourceFiles.intConstant("HEADER_BYTES", HEADER_BYTES, "Sync, type, sequence and length: the"
				+ " payload starts at this index.", radio.trace()));
		type.addField(SourceFiles.intConstant("CRC_BYTES", CRC_BYTES, "The CRC-16 after the payload, low byte"
				+ " first.", radio.trace()));
		type.addField(SourceFiles.intConstant("MAX_PAYLOAD", MAX_PAYLOAD, "Longest payload a frame carries.",
				radio.trace()));
		type.addField(SourceFiles.intConstant("MAX_FRAME_BYTES", HEADER_BYTES + MAX_PAYLOAD + CRC_BYTES,
				"Longest frame: what a sender's or receiver's frame buffer holds.", radio.trace()));
		type.addField(SourceFiles.hexConstant("COMMAND_FLAG", 0x80, "Type bit of a command frame (ESP32 to STM32):"
				+ " type = COMMAND_FLAG | command, no payload.", radio.trace()));
		for (String command : radio.commands()) {
			type.addField(SourceFiles.intConstant(commandConstant(command), commandCode(command), "Command {@code "
					+ command + "}, forwarded by the ESP32 once authenticated.", radio.trace()));
		}
		type.addField(SourceFiles.intConstant("FIELD_BYTES", RadioIr.UART_FIELD_BYTES, "Every telemetry field is a"
				+ " signed 32-bit little-endian integer in its source's fixed-point unit.", radio.trace()));
		for (RadioIr.UartFrame frame : radio.frames()) {
			if (frame.payloadBytes() > MAX_PAYLOAD) {
				throw new IllegalArgumentException("uart frame " + frame.name() + " has " + frame.payloadBytes()
						+ " payload bytes, more than " + MAX_PAYLOAD);
			}
			String prefix = frameConstant(frame);
			type.addField(SourceFiles.hexConstant("TYPE_" + prefix, frame.type(), "Type of telemetry frame "
					+ frame.name() + " (STM32 to ESP32).", frame.trace()));
			type.addField(SourceFiles.intConstant(prefix + "_PAYLOAD_BYTES", frame.payloadBytes(), "Payload length of"
					+ " frame " + frame.name() + ".", frame.trace()));
			type.addField(SourceFiles.intConstant(prefix + "_PERIOD_MS", frame.periodMs(), "Modelled period of frame "
					+ frame.name() + ".", frame.trace()));
			for (RadioIr.UartField field : frame.fields()) {
				type.addField(SourceFiles.intConstant(fieldOffsetConstant(frame, field), field.offset(), "Payload"
						+ " offset of field " + field.name() + " (" + UartLinkEmitter.describe(pack, field.source())
						+ ").", field.trace()));
			}
		}
		type.addMethod(payloadBytes(radio));
		type.addMethod(isCommand(radio));
		type.addMethod(encode());
		type.addMethod(MethodSpec.methodBuilder("writeInt32").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.addParameter(byte[].class, "into").addParameter(TypeName.INT, "offset")
				.addParameter(TypeName.INT, "value")
				.addJavadoc("Stores a telemetry field, little endian.\n@param into the payload\n@param offset the"
						+ " field's offset\n@param value the field's value\n")
				.addStatement("into[offset] = (byte) value").addStatement("into[offset + 1] = (byte) (value >>> 8)")
				.addStatement("into[offset + 2] = (byte) (value >>> 16)")
				.addStatement("into[offset + 3] = (byte) (value >>> 24)").build());
		type.addMethod(MethodSpec.methodBuilder("readInt32").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(byte[].class, "from").addParameter(TypeName.INT, "offset")
				.addJavadoc("Reads a telemetry field, little endian.\n@param from the payload\n@param offset the"
						+ " field's offset\n@return the field's value\n")
				.addStatement("return (from[offset] & 0xFF) | (from[offset + 1] & 0xFF) << 8"
						+ " | (from[offset + 2] & 0xFF) << 16 | (from[offset + 3] & 0xFF) << 24")
				.build());
		return SourceFiles.file(pack, image, "UART link frames", type.build());
	}

	private static MethodSpec payloadBytes(RadioIr radio) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("payloadBytes").addModifiers(Modifier.PUBLIC,
				Modifier.STATIC).returns(TypeName.INT).addParameter(TypeName.INT, "type")
				.addJavadoc("The payload length of a telemetry frame type: what a receiver checks the length byte"
						+ " against before waiting for the payload.\n@param type a frame's type byte\n@return the"
						+ " payload length, or -1 for a type that is not a modelled telemetry frame\n")
				.beginControlFlow("switch (type)");
		for (RadioIr.UartFrame frame : radio.frames()) {
			String prefix = frameConstant(frame);
			method.addCode("case TYPE_$L:\n", prefix).addStatement("$>return $L_PAYLOAD_BYTES$<", prefix);
		}
		return method.addCode("default:\n").addStatement("$>return -1$<").endControlFlow().build();
	}

	private static MethodSpec isCommand(RadioIr radio) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("isCommand").addModifiers(Modifier.PUBLIC,
				Modifier.STATIC).returns(TypeName.BOOLEAN).addParameter(TypeName.INT, "command")
				.addJavadoc("Whether a command code is one the model's radio lists: the closed set the STM32"
						+ " accepts (none of them switches a protection off).\n@param command a COMMAND_* code\n"
						+ "@return true for a modelled command\n");
		if (radio.commands().isEmpty()) {
			return method.addStatement("return false").build();
		}
		method.beginControlFlow("switch (command)");
		for (String command : radio.commands()) {
			method.addCode("case $L:\n", commandConstant(command));
		}
		method.addStatement("$>return true$<");
		return method.addCode("default:\n").addStatement("$>return false$<").endControlFlow().build();
	}

	private static MethodSpec encode() {
		return MethodSpec.methodBuilder("encode").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "type").addParameter(TypeName.INT, "sequence")
				.addParameter(byte[].class, "payload").addParameter(TypeName.INT, "payloadOffset")
				.addParameter(TypeName.INT, "length").addParameter(byte[].class, "into")
				.addParameter(TypeName.INT, "intoOffset")
				.addJavadoc("Writes one frame: sync, header, payload and CRC.\n@param type the frame type (a TYPE_*"
						+ " constant, or COMMAND_FLAG | command)\n@param sequence the sender's frame counter, low 8"
						+ " bits used\n@param payload the payload's bytes (may be null when length is 0)\n@param"
						+ " payloadOffset index of the first payload byte\n@param length payload bytes,"
						+ " 0..MAX_PAYLOAD\n@param into the frame buffer\n@param intoOffset where the frame starts\n"
						+ "@return bytes written, or Status.INVALID_ARGUMENT for a length out of range or a buffer"
						+ " too short\n")
				.beginControlFlow("if (length < 0 || length > MAX_PAYLOAD || intoOffset < 0"
						+ " || into.length - intoOffset < HEADER_BYTES + length + CRC_BYTES)")
				.addStatement("return $T.INVALID_ARGUMENT", UartLinkEmitter.STATUS).endControlFlow()
				.addStatement("into[intoOffset] = (byte) SYNC_0").addStatement("into[intoOffset + 1] = (byte) SYNC_1")
				.addStatement("into[intoOffset + TYPE_INDEX] = (byte) type")
				.addStatement("into[intoOffset + SEQUENCE_INDEX] = (byte) sequence")
				.addStatement("into[intoOffset + LENGTH_INDEX] = (byte) length")
				.beginControlFlow("if (length > 0)")
				.addStatement("System.arraycopy(payload, payloadOffset, into, intoOffset + HEADER_BYTES, length)")
				.endControlFlow()
				.addComment("the CRC covers type, sequence, length and payload; the sync bytes are constant")
				.addStatement("int crc = Checksums.crc16(Checksums.CRC16_INITIAL, into, intoOffset + TYPE_INDEX,"
						+ " HEADER_BYTES - TYPE_INDEX + length)")
				.addStatement("into[intoOffset + HEADER_BYTES + length] = (byte) crc")
				.addStatement("into[intoOffset + HEADER_BYTES + length + 1] = (byte) (crc >>> 8)")
				.addStatement("return HEADER_BYTES + length + CRC_BYTES").build();
	}
}
