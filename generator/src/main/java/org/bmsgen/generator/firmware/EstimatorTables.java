package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;

/**
 * Literals and tables the estimator emitters share: {@code float} literals exactly as {@link Float#toString(float)}
 * prints them (the same on every machine), and the private flattened tables the estimators interpolate in.
 */
final class EstimatorTables {

	private EstimatorTables() {
	}

	static CodeBlock floatLiteral(float value) {
		if (Float.isNaN(value) || Float.isInfinite(value)) {
			throw new IllegalArgumentException("not a finite float: " + value);
		}
		return CodeBlock.of("$Lf", Float.toString(value));
	}

	static FieldSpec floatConstant(String name, float value, String javadoc, org.bmsgen.generator.ir.Trace trace) {
		return SourceFiles.constant(TypeName.FLOAT, name, floatLiteral(value), javadoc, trace);
	}

	/** A private {@code static final float[]}, one element a line with what it is. */
	static FieldSpec floatTable(String name, List<Float> values, List<String> comments, String javadoc) {
		List<CodeBlock> literals = new ArrayList<>();
		for (float value : values) {
			literals.add(floatLiteral(value));
		}
		return FieldSpec.builder(ArrayTypeName.of(TypeName.FLOAT), name, Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).addJavadoc("$L\n", javadoc).initializer(SourceFiles.table(literals, comments)).build();
	}

	/** A private {@code static final int[]} (or long[]), one element a line with what it is. */
	static FieldSpec intTable(TypeName element, String name, List<? extends Number> values, List<String> comments,
			String javadoc) {
		List<CodeBlock> literals = new ArrayList<>();
		for (Number value : values) {
			literals.add(element.equals(TypeName.LONG) ? CodeBlock.of("$LL", value.longValue())
					: CodeBlock.of("$L", value.intValue()));
		}
		return FieldSpec.builder(ArrayTypeName.of(element), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
				.addJavadoc("$L\n", javadoc).initializer(SourceFiles.table(literals, comments)).build();
	}

	static String percent(float fraction) {
		return Float.toString(Math.round(fraction * 10000f) / 100f) + " %";
	}

	static String degrees(int centiDegC) {
		return (centiDegC / 100.0) + " degC";
	}
}
