package org.bmsgen.cli.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.cli.Bmsgen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EclipseSetupTest {

	@TempDir
	Path repository;

	@Test
	void theLaunchCommandIsThisJavaOnTheBmsgenJarWithAbsolutePaths() throws Exception {
		Path jar = Files.createDirectories(repository.resolve("cli/target")).resolve("bmsgen.jar");
		Files.writeString(jar, "");
		Path grammar = Files.createDirectories(repository.resolve("editors/textmate")).resolve("bms.tmLanguage.json");
		Files.writeString(grammar, "{}");
		EclipseSetup setup = EclipseSetup.of("/opt/jdk-17/bin/java", jar);
		assertEquals(List.of("/opt/jdk-17/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
				jar.toString(), "lsp"), setup.launchCommand());
		assertEquals(grammar, setup.grammar().orElseThrow());
		String instructions = setup.instructions();
		assertTrue(instructions.contains("  /opt/jdk-17/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar " + jar + " lsp"),
				instructions);
		assertTrue(instructions.contains("*.bms"), instructions);
		assertTrue(instructions.contains("     " + grammar), instructions);
	}

	@Test
	void withoutTheGrammarBesideTheJarItSaysWhereToGetIt() throws Exception {
		Path jar = Files.createDirectories(repository.resolve("cli/target")).resolve("bmsgen.jar");
		Files.writeString(jar, "");
		EclipseSetup setup = EclipseSetup.of("/usr/bin/java", jar);
		assertTrue(setup.grammar().isEmpty());
		assertTrue(setup.instructions().contains("editors/textmate/bms.tmLanguage.json of the bmsgen repository"),
				setup.instructions());
	}

	@Test
	void theCommandPrintsTheSetupOfTheRunningJava() {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = Bmsgen.execute(new PrintWriter(out), new PrintWriter(err), "lsp", "--print-eclipse-setup");
		assertEquals(0, exit, err::toString);
		String java = ProcessHandle.current().info().command().orElseThrow();
		assertTrue(out.toString().startsWith("Language server launch command (for LSP4E):"), out::toString);
		assertTrue(out.toString().contains("  " + java + " -XX:TieredStopAtLevel=1"), out::toString);
		assertTrue(out.toString().contains(" org.bmsgen.cli.Bmsgen lsp"), out::toString);
	}

	/**
	 * docs/editors.md shows what the command prints for a checkout in /home/me/bmsgen: the docs' steps and the
	 * printed ones must not drift apart (names, menus, JVM options).
	 */
	@Test
	void theDocsShowExactlyWhatTheCommandPrints() throws Exception {
		Path jar = Files.createDirectories(repository.resolve("cli/target")).resolve("bmsgen.jar");
		Files.writeString(jar, "");
		Files.createDirectories(repository.resolve("editors/textmate"));
		Files.writeString(repository.resolve("editors/textmate/bms.tmLanguage.json"), "{}");
		String printed = EclipseSetup.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", jar).instructions()
				.replace(System.lineSeparator(), "\n").replace(repository.toString(), "/home/me/bmsgen");
		String docs = Files.readString(repositoryRoot().resolve("docs/editors.md"));
		int start = docs.indexOf("```text\nLanguage server launch command (for LSP4E):");
		assertTrue(start >= 0, "docs/editors.md shows no output of bmsgen lsp --print-eclipse-setup");
		start += "```text\n".length();
		assertEquals(printed, docs.substring(start, docs.indexOf("```", start)));
		// the docs' numbered steps use the same names as the printed ones
		for (String name : List.of(EclipseSetup.CONTENT_TYPE, EclipseSetup.LAUNCH_NAME)) {
			assertTrue(docs.contains("`" + name + "`") || docs.contains("*" + name + "*"), name);
		}
	}

	/** ./bmsgen lsp and the VS Code extension start the server with the JVM options the Eclipse launch prints. */
	@Test
	void everyLaunchOfTheServerUsesTheSameJvmOptions() throws Exception {
		Path root = repositoryRoot();
		String options = String.join(" ", EclipseSetup.SERVER_JVM_OPTIONS);
		assertTrue(Files.readString(root.resolve("bmsgen")).contains("exec java " + options + " -jar \"$jar\" \"$@\""));
		String javaScript = EclipseSetup.SERVER_JVM_OPTIONS.stream().map(option -> "'" + option + "'")
				.collect(java.util.stream.Collectors.joining(", ", "[", "]"));
		assertTrue(Files.readString(root.resolve("editors/vscode/server-command.js"))
				.contains("const SERVER_JVM_OPTIONS = " + javaScript + ";"), javaScript);
	}

	private static Path repositoryRoot() {
		return Models.folder().getParent();
	}
}
