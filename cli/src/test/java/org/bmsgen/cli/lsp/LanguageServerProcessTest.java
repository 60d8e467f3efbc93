package org.bmsgen.cli.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsgen.cli.Bmsgen;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bmsgen lsp} as its own process, the way LSP4E and VS Code start it: over stdin/stdout (where a single
 * stray line of output would break the protocol's framing) and over a loopback socket. The workspace holds the
 * models and one broken file; the server reports both without a single file being opened, from its initial build.
 */
class LanguageServerProcessTest {

	private static final long TIMEOUT_MS = 120_000;

	@TempDir
	Path temporary;

	@Test
	void servesOverStdio() throws Exception {
		Path workspace = workspaceWithABrokenFile();
		Process process = bmsgenLsp(List.of(), temporary.resolve("stderr.txt"));
		try {
			session(process.getInputStream(), process.getOutputStream(), workspace);
			assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server did not end on exit");
			assertEquals(0, process.exitValue());
			String stderr = Files.readString(temporary.resolve("stderr.txt"));
			assertFalse(stderr.contains("Exception"), stderr);
		} finally {
			process.destroyForcibly();
		}
	}

	@Test
	void servesOneClientOnALoopbackSocket() throws Exception {
		Path workspace = workspaceWithABrokenFile();
		ProcessBuilder builder = new ProcessBuilder(command(List.of("--port", "0")));
		builder.redirectOutput(temporary.resolve("stdout.txt").toFile());
		Process process = builder.start();
		try {
			BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
			Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
			Integer port = null;
			while (port == null) {
				String line = stderr.readLine();
				if (line == null) {
					break;
				}
				Matcher matcher = listening.matcher(line);
				if (matcher.find()) {
					port = Integer.parseInt(matcher.group(1));
				}
			}
			assertTrue(port != null, "no 'listening on 127.0.0.1:N' line on stderr");
			drain(process.getErrorStream());
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
				session(socket.getInputStream(), socket.getOutputStream(), workspace);
			}
			assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server did not end after its client left");
			assertEquals(0, process.exitValue());
		} finally {
			process.destroyForcibly();
		}
	}

	/** Initialize, the diagnostics of the initial build, shutdown and exit. */
	private static void session(InputStream in, OutputStream out, Path workspace) throws Exception {
		RecordingClient client = new RecordingClient();
		Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, in, out);
		launcher.startListening();
		LanguageServer server = launcher.getRemoteProxy();
		LanguageServerEndToEndTest.initialize(server, workspace);
		String reference = workspace.resolve("smart4s.bms").toUri().toString();
		List<Diagnostic> referenceDiagnostics = client.awaitDiagnostics(reference, 0, any -> true, TIMEOUT_MS);
		assertEquals(List.of(), referenceDiagnostics.stream().filter(d -> d.getSeverity() == DiagnosticSeverity.Error).toList());
		String broken = workspace.resolve("broken.bms").toUri().toString();
		List<Diagnostic> brokenDiagnostics = client.awaitDiagnostics(broken, 0, any -> true, TIMEOUT_MS);
		// line 18 of the broken copy is "\t\tperiod 250 mV"
		assertTrue(brokenDiagnostics.stream().anyMatch(d -> "bms.dimension-mismatch".equals(d.getCode().getLeft())
				&& d.getRange().getStart().equals(new Position(17, 9))), brokenDiagnostics::toString);
		server.shutdown().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		server.exit();
	}

	private Path workspaceWithABrokenFile() throws Exception {
		Path workspace = temporary.resolve("models");
		LanguageServerEndToEndTest.copy(Models.folder(), workspace);
		String broken = Files.readString(workspace.resolve("smart4s.bms")).replace("pack Smart4S {", "pack Broken4S {")
				.replace("period 250 ms", "period 250 mV");
		Files.writeString(workspace.resolve("broken.bms"), broken);
		return workspace;
	}

	private Process bmsgenLsp(List<String> options, Path stderr) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command(options));
		builder.redirectError(stderr.toFile());
		return builder.start();
	}

	/** This JVM's java on this test's class path: the command line as built, without packaging the jar. */
	private static List<String> command(List<String> options) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(Bmsgen.class.getName());
		command.add("lsp");
		command.addAll(options);
		return command;
	}

	/** Keeps reading the server's stderr so that a full pipe never blocks its logging. */
	private static void drain(InputStream stream) {
		Thread reader = new Thread(() -> {
			try {
				stream.transferTo(OutputStream.nullOutputStream());
			} catch (java.io.IOException e) {
				// the process ended
			}
		}, "bmsgen lsp stderr");
		reader.setDaemon(true);
		reader.start();
	}
}
