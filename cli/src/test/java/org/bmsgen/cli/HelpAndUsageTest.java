package org.bmsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** --help on every command, --version, and usage errors exit 2. */
class HelpAndUsageTest {

	@ParameterizedTest
	@ValueSource(strings = { "", "check", "format", "generate" })
	void help_everyCommand(String command) {
		String[] args = command.isEmpty() ? new String[] { "--help" } : new String[] { command, "--help" };
		Run run = Run.of(args).exits(0).clean();
		assertTrue(run.out().startsWith("Usage: bmsgen" + (command.isEmpty() ? "" : " " + command)), run.toString());
		assertTrue(run.out().contains("Exit codes:"), run.toString());
	}

	@Test
	void helpSubcommand() {
		Run run = Run.of("help", "format").exits(0).clean();
		assertTrue(run.out().contains("--check"), run.toString());
	}

	@Test
	void help_documentsDirectoryArguments() {
		assertTrue(Run.of("check", "--help").out().contains("a directory stands for every .bms file below it"));
	}

	@Test
	void version() {
		Run run = Run.of("--version").exits(0).clean();
		assertTrue(run.out().matches("(?s)bmsgen \\d+\\.\\d+\\.\\d+.*"), run.toString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "frobnicate", "check --frobnicate x.bms", "format" })
	void usageErrors_exitTwo(String line) {
		String[] args = line.isEmpty() ? new String[0] : line.split(" ");
		Run run = Run.of(args).exits(2).clean();
		assertTrue(run.err().contains("Usage: bmsgen") || run.err().contains("Did you mean: bmsgen "),
				run.toString());
	}

	@Test
	void internalErrorHandler_oneLineAndExitTwo() {
		StringWriter err = new StringWriter();
		CommandLine commandLine = Bmsgen.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
		int exit = new Bmsgen.InternalErrorHandler().handleExecutionException(new IllegalStateException("boom"),
				commandLine, null);
		assertEquals(2, exit);
		assertTrue(err.toString().startsWith("internal error: java.lang.IllegalStateException: boom\n"), err.toString());
		assertTrue(!err.toString().contains("\tat "), err.toString());
	}
}
