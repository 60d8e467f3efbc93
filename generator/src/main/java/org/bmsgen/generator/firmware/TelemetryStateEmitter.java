package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;
import org.bmsgen.generator.ir.SignalSource;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code TelemetryState.java} (ESP32 image): the latest value of every field of every modelled UART telemetry
 * frame, decoded from the frame's payload as {@link RadioIr.UartFrame} lays it out (each field a signed 32-bit
 * little-endian integer in its source's fixed-point unit), with the time each frame last arrived. What the HTTP
 * API and the BLE service publish is read here. Fields are numbered flat over all frames ({@code FIELD_*}), each
 * frame's fields contiguous; a field's key (JSON, accessor) is its model name with its unit's suffix
 * ({@code packVoltageMv}).
 */
public final class TelemetryStateEmitter {

	public static final String TYPE_NAME = "TelemetryState";

	/**
	 * A frame older than this many of its periods is no longer valid: one frame lost to noise does not blank the
	 * dashboard, three in a row (a link down) do.
	 */
	static final int STALE_PERIODS = 3;

	/** The key of a field in JSON and in accessor names: {@code packVoltageMv}, {@code socBp}, {@code state}. */
	static String fieldKey(RadioIr.UartField field) {
		return field.name() + field.source().unit().suffix();
	}

	static String frameConstant(RadioIr.UartFrame frame) {
		return "FRAME_" + PackStateEmitter.constantName(frame.name());
	}

	static String fieldConstant(RadioIr.UartFrame frame, RadioIr.UartField field) {
		return "FIELD_" + PackStateEmitter.constantName(frame.name()) + "_" + PackStateEmitter.constantName(field.name());
	}

	/** Every field of every frame in flat order, with its frame. */
	static List<RadioIr.UartField> fields(PackIr pack) {
		List<RadioIr.UartField> fields = new ArrayList<>();
		for (RadioIr.UartFrame frame : pack.radio().frames()) {
			fields.addAll(frame.fields());
		}
		return fields;
	}

	/** The first field (frames in order) carrying this kind of source (and measurement, when given), or null. */
	static RadioIr.UartField firstField(PackIr pack, SignalSource.Kind kind, org.bmsgen.generator.ir.MeasuredQuantity quantity) {
		for (RadioIr.UartField field : fields(pack)) {
			if (field.source().kind() == kind && (quantity == null || field.source().measurement() == quantity)) {
				return field;
			}
		}
		return null;
	}

	/** The constant naming a field, looked up by the field object. */
	static String fieldConstant(PackIr pack, RadioIr.UartField wanted) {
		for (RadioIr.UartFrame frame : pack.radio().frames()) {
			for (RadioIr.UartField field : frame.fields()) {
				if (field == wanted) {
					return fieldConstant(frame, field);
				}
			}
		}
		throw new IllegalArgumentException(wanted.name());
	}

