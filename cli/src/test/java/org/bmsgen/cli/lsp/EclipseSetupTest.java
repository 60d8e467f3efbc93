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
}
