package org.bmsgen.generator.firmware;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.CanIr;
import org.bmsgen.generator.ir.MeasuredQuantity;
import org.bmsgen.generator.ir.PackIr;
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
 * model's. No test class for a pack without CAN messages.
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
		for (CanIr.Message message : can.messages()) {
			type.addMethod(messageTest(pack, can, message, state, telemetry, frame, layout));
		}
		return List.of(HarnessSources.file(pack, "Telemetry harness", type.build()));
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
		case MEASUREMENT -> "(s, v) -> s." + field(source.measurement()) + " = v";
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
