package org.bmsgen.generator.artifacts;

import java.nio.charset.StandardCharsets;

/**
 * One generated file: its name (no folders) and its text, LF line endings, written as UTF-8.
 */
public record GeneratedArtifact(String fileName, String text) {

	public GeneratedArtifact {
		if (text.indexOf('\r') >= 0) {
			throw new IllegalArgumentException(fileName + " contains a carriage return: artifacts use LF line endings");
		}
	}

	public byte[] bytes() {
		return text.getBytes(StandardCharsets.UTF_8);
	}
}
