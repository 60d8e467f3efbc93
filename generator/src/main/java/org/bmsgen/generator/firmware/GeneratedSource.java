package org.bmsgen.generator.firmware;

import java.nio.charset.StandardCharsets;

/**
 * One generated Java source file: its package, its top-level type and its text (UTF-8, LF line endings).
 */
public record GeneratedSource(String packageName, String typeName, String text) {

	public GeneratedSource {
		if (text.indexOf('\r') >= 0) {
			throw new IllegalArgumentException(typeName + " contains a carriage return: sources use LF line endings");
		}
	}

	/** The file's path under a source root, '/'-separated: {@code org/bmsgen/firmware/smart4s/AfeConfiguration.java}. */
	public String relativePath() {
		return packageName.replace('.', '/') + "/" + typeName + ".java";
	}

	/** The fully qualified name of the type: what a class loader finds it by. */
	public String qualifiedName() {
		return packageName + "." + typeName;
	}

	public byte[] bytes() {
		return text.getBytes(StandardCharsets.UTF_8);
	}
}
