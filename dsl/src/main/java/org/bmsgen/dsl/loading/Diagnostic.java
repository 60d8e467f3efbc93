package org.bmsgen.dsl.loading;

import java.util.Comparator;

/**
 * One problem found in a model file, positioned for an editor or a terminal:
 * {@code path:line:col: error|warning: message [code]}. Line and column start at 1.
 */
public record Diagnostic(String path, int line, int column, Severity severity, String message, String code) {

	public enum Severity {
		ERROR, WARNING;

		@Override
		public String toString() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/** By file, then position; the order of `check` output. */
	public static final Comparator<Diagnostic> ORDER = Comparator.comparing(Diagnostic::path)
			.thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column)
			.thenComparing(Diagnostic::severity).thenComparing(Diagnostic::message);

	public static Diagnostic error(String path, int line, int column, String message, String code) {
		return new Diagnostic(path, line, column, Severity.ERROR, message, code);
	}

	public boolean isError() {
		return severity == Severity.ERROR;
	}

	/** The one-line form the command line prints. */
	public String format() {
		return path + ":" + line + ":" + column + ": " + severity + ": " + message.replace('\n', ' ')
				+ (code == null ? "" : " [" + code + "]");
	}

	@Override
	public String toString() {
		return format();
	}
}
