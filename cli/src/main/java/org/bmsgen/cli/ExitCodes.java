package org.bmsgen.cli;

/** The exit codes of every bmsgen command. */
public final class ExitCodes {

	public static final int OK = 0;
	/** The model has errors, or {@code format --check} found files that are not formatted. */
	public static final int MODEL_ERRORS = 1;
	/** Wrong usage, a file that cannot be read, or an internal error. */
	public static final int USAGE_OR_IO = 2;

	private ExitCodes() {
	}
}
