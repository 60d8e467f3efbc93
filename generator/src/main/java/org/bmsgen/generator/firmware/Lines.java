package org.bmsgen.generator.firmware;

import com.palantir.javapoet.CodeBlock;

/**
 * A method body written as the lines of fixed code it prints, for emitters whose bodies do not depend on the
 * model (the flash log's algorithms): a line ending in <code>{</code> opens a block
 * ({@code beginControlFlow}), <code>}</code> closes one, <code>} else {</code> and <code>} else if (..) {</code>
 * continue one, a line starting with {@code //} is a comment, and any other line is a statement (the semicolon
 * is added). Each line is printed through {@code $L}, so no text is read as a JavaPoet format.
 */
final class Lines {

	private Lines() {
	}

	static CodeBlock of(String... lines) {
		CodeBlock.Builder code = CodeBlock.builder();
		for (String line : lines) {
			if (line.startsWith("//")) {
				code.add("$L\n", line);
			} else if (line.startsWith("} ") && line.endsWith("{")) {
				code.nextControlFlow("$L", line.substring(2, line.length() - 2));
			} else if (line.equals("}")) {
				code.endControlFlow();
			} else if (line.endsWith("{")) {
				code.beginControlFlow("$L", line.substring(0, line.length() - 2));
			} else {
				code.addStatement("$L", line);
			}
		}
		return code.build();
	}
}
