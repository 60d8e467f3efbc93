package org.bmsgen.cli;

import org.bmsgen.dsl.loading.Diagnostic;
import org.bmsgen.dsl.loading.ModelFile;
import org.bmsgen.dsl.loading.ModelLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The FILE arguments of a command: a file stands for itself, a directory for every .bms file below it
 * (sorted, so output is stable). Arguments that name nothing usable become problems of their own (exit 2).
 */
public final class FileArguments {

	private final List<ModelFile> files = new ArrayList<>();
	private final List<Diagnostic> problems = new ArrayList<>();

	private FileArguments() {
	}

	public static FileArguments expand(List<Path> arguments) {
		FileArguments result = new FileArguments();
		Set<Path> seen = new LinkedHashSet<>();
		for (Path argument : arguments) {
			String shown = argument.toString();
			if (Files.isDirectory(argument)) {
				List<Path> below = bmsFilesBelow(argument, shown, result.problems);
				if (below != null && below.isEmpty()) {
					result.problems.add(Diagnostic.error(shown, 1, 1, "no .bms files in this directory", ModelLoader.CODE_IO));
				}
				if (below != null) {
					for (Path file : below) {
						result.add(new ModelFile(file, file.toString()), seen);
					}
				}
			} else if (!Files.exists(argument)) {
				result.problems.add(Diagnostic.error(shown, 1, 1, "no such file", ModelLoader.CODE_IO));
			} else if (!Files.isRegularFile(argument)) {
				result.problems.add(Diagnostic.error(shown, 1, 1, "not a regular file", ModelLoader.CODE_IO));
			} else if (!Files.isReadable(argument)) {
				result.problems.add(Diagnostic.error(shown, 1, 1, "file is not readable (permission denied)", ModelLoader.CODE_IO));
			} else {
				result.add(new ModelFile(argument, shown), seen);
			}
		}
		return result;
	}

	private void add(ModelFile file, Set<Path> seen) {
		if (seen.add(file.path().toAbsolutePath().normalize())) {
			files.add(file);
		}
	}

	private static List<Path> bmsFilesBelow(Path directory, String shown, List<Diagnostic> problems) {
		try (Stream<Path> walk = Files.walk(directory)) {
			return walk.filter(p -> p.getFileName().toString().endsWith(".bms") && Files.isRegularFile(p)).sorted()
					.collect(Collectors.toList());
		} catch (IOException | UncheckedIOException e) {
			problems.add(Diagnostic.error(shown, 1, 1, "cannot list directory: " + e.getMessage(), ModelLoader.CODE_IO));
			return null;
		}
	}

	public List<ModelFile> files() {
		return files;
	}

	/** Arguments that are missing, unreadable or empty directories. */
	public List<Diagnostic> problems() {
		return problems;
	}
}
