package org.bmsgen.generator.ir;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository's models/ folder and the IR of its packs, each built from a fresh resource set. */
final class Models {

	private Models() {
	}

	static Path root() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir.resolve("models");
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("no models/ folder above " + Path.of("").toAbsolutePath());
	}

	/** Every .bms file under models/, sorted. */
	static List<Path> files() {
		try (Stream<Path> walk = Files.walk(root())) {
			return walk.filter(p -> p.toString().endsWith(".bms")).sorted().collect(Collectors.toList());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The IR of the pack of a model file (relative to models/), asserting that it builds. */
	static PackIr ir(String relative, String pack) {
		LoadedPacks.Result result = LoadedPacks.load(root(), List.of(root().resolve(relative))).ir(pack);
		assertTrue(result.succeeded(), () -> "IR of " + pack + " not built: " + result.diagnostics());
		return result.ir();
	}

	/** The 1-based line of the first line of a model file that contains the text. */
	static int lineOf(String relative, String text) {
		try {
			List<String> lines = Files.readAllLines(root().resolve(relative));
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).contains(text)) {
					return i + 1;
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		throw new IllegalArgumentException("no line with '" + text + "' in " + relative);
	}
}
