package org.bmsgen.cli.lsp;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.bmsgen.cli.Bmsgen;

/**
 * What Eclipse's generic editor needs to edit .bms files: the exact command LSP4E starts the server with
 * (this JVM's java executable and this bmsgen jar, absolute), and where the TextMate grammar for TM4E is.
 * Printed by {@code bmsgen lsp --print-eclipse-setup}; docs/editors.md explains the steps in detail.
 */
public record EclipseSetup(List<String> launchCommand, Optional<Path> grammar, Path expectedGrammar) {

	/**
	 * JVM options for the server process. An editor starts it cold and then sends small edits: the C1 compiler
	 * alone and the serial collector halve the CPU time of the cold start (about 3.0 s to 1.7 s measured, see
	 * benchmarks/README.md) and the edits stay as fast, where C2's compilations only pay off in long runs.
	 */
	public static final List<String> SERVER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	/** The Eclipse content type the steps create for *.bms (docs/editors.md uses the same name). */
	public static final String CONTENT_TYPE = "BMS model";

	/** The name of the external tools launch configuration LSP4E starts. */
	public static final String LAUNCH_NAME = "bmsgen language server";

	/** Where the grammar lives in the repository, relative to its root. */
	public static final String GRAMMAR = "editors/textmate/bms.tmLanguage.json";

	/** The setup for the running bmsgen: its java, its jar (or, from classes, its class path). */
	public static EclipseSetup ofThisInstallation() {
		String java = ProcessHandle.current().info().command()
				.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		return of(java, codeSource());
	}

	/** The setup for a java executable and where bmsgen's classes are: its jar, or a classes folder. */
	static EclipseSetup of(String java, Path codeSource) {
		List<String> command;
		Path repository;
		if (codeSource != null && Files.isRegularFile(codeSource)) {
			command = new java.util.ArrayList<>(List.of(java));
			command.addAll(SERVER_JVM_OPTIONS);
			command.addAll(List.of("-jar", codeSource.toString(), "lsp"));
			// cli/target/bmsgen.jar
			Path target = codeSource.getParent();
			repository = target == null || target.getParent() == null ? null : target.getParent().getParent();
		} else {
			command = new java.util.ArrayList<>(List.of(java));
			command.addAll(SERVER_JVM_OPTIONS);
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), Bmsgen.class.getName(), "lsp"));
			repository = codeSource == null ? null : findRepository(codeSource);
		}
		Path expected = repository == null ? Path.of(GRAMMAR) : repository.resolve(GRAMMAR);
		return new EclipseSetup(command, Optional.of(expected).filter(Files::isRegularFile), expected);
	}

	private static Path codeSource() {
		try {
			return Path.of(Bmsgen.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
		} catch (URISyntaxException | SecurityException | NullPointerException e) {
			return null;
		}
	}

	/** From cli/target/classes up to the folder holding the root pom and editors/. */
	private static Path findRepository(Path start) {
		for (Path folder = start; folder != null; folder = folder.getParent()) {
			if (Files.isDirectory(folder.resolve("editors")) || Files.isRegularFile(folder.resolve("bmsgen"))) {
				return folder;
			}
		}
		return null;
	}

	/** The launch command as one line for LSP4E's "Program" field, arguments with spaces quoted. */
	public String commandLine() {
		StringBuilder line = new StringBuilder();
		for (String argument : launchCommand) {
			if (line.length() > 0) {
				line.append(' ');
			}
			line.append(argument.contains(" ") ? '"' + argument + '"' : argument);
		}
		return line.toString();
	}

	/**
	 * The Eclipse steps of docs/editors.md in short, with this installation's paths filled in. The two must say
	 * the same (names, menus, order): EclipseSetupTest compares this text with the example the docs print.
	 */
	public String instructions() {
		String n = System.lineSeparator();
		StringBuilder text = new StringBuilder();
		text.append("Language server launch command (for LSP4E):").append(n);
		text.append("  ").append(commandLine()).append(n).append(n);
		text.append("Eclipse setup (generic editor + LSP4E + TM4E); each step in detail in docs/editors.md:").append(n);
		text.append("0. Window > Preferences shows the pages Language Servers (LSP4E) and TextMate (TM4E); if not,")
				.append(n).append("   install them with Help > Install New Software...").append(n);
		text.append("1. Window > Preferences > General > Content Types: select Text, Add Child... named \"" + CONTENT_TYPE
				+ "\";").append(n)
				.append("   with it selected, Add... the file association *.bms and make Generic Text Editor its default editor.")
				.append(n);
		text.append("2. Run > External Tools > External Tools Configurations...: a new Program configuration named")
				.append(n).append("   \"" + LAUNCH_NAME + "\" (on its Build tab, untick Build before launch; do not run it yourself):")
				.append(n);
		text.append("     Location:  ").append(launchCommand.get(0)).append(n);
		text.append("     Arguments: ").append(String.join(" ", quoted(launchCommand.subList(1, launchCommand.size()))))
				.append(n);
		text.append("3. Window > Preferences > Language Servers: Add... the content type \"" + CONTENT_TYPE + "\" with the")
				.append(n).append("   launch configuration \"" + LAUNCH_NAME + "\" (under Program), launch mode run.").append(n);
		text.append("4. Window > Preferences > TextMate > Grammar: New... with the grammar file").append(n);
		text.append("     ").append(grammar.map(Path::toString)
				.orElse(GRAMMAR + " of the bmsgen repository (not found at " + expectedGrammar + ")")).append(n);
		text.append("   then select its scope source.bms and add \"" + CONTENT_TYPE + "\" on its Content Type tab.").append(n);
		text.append("5. (optional) Window > Preferences > TextMate > Language Configuration: add").append(n);
		text.append("     ").append(expectedGrammar.getParent().getParent().resolve("vscode/language-configuration.json"))
				.append(n).append("   for \"" + CONTENT_TYPE + "\" (comments, brackets, folding of // region).").append(n);
		text.append("6. Open a .bms file with Open With > Generic Text Editor: diagnostics, completion, hover, outline,")
				.append(n).append("   rename, quick fixes and formatting come from the server.").append(n);
		return text.toString();
	}

	private static List<String> quoted(List<String> arguments) {
		return arguments.stream().map(a -> a.contains(" ") ? '"' + a + '"' : a).toList();
	}
}