	public GeneratedSource emit(PackIr pack) {
		List<RadioIr.UartFrame> frames = pack.radio().frames();
		List<RadioIr.UartField> fields = fields(pack);
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("The latest telemetry pack $L's STM32 sent over the UART link: every field of every modelled"
						+ " frame, as the frame's\npayload carries it (int32 little endian in the field's fixed-point"
						+ " unit), and when each frame arrived.\nAllocated once; {@link #update} overwrites a frame's"
						+ " fields.\n$L\n", pack.name(), SourceFiles.traceLine(pack.radio().trace()));
		type.addField(SourceFiles.intConstant("FRAME_COUNT", frames.size(), "Modelled telemetry frames.",
				pack.radio().trace()));
		type.addField(SourceFiles.intConstant("FIELD_COUNT", fields.size(), "Fields of all frames together.",
				pack.radio().trace()));
		type.addField(SourceFiles.intConstant("STALE_PERIODS", STALE_PERIODS, "A frame older than this many of its"
				+ " periods is not valid (one lost frame is tolerated, a silent link is not).", pack.radio().trace()));
		List<CodeBlock> typeCodes = new ArrayList<>();
		List<CodeBlock> payloadBytes = new ArrayList<>();
		List<CodeBlock> periods = new ArrayList<>();
		List<CodeBlock> firstFields = new ArrayList<>();
		List<CodeBlock> frameNames = new ArrayList<>();
		List<String> frameComments = new ArrayList<>();
		List<CodeBlock> offsets = new ArrayList<>();
		List<CodeBlock> keys = new ArrayList<>();
		List<String> fieldComments = new ArrayList<>();
		int flat = 0;
		for (int f = 0; f < frames.size(); f++) {
			RadioIr.UartFrame frame = frames.get(f);
			type.addField(SourceFiles.intConstant(frameConstant(frame), f, "Index of frame " + frame.name() + " (type "
					+ SourceFiles.hex(frame.type()) + ", every " + frame.periodMs() + " ms).", frame.trace()));
			typeCodes.add(CodeBlock.of("$L", SourceFiles.hex(frame.type())));
			payloadBytes.add(CodeBlock.of("$L", frame.payloadBytes()));
			periods.add(CodeBlock.of("$L", frame.periodMs()));
			firstFields.add(CodeBlock.of("$L", flat));
			frameNames.add(CodeBlock.of("$S", frame.name()));
			frameComments.add(frame.name() + ", " + frame.trace());
			for (RadioIr.UartField field : frame.fields()) {
				type.addField(SourceFiles.intConstant(fieldConstant(frame, field), flat, "Field " + field.name()
						+ " of frame " + frame.name() + ", " + unitText(field) + ".", field.trace()));
				offsets.add(CodeBlock.of("$L", field.offset()));
				keys.add(CodeBlock.of("$S", fieldKey(field)));
				fieldComments.add(frame.name() + "." + field.name() + ", " + field.trace());
				flat++;
			}
		}
		table(type, TypeName.INT, "FRAME_TYPES", typeCodes, frameComments, "Each frame's UART type byte.");
		table(type, TypeName.INT, "FRAME_PAYLOAD_BYTES", payloadBytes, frameComments, "Each frame's payload length.");
		table(type, TypeName.INT, "FRAME_PERIOD_MS", periods, frameComments, "Each frame's modelled period.");
		table(type, TypeName.INT, "FRAME_FIRST_FIELD", firstFields, frameComments, "Flat index of each frame's first"
				+ " field.");
		table(type, ClassName.get(String.class), "FRAME_NAMES", frameNames, frameComments, "Each frame's model name.");
		table(type, TypeName.INT, "FIELD_OFFSETS", offsets, fieldComments, "Each field's byte offset in its frame's"
				+ " payload.");
		table(type, ClassName.get(String.class), "FIELD_KEYS", keys, fieldComments, "Each field's key: model name and"
				+ " unit suffix.");
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "values", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new int[FIELD_COUNT]").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.LONG), "receivedMicros", Modifier.PRIVATE,
				Modifier.FINAL).initializer("new long[FRAME_COUNT]").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "updates", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new int[FRAME_COUNT]").build());
		publicCounter(type, TypeName.LONG, "linkFramesAccepted", "Frames the link receiver accepted (its counter, copied each tick).");
		publicCounter(type, TypeName.LONG, "linkFramesRejected", "Frames the link receiver rejected (bad length or CRC).");
		publicCounter(type, TypeName.LONG, "linkFramesLost", "Frames lost, from gaps in the sequence numbers.");
		publicCounter(type, TypeName.INT, "unknownFrames", "Valid link frames of a type or length no modelled frame has.");

