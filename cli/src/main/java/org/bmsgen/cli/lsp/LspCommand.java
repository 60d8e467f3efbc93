package org.bmsgen.cli.lsp;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.FileAppender;
import org.apache.log4j.Level;
import org.apache.log4j.LogManager;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.bmsgen.cli.ExitCodes;
import org.bmsgen.cli.Version;
import org.bmsgen.dsl.ide.server.BmsLanguageServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bmsgen lsp [--port N] [--log FILE] [--print-eclipse-setup]}: the .bms language server. */
@Command(name = "lsp", mixinStandardHelpOptions = true, versionProvider = Version.class,
		description = { "Runs the .bms language server (LSP) for editors: diagnostics with their codes, completion,"
				+ " hover, go to definition, references, rename, outline, folding, formatting and quick fixes.",
				"Speaks LSP on stdin/stdout (nothing else is written to stdout; logs go to stderr or --log), or with"
						+ " --port on a socket bound to 127.0.0.1 for one client. The server never writes generated files"
						+ " into the workspace.",
				"Eclipse (LSP4E + TM4E) and VS Code: see docs/editors.md; --print-eclipse-setup prints the launch"
						+ " command for this installation." },
		footerHeading = "%nExit codes:%n",
		footer = { "  0  the client disconnected or sent exit", "  2  wrong usage, the port cannot be opened, or an internal error" })
public final class LspCommand implements Callable<Integer> {

	@Option(names = "--port", paramLabel = "N",
			description = "Listen on 127.0.0.1:N for one client instead of stdio (0: any free port, printed on stderr).")
	private Integer port;

	@Option(names = "--log", paramLabel = "FILE", description = "Write the server's log here (default: warnings on stderr).")
	private Path log;

	@Option(names = "--print-eclipse-setup",
			description = "Print the command and the steps that set up Eclipse's generic editor (LSP4E, TM4E) for .bms files, and exit.")
	private boolean printEclipseSetup;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws IOException, InterruptedException {
		if (printEclipseSetup) {
			PrintWriter out = spec.commandLine().getOut();
			out.print(EclipseSetup.ofThisInstallation().instructions());
			out.flush();
			return ExitCodes.OK;
		}
		if (port != null && (port < 0 || port > 65535)) {
			spec.commandLine().getErr().println("--port must be 0..65535, not " + port);
			return ExitCodes.USAGE_OR_IO;
		}
		// stdout belongs to the protocol: whatever else prints there (a library's System.out.println) would
		// corrupt the stream, so System.out becomes stderr before the server starts
		InputStream in = System.in;
		OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
		PrintStream stderr = System.err;
		System.setOut(stderr);
		routeLogging(stderr);
		if (port == null) {
			BmsLanguageServer.serveUntilDisconnected(in, protocolOut);
			return ExitCodes.OK;
		}
		try (ServerSocket socket = BmsLanguageServer.listenOnLoopback(port)) {
			stderr.println("bmsgen lsp: listening on 127.0.0.1:" + socket.getLocalPort());
			stderr.flush();
			BmsLanguageServer.serveOneClient(socket);
		} catch (IOException e) {
			stderr.println("bmsgen lsp: cannot serve on 127.0.0.1:" + port + ": " + e.getMessage());
			return ExitCodes.USAGE_OR_IO;
		}
		return ExitCodes.OK;
	}

	/**
	 * Xtext logs through log4j, and the configuration bundled in its jars prints to stdout: warnings and errors
	 * go to stderr here (editors show a server's stderr in their log view), or everything from INFO to a file.
	 */
	private void routeLogging(PrintStream stderr) throws IOException {
		Logger root = LogManager.getRootLogger();
		root.removeAllAppenders();
		PatternLayout layout = new PatternLayout("%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n");
		if (log != null) {
			root.addAppender(new FileAppender(layout, log.toString(), true));
			root.setLevel(Level.INFO);
		} else {
			ConsoleAppender console = new ConsoleAppender(layout);
			console.setWriter(new PrintWriter(stderr, true));
			root.addAppender(console);
			root.setLevel(Level.WARN);
		}
	}
}
