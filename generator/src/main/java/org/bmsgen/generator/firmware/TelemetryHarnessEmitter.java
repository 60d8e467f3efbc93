package org.bmsgen.generator.firmware;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.CanIr;
import org.bmsgen.generator.ir.MeasuredQuantity;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;
import org.bmsgen.generator.ir.SignalSource;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code TelemetryHarnessTest.java}: every CAN message of the pack encoded by the generated {@code CanTelemetry}
 * from a {@code PackState} the test fills, then decoded in the test through the DBC layout printed from the IR
 * (start bit, length, byte order, sign, scale, offset; the Intel and Motorola bit numbering of the DBC format
 * re-implemented in the test, not taken from the firmware's bit table). Typical, seeded random and saturating
 * values: a value inside the signal's range decodes within half a step, one outside it saturates at the range's
 * edge, and no bit outside the signals is set. The header (identifier, CAN FD, bit rate switch, length) is the
 * model's. When each message is sent: {@link CanCadenceHarness}. No test class for a pack without CAN messages.
 */
public final class TelemetryHarnessEmitter {

	public static final String TYPE_NAME = "TelemetryHarnessTest";

	/** Random frames per message: every signal's range met at many points, a few milliseconds. */
	static final int RANDOM_FRAMES = 500;

	public List<GeneratedSource> emit(PackIr pack) {
		CanIr can = pack.can();
		if (can == null || can.messages().isEmpty()) {
			return List.of();
		}
		ClassName state = HarnessSources.stm32(pack, PackStateEmitter.TYPE_NAME);
		ClassName telemetry = HarnessSources.stm32(pack, "CanTelemetry");
		ClassName frame = ClassName.get("org.bmsgen.platform", "CanFrame");
		ClassName writer = ClassName.get("java.util.function", "ObjIntConsumer");
		ClassName layout = HarnessSources.harness(pack, TYPE_NAME).nestedClass("Layout");

		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC)
				.addJavadoc("The CAN messages of pack $L through the DBC layout: encoded by the generated CanTelemetry,"
						+ " decoded here.\nLayouts, scales and ranges are the model's, printed by the generator.\n$L\n",
						pack.name(), SourceFiles.traceLine(pack.trace()));
		type.addType(TypeSpec.recordBuilder("Layout").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addJavadoc("A signal as the DBC writes it; physical (source unit) = raw * scaleNumerator /"
						+ " scaleDenominator + offsetNumerator / offsetDenominator;\n{@code lowest..highest} the values"
						+ " its source can hold; {@code write} puts a value into the PackState where the firmware reads"
						+ " it;\n{@code randomLow..randomHigh} the signal's raw range in the source's unit, two steps wider each"
						+ " side.\n")
				.recordConstructor(MethodSpec.constructorBuilder()
						.addParameter(String.class, "name").addParameter(TypeName.INT, "startBit")
						.addParameter(TypeName.INT, "length").addParameter(TypeName.BOOLEAN, "bigEndian")
						.addParameter(TypeName.BOOLEAN, "signed").addParameter(TypeName.LONG, "scaleNumerator")
						.addParameter(TypeName.LONG, "scaleDenominator").addParameter(TypeName.LONG, "offsetNumerator")
						.addParameter(TypeName.LONG, "offsetDenominator").addParameter(TypeName.INT, "lowest")
						.addParameter(TypeName.INT, "highest").addParameter(TypeName.INT, "randomLow")
						.addParameter(TypeName.INT, "randomHigh")
						.addParameter(com.palantir.javapoet.ParameterizedTypeName.get(writer, state), "write").build())
				.build());

		type.addMethod(MethodSpec.methodBuilder("rawOf").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.LONG).addParameter(byte[].class, "data").addParameter(layout, "signal")
				.addJavadoc("The raw value of a signal by the DBC's numbering: Intel (@1) from the least significant"
						+ " bit upwards;\nMotorola (@0) from the most significant bit down within a byte, on at bit 7"
						+ " of the next byte.\n")
				.addStatement("long raw = 0").addStatement("int position = signal.startBit()")
				.beginControlFlow("for (int i = 0; i < signal.length(); i++)")
				.addStatement("int weight = signal.bigEndian() ? signal.length() - 1 - i : i")
				.beginControlFlow("if ((data[position >>> 3] & (1 << (position & 7))) != 0)")
				.addStatement("raw |= 1L << weight").endControlFlow()
				.beginControlFlow("if (signal.bigEndian())")
				.addStatement("position = (position & 7) == 0 ? position + 15 : position - 1")
				.nextControlFlow("else").addStatement("position++").endControlFlow()
				.endControlFlow()
				.beginControlFlow("if (signal.signed() && (raw & (1L << (signal.length() - 1))) != 0)")
				.addStatement("raw -= 1L << signal.length()").endControlFlow()
				.addStatement("return raw").build());
		type.addMethod(MethodSpec.methodBuilder("markBits").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addParameter(boolean[].class, "used").addParameter(layout, "signal")
				.addJavadoc("Marks the frame bits a signal occupies (same numbering as {@link #rawOf}).\n")
				.addStatement("int position = signal.startBit()")
				.beginControlFlow("for (int i = 0; i < signal.length(); i++)")
				.addStatement("used[position] = true")
				.addStatement("position = signal.bigEndian() ? ((position & 7) == 0 ? position + 15 : position - 1)"
						+ " : position + 1")
				.endControlFlow().build());
		type.addMethod(check(layout));
		ClassName coverage = HarnessSources.harness(pack, ModelCoverageEmitter.TYPE_NAME);
		type.addMethod(MethodSpec.methodBuilder("coverageComplete").addModifiers(Modifier.STATIC)
				.addAnnotation(HarnessSources.AFTER_ALL).addException(ClassName.get("java.io", "IOException"))
				.addJavadoc("Every CAN signal of the model decoded back (issue 5: model coverage of CAN signals).\n")
				.addStatement("$T.assertComplete($T.CAN_SIGNALS)", coverage, coverage).build());
		for (CanIr.Message message : can.messages()) {
			MethodSpec.Builder test = messageTest(pack, can, message, state, telemetry, frame, layout).toBuilder();
			for (CanIr.Signal signal : message.signals()) {
				test.addStatement("$T.exercised($T.CAN_SIGNALS, $S)", coverage, coverage,
						ModelCoverageEmitter.canSignal(message, signal));
			}
			type.addMethod(test.build());
		}
		CanCadenceHarness.addTo(type, pack, can, state);
		RadioIr radio = pack.radio();
		if (radio != null && org.bmsgen.generator.harness.BoardSpec.of(pack) != null) {
			ClassName simulatedPack = HarnessSources.harness(pack, "SimulatedPack");
			for (RadioIr.UartFrame uartFrame : radio.frames()) {
				type.addMethod(uartNoise(pack, radio, uartFrame, state, simulatedPack));
			}
			if (!radio.frames().isEmpty()) {
				LinkSenderHarness.addTo(type, pack, radio, state);
			}
			if (!radio.commands().isEmpty()) {
				type.addMethod(exchange(simulatedPack));
				type.addMethod(authentication(pack, radio, simulatedPack));
			}
		}
		return List.of(HarnessSources.file(pack, "Telemetry harness", type.build()));
	}

	/** Frames sent through a noisy line per UART frame type: hundreds corrupted, well under a second of CPU. */
	static final int NOISY_FRAMES = 1500;

	/** Byte error rate of the noisy line: about a third of 23-byte frames get a bad byte. */
	static final double BYTE_ERROR_RATE = 0.02;

	private static MethodSpec uartNoise(PackIr pack, RadioIr radio, RadioIr.UartFrame uartFrame, ClassName state,
			ClassName simulatedPack) {
		ClassName sender = HarnessSources.stm32(pack, "LinkSender");
		ClassName receiver = ClassName.get(FirmwarePackage.of(pack, FirmwareImage.ESP32), "LinkReceiver");
		ClassName board = ClassName.get("org.bmsgen.sim.board", "SimBoard");
		int baud = radio.uartBaud() == 0 ? 115_200 : radio.uartBaud();
		// docs/firmware.md link format: 0xA5 0x5A, type, sequence, length, payload, CRC-16 (2 bytes)
		int frameBytes = uartFrame.payloadBytes() + 7;
		long lineMicros = (frameBytes * 10L * 1_000_000L + baud - 1) / baud;
		long gapMicros = 2 * lineMicros + 1_000;
		MethodSpec.Builder method = MethodSpec.methodBuilder("uartFrame" + uartFrame.name() + "_survivesNoise")
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("UART frame $L (type 0x$L, $L payload bytes, $L bytes on the line, $L us at $L baud 8N1):"
						+ " LinkSender -> the simulated\nUART with a byte error rate of $L -> LinkReceiver. Corrupted"
						+ " frames are rejected, every accepted payload is the one sent\nunder its sequence number, in"
						+ " order, and accepted plus lost frames account for every frame in between.\n$L\n",
						uartFrame.name(), Integer.toHexString(uartFrame.type()), uartFrame.payloadBytes(), frameBytes,
						lineMicros, baud, BYTE_ERROR_RATE, SourceFiles.traceLine(uartFrame.trace()));
		CodeBlock.Builder writers = CodeBlock.builder().add("$T<$T<$T>> fields = $T.of(\n$>",
				List.class, ClassName.get("java.util.function", "ObjIntConsumer"), state, List.class);
		StringBuilder lows = new StringBuilder();
		StringBuilder highs = new StringBuilder();
		StringBuilder offsets = new StringBuilder();
		for (int i = 0; i < uartFrame.fields().size(); i++) {
			RadioIr.UartField field = uartFrame.fields().get(i);
			String separator = i + 1 < uartFrame.fields().size() ? ", " : "";
			writers.add("// $L at byte $L: $L (Model: $L)\n", field.name(), field.offset(),
					UartLinkEmitter.describe(pack, field.source()), field.trace());
			writers.add("$L$L\n", writer(field.source()), separator.isEmpty() ? "" : ",");
			lows.append(lowest(pack, field.source())).append(separator);
			highs.append(highest(pack, field.source())).append(separator);
			offsets.append(field.offset()).append(separator);
		}
		writers.add("$<);\n");
		method.addCode(writers.build())
				.addStatement("int[] offsets = { $L }", offsets).addStatement("int[] lowest = { $L }", lows)
				.addStatement("int[] highest = { $L }", highs)
				.addStatement("$T board = $T.boardBuilder($LL).build()", board, simulatedPack, 0x11A7L + uartFrame.type())
				.addStatement("$T sender = new $T(board.stm32().uart())", sender, sender)
				.addStatement("$T receiver = new $T(board.esp32().uart())", receiver, receiver)
				.addStatement("board.setUartNoise($L)", BYTE_ERROR_RATE)
				.addStatement("$T random = new $T($LL)", java.util.Random.class, java.util.Random.class,
						0x5E9L + uartFrame.type())
				.addStatement("int[][] sent = new int[$L][]", NOISY_FRAMES)
				.addStatement("int firstAccepted = -1").addStatement("int lastAccepted = -1")
				.addStatement("$T state = new $T()", state, state)
				.beginControlFlow("for (int i = 0; i < $L; i++)", NOISY_FRAMES)
				.addStatement("sent[i] = new int[fields.size()]")
				.beginControlFlow("for (int f = 0; f < fields.size(); f++)")
				.addStatement("sent[i][f] = lowest[f] + (int) (random.nextDouble() * ((long) highest[f] - lowest[f] + 1))")
				.addStatement("fields.get(f).accept(state, sent[i][f])").endControlFlow()
				.addStatement("assertEquals(0, sender.send$L(state), \"frame \" + i + \" not taken by the UART\")",
						uartFrame.name())
				.addComment("twice the line time: the line idles between frames")
				.addStatement("board.advance($LL)", gapMicros)
				.beginControlFlow("while (receiver.poll() >= 0)")
				.addComment("one frame on the line at a time: the sequence number names the latest send it can be")
				.addStatement("int index = i - ((i - receiver.sequence()) & 0xFF)")
				.addStatement("assertTrue(index > lastAccepted, \"frames in order: \" + index)")
				.addStatement("assertEquals($L, receiver.payloadLength(), \"payload length\")", uartFrame.payloadBytes())
				.beginControlFlow("for (int f = 0; f < fields.size(); f++)")
				.addStatement("int at = offsets[f]").addStatement("byte[] payload = receiver.payload()")
				.addStatement("int got = (payload[at] & 0xFF) | (payload[at + 1] & 0xFF) << 8"
						+ " | (payload[at + 2] & 0xFF) << 16 | (payload[at + 3] & 0xFF) << 24")
				.addStatement("assertEquals(sent[index][f], got, \"accepted frame \" + index + \" field \" + f"
						+ " + \" differs from what was sent\")")
				.endControlFlow()
				.beginControlFlow("if (firstAccepted < 0)").addStatement("firstAccepted = index").endControlFlow()
				.addStatement("lastAccepted = index")
				.endControlFlow().endControlFlow()
				.addStatement("long accepted = receiver.framesAccepted()")
				.addStatement("assertTrue(board.uartLink().bytesCorrupted() > $L, \"noise injected: \""
						+ " + board.uartLink().bytesCorrupted())", NOISY_FRAMES / 10)
				.addStatement("assertTrue(receiver.framesRejected() > $L, \"rejected \" + receiver.framesRejected())",
						NOISY_FRAMES / 20)
				.addStatement("assertTrue(accepted > $L, \"accepted \" + accepted)", NOISY_FRAMES / 3)
				.addStatement("assertEquals(lastAccepted - firstAccepted + 1, accepted + receiver.framesLost(),"
						+ " \"accepted + lost\")");
		return method.build();
	}

	/** exchange(pack, path, body): one request to the ESP32's simulated HTTP server, answered by its firmware. */
	private static MethodSpec exchange(ClassName simulatedPack) {
		ClassName http = ClassName.get("org.bmsgen.sim.net", "SimHttpServer");
		return MethodSpec.methodBuilder("exchange").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(http.nestedClass("Response")).addParameter(simulatedPack, "pack")
				.addParameter(String.class, "path").addParameter(String.class, "body")
				.addJavadoc("A GET ({@code body} null) or POST to the ESP32's HTTP server, run until the firmware"
						+ " answers (2 s at most).\n")
				.addStatement("$T http = pack.board().esp32().simHttp()", http)
				.addStatement("int before = http.responses().size()")
				.beginControlFlow("if (body == null)").addStatement("http.get(path)")
				.nextControlFlow("else").addStatement("http.post(path, body)").endControlFlow()
				.beginControlFlow("for (int step = 0; step < 200 && http.responses().size() == before; step++)")
				.addStatement("pack.board().advance(10_000L)").endControlFlow()
				.addStatement("assertEquals(before + 1, http.responses().size(), \"no answer to \" + path)")
				.addStatement("return http.lastResponse()").build();
	}

	private static MethodSpec authentication(PackIr pack, RadioIr radio, ClassName simulatedPack) {
		String command = radio.commands().contains("clear-faults") ? "clear-faults" : radio.commands().get(0);
		String other = radio.commands().stream().filter(c -> !c.equals(command)).findFirst().orElse(command);
		ClassName hex = ClassName.get("java.util", "HexFormat");
		ClassName mac = ClassName.get("javax.crypto", "Mac");
		ClassName key = ClassName.get("javax.crypto.spec", "SecretKeySpec");
		ClassName charsets = ClassName.get("java.nio.charset", "StandardCharsets");
		StringBuilder camel = new StringBuilder();
		for (String part : command.split("-")) {
			camel.append(HarnessSources.capitalized(part));
		}
		MethodSpec.Builder method = MethodSpec.methodBuilder("command" + camel + "_onlyAuthenticatedAndNeverReplayed")
				.addAnnotation(HarnessSources.TEST).addException(Exception.class)
				.addJavadoc("Command $L through the ESP32's HTTP server (docs/firmware.md: POST /api/command with"
						+ " command, nonce and\nhmac = HMAC-SHA256(secret, nonce bytes || command name), computed here"
						+ " with javax.crypto): refused without an hmac,\nwith a wrong secret, with a nonce never"
						+ " issued, for another command than signed, and on replay; accepted\nonce with the model's"
						+ " secret, and only that once reaches the STM32.\n$L\n", command,
						SourceFiles.traceLine(radio.trace()));
		method.addStatement("byte[] secret = $S.getBytes($T.UTF_8)", radio.secret(), charsets)
				.addStatement("$T pack = new $T($LL)", simulatedPack, simulatedPack, 0xA17L)
				.addStatement("pack.powerOn()").addStatement("pack.advanceSeconds(1)")
				.addStatement("$T pattern = $T.compile($S)", java.util.regex.Pattern.class,
						java.util.regex.Pattern.class, "\"nonce\":\"([0-9a-fA-F]+)\"")
				.addStatement("$T<String> nonce = () -> {\n$>"
						+ "var response = exchange(pack, $S, null);\n"
						+ "assertEquals(200, response.status(), response.text());\n"
						+ "var matcher = pattern.matcher(response.text());\n"
						+ "assertTrue(matcher.find(), response.text());\n"
						+ "return matcher.group(1);\n$<}", ClassName.get("java.util.concurrent", "Callable"),
						"/api/nonce")
				.addStatement("$T<byte[], String, String> hmac = (key, signed) -> {\n$>"
						+ "try {\n$>"
						+ "$T mac = $T.getInstance($S);\n"
						+ "mac.init(new $T(key, $S));\n"
						+ "mac.update($T.of().parseHex(signed.substring(0, signed.indexOf(' '))));\n"
						+ "return $T.of().formatHex(mac.doFinal(signed.substring(signed.indexOf(' ') + 1)"
						+ ".getBytes($T.US_ASCII)));\n$<"
						+ "} catch ($T e) {\n$>throw new $T(e);\n$<}\n$<}",
						ClassName.get("java.util.function", "BiFunction"), mac, mac, "HmacSHA256", key, "HmacSHA256",
						hex, hex, charsets, java.security.GeneralSecurityException.class, IllegalStateException.class)
				.addStatement("int forwarded = pack.esp32().commandsForwarded()")
				.addStatement("String command = $S", command)
				.addStatement("String other = $S", other)
				.addStatement("String path = $S", "/api/command")
				.addComment("no hmac at all")
				.addStatement("String issued = nonce.call()")
				.addStatement("var response = exchange(pack, path, \"command=\" + command + \"&nonce=\" + issued)")
				.addStatement("assertTrue(response.status() == 400 || response.status() == 401, \"no hmac: \""
						+ " + response.status())")
				.addComment("a wrong secret")
				.addStatement("issued = nonce.call()")
				.addStatement("response = exchange(pack, path, \"command=\" + command + \"&nonce=\" + issued"
						+ " + \"&hmac=\" + hmac.apply(\"not-the-secret\".getBytes($T.UTF_8), issued + \" \" + command))",
						charsets)
				.addStatement("assertEquals(401, response.status(), \"wrong secret\")")
				.addComment("a nonce the ESP32 never issued (a fresh one is outstanding)")
				.addStatement("issued = nonce.call()")
				.addStatement("String forged = issued.substring(0, issued.length() - 1) + (issued.endsWith(\"0\")"
						+ " ? \"1\" : \"0\")")
				.addStatement("response = exchange(pack, path, \"command=\" + command + \"&nonce=\" + forged"
						+ " + \"&hmac=\" + hmac.apply(secret, forged + \" \" + command))")
				.addStatement("assertEquals(401, response.status(), \"nonce never issued\")");
		if (!other.equals(command)) {
			method.addComment("signed for one command, sent as another")
					.addStatement("issued = nonce.call()")
					.addStatement("response = exchange(pack, path, \"command=\" + other + \"&nonce=\" + issued"
							+ " + \"&hmac=\" + hmac.apply(secret, issued + \" \" + command))")
					.addStatement("assertEquals(401, response.status(), \"hmac of another command\")");
		}
		method.addStatement("pack.advanceSeconds(1)")
				.addStatement("assertEquals(forwarded, pack.esp32().commandsForwarded(), \"a refused command reached"
						+ " the STM32\")")
				.addComment("authentic: accepted once")
				.addStatement("issued = nonce.call()")
				.addStatement("String body = \"command=\" + command + \"&nonce=\" + issued + \"&hmac=\""
						+ " + hmac.apply(secret, issued + \" \" + command)")
				.addStatement("response = exchange(pack, path, body)")
				.addStatement("assertEquals(200, response.status(), response.text())")
				.addStatement("pack.advanceSeconds(1)")
				.addStatement("assertEquals(forwarded + 1, pack.esp32().commandsForwarded(), \"the authentic command"
						+ " forwarded once\")")
				.addComment("replay of the very same request")
				.addStatement("response = exchange(pack, path, body)")
				.addStatement("assertEquals(401, response.status(), \"replay\")")
				.addStatement("pack.advanceSeconds(1)")
				.addStatement("assertEquals(forwarded + 1, pack.esp32().commandsForwarded(), \"the replay reached"
						+ " the STM32\")");
		return method.build();
	}

	/** check(frame data, signal, value written): within half a step inside the range, saturated outside it. */
	private static MethodSpec check(ClassName layout) {
		return MethodSpec.methodBuilder("assertDecodes").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.addParameter(byte[].class, "data").addParameter(layout, "signal").addParameter(TypeName.INT, "value")
				.addParameter(String.class, "where")
				.addJavadoc("The signal decodes back to {@code value} within half a step; a value beyond the raw range"
						+ " gives the range's edge.\nExact: both sides times 2 x scale denominator x offset"
						+ " denominator.\n")
				.addStatement("long raw = rawOf(data, signal)")
				.addStatement("long rawMin = signal.signed() ? -(1L << (signal.length() - 1)) : 0")
				.addStatement("long rawMax = signal.signed() ? (1L << (signal.length() - 1)) - 1"
						+ " : (1L << signal.length()) - 1")
				.addStatement("long d = signal.scaleDenominator() * signal.offsetDenominator()")
				.addComment("value and decoded value in units of 1 / d")
				.addStatement("long wanted = value * d")
				.addStatement("long step = Math.abs(signal.scaleNumerator()) * signal.offsetDenominator()")
				.addStatement("long offset = signal.offsetNumerator() * signal.scaleDenominator()")
				.addStatement("long decoded = raw * step + offset")
				.addStatement("long lowest = rawMin * step + offset")
				.addStatement("long highest = rawMax * step + offset")
				.addStatement("String what = where + \": \" + signal.name() + \" = \" + value + \", raw \" + raw")
				.beginControlFlow("if (2 * (lowest - wanted) > step)")
				.addStatement("assertEquals(rawMin, raw, what + \" (below the range: saturated low)\")")
				.nextControlFlow("else if (2 * (wanted - highest) > step)")
				.addStatement("assertEquals(rawMax, raw, what + \" (above the range: saturated high)\")")
				.nextControlFlow("else")
				.addStatement("assertTrue(2 * Math.abs(decoded - wanted) <= step, what + \" decodes to \" + decoded"
						+ " + \"/\" + d)")
				.endControlFlow().build();
	}

	private static MethodSpec messageTest(PackIr pack, CanIr can, CanIr.Message message, ClassName state,
			ClassName telemetry, ClassName frame, ClassName layout) {
		boolean brs = message.fd() && can.bus() != null && can.bus().bitRateSwitch();
		MethodSpec.Builder method = MethodSpec.methodBuilder(HarnessSources.decapitalized(message.name())
				+ "_decodesThroughDbcLayout").addAnnotation(HarnessSources.TEST)
				.addJavadoc("Message $L (id 0x$L$L$L, $L bytes): every signal decodes back to the value written, for"
						+ " typical, random and\nsaturating values; no other bit set.\n$L\n", message.name(),
						Integer.toHexString(message.id()).toUpperCase(), message.extended() ? " extended" : "",
						message.fd() ? ", CAN FD" + (brs ? " with bit rate switch" : "") : ", classic",
						message.lengthBytes(), SourceFiles.traceLine(message.trace()))
				.addException(Exception.class);
		CodeBlock.Builder signals = CodeBlock.builder().add("$T[] signals = {\n$>", layout);
		for (int i = 0; i < message.signals().size(); i++) {
			CanIr.Signal signal = message.signals().get(i);
			signals.add("// $L: $L$L\n", signal.name(), UartLinkEmitter.describe(pack, signal.source()),
					" (Model: " + signal.trace() + ")");
			long[] randomRange = randomRange(pack, signal);
			signals.add("new $T($S, $L, $L, $L, $L, $LL, $LL, $LL, $LL, $L, $L, $L, $L, $L)$L\n", layout, signal.name(),
					signal.startBit(), signal.length(), signal.bigEndian(), signal.signed(),
					signal.scale().numerator(), signal.scale().denominator(), signal.offset().numerator(),
					signal.offset().denominator(), lowest(pack, signal.source()), highest(pack, signal.source()),
					randomRange[0], randomRange[1], writer(signal.source()), i + 1 < message.signals().size() ? "," : "");
		}
		signals.add("$<};\n");
		method.addCode(signals.build());
		method.addStatement("boolean[] used = new boolean[$L]", message.lengthBytes() * 8)
				.beginControlFlow("for ($T signal : signals)", layout).addStatement("markBits(used, signal)")
				.endControlFlow()
				.addStatement("$T random = new $T($LL)", java.util.Random.class, java.util.Random.class,
						0x7e1e0000L + message.id())
				.addStatement("$T frame = new $T()", frame, frame)
				.addStatement("int[] values = new int[signals.length]")
				.addComment("frames 0..2: lowest, highest, middle of each source; then random; the last two beyond the"
						+ " raw range")
				.beginControlFlow("for (int trial = 0; trial < $L; trial++)", RANDOM_FRAMES + 5)
				.addStatement("$T state = new $T()", state, state)
				.beginControlFlow("for (int s = 0; s < signals.length; s++)")
				.addStatement("$T signal = signals[s]", layout)
				.addStatement("long value = switch (trial) {\n$>"
						+ "case 0 -> signal.randomLow();\n"
						+ "case 1 -> signal.randomHigh();\n"
						+ "case 2 -> ((long) signal.randomLow() + signal.randomHigh()) / 2;\n"
						+ "case $L -> signal.lowest();\n"
						+ "case $L -> signal.highest();\n"
						+ "default -> signal.randomLow() + (long) (random.nextDouble() * ((long) signal.randomHigh()"
						+ " - signal.randomLow() + 1));\n$<}", RANDOM_FRAMES + 3, RANDOM_FRAMES + 4)
				.addStatement("values[s] = (int) Math.max(signal.lowest(), Math.min(signal.highest(), value))")
				.addStatement("signal.write().accept(state, values[s])")
				.endControlFlow()
				.addStatement("$T.encode$L(state, frame)", telemetry, HarnessSources.capitalized(message.name()))
				.addStatement("assertEquals(0x$L, frame.id(), \"identifier\")",
						Integer.toHexString(message.id()).toUpperCase())
				.addStatement("assertEquals($L, frame.isExtended(), \"extended identifier\")", message.extended())
				.addStatement("assertEquals($L, frame.isFd(), \"CAN FD\")", message.fd())
				.addStatement("assertEquals($L, frame.isBitRateSwitch(), \"bit rate switch\")", brs)
				.addStatement("assertEquals($L, frame.length(), \"length\")", message.lengthBytes())
				.beginControlFlow("for (int s = 0; s < signals.length; s++)")
				.addStatement("assertDecodes(frame.data, signals[s], values[s], \"trial \" + trial)")
				.endControlFlow()
				.beginControlFlow("for (int bit = 0; bit < used.length; bit++)")
				.beginControlFlow("if (!used[bit])")
				.addStatement("assertEquals(0, frame.data[bit >>> 3] & (1 << (bit & 7)), \"trial \" + trial + \":"
						+ " bit \" + bit + \" belongs to no signal\")")
				.endControlFlow().endControlFlow()
				.endControlFlow();
		return method.build();
	}

	/**
	 * The signal's raw range in its source's unit (raw x scale + offset), two steps wider each side, within the
	 * source's values: where the random values fall, so that most are inside the range and its edges are met.
	 */
	private static long[] randomRange(PackIr pack, CanIr.Signal signal) {
		double step = Math.abs((double) signal.scale().numerator() / signal.scale().denominator());
		double offset = (double) signal.offset().numerator() / signal.offset().denominator();
		double low = signal.rawMin() * step + offset - 2 * step;
		double high = signal.rawMax() * step + offset + 2 * step;
		long lowest = lowest(pack, signal.source());
		long highest = highest(pack, signal.source());
		return new long[] { Math.max(lowest, Math.min(highest, (long) Math.floor(low))),
				Math.max(lowest, Math.min(highest, (long) Math.ceil(high))) };
	}

	/** The PackState field the firmware reads a measurement from (docs/firmware.md, PackState). */
	static String field(MeasuredQuantity quantity) {
		return switch (quantity) {
		case PACK_CURRENT -> "packMa";
		case PACK_VOLTAGE -> "packMv";
		case MIN_CELL -> "minCellMv";
		case MAX_CELL -> "maxCellMv";
		case CELL_DELTA -> "cellDeltaMv";
		case SOC -> "socBp";
		case MAX_TEMPERATURE -> "maxTemperatureCentiDegC";
		case MIN_TEMPERATURE -> "minTemperatureCentiDegC";
		};
	}

	private static String writer(SignalSource source) {
		return switch (source.kind()) {
		case MEASUREMENT -> source.cellIndex() >= 0 ? "(s, v) -> s.cellMv[" + source.cellIndex() + "] = v"
				: "(s, v) -> s." + field(source.measurement()) + " = v";
		case STATE -> "(s, v) -> s.machineState[" + source.stateMachine() + "] = v";
		case FAULT -> "(s, v) -> s.faultWord = v == 0 ? s.faultWord & ~(1 << " + source.protection()
				+ ") : s.faultWord | (1 << " + source.protection() + ")";
		};
	}

	/** The lowest value a source holds: a state index from 0, a fault flag 0, a measurement far below any raw range. */
	private static int lowest(PackIr pack, SignalSource source) {
		return switch (source.kind()) {
		case MEASUREMENT -> -1_000_000_000;
		case STATE, FAULT -> 0;
		};
	}

	private static int highest(PackIr pack, SignalSource source) {
		return switch (source.kind()) {
		case MEASUREMENT -> 1_000_000_000;
		case STATE -> pack.stateMachines().get(source.stateMachine()).states().size() - 1;
		case FAULT -> 1;
		};
	}
}
