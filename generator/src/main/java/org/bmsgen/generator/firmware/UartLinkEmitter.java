package org.bmsgen.generator.firmware;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;
import org.bmsgen.generator.ir.SignalSource;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * The two ends of the UART link: {@code LinkSender.java} (STM32: telemetry frames out on their periods, command
 * frames in) and {@code LinkReceiver.java} (ESP32: telemetry frames in, command frames out).
 *
 * <p>Both receive with the same decoder: a window of at most one frame that takes a byte at a time; when the
 * window holds a candidate whose length or CRC is wrong, it is dropped and the bytes after its first sync byte
 * are scanned again, so a frame that starts inside a corrupted one (a corrupted length byte swallows the next
 * frame's header) is still found. Buffers are allocated in the constructor; polling allocates nothing and reads
 * a bounded number of bytes per call.
 */
public final class UartLinkEmitter {

	public static final String SENDER = "LinkSender";

	public static final String RECEIVER = "LinkReceiver";

	static final ClassName STATUS = ClassName.get("org.bmsgen.platform", "Status");

	static final ClassName UART = ClassName.get("org.bmsgen.platform", "Uart");

	/** Bytes read from the UART per read call: a frame's worth. */
	static final int READ_CHUNK_BYTES = 64;

	/**
	 * Bytes one poll examines at most: two 256-byte FIFOs' worth, more than 115 200 baud brings in a 250 ms period
	 * is not needed because the caller polls until -1 every period; the bound keeps a noisy line from holding
	 * the loop.
	 */
	static final int BYTES_PER_POLL = 512;

	/** A whole number of control periods for a modelled period: rounded to nearest, at least one. */
	static int periods(int periodMs, int controlPeriodMs) {
		return Math.max(1, (periodMs + controlPeriodMs / 2) / controlPeriodMs);
	}

	/** What a signal or field carries, for javadoc. */
	static String describe(PackIr pack, SignalSource source) {
		return switch (source.kind()) {
		case MEASUREMENT -> source.cellIndex() >= 0 ? "cell " + source.cellIndex() + " in mV"
				: source.measurement().keyword() + " in " + unit(source);
		case STATE -> "state index of machine " + pack.stateMachines().get(source.stateMachine()).name();
		case FAULT -> "1 while protection " + pack.protections().stream()
				.filter(p -> p.index() == source.protection()).findFirst().orElseThrow().name() + " is tripped";
		};
	}

	private static String unit(SignalSource source) {
		return switch (source.unit()) {
		case MILLIVOLT -> "mV";
		case MILLIAMPERE -> "mA, positive while charging";
		case BASIS_POINT -> "0.01 %";
		case CENTI_DEGREE_CELSIUS -> "0.01 degC";
		default -> source.unit().name();
		};
	}

	/** The int expression of a signal's or field's value in its source's fixed-point unit, read from {@code state}. */
	static CodeBlock value(PackIr pack, SignalSource source) {
		return switch (source.kind()) {
		case MEASUREMENT -> source.cellIndex() >= 0 ? CodeBlock.of("state.cellMv[$L]", source.cellIndex())
				: CodeBlock.of("state.measurement(PackState.$L)",
						PackStateEmitter.measurementConstant(source.measurement()));
		case STATE -> CodeBlock.of("state.machineState[PackState.MACHINE_$L]",
				PackStateEmitter.constantName(pack.stateMachines().get(source.stateMachine()).name()));
		case FAULT -> CodeBlock.of("(state.faultWord >>> $L) & 1", source.protection());
		};
	}

	/** {@code telemetry}: a frame's name as the start of a field name. */
	private static String lowerName(RadioIr.UartFrame frame) {
		return Character.toLowerCase(frame.name().charAt(0)) + frame.name().substring(1);
	}

	// ------------------------------------------------------------------------------------------------ LinkSender

	/** The STM32 end, null without a radio. */
	public GeneratedSource emitSender(PackIr pack) {
		RadioIr radio = pack.radio();
		if (radio == null) {
			return null;
		}
		int controlMs = pack.control().periodMs();
		TypeSpec.Builder type = TypeSpec.classBuilder(SENDER).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("The STM32 end of pack $L's UART link: sends the telemetry frames on their periods"
						+ " (counted in control periods of $L ms) and takes the ESP32's command frames. A frame the"
						+ " UART cannot take whole waits in the frame buffer; while it waits, due frames are dropped"
						+ " and counted (never blocks). Dropped frames still use a sequence number, so the ESP32 counts"
						+ " them as lost.\n$L\n", pack.name(), controlMs, SourceFiles.traceLine(radio.trace()));
		for (RadioIr.UartFrame frame : radio.frames()) {
			int periods = periods(frame.periodMs(), controlMs);
			String note = periods * controlMs == frame.periodMs() ? ""
					: " The modelled " + frame.periodMs() + " ms is not a whole number of control periods: sent every "
							+ periods * controlMs + " ms.";
			type.addField(SourceFiles.intConstant(LinkFramesEmitter.frameConstant(frame) + "_PERIOD_PERIODS", periods,
					"Control periods between two " + frame.name() + " frames." + note, frame.trace()));
		}
		type.addField(FieldSpec.builder(UART, "uart", Modifier.PRIVATE, Modifier.FINAL).build());
		for (RadioIr.UartFrame frame : radio.frames()) {
			type.addField(FieldSpec.builder(TypeName.INT, lowerName(frame) + "CountdownPeriods", Modifier.PRIVATE)
					.addJavadoc("Periods until the next $L frame; 0 = due this tick.\n", frame.name()).build());
		}
		type.addField(FieldSpec.builder(byte[].class, "payloadOut", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[LinkFrames.MAX_PAYLOAD]").build());
		type.addField(FieldSpec.builder(byte[].class, "frameOut", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[LinkFrames.MAX_FRAME_BYTES]").build());
		type.addField(FieldSpec.builder(TypeName.INT, "pendingOffset", Modifier.PRIVATE)
				.addJavadoc("The part of {@link #frameOut} the UART has not taken yet: [pendingOffset, pendingEnd).\n")
				.build());
		type.addField(FieldSpec.builder(TypeName.INT, "pendingEnd", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "sequenceOut", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "framesSent", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "framesDropped", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "commandsAccepted", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "commandsDropped", Modifier.PRIVATE).build());
		decoderFields(type);
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(UART, "uart")
				.addJavadoc("@param uart the STM32's UART to the ESP32 ($L baud as modelled)\n", radio.uartBaud())
				.addStatement("this.uart = uart").build());

		MethodSpec.Builder tick = MethodSpec.methodBuilder("tick").addModifiers(Modifier.PUBLIC)
				.addParameter(ClassName.get(FirmwarePackage.of(pack, FirmwareImage.STM32), "PackState"), "state")
				.addJavadoc("Once per control period: continues a frame the UART could not take whole, then sends"
						+ " the frames that are due (each is due on the first tick, then every PERIOD_PERIODS).\n"
						+ "@param state this period's values\n")
				.addStatement("flushPending()");
		for (RadioIr.UartFrame frame : radio.frames()) {
			String countdown = lowerName(frame) + "CountdownPeriods";
			tick.beginControlFlow("if ($L == 0)", countdown).addStatement("send$L(state)", frame.name())
					.addStatement("$L = $L_PERIOD_PERIODS - 1", countdown, LinkFramesEmitter.frameConstant(frame))
					.nextControlFlow("else").addStatement("$L--", countdown).endControlFlow();
		}
		type.addMethod(tick.build());
		for (RadioIr.UartFrame frame : radio.frames()) {
			String prefix = LinkFramesEmitter.frameConstant(frame);
			MethodSpec.Builder send = MethodSpec.methodBuilder("send" + frame.name()).addModifiers(Modifier.PUBLIC)
					.returns(TypeName.INT)
					.addParameter(ClassName.get(FirmwarePackage.of(pack, FirmwareImage.STM32), "PackState"), "state")
					.addJavadoc("Sends frame $L now.\n@param state this period's values\n@return Status.OK, or"
							+ " Status.FULL when the frame was dropped\n$L\n", frame.name(),
							SourceFiles.traceLine(frame.trace()));
			for (RadioIr.UartField field : frame.fields()) {
				send.addStatement("LinkFrames.writeInt32(payloadOut, LinkFrames.$L, $L)",
						LinkFramesEmitter.fieldOffsetConstant(frame, field), value(pack, field.source()));
			}
			send.addStatement("return transmit(LinkFrames.TYPE_$L, LinkFrames.$L_PAYLOAD_BYTES)", prefix, prefix);
			type.addMethod(send.build());
		}
		type.addMethod(MethodSpec.methodBuilder("transmit").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addParameter(TypeName.INT, "frameType").addParameter(TypeName.INT, "payloadBytes")
				.addStatement("int sequence = sequenceOut")
				.addStatement("sequenceOut = (sequenceOut + 1) & 0xFF")
				.beginControlFlow("if (pendingOffset < pendingEnd)")
				.addComment("the previous frame is still going out: this one would interleave with it")
				.addStatement("framesDropped++").addStatement("return $T.FULL", STATUS).endControlFlow()
				.addStatement("int length = LinkFrames.encode(frameType, sequence, payloadOut, 0, payloadBytes,"
						+ " frameOut, 0)")
				.addStatement("int written = uart.write(frameOut, 0, length)")
				.beginControlFlow("if (written <= 0)")
				.addStatement("framesDropped++").addStatement("return $T.FULL", STATUS).endControlFlow()
				.addStatement("pendingOffset = written").addStatement("pendingEnd = length")
				.beginControlFlow("if (written == length)")
				.addStatement("pendingOffset = 0").addStatement("pendingEnd = 0").endControlFlow()
				.addStatement("framesSent++").addStatement("return $T.OK", STATUS).build());
		type.addMethod(MethodSpec.methodBuilder("flushPending").addModifiers(Modifier.PRIVATE)
				.beginControlFlow("if (pendingOffset < pendingEnd)")
				.addStatement("int written = uart.write(frameOut, pendingOffset, pendingEnd - pendingOffset)")
				.beginControlFlow("if (written > 0)").addStatement("pendingOffset += written").endControlFlow()
				.beginControlFlow("if (pendingOffset >= pendingEnd)")
				.addStatement("pendingOffset = 0").addStatement("pendingEnd = 0").endControlFlow()
				.endControlFlow().build());

		type.addMethod(MethodSpec.methodBuilder("pollCommand").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("The next command the ESP32 sent: a frame with a good CRC, type COMMAND_FLAG | command,"
						+ " no payload, and a command the model lists; others are dropped and counted. Call until -1"
						+ " every period.\n@return a COMMAND_* code of LinkFrames, or -1 when none is waiting\n")
				.beginControlFlow("for (int frames = 0; frames < $L; frames++)", BYTES_PER_POLL
						/ (LinkFramesEmitter.HEADER_BYTES + LinkFramesEmitter.CRC_BYTES))
				.addStatement("int frameType = nextFrame()")
				.beginControlFlow("if (frameType < 0)").addStatement("return -1").endControlFlow()
				.addStatement("int command = frameType & ~LinkFrames.COMMAND_FLAG")
				.beginControlFlow("if (LinkFrames.isCommand(command))")
				.addStatement("commandsAccepted++").addStatement("return command").endControlFlow()
				.addStatement("commandsDropped++")
				.endControlFlow().addStatement("return -1").build());
		counter(type, "framesSent", "Telemetry frames handed to the UART (whole or with a pending rest).");
		counter(type, "framesDropped", "Telemetry frames dropped because the UART was full or offline.");
		counter(type, "commandsAccepted", "Command frames accepted.");
		counter(type, "commandsDropped", "Command frames with a good CRC but a code the model does not list.");
		decoderMethods(type, true);
		return SourceFiles.file(pack, FirmwareImage.STM32, "UART link, STM32 end", type.build());
	}

	// ---------------------------------------------------------------------------------------------- LinkReceiver

	/** The ESP32 end, null without a radio. */
	public GeneratedSource emitReceiver(PackIr pack) {
		RadioIr radio = pack.radio();
		if (radio == null) {
			return null;
		}
		TypeSpec.Builder type = TypeSpec.classBuilder(RECEIVER).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("The ESP32 end of pack $L's UART link: takes the telemetry frames (a frame is accepted"
						+ " only with its modelled type, its type's payload length and a good CRC; anything else is"
						+ " rejected and the receiver resynchronises on the next sync bytes), counts lost frames by"
						+ " sequence gaps, and sends the commands.\n$L\n", pack.name(),
						SourceFiles.traceLine(radio.trace()));
		type.addField(FieldSpec.builder(UART, "uart", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(byte[].class, "commandOut", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[LinkFrames.HEADER_BYTES + LinkFrames.CRC_BYTES]").build());
		type.addField(FieldSpec.builder(TypeName.INT, "commandSequence", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "sequenceKnown", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "expectedSequence", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "framesAccepted", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "framesLost", Modifier.PRIVATE).build());
		decoderFields(type);
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).addParameter(UART, "uart")
				.addJavadoc("@param uart the ESP32's UART to the STM32 ($L baud as modelled)\n", radio.uartBaud())
				.addStatement("this.uart = uart").build());
		type.addMethod(MethodSpec.methodBuilder("poll").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("Reads the UART up to the next complete valid frame. Call until -1 every tick.\n"
						+ "@return the frame's type (a TYPE_* of LinkFrames), its payload in {@link #payload()}, or -1"
						+ " when no complete frame is waiting\n")
				.addStatement("int frameType = nextFrame()")
				.beginControlFlow("if (frameType < 0)").addStatement("return -1").endControlFlow()
				.beginControlFlow("if (sequenceKnown)")
				.addComment("a gap counts the frames lost between two accepted ones (modulo 256: a gap of more than")
				.addComment("255 frames, over four minutes of 1 s telemetry, is undercounted)")
				.addStatement("framesLost += (sequence - expectedSequence) & 0xFF").endControlFlow()
				.addStatement("sequenceKnown = true").addStatement("expectedSequence = (sequence + 1) & 0xFF")
				.addStatement("framesAccepted++").addStatement("return frameType").build());
		type.addMethod(MethodSpec.methodBuilder("payload").addModifiers(Modifier.PUBLIC).returns(byte[].class)
				.addJavadoc("@return the last accepted frame's payload buffer (valid up to {@link #payloadLength()},"
						+ " overwritten by the next accepted frame)\n")
				.addStatement("return payload").build());
		type.addMethod(MethodSpec.methodBuilder("payloadLength").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("@return the last accepted frame's payload length\n").addStatement("return payloadLength")
				.build());
		type.addMethod(MethodSpec.methodBuilder("sequence").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("@return the last accepted frame's sequence number, 0..255\n").addStatement("return sequence")
				.build());
		type.addMethod(MethodSpec.methodBuilder("sendCommand").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "command")
				.addJavadoc("Sends a command frame to the STM32. The caller has authenticated the command; this"
						+ " only refuses codes the model does not list.\n@param command a COMMAND_* code of"
						+ " LinkFrames\n@return Status.OK, Status.INVALID_ARGUMENT for an unlisted command, Status.FULL"
						+ " when the UART did not take the whole frame (a partial frame fails the STM32's CRC check)\n")
				.beginControlFlow("if (!LinkFrames.isCommand(command))")
				.addStatement("return $T.INVALID_ARGUMENT", STATUS).endControlFlow()
				.addStatement("int length = LinkFrames.encode(LinkFrames.COMMAND_FLAG | command, commandSequence, null,"
						+ " 0, 0, commandOut, 0)")
				.addStatement("commandSequence = (commandSequence + 1) & 0xFF")
				.addStatement("int written = uart.write(commandOut, 0, length)")
				.addStatement("return written == length ? $T.OK : $T.FULL", STATUS, STATUS).build());
		counter(type, "framesAccepted", "Telemetry frames accepted.");
		counter(type, "framesLost", "Telemetry frames missing between accepted ones, by their sequence numbers.");
		decoderMethods(type, false);
		return SourceFiles.file(pack, FirmwareImage.ESP32, "UART link, ESP32 end", type.build());
	}

	// -------------------------------------------------------------------------------------------- shared decoder

	private static void counter(TypeSpec.Builder type, String name, String javadoc) {
		type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
				.addJavadoc("@return $L\n", javadoc.substring(0, 1).toLowerCase(java.util.Locale.ROOT)
						+ javadoc.substring(1))
				.addStatement("return $L", name).build());
	}

	private static void decoderFields(TypeSpec.Builder type) {
		type.addField(FieldSpec.builder(TypeName.INT, "READ_CHUNK_BYTES", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).initializer("$L", READ_CHUNK_BYTES).build());
		type.addField(FieldSpec.builder(TypeName.INT, "BYTES_PER_POLL", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).addJavadoc("Bytes one call examines at most: bounds the loop on a noisy line.\n")
				.initializer("$L", BYTES_PER_POLL).build());
		type.addField(FieldSpec.builder(byte[].class, "readBuffer", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[READ_CHUNK_BYTES]").build());
		type.addField(FieldSpec.builder(TypeName.INT, "readPosition", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "readCount", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(byte[].class, "window", Modifier.PRIVATE, Modifier.FINAL)
				.addJavadoc("The candidate frame: starts with a sync byte (or is empty), at most one frame long.\n")
				.initializer("new byte[LinkFrames.MAX_FRAME_BYTES]").build());
		type.addField(FieldSpec.builder(TypeName.INT, "windowCount", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(byte[].class, "payload", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[LinkFrames.MAX_PAYLOAD]").build());
		type.addField(FieldSpec.builder(TypeName.INT, "payloadLength", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "sequence", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "framesRejected", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.LONG, "bytesDiscarded", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "uartErrors", Modifier.PRIVATE).build());
	}

	/** @param commands true on the STM32 (accepts command frames), false on the ESP32 (telemetry frames) */
	private static void decoderMethods(TypeSpec.Builder type, boolean commands) {
		counter(type, "framesRejected", "Candidate frames (sync bytes seen) dropped for a bad length, type or CRC.");
		counter(type, "bytesDiscarded", "Bytes skipped while hunting for the sync bytes, the rejected frames' included.");
		type.addMethod(MethodSpec.methodBuilder("uartErrors").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("@return the UART's error flags (Uart.ERROR_*) seen so far, accumulated; a corrupted byte"
						+ " itself is caught by the CRC\n")
				.addStatement("return uartErrors").build());
		type.addMethod(MethodSpec.methodBuilder("nextFrame").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("Feeds received bytes to the window, one at a time, until a frame is complete and valid"
						+ " or no byte is waiting.\n@return the accepted frame's type, or -1\n")
				.beginControlFlow("for (int examined = 0; examined < BYTES_PER_POLL; examined++)")
				.beginControlFlow("if (readPosition == readCount)")
				.addStatement("uartErrors |= uart.takeErrors()")
				.addStatement("int count = uart.read(readBuffer, 0, READ_CHUNK_BYTES)")
				.beginControlFlow("if (count <= 0)").addStatement("return -1").endControlFlow()
				.addStatement("readPosition = 0").addStatement("readCount = count").endControlFlow()
				.addStatement("window[windowCount++] = readBuffer[readPosition++]")
				.addStatement("int frameType = examine()")
				.beginControlFlow("if (frameType >= 0)").addStatement("return frameType").endControlFlow()
				.endControlFlow().addStatement("return -1").build());
		type.addMethod(MethodSpec.methodBuilder("examine").addModifiers(Modifier.PRIVATE).returns(TypeName.INT)
				.addJavadoc("Judges the window after a byte was added: waits for more, accepts a frame, or drops the"
						+ " first byte and judges the rest again (each round removes a byte: bounded by the window).\n"
						+ "@return the accepted frame's type, or -1\n")
				.beginControlFlow("for (int round = 0; round <= LinkFrames.MAX_FRAME_BYTES; round++)")
				.beginControlFlow("if (windowCount == 0)").addStatement("return -1").endControlFlow()
				.addStatement("boolean candidate = (window[0] & 0xFF) == LinkFrames.SYNC_0")
				.beginControlFlow("if (candidate && windowCount >= 2)")
				.addStatement("candidate = (window[1] & 0xFF) == LinkFrames.SYNC_1").endControlFlow()
				.beginControlFlow("if (candidate)")
				.beginControlFlow("if (windowCount <= LinkFrames.LENGTH_INDEX)").addStatement("return -1")
				.endControlFlow()
				.addStatement("int frameType = window[LinkFrames.TYPE_INDEX] & 0xFF")
				.addStatement("int length = window[LinkFrames.LENGTH_INDEX] & 0xFF")
				.addStatement("int total = LinkFrames.HEADER_BYTES + length + LinkFrames.CRC_BYTES")
				.beginControlFlow("if (headerAcceptable(frameType, length))")
				.beginControlFlow("if (windowCount < total)").addStatement("return -1").endControlFlow()
				.addStatement("int crc = Checksums.crc16(Checksums.CRC16_INITIAL, window, LinkFrames.TYPE_INDEX,"
						+ " LinkFrames.HEADER_BYTES - LinkFrames.TYPE_INDEX + length)")
				.addStatement("int received = (window[total - 2] & 0xFF) | (window[total - 1] & 0xFF) << 8")
				.beginControlFlow("if (crc == received)")
				.addStatement("System.arraycopy(window, LinkFrames.HEADER_BYTES, payload, 0, length)")
				.addStatement("payloadLength = length")
				.addStatement("sequence = window[LinkFrames.SEQUENCE_INDEX] & 0xFF")
				.addStatement("windowCount = 0").addStatement("return frameType").endControlFlow()
				.endControlFlow()
				.addStatement("framesRejected++").endControlFlow()
				.addComment("not a frame start, or a rejected candidate: rescan from the next byte, where a frame may")
				.addComment("start that the bad one's length swallowed")
				.addStatement("dropFirstByte()").endControlFlow().addStatement("return -1").build());
		type.addMethod(MethodSpec.methodBuilder("dropFirstByte").addModifiers(Modifier.PRIVATE)
				.addStatement("bytesDiscarded++")
				.addStatement("System.arraycopy(window, 1, window, 0, windowCount - 1)")
				.addStatement("windowCount--").build());
		MethodSpec.Builder header = MethodSpec.methodBuilder("headerAcceptable")
				.addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(TypeName.BOOLEAN)
				.addParameter(TypeName.INT, "frameType").addParameter(TypeName.INT, "length");
		if (commands) {
			header.addComment("commands carry no payload: a longer frame is noise, rejected before waiting for it")
					.addStatement("return (frameType & LinkFrames.COMMAND_FLAG) != 0 && length == 0");
		} else {
			header.addComment("only modelled telemetry types with their own length: a corrupted type or length byte")
					.addComment("is rejected at once instead of after a CRC over the wrong bytes")
					.addStatement("return LinkFrames.payloadBytes(frameType) == length");
		}
		type.addMethod(header.build());
	}
}
