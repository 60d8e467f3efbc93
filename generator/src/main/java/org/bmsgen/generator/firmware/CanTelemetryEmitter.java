package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.CanIr;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Rational;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code CanTelemetry.java} (STM32): the model's CAN messages, each signal packed exactly as the IR resolved it
 * (the DBC's bit numbering, scale and offset as exact fractions of the source's fixed-point unit), sent on the
 * message's period counted in control periods.
 *
 * <p>A signal's raw value is {@code (value - offset) / scale}; with {@code scale = sN/sD} and {@code offset =
 * oN/oD} that is {@code (value * oD * sD - oN * sD) / (oD * sN)}, computed in {@code long} and rounded half away
 * from zero, then saturated to the signal's raw range: integer arithmetic only, the same result the DBC's
 * {@code factor, offset} give a reader within half a step.
 */
public final class CanTelemetryEmitter {

	public static final String TYPE_NAME = "CanTelemetry";

	private static final ClassName CAN_CONTROLLER = ClassName.get("org.bmsgen.platform", "CanController");

	private static final ClassName CAN_FRAME = ClassName.get("org.bmsgen.platform", "CanFrame");

	/** {@code PackStatus} -> {@code PACK_STATUS}. */
	static String messageConstant(CanIr.Message message) {
		return PackStateEmitter.constantName(message.name());
	}

	static String lowerName(CanIr.Message message) {
		return Character.toLowerCase(message.name().charAt(0)) + message.name().substring(1);
	}

	/** The integer coefficients of a signal's raw value: raw = round((value * multiplier - subtrahend) / divisor). */
	record Coefficients(long multiplier, long subtrahend, long divisor) {

		static Coefficients of(CanIr.Signal signal) {
			Rational scale = signal.scale();
			Rational offset = signal.offset();
			if (scale.numerator() == 0) {
				throw new IllegalArgumentException("signal " + signal.name() + " has scale 0");
			}
			long sign = scale.numerator() < 0 ? -1 : 1;
			long multiplier = Math.multiplyExact(offset.denominator(), scale.denominator()) * sign;
			long subtrahend = Math.multiplyExact(offset.numerator(), scale.denominator()) * sign;
			long divisor = Math.multiplyExact(offset.denominator(), scale.numerator()) * sign;
			// value is an int: |value * multiplier - subtrahend| doubled for rounding must stay within a long
			if (Math.abs(multiplier) > (1L << 29) || Math.abs(subtrahend) > (1L << 60)) {
				throw new IllegalArgumentException("signal " + signal.name() + ": scale " + scale + " and offset "
						+ offset + " are too fine for the firmware's long arithmetic");
			}
			return new Coefficients(multiplier, subtrahend, divisor);
		}
	}