		type.addMethod(MethodSpec.methodBuilder("update").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "frameType").addParameter(byte[].class, "payload")
				.addParameter(TypeName.INT, "length").addParameter(TypeName.LONG, "nowMicros")
				.addJavadoc("Decodes a frame the link accepted into the fields of the modelled frame of its type.\n"
						+ "@param frameType the frame's type byte\n@param payload the payload bytes, from index 0\n"
						+ "@param length payload bytes\n@param nowMicros arrival time\n@return {@link $T#OK}, or"
						+ " {@link $T#INVALID_ARGUMENT} (counted in {@link #unknownFrames}) for\n         a type no"
						+ " frame has or a length other than the frame's\n", status, status)
				.beginControlFlow("for (int frame = 0; frame < FRAME_COUNT; frame++)")
				.beginControlFlow("if (FRAME_TYPES[frame] == frameType && FRAME_PAYLOAD_BYTES[frame] == length)")
				.addStatement("int end = frame + 1 < FRAME_COUNT ? FRAME_FIRST_FIELD[frame + 1] : FIELD_COUNT")
				.beginControlFlow("for (int field = FRAME_FIRST_FIELD[frame]; field < end; field++)")
				.addStatement("int at = FIELD_OFFSETS[field]")
				.addStatement("values[field] = (payload[at] & 0xFF) | (payload[at + 1] & 0xFF) << 8"
						+ " | (payload[at + 2] & 0xFF) << 16 | payload[at + 3] << 24")
				.endControlFlow()
				.addStatement("receivedMicros[frame] = nowMicros").addStatement("updates[frame]++")
				.addStatement("return $T.OK", status)
				.endControlFlow().endControlFlow()
				.addStatement("unknownFrames++").addStatement("return $T.INVALID_ARGUMENT", status).build());
		type.addMethod(MethodSpec.methodBuilder("value").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "field")
				.addJavadoc("@param field a {@code FIELD_*} constant\n@return the field's latest value in its unit, 0"
						+ " before its frame arrived\n")
				.addStatement("return values[field]").build());
		type.addMethod(MethodSpec.methodBuilder("updates").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.INT, "frame")
				.addJavadoc("@param frame a {@code FRAME_*} constant\n@return how often the frame arrived\n")
				.addStatement("return updates[frame]").build());
		type.addMethod(MethodSpec.methodBuilder("ageMicros").addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
				.addParameter(TypeName.INT, "frame").addParameter(TypeName.LONG, "nowMicros")
				.addJavadoc("@param frame a {@code FRAME_*} constant\n@param nowMicros the time now\n@return time since"
						+ " the frame last arrived, -1 if it never did\n")
				.beginControlFlow("if (updates[frame] == 0)").addStatement("return -1").endControlFlow()
				.addStatement("return nowMicros - receivedMicros[frame]").build());
		type.addMethod(MethodSpec.methodBuilder("isValid").addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
				.addParameter(TypeName.INT, "frame").addParameter(TypeName.LONG, "nowMicros")
				.addJavadoc("@param frame a {@code FRAME_*} constant\n@param nowMicros the time now\n@return true if the"
						+ " frame arrived within {@link #STALE_PERIODS} of its periods\n")
				.addStatement("long age = ageMicros(frame, nowMicros)")
				.addStatement("return age >= 0 && age <= STALE_PERIODS * 1000L * FRAME_PERIOD_MS[frame]").build());
		type.addMethod(MethodSpec.methodBuilder("frameName").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(String.class).addParameter(TypeName.INT, "frame")
				.addJavadoc("@param frame a {@code FRAME_*} constant\n@return the frame's model name (a constant)\n")
				.addStatement("return FRAME_NAMES[frame]").build());
		type.addMethod(MethodSpec.methodBuilder("fieldKey").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(String.class).addParameter(TypeName.INT, "field")
				.addJavadoc("@param field a {@code FIELD_*} constant\n@return the field's key, model name and unit"
						+ " suffix (a constant)\n")
				.addStatement("return FIELD_KEYS[field]").build());
		type.addMethod(MethodSpec.methodBuilder("firstField").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "frame")
				.addJavadoc("@param frame a {@code FRAME_*} constant\n@return the flat index of the frame's first"
						+ " field\n")
				.addStatement("return FRAME_FIRST_FIELD[frame]").build());
		type.addMethod(MethodSpec.methodBuilder("fieldEnd").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(TypeName.INT, "frame")
				.addJavadoc("@param frame a {@code FRAME_*} constant\n@return one past the flat index of the frame's"
						+ " last field\n")
				.addStatement("return frame + 1 < FRAME_COUNT ? FRAME_FIRST_FIELD[frame + 1] : FIELD_COUNT").build());
		Set<String> keysSeen = new HashSet<>();
		for (RadioIr.UartFrame frame : frames) {
			for (RadioIr.UartField field : frame.fields()) {
				String key = fieldKey(field);
				String accessor = keysSeen.add(key) ? key
						: Character.toLowerCase(frame.name().charAt(0)) + frame.name().substring(1)
								+ Character.toUpperCase(key.charAt(0)) + key.substring(1);
				type.addMethod(MethodSpec.methodBuilder(accessor).addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
						.addJavadoc("@return field $L of frame $L, $L\n$L\n", field.name(), frame.name(), unitText(field),
								SourceFiles.traceLine(field.trace()))
						.addStatement("return values[$L]", fieldConstant(frame, field)).build());
			}
		}
		return SourceFiles.file(pack, FirmwareImage.ESP32, "Telemetry state", type.build());
	}

	static String unitText(RadioIr.UartField field) {
		SignalSource source = field.source();
		return switch (source.kind()) {
		case STATE -> "the state index of its state machine";
		case FAULT -> "1 while its protection is tripped, else 0";
		case MEASUREMENT -> switch (source.unit()) {
			case MILLIVOLT -> "in mV";
			case MILLIAMPERE -> "in mA, positive while charging";
			case BASIS_POINT -> "in 0.01 % (10000 = 100 %)";
			case CENTI_DEGREE_CELSIUS -> "in 0.01 degC";
			default -> "in " + source.unit().name();
			};
		};
	}

	private static void publicCounter(TypeSpec.Builder type, TypeName counter, String name, String doc) {
		type.addField(FieldSpec.builder(counter, name, Modifier.PUBLIC).addJavadoc("$L\n", doc).build());
	}

	private static void table(TypeSpec.Builder type, TypeName element, String name, List<CodeBlock> values,
			List<String> comments, String doc) {
		type.addField(FieldSpec.builder(ArrayTypeName.of(element), name, Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).addJavadoc("$L\n", doc).initializer(values.isEmpty() ? CodeBlock.of("{}")
						: SourceFiles.table(values, comments)).build());
	}
}
