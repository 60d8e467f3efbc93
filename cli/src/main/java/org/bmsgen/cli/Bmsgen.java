package org.bmsgen.cli;

import java.io.PrintWriter;

import org.bmsgen.cli.lsp.LspCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code bmsgen} command. Each subcommand is a class of its own; the exit codes are those of
 * {@link ExitCodes} for all of them.
 */
@Command(name = "bmsgen", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = "Model-based toolchain for smart battery management systems: checks and formats .bms models and generates their artifacts.",
		subcommands = { CheckCommand.class, FormatCommand.class, GenerateCommand.class, SimulateCommand.class,
				EstimateCommand.class, FitCellCommand.class, LspCommand.class,
				CommandLine.HelpCommand.class },
		footerHeading = "%nExit codes:%n",
		footer = { "  0  ok", "  1  the model has errors (format --check: files are not formatted; generate: nothing written)",
				"  2  wrong usage, a file that cannot be read, or an internal error" })
public final class Bmsgen implements Runnable {

	@Spec
	private CommandSpec spec;

	public static void main(String[] args) {
		PrintWriter out = new PrintWriter(System.out, true);
		PrintWriter err = new PrintWriter(System.err, true);
		System.exit(execute(out, err, args));
	}

	/** Runs a command line as {@code main} does but returns the exit code: what tests call. */
	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		int exitCode = commandLine(out, err).execute(args);
		out.flush();
		err.flush();
		return exitCode;
	}

	public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
		CommandLine commandLine = new CommandLine(new Bmsgen());
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler(new InternalErrorHandler());
		return commandLine;
	}

	/** Without a subcommand: the usage, as a usage error. */
	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (check, format, generate, simulate, estimate, fit-cell, lsp)");
	}

	/**
	 * The last resort: a bug must still end with a one-line message and exit 2, not a stack trace. Bad
	 * input never gets here (the tests make sure); set BMSGEN_DEBUG=1 for the stack trace.
	 */
	static final class InternalErrorHandler implements IExecutionExceptionHandler {
		@Override
		public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
			PrintWriter err = commandLine.getErr();
			err.println("internal error: " + exception);
			err.println("This is a bug in bmsgen, not in your model. Please report it with the command line and the"
					+ " files; run with BMSGEN_DEBUG=1 to see the stack trace.");
			if (System.getenv("BMSGEN_DEBUG") != null) {
				exception.printStackTrace(err);
			}
			err.flush();
			return ExitCodes.USAGE_OR_IO;
		}
	}
}
