package org.bmsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** One in-process run of the bmsgen command line, with its exit code and captured output. */
record Run(int exitCode, String out, String err, List<String> args) {

	/** What every diagnostic line of the command line looks like. */
	static final Pattern DIAGNOSTIC = Pattern.compile("[^:\\n]+:\\d+:\\d+: (error|warning): [^\\n]+ \\[[a-z.-]+\\]");

	static Run of(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = Bmsgen.execute(new PrintWriter(out), new PrintWriter(err), args);
		return new Run(exitCode, out.toString(), err.toString(), Arrays.asList(args));
	}

	Run exits(int expected) {
		assertEquals(expected, exitCode, this::toString);
		return this;
	}

	/** No stack trace and no internal error, whatever the input. */
	Run clean() {
		assertFalse(err.contains("internal error:"), this::toString);
		assertFalse(err.contains("\tat "), this::toString);
		assertFalse(err.contains("Exception"), this::toString);
		return this;
	}

	/** stderr is diagnostics in the documented form, then the summary line. */
	Run diagnosticsOnly() {
		String[] lines = err.split("\n");
		for (int i = 0; i < lines.length - 1; i++) {
			assertTrue(DIAGNOSTIC.matcher(lines[i]).matches(), "not a diagnostic line: '" + lines[i] + "'\n" + this);
		}
		return this;
	}

	List<String> errLines() {
		return Arrays.asList(err.split("\n"));
	}

	String lastErrLine() {
		List<String> lines = errLines();
		return lines.get(lines.size() - 1);
	}

	@Override
	public String toString() {
		return "bmsgen " + String.join(" ", args) + "\nexit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
	}

	static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("no bmsgen checkout above " + Path.of("").toAbsolutePath());
	}

	static Path models() {
		return repositoryRoot().resolve("models");
	}
}
