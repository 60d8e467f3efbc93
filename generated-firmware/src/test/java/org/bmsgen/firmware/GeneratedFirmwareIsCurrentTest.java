package org.bmsgen.firmware;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The committed generated-firmware/ is exactly what bmsgen generates from models/ now: the build regenerates every
 * pack into target/regenerated/ and fails with the differing lines when a model, an emitter or the generator's
 * version changed without a regeneration. SVG files are not compared byte for byte: PlantUML's layout depends on the
 * fonts of the machine; their .puml source is compared instead.
 * <p>
 * To regenerate: {@code mvn -pl generated-firmware -am verify -Dbmsgen.updateGenerated=true} (or
 * {@code ./bmsgen generate models -o generated-firmware}).
 */
class GeneratedFirmwareIsCurrentTest {

	@Test
	void committedOutputIsWhatTheGeneratorEmitsForModels() throws IOException {
		boolean update = Boolean.getBoolean("bmsgen.updateGenerated");
		SortedMap<String, SortedMap<String, byte[]>> packs = ModelsFolder.generateAll(true);
		Path committed = ModelsFolder.generatedFirmware();
		Path regenerated = Path.of("target", "regenerated");
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, SortedMap<String, byte[]>> pack : packs.entrySet()) {
			for (Map.Entry<String, byte[]> file : pack.getValue().entrySet()) {
				String relative = pack.getKey() + "/" + file.getKey();
				Path target = (update ? committed : regenerated).resolve(relative);
				Files.createDirectories(target.getParent());
				Files.write(target, file.getValue());
				if (!update && !relative.endsWith(".svg")) {
					Path existing = committed.resolve(relative);
					if (!Files.isRegularFile(existing)) {
						problems.add(relative + ": generated, not committed");
					} else if (!java.util.Arrays.equals(Files.readAllBytes(existing), file.getValue())) {
						problems.add(relative + ": differs, " + firstDifference(Files.readAllBytes(existing), file.getValue()));
					}
				}
			}
			for (String stale : committedFiles(committed.resolve(pack.getKey()))) {
				if (!pack.getValue().containsKey(stale)) {
					if (update) {
						Files.delete(committed.resolve(pack.getKey()).resolve(stale));
					} else {
						problems.add(pack.getKey() + "/" + stale + ": committed, no longer generated");
					}
				}
			}
		}
		for (String folder : packFolders(committed)) {
			if (!packs.containsKey(folder)) {
				problems.add(folder + "/: committed, but models/ has no pack " + folder);
			}
		}
		String pom = Files.readString(committed.resolve("pom.xml"));
		for (String pack : packs.keySet()) {
			if (!pom.contains("<source>" + pack + "/java</source>")) {
				problems.add("pom.xml: no source root " + pack + "/java: add it to build-helper's add-source");
			}
		}
		if (!problems.isEmpty()) {
			fail("generated-firmware/ is stale (" + problems.size() + " files); regenerate with"
					+ " `mvn -pl generated-firmware -am verify -Dbmsgen.updateGenerated=true` and commit:\n  "
					+ problems.stream().limit(40).collect(Collectors.joining("\n  ")));
		}
		assertTrue(packs.size() >= 1);
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

	/** Files under a pack's folder, relative, except bmsgen's marker. */
	private static TreeSet<String> committedFiles(Path packFolder) throws IOException {
		TreeSet<String> files = new TreeSet<>();
		if (!Files.isDirectory(packFolder)) {
			return files;
		}
		try (Stream<Path> walk = Files.walk(packFolder)) {
			walk.filter(Files::isRegularFile).map(p -> packFolder.relativize(p).toString().replace('\\', '/'))
					.filter(name -> !name.equals(".bmsgen-generated")).forEach(files::add);
		}
		return files;
	}

	/** Folders of generated-firmware/ that hold a pack's output (those with a java/ source root). */
	private static List<String> packFolders(Path committed) throws IOException {
		try (Stream<Path> list = Files.list(committed)) {
			return list.filter(p -> Files.isDirectory(p.resolve("java"))).map(p -> p.getFileName().toString()).sorted()
					.toList();
		}
	}
}