	/** Null when the pack has no CAN bus. */
	public GeneratedSource emit(PackIr pack) {
		CanIr can = pack.can();
		if (can == null || can.bus() == null) {
			return null;
		}
		int controlMs = pack.control().periodMs();
		ClassName packState = ClassName.get(FirmwarePackage.of(pack, FirmwareImage.STM32), "PackState");
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("Pack $L's CAN messages on the $L: packed from the PackState of the period and sent on"
						+ " their periods, counted in control periods of $L ms. A message whose period is shorter"
						+ " than the control period goes once per tick (the loop has nothing newer to send). A full"
						+ " transmit mailbox drops the frame and counts it; the next period sends fresh values.\n$L\n",
						pack.name(), can.bus().fd() ? "CAN FD bus" : "CAN bus", controlMs,
						SourceFiles.traceLine(can.bus().trace()));
		type.addField(SourceFiles.intConstant("MESSAGE_COUNT", can.messages().size(), "Modelled messages; their"
				+ " indices are the operands of a {@code send} action.", can.bus().trace()));
		for (CanIr.Message message : can.messages()) {
			String prefix = messageConstant(message);
			type.addField(SourceFiles.intConstant(prefix, message.index(), "Index of message " + message.name()
					+ ".", message.trace()));
			type.addField(SourceFiles.hexConstant(prefix + "_ID", message.id(), "Identifier of message "
					+ message.name() + (message.extended() ? " (29 bits)." : " (11 bits)."), message.trace()));
			type.addField(SourceFiles.intConstant(prefix + "_LENGTH", message.lengthBytes(), "Payload bytes of"
					+ " message " + message.name() + ".", message.trace()));
			int periods = UartLinkEmitter.periods(message.periodMs(), controlMs);
			String note;
			if (message.periodMs() < controlMs) {
				note = " Modelled every " + message.periodMs() + " ms, shorter than the control period: sent once per"
						+ " tick, every " + controlMs + " ms (the firmware has no newer values to send between ticks).";
			} else if (periods * controlMs != message.periodMs()) {
				note = " Modelled every " + message.periodMs() + " ms, not a whole number of control periods: sent"
						+ " every " + periods * controlMs + " ms.";
			} else {
				note = " Every " + message.periodMs() + " ms.";
			}
			type.addField(SourceFiles.intConstant(prefix + "_PERIOD_PERIODS", periods, "Control periods between two "
					+ message.name() + " messages." + note, message.trace()));
		}
		List<CodeBlock> positions = new ArrayList<>();
		List<String> comments = new ArrayList<>();
		List<Integer> positionOffsets = new ArrayList<>();
		int offset = 0;
		for (CanIr.Message message : can.messages()) {
			for (CanIr.Signal signal : message.signals()) {
				positionOffsets.add(offset);
				offset += signal.length();
				positions.add(CodeBlock.of("$L", signal.bitPositions().stream().map(String::valueOf)
						.collect(Collectors.joining(", "))));
				comments.add(message.name() + "." + signal.name() + ": " + signal.length() + (signal.length() == 1
						? " bit" : " bits") + (signal.bigEndian() ? " Motorola" : " Intel") + ", at index "
						+ offset(positionOffsets));
			}
		}
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.SHORT), "BIT_POSITIONS", Modifier.PRIVATE,
				Modifier.STATIC, Modifier.FINAL)
				.addJavadoc("Frame bit (DBC numbering: byte * 8 + bit, bit 0 the least significant) of each signal"
						+ " bit, least significant signal bit first, signal after signal.\n")
				.initializer(positions.isEmpty() ? CodeBlock.of("{}") : SourceFiles.table(positions, comments))
				.build());
		type.addField(FieldSpec.builder(CAN_CONTROLLER, "can", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(CAN_FRAME, "frame", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T()", CAN_FRAME).build());
		for (CanIr.Message message : can.messages()) {
			type.addField(FieldSpec.builder(TypeName.INT, lowerName(message) + "CountdownPeriods", Modifier.PRIVATE)
					.build());
		}
		type.addField(FieldSpec.builder(TypeName.LONG, "framesSent", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "framesDropped", Modifier.PRIVATE).build());
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(CAN_CONTROLLER, "can")
				.addJavadoc("@param can the STM32's FDCAN ($L bit/s nominal$L)\n", can.bus().nominalBitRate(),
						can.bus().dataBitRate() > 0 ? ", " + can.bus().dataBitRate() + " bit/s data" : "")
				.addStatement("this.can = can").build());

		MethodSpec.Builder tick = MethodSpec.methodBuilder("tick").addModifiers(Modifier.PUBLIC)
				.addParameter(packState, "state")
				.addJavadoc("Once per control period: sends the messages that are due (each on the first tick, then"
						+ " every PERIOD_PERIODS).\n@param state this period's values\n");
		for (CanIr.Message message : can.messages()) {
			String countdown = lowerName(message) + "CountdownPeriods";
			tick.beginControlFlow("if ($L == 0)", countdown).addStatement("send($L, state)", messageConstant(message))
					.addStatement("$L = $L_PERIOD_PERIODS - 1", countdown, messageConstant(message))
					.nextControlFlow("else").addStatement("$L--", countdown).endControlFlow();
		}
		type.addMethod(tick.build());

		MethodSpec.Builder send = MethodSpec.methodBuilder("send").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "messageIndex").addParameter(packState, "state")
				.addJavadoc("Packs and queues one message now (the periodic ones and a state machine's {@code send}"
						+ " action).\n@param messageIndex a message index constant\n@param state this period's"
						+ " values\n@return Status.OK, Status.FULL or Status.OFFLINE from the controller,"
						+ " Status.INVALID_ARGUMENT for an unknown index\n");
		if (can.messages().isEmpty()) {
			send.addStatement("return $T.INVALID_ARGUMENT", UartLinkEmitter.STATUS);
		} else {
			send.beginControlFlow("switch (messageIndex)");
			for (CanIr.Message message : can.messages()) {
				send.addCode("case $L:\n", messageConstant(message)).addStatement("$>encode$L(state, frame)",
						message.name()).addStatement("return transmit()$<");
			}
			send.addCode("default:\n").addStatement("$>return $T.INVALID_ARGUMENT$<", UartLinkEmitter.STATUS)
					.endControlFlow();
		}
		type.addMethod(send.build());
		type.addMethod(MethodSpec.methodBuilder("transmit").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addStatement("int status = can.transmit(frame)")
				.beginControlFlow("if (status == $T.OK)", UartLinkEmitter.STATUS).addStatement("framesSent++")
				.nextControlFlow("else").addStatement("framesDropped++").endControlFlow()
				.addStatement("return status").build());

		int signalIndex = 0;
		for (CanIr.Message message : can.messages()) {
			String prefix = messageConstant(message);
			boolean brs = message.fd() && can.bus().bitRateSwitch();
			MethodSpec.Builder encode = MethodSpec.methodBuilder("encode" + message.name())
					.addModifiers(Modifier.PUBLIC, Modifier.STATIC).addParameter(packState, "state")
					.addParameter(CAN_FRAME, "into")
					.addJavadoc("Packs message $L: header ($L$L) and every signal.\n@param state this period's"
							+ " values\n@param into the frame to overwrite\n$L\n", message.name(),
							message.fd() ? "CAN FD" : "classic CAN", brs ? ", bit rate switch" : "",
							SourceFiles.traceLine(message.trace()))
					.addStatement("into.set($L_ID, $L, $L, $L, $L_LENGTH)", prefix, message.extended(), message.fd(),
							brs, prefix)
					.beginControlFlow("for (int i = 0; i < $L_LENGTH; i++)", prefix)
					.addStatement("into.data[i] = 0").endControlFlow();
			for (CanIr.Signal signal : message.signals()) {
				Coefficients c = Coefficients.of(signal);
				CodeBlock value = UartLinkEmitter.value(pack, signal.source());
				CodeBlock numerator;
				if (c.subtrahend() == 0) {
					numerator = c.multiplier() == 1 ? CodeBlock.of("(long) $L", value)
							: CodeBlock.of("(long) $L * $LL", value, c.multiplier());
				} else {
					numerator = CodeBlock.of("(long) $L * $LL - $LL", value, c.multiplier(), c.subtrahend());
				}
				encode.addComment("$L: $L, scale $L, offset $L (source units), raw $L..$L", signal.name(),
						UartLinkEmitter.describe(pack, signal.source()), signal.scale(), signal.offset(),
						signal.rawMin(), signal.rawMax());
				CodeBlock raw = c.divisor() == 1 ? numerator : CodeBlock.of("rounded($L, $LL)", numerator, c.divisor());
				encode.addStatement("putBits(into.data, $L, $L, saturated($L, $LL, $LL))",
						positionOffsets.get(signalIndex), signal.length(), raw, signal.rawMin(), signal.rawMax());
				signalIndex++;
			}
			type.addMethod(encode.build());
		}
		type.addMethod(MethodSpec.methodBuilder("rounded").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(TypeName.LONG, "numerator").addParameter(TypeName.LONG, "divisor")
				.addJavadoc("numerator / divisor rounded half away from zero; divisor positive.\n")
				.beginControlFlow("if (numerator >= 0)")
				.addStatement("return (2 * numerator + divisor) / (2 * divisor)").endControlFlow()
				.addStatement("return -((-2 * numerator + divisor) / (2 * divisor))").build());
		type.addMethod(MethodSpec.methodBuilder("saturated").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(TypeName.LONG, "raw").addParameter(TypeName.LONG, "rawMin")
				.addParameter(TypeName.LONG, "rawMax")
				.addStatement("return raw < rawMin ? rawMin : raw > rawMax ? rawMax : raw").build());
		type.addMethod(MethodSpec.methodBuilder("putBits").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addParameter(byte[].class, "data").addParameter(TypeName.INT, "positionsFrom")
				.addParameter(TypeName.INT, "length").addParameter(TypeName.LONG, "raw")
				.addJavadoc("Sets a signal's bits (two's complement for a negative raw value) where BIT_POSITIONS"
						+ " puts them; the frame's bytes were cleared.\n")
				.beginControlFlow("for (int i = 0; i < length; i++)")
				.beginControlFlow("if (((raw >>> i) & 1L) != 0)")
				.addStatement("int position = BIT_POSITIONS[positionsFrom + i]")
				.addStatement("data[position >>> 3] |= (byte) (1 << (position & 7))").endControlFlow()
				.endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("framesSent").addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
				.addJavadoc("@return frames the controller queued\n").addStatement("return framesSent").build());
		type.addMethod(MethodSpec.methodBuilder("framesDropped").addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
				.addJavadoc("@return frames refused by the controller (mailboxes full or bus-off)\n")
				.addStatement("return framesDropped").build());
		return SourceFiles.file(pack, "CAN telemetry", type.build());
	}

	private static int offset(List<Integer> offsets) {
		return offsets.get(offsets.size() - 1);
	}
}
