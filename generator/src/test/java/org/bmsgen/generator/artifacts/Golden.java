package org.bmsgen.generator.artifacts;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files: generated text compared with src/test/resources/golden/NAME. The generator version in the text
 * is replaced by {@code @VERSION@} on both sides so that a version bump does not break the goldens. On a mismatch
 * the actual text is written to target/golden-actual/NAME and the failure shows the first differing lines; run
 * with {@code -Dbmsgen.updateGolden=true} to accept the new text after reviewing it.
 */
public final class Golden {

	private Golden() {
	}

	public static void assertMatches(String name, String actual) {
		String normalised = actual.replace(GeneratorVersion.VERSION, "@VERSION@");
		Path golden = goldenDir().resolve(name);
		try {
			if (Boolean.getBoolean("bmsgen.updateGolden")) {
				Files.createDirectories(golden.getParent());
				Files.writeString(golden, normalised, StandardCharsets.UTF_8);
				return;
			}
			Path actualFile = Path.of("target", "golden-actual", name);
			Files.createDirectories(actualFile.getParent());
			Files.writeString(actualFile, normalised, StandardCharsets.UTF_8);
			if (!Files.exists(golden)) {
				fail("no golden file " + golden + "; the actual text is in " + actualFile.toAbsolutePath()
						+ " (review it, then run with -Dbmsgen.updateGolden=true)");
			}
			String expected = Files.readString(golden, StandardCharsets.UTF_8);
			if (!expected.equals(normalised)) {
				fail(name + " differs from its golden file " + golden + " (actual in " + actualFile.toAbsolutePath()
						+ "):\n" + diff(expected, normalised));
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The first differing line with two lines of context on each side, as a small unified diff. */
	static String diff(String expected, String actual) {
		List<String> e = expected.lines().toList();
		List<String> a = actual.lines().toList();
		int first = 0;
		while (first < e.size() && first < a.size() && e.get(first).equals(a.get(first))) {
			first++;
		}
		int endE = e.size();
		int endA = a.size();
		while (endE > first && endA > first && e.get(endE - 1).equals(a.get(endA - 1))) {
			endE--;
			endA--;
		}
		StringBuilder out = new StringBuilder("@@ line " + (first + 1) + " @@\n");
		for (int i = Math.max(0, first - 2); i < first; i++) {
			out.append("  ").append(e.get(i)).append('\n');
		}
		for (int i = first; i < Math.min(endE, first + 20); i++) {
			out.append("- ").append(e.get(i)).append('\n');
		}
		for (int i = first; i < Math.min(endA, first + 20); i++) {
			out.append("+ ").append(a.get(i)).append('\n');
		}
		for (int i = endE; i < Math.min(e.size(), endE + 2); i++) {
			out.append("  ").append(e.get(i)).append('\n');
		}
		if (expected.endsWith("\n") != actual.endsWith("\n")) {
			out.append("(final line break differs)\n");
		}
		return out.toString();
	}

	private static Path goldenDir() {
		return TestModels.root().getParent().resolve("generator/src/test/resources/golden");
	}
}
