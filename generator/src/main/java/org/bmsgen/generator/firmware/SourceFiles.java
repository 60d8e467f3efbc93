package org.bmsgen.generator.firmware;

import java.util.List;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.artifacts.ArtifactHeader;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.Trace;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * The fragments every firmware emitter shares: the file header, the trace line of a member's javadoc, constants
 * and constant tables as the firmware profile wants them (static final, Java 7 literals, one table element a line
 * with what it is).
 */
final class SourceFiles {

	/** Four spaces, as the platform module is written. */
	private static final String INDENT = "    ";

	private SourceFiles() {
	}

	/** An STM32 file: see {@link #file(PackIr, FirmwareImage, String, TypeSpec)}. */
	static GeneratedSource file(PackIr pack, String what, TypeSpec type) {
		return file(pack, FirmwareImage.STM32, what, type);
	}

	/** The file of a top-level type with the artifacts' header (pack, model files, generator version; no date). */
	static GeneratedSource file(PackIr pack, FirmwareImage image, String what, TypeSpec type) {
		String packageName = FirmwarePackage.of(pack, image);
		JavaFile.Builder file = JavaFile.builder(packageName, type).skipJavaLangImports(true).indent(INDENT);
		List<String> header = ArtifactHeader.lines(pack, what);
		file.addFileComment("$L", String.join("\n", header));
		return new GeneratedSource(packageName, type.name(), file.build().toString());
	}

	/** A final class that is never instantiated: the holder of a pack's constants. */
	static TypeSpec.Builder constantsClass(String name) {
		return TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
	}

	/** The javadoc line naming the model element a member comes from. */
	static String traceLine(Trace trace) {
		return trace.line() == 0 ? "Model: no source line." : "Model: " + trace + ".";
	}

	static FieldSpec constant(TypeName type, String name, CodeBlock value, String javadoc, Trace trace) {
		return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL).initializer(value)
				.addJavadoc("$L\n$L\n", javadoc, traceLine(trace)).build();
	}

	static FieldSpec intConstant(String name, long value, String javadoc, Trace trace) {
		return constant(TypeName.INT, name, CodeBlock.of("$L", toInt(name, value)), javadoc, trace);
	}

	/** An int constant printed in hex (register addresses, codes): {@code 0x0B}. */
	static FieldSpec hexConstant(String name, int value, String javadoc, Trace trace) {
		return constant(TypeName.INT, name, CodeBlock.of("$L", hex(value)), javadoc, trace);
	}

	/** An int constant printed as four hex digits (16-bit UUIDs, numbers in a UUID): {@code 0x180F}. */
	static FieldSpec hexConstantWide(String name, int value, String javadoc, Trace trace) {
		return constant(TypeName.INT, name, CodeBlock.of("$L", String.format("0x%04X", value)), javadoc, trace);
	}

	/** A register byte as the firmware writes it: {@code (byte) 0x93}. */
	static FieldSpec byteConstant(String name, int value, String javadoc, Trace trace) {
		return constant(TypeName.BYTE, name, byteLiteral(value), javadoc, trace);
	}

	/** A small code a byte column holds, in decimal: {@code 1}. */
	static FieldSpec codeConstant(String name, int value, String javadoc, Trace trace) {
		if (value < 0 || value > Byte.MAX_VALUE) {
			throw new IllegalArgumentException("code out of range: " + value);
		}
		return constant(TypeName.BYTE, name, CodeBlock.of("$L", value), javadoc, trace);
	}

	static FieldSpec booleanConstant(String name, boolean value, String javadoc, Trace trace) {
		return constant(TypeName.BOOLEAN, name, CodeBlock.of("$L", value), javadoc, trace);
	}

	static CodeBlock byteLiteral(int value) {
		if (value < 0 || value > 0xFF) {
			throw new IllegalArgumentException("register byte out of range: " + value);
		}
		return CodeBlock.of("(byte) $L", hex(value));
	}

	static String hex(int value) {
		return String.format("0x%02X", value);
	}

	static int toInt(String what, long value) {
		if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(what + " = " + value + " does not fit the firmware's int");
		}
		return (int) value;
	}

	/**
	 * A table initializer, one element a line with a comment saying what it is: {@code {\n 4, // 0 packOvervoltage\n}}.
	 */
	static CodeBlock table(List<CodeBlock> values, List<String> comments) {
		CodeBlock.Builder table = CodeBlock.builder().add("{\n").indent();
		for (int i = 0; i < values.size(); i++) {
			table.add("$L, // $L\n", values.get(i), comments.get(i));
		}
		return table.unindent().add("}").build();
	}
}
