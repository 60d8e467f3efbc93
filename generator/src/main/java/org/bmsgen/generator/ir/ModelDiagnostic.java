package org.bmsgen.generator.ir;

/**
 * A finding of loading or validating a model file, with its position: what the toolchain prints instead of a
 * stack trace.
 *
 * @param file the file, relative to the models' root where it lies below it
 * @param line 1-based, 0 when unknown
 * @param code the issue code ({@code org.bmsgen.dsl.validation.IssueCodes}), or "" for syntax and linking
 */
public record ModelDiagnostic(Severity severity, String file, int line, int column, String message, String code) {

	public enum Severity {
		ERROR, WARNING, INFO
	}

	public boolean isError() {
		return severity == Severity.ERROR;
	}

	/** "smart4s.bms:41:3: error: ..." */
	@Override
	public String toString() {
		return file + ":" + line + ":" + column + ": " + severity.name().toLowerCase() + ": " + message;
	}
}
