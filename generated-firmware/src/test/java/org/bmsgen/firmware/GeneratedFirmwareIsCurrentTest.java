package org.bmsgen.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bmsgen.cli.Bmsgen;
import org.junit.jupiter.api.Test;

/**
 * The committed generated-firmware/ is exactly what {@code bmsgen generate models -o generated-firmware} writes now:
 * the build runs that command (the CLI's own code path, markers included) into target/regenerated/ and fails with
 * the differing lines when a model, an emitter or the generator's version changed without a regeneration. Every
 * file is compared, the .bmsgen-generated markers too; only the bytes of the SVG files are not (PlantUML's layout
 * depends on the fonts of the machine; their .puml source is compared, and that each SVG exists).
 * <p>
 * To regenerate: {@code mvn -pl generated-firmware -am verify -Dbmsgen.updateGenerated=true} (which runs
 * {@code bmsgen generate models -o generated-firmware}, after making every file of the pack folders bmsgen's), or that
 * command itself.
 */
class GeneratedFirmwareIsCurrentTest {

	@Test
	void committedOutputIsWhatBmsgenGenerateWritesForModels() throws IOException {
		Path committed = ModelsFolder.generatedFirmware();
		if (Boolean.getBoolean("bmsgen.updateGenerated")) {
			adoptEveryFile(committed);
			generate(committed);
			return;
		}
		Path regenerated = Path.of("target", "regenerated").toAbsolutePath();
		deleteTree(regenerated);
		generate(regenerated);

		List<String> problems = new ArrayList<>();
		List<String> packs = packFolders(regenerated);
		for (String pack : packs) {
			TreeSet<String> generated = files(regenerated.resolve(pack));
			TreeSet<String> present = files(committed.resolve(pack));
			for (String file : generated) {
				String relative = pack + "/" + file;
				if (!present.contains(file)) {
					problems.add(relative + ": generated, not committed");
				} else if (!file.endsWith(".svg")) {
					byte[] expected = Files.readAllBytes(regenerated.resolve(relative));
					byte[] actual = Files.readAllBytes(committed.resolve(relative));
					if (!Arrays.equals(expected, actual)) {
						problems.add(relative + ": differs, " + firstDifference(actual, expected));
					}
				}
			}
			for (String file : present) {
				if (!generated.contains(file)) {
					problems.add(pack + "/" + file + ": committed, no longer generated");
				}
			}
		}
		for (String folder : packFolders(committed)) {
			if (!packs.contains(folder)) {
				problems.add(folder + "/: committed, but models/ has no pack " + folder);
			}
		}
		String pom = Files.readString(committed.resolve("pom.xml"));
		for (String pack : packs) {
			if (!pom.contains("<source>" + pack + "/java</source>")) {
				problems.add("pom.xml: no source root " + pack + "/java: add it to build-helper's add-source");
			}
			if (Files.isDirectory(regenerated.resolve(pack).resolve("test-java"))
					&& !pom.contains("<source>" + pack + "/test-java</source>")) {
				problems.add("pom.xml: no test source root " + pack + "/test-java: add it to build-helper's add-test-source");
			}
		}
		if (!problems.isEmpty()) {
			fail("generated-firmware/ is stale (" + problems.size() + " files); regenerate with"
					+ " `mvn -pl generated-firmware -am verify -Dbmsgen.updateGenerated=true` and commit:\n  "
					+ problems.stream().limit(40).collect(Collectors.joining("\n  ")));
		}
		assertTrue(packs.size() >= 1);
	}

	/**
	 * Before an update: every file of a pack folder here is bmsgen's (the check above reports any other as stale), so
	 * each marker is rewritten to list them all, and the regeneration replaces or removes them. Without this, a merge
	 * of two branches that each added generated files (or a conflict in a marker) would leave files the marker does
	 * not list, which bmsgen generate rightly refuses to overwrite in a user's folder.
	 */
	private static void adoptEveryFile(Path committed) throws IOException {
		for (String pack : packFolders(committed)) {
			Path folder = committed.resolve(pack);
			StringBuilder marker = new StringBuilder("# Written by bmsgen generate. This folder is bmsgen's output: the"
					+ " files listed below are replaced or removed\n# when the pack is regenerated; any other file here is"
					+ " left alone.\n");
			for (String file : files(folder)) {
				if (!file.equals(".bmsgen-generated")) {
					marker.append(file).append('\n');
				}
			}
			Files.writeString(folder.resolve(".bmsgen-generated"), marker.toString(), StandardCharsets.UTF_8);
		}
	}

	/** {@code bmsgen generate models -o DIR}, in process; fails with bmsgen's own messages when it refuses. */
	private static void generate(Path into) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = Bmsgen.execute(new PrintWriter(out), new PrintWriter(err), "generate", ModelsFolder.models().toString(),
				"-o", into.toString());
		assertEquals(0, exit, () -> "bmsgen generate " + ModelsFolder.models() + " -o " + into + " failed:\n" + err);
	}

	private static String firstDifference(byte[] committed, byte[] generated) {
		String[] a = new String(committed, StandardCharsets.UTF_8).split("\n", -1);
		String[] b = new String(generated, StandardCharsets.UTF_8).split("\n", -1);
		for (int i = 0; i < Math.max(a.length, b.length); i++) {
			String left = i < a.length ? a[i] : "<end of file>";
			String right = i < b.length ? b[i] : "<end of file>";
			if (!left.equals(right)) {
				return "line " + (i + 1) + ":\n    committed: " + left + "\n    generated: " + right;
			}
		}
		return "bytes differ";
	}

	/** Every file under a pack's folder (the marker too), relative with '/'. */
	private static TreeSet<String> files(Path packFolder) throws IOException {
		TreeSet<String> files = new TreeSet<>();
		if (!Files.isDirectory(packFolder)) {
			return files;
		}
		try (Stream<Path> walk = Files.walk(packFolder)) {
			walk.filter(Files::isRegularFile).map(p -> packFolder.relativize(p).toString().replace('\\', '/'))
					.forEach(files::add);
		}
		return files;
	}

	/** Folders that hold a pack's output (those with a java/ source root or bmsgen's marker). */
	private static List<String> packFolders(Path root) throws IOException {
		try (Stream<Path> list = Files.list(root)) {
			return list.filter(p -> Files.isDirectory(p.resolve("java")) || Files.exists(p.resolve(".bmsgen-generated")))
					.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
