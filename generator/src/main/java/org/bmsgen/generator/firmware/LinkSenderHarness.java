package org.bmsgen.generator.firmware;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * The part of {@code TelemetryHarnessTest} that holds the STM32's {@code LinkSender} to its contract
 * (docs/firmware.md, UART link; {@link UartLinkEmitter}'s javadoc): on a scripted UART that takes everything, part of
 * a frame, nothing (full) or answers with an error. The frame is sent every {@code <FRAME>_PERIOD_PERIODS} ticks;
 * a frame the UART cannot take at all is dropped and counted, yet uses its sequence number (so the ESP32 counts it
 * lost); a frame taken in part is finished by the following ticks before any other frame is written (a frame due
 * meanwhile is dropped, never interleaved), and a UART error while finishing it changes nothing; sequence numbers
 * wrap after 255. Incoming command frames: each known command returned once, an unknown command with a valid CRC
 * counted as dropped, a corrupted frame or a non-command frame rejected, garbage bytes discarded, UART error flags
 * reported. The expected frame bytes come from the test's own parse of the docs' format (sync, type, sequence,
 * length, payload) and, for whole frames, from a second sender on a UART that takes everything.
 */
final class LinkSenderHarness {

	private LinkSenderHarness() {
	}

	static void addTo(TypeSpec.Builder type, PackIr pack, RadioIr radio, ClassName state) {
		ClassName sender = HarnessSources.stm32(pack, "LinkSender");
		ClassName frames = HarnessSources.stm32(pack, "LinkFrames");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		ClassName uart = ClassName.get("org.bmsgen.platform", "Uart");
		ClassName scripted = HarnessSources.harness(pack, TelemetryHarnessEmitter.TYPE_NAME).nestedClass("ScriptedUart");
		RadioIr.UartFrame frame = radio.frames().get(0);
		String constant = LinkFramesEmitter.frameConstant(frame);
		String send = "send" + frame.name();
		int periods = UartLinkEmitter.periods(frame.periodMs(), pack.control().periodMs());
		int frameBytes = frame.payloadBytes() + 7;

		type.addType(scriptedUart(uart));
		type.addMethod(MethodSpec.methodBuilder("sequencesOnTheLine").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(int[].class).addParameter(byte[].class, "line").addParameter(TypeName.INT, "frameBytes")
				.addJavadoc("The sequence numbers of the frames on the line, each checked for the docs' header: 0xA5"
						+ " 0x5A, the type,\nthe sequence, the payload length; the line must hold whole frames only.\n")
				.addStatement("assertEquals(0, line.length % frameBytes, \"whole frames only: \" + line.length + \""
						+ " bytes\")")
				.addStatement("int[] sequences = new int[line.length / frameBytes]")
				.beginControlFlow("for (int i = 0; i < sequences.length; i++)")
				.addStatement("int at = i * frameBytes")
				.addStatement("assertEquals(0xA5, line[at] & 0xFF, \"sync 0 of frame \" + i)")
				.addStatement("assertEquals(0x5A, line[at + 1] & 0xFF, \"sync 1 of frame \" + i)")
				.addStatement("assertEquals($T.TYPE_$L, line[at + 2] & 0xFF, \"type of frame \" + i)", frames, constant)
				.addStatement("assertEquals(frameBytes - 7, line[at + 4] & 0xFF, \"length of frame \" + i)")
				.addStatement("sequences[i] = line[at + 3] & 0xFF").endControlFlow()
				.addStatement("return sequences").build());

		String doc = "Frame " + frame.name() + " (" + frameBytes + " bytes on the line)";
		type.addMethod(MethodSpec.methodBuilder("linkSender_uartFullOrFailing_frameDroppedSequenceUsed")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L, the UART full and then failing: the frame is dropped and counted, nothing reaches the"
						+ "\nline, and its sequence number is used (the next frame sent carries the one after it).\n$L\n",
						doc, SourceFiles.traceLine(frame.trace()))
				.addStatement("var uart = new $T()", scripted).addStatement("var link = new $T(uart)", sender)
				.addStatement("var state = new $T()", state)
				.addStatement("uart.accept = 0")
				.addStatement("assertEquals($T.FULL, link.$L(state), \"UART full\")", status, send)
				.addStatement("uart.accept = $T.BUS_ERROR", status)
				.addStatement("assertEquals($T.FULL, link.$L(state), \"UART error\")", status, send)
				.addStatement("assertEquals(2, link.framesDropped())").addStatement("assertEquals(0, link.framesSent())")
				.addStatement("assertEquals(0, uart.line.size(), \"nothing on the line\")")
				.addStatement("uart.accept = Integer.MAX_VALUE")
				.addStatement("assertEquals($T.OK, link.$L(state))", status, send)
				.addStatement("assertEquals(1, link.framesSent())").addStatement("assertEquals(2, link.framesDropped())")
				.addStatement("int[] sequences = sequencesOnTheLine(uart.line.toByteArray(), $L)", frameBytes)
				.addStatement("assertEquals(1, sequences.length)")
				.addStatement("assertEquals(2, sequences[0], \"the two dropped frames used sequences 0 and 1\")")
				.build());

		type.addMethod(MethodSpec.methodBuilder("linkSender_sequenceNumbersWrapAfter255")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L: 300 frames on a UART that takes everything carry sequence numbers 0, 1, ... 255, 0,"
						+ " ... in order,\nevery one counted as sent.\n", doc)
				.addStatement("var uart = new $T()", scripted).addStatement("var link = new $T(uart)", sender)
				.addStatement("var state = new $T()", state)
				.beginControlFlow("for (int i = 0; i < 300; i++)")
				.addStatement("assertEquals($T.OK, link.$L(state))", status, send).endControlFlow()
				.addStatement("assertEquals(300, link.framesSent())").addStatement("assertEquals(0, link.framesDropped())")
				.addStatement("int[] sequences = sequencesOnTheLine(uart.line.toByteArray(), $L)", frameBytes)
				.beginControlFlow("for (int i = 0; i < 300; i++)")
				.addStatement("assertEquals(i % 256, sequences[i], \"frame \" + i)").endControlFlow().build());

		if (radio.frames().size() == 1) {
			type.addMethod(MethodSpec.methodBuilder("linkSender_tick_sendsEvery" + periods + "Periods")
					.addAnnotation(HarnessSources.TEST)
					.addJavadoc("$L every $L ms = $L control periods: the first tick sends, then every $L-th.\n$L\n",
							doc, frame.periodMs(), periods, periods, SourceFiles.traceLine(frame.trace()))
					.addStatement("var uart = new $T()", scripted).addStatement("var link = new $T(uart)", sender)
					.addStatement("var state = new $T()", state)
					.beginControlFlow("for (int tick = 0; tick < $L; tick++)", 3 * periods + 1)
					.addStatement("link.tick(state)")
					.addStatement("assertEquals(tick / $L + 1, link.framesSent(), \"frames after tick \" + tick)",
							periods)
					.endControlFlow()
					.addStatement("int[] sequences = sequencesOnTheLine(uart.line.toByteArray(), $L)", frameBytes)
					.addStatement("assertEquals(4, sequences.length)")
					.addStatement("assertEquals(3, sequences[3])").build());
		}
		if (radio.frames().size() == 1 && periods >= 4) {
			type.addMethod(partialWrite(doc, scripted, sender, state, status, send, periods, frameBytes));
		}
		if (!radio.commands().isEmpty()) {
			type.addMethod(commands(radio, scripted, sender, frames, uart));
		}
	}

	private static TypeSpec scriptedUart(ClassName uart) {
		ClassName bytes = ClassName.get("java.io", "ByteArrayOutputStream");
		return TypeSpec.classBuilder("ScriptedUart").addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.addSuperinterface(uart)
				.addJavadoc("A UART whose transmit side takes at most {@code accept} bytes a write (0: full; negative:"
						+ " that status\nreturned), whose receive side hands out {@code incoming}, and whose error flags"
						+ " are {@code errors}.\n")
				.addField(FieldSpec.builder(bytes, "line", Modifier.FINAL).initializer("new $T()", bytes).build())
				.addField(FieldSpec.builder(TypeName.INT, "accept").initializer("Integer.MAX_VALUE").build())
				.addField(FieldSpec.builder(byte[].class, "incoming").initializer("new byte[0]").build())
				.addField(TypeName.INT, "readAt").addField(TypeName.INT, "errors")
				.addMethod(MethodSpec.methodBuilder("read").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
						.returns(TypeName.INT).addParameter(byte[].class, "buffer").addParameter(TypeName.INT, "offset")
						.addParameter(TypeName.INT, "maxLength")
						.addStatement("int count = Math.min(maxLength, incoming.length - readAt)")
						.addStatement("System.arraycopy(incoming, readAt, buffer, offset, count)")
						.addStatement("readAt += count").addStatement("return count").build())
				.addMethod(MethodSpec.methodBuilder("write").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
						.returns(TypeName.INT).addParameter(byte[].class, "data").addParameter(TypeName.INT, "offset")
						.addParameter(TypeName.INT, "length")
						.beginControlFlow("if (accept < 0)").addStatement("return accept").endControlFlow()
						.addStatement("int count = Math.min(length, accept)")
						.addStatement("line.write(data, offset, count)").addStatement("return count").build())
				.addMethod(MethodSpec.methodBuilder("takeErrors").addAnnotation(Override.class)
						.addModifiers(Modifier.PUBLIC).returns(TypeName.INT).addStatement("int taken = errors")
						.addStatement("errors = 0").addStatement("return taken").build())
				.build();
	}

	private static MethodSpec partialWrite(String doc, ClassName scripted, ClassName sender, ClassName state,
			ClassName status, String send, int periods, int frameBytes) {
		return MethodSpec.methodBuilder("linkSender_partialWrite_finishedBeforeTheNextFrameNeverInterleaved")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L taken 5 bytes at a time by the UART: the tick that sends it leaves the rest pending; a"
						+ " frame due\nmeanwhile is dropped (counted, sequence used) rather than interleaved; the next"
						+ " ticks finish the frame, a UART\nerror in between changes nothing; the line then holds"
						+ " exactly the frame a sender on a free UART writes.\n", doc)
				.addStatement("var uart = new $T()", scripted).addStatement("var link = new $T(uart)", sender)
				.addStatement("var free = new $T()", scripted).addStatement("var reference = new $T(free)", sender)
				.addStatement("var state = new $T()", state)
				.addStatement("state.packMv = 14_321").addStatement("state.packMa = -2_500")
				.addStatement("uart.accept = 5")
				.addStatement("link.tick(state)")
				.addStatement("assertEquals(1, link.framesSent(), \"taken in part counts as sent\")")
				.addStatement("assertEquals(5, uart.line.size())")
				.addStatement("assertEquals($T.FULL, link.$L(state), \"a frame due while one is pending\")", status,
						send)
				.addStatement("assertEquals(1, link.framesDropped())")
				.addStatement("assertEquals(5, uart.line.size(), \"nothing interleaved\")")
				.addStatement("uart.accept = $T.BUS_ERROR", status).addStatement("link.tick(state)")
				.addStatement("assertEquals(5, uart.line.size(), \"a failing write leaves the rest pending\")")
				.addStatement("uart.accept = 5").addStatement("link.tick(state)")
				.addStatement("assertEquals(10, uart.line.size(), \"the next 5 bytes, right after the first\")")
				.addStatement("uart.accept = Integer.MAX_VALUE").addStatement("link.tick(state)")
				.addStatement("reference.$L(state)", send)
				.addStatement("$T.assertArrayEquals(free.line.toByteArray(), uart.line.toByteArray(), \"the frame"
						+ " whole, once\")", HarnessSources.ASSERTIONS)
				.addComment("the dropped frame used sequence 1: the next one sent carries 2")
				.addStatement("assertEquals($T.OK, link.$L(state))", status, send)
				.addStatement("int[] sequences = sequencesOnTheLine(uart.line.toByteArray(), $L)", frameBytes)
				.addStatement("assertEquals(2, sequences.length)").addStatement("assertEquals(0, sequences[0])")
				.addStatement("assertEquals(2, sequences[1])")
				.addStatement("assertEquals(2, link.framesSent())").addStatement("assertEquals(1, link.framesDropped())")
				.build();
	}

	private static MethodSpec commands(RadioIr radio, ClassName scripted, ClassName sender, ClassName frames,
			ClassName uart) {
		List<String> commands = radio.commands();
		int unknown = commands.size() + 1;
		int last = commands.size();
		return MethodSpec.methodBuilder("linkSender_commandFrames_countedRejectedAndErrorsReported")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("Command frames from the ESP32 (command codes 1..$L in model order, $L): three garbage"
						+ " bytes, command 1,\nan unknown command $L with a valid CRC, command $L with a corrupted CRC,"
						+ " a telemetry-type frame, command $L,\nwith an overrun flagged: two commands returned in order,"
						+ " one dropped, two frames rejected, the garbage\ndiscarded, the overrun reported.\n$L\n",
						last, String.join(", ", commands), unknown, last, last, SourceFiles.traceLine(radio.trace()))
				.addStatement("byte[] frame = new byte[$T.MAX_FRAME_BYTES]", frames)
				.addStatement("var input = new java.io.ByteArrayOutputStream()")
				.addStatement("input.write(0x13)").addStatement("input.write(0xA5)").addStatement("input.write(0x77)")
				.addStatement("input.write(frame, 0, $T.encode($T.COMMAND_FLAG | 1, 7, frame, 0, 0, frame, 0))",
						frames, frames)
				.addStatement("input.write(frame, 0, $T.encode($T.COMMAND_FLAG | $L, 8, frame, 0, 0, frame, 0))",
						frames, frames, unknown)
				.addStatement("int length = $T.encode($T.COMMAND_FLAG | $L, 9, frame, 0, 0, frame, 0)", frames, frames,
						last)
				.addStatement("frame[length - 1] ^= 0x40")
				.addStatement("input.write(frame, 0, length)")
				.addStatement("input.write(frame, 0, $T.encode(0x01, 10, frame, 0, 0, frame, 0))", frames)
				.addStatement("input.write(frame, 0, $T.encode($T.COMMAND_FLAG | $L, 11, frame, 0, 0, frame, 0))",
						frames, frames, last)
				.addStatement("var uart = new $T()", scripted).addStatement("uart.incoming = input.toByteArray()")
				.addStatement("uart.errors = $T.ERROR_OVERRUN", uart)
				.addStatement("var link = new $T(uart)", sender)
				.addStatement("assertEquals(1, link.pollCommand())")
				.addStatement("assertEquals($L, link.pollCommand())", last)
				.addStatement("assertEquals(-1, link.pollCommand(), \"nothing more\")")
				.addStatement("assertEquals(2, link.commandsAccepted())")
				.addStatement("assertEquals(1, link.commandsDropped(), \"the unknown command\")")
				.addStatement("assertEquals(2, link.framesRejected(), \"the corrupted and the telemetry-type frame\")")
				.addStatement("assertTrue(link.bytesDiscarded() >= 3, \"garbage discarded: \" + link.bytesDiscarded())")
				.addStatement("assertEquals($T.ERROR_OVERRUN, link.uartErrors())", uart).build();
	}
}
