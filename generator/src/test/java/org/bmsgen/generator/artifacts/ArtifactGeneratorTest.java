package org.bmsgen.generator.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactGeneratorTest {

	@Test
	void referencePack_sameBytesTwice_sortedUtf8LfWithHeader(@TempDir Path second) throws Exception {
		PackIr pack = TestModels.reference();
		ArtifactGenerator generator = new ArtifactGenerator();
		// kept under target/ for a look at the reference pack's artifacts
		Path first = Path.of("target", "artifacts", pack.name());
		if (Files.isDirectory(first)) {
			try (var old = Files.list(first)) {
				for (Path file : old.toList()) {
					Files.delete(file);
				}
			}
		}
		List<Path> written = generator.write(pack, first);
		// a second generator from a second IR build: nothing may depend on object identity or hash order
		List<Path> again = new ArtifactGenerator().write(TestModels.ir(TestModels.REFERENCE_FILE, TestModels.REFERENCE_PACK),
				second);
		List<String> names = written.stream().map(p -> p.getFileName().toString()).toList();
		assertEquals(List.of("Smart4S-Control.puml", "Smart4S-Control.svg", "Smart4S-configuration.md", "Smart4S.dbc"),
				names);
		assertEquals(names, again.stream().map(p -> p.getFileName().toString()).toList());
		for (int i = 0; i < written.size(); i++) {
			byte[] bytes = Files.readAllBytes(written.get(i));
			assertArrayEquals(bytes, Files.readAllBytes(again.get(i)), names.get(i) + " differs between two runs");
			String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes)).toString();
			assertFalse(text.contains("\r"), names.get(i) + " has CR line endings");
			assertTrue(text.endsWith("\n"), names.get(i) + " does not end with a line break");
			String head = text.substring(0, Math.min(600, text.length()));
			assertTrue(head.contains("bmsgen " + GeneratorVersion.VERSION), names.get(i) + " header without version");
			for (String model : pack.sourceFiles()) {
				assertTrue(head.contains(model), names.get(i) + " header does not name " + model);
			}
		}
	}

	@Test
	void everyPack_generatesWithoutSvg() {
		ArtifactGenerator generator = new ArtifactGenerator(false);
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<GeneratedArtifact> artifacts = generator.artifacts(pack);
			assertEquals(2 + pack.stateMachines().size(), artifacts.size(), pack.name());
			assertEquals(artifacts, generator.artifacts(pack));
		}
	}

	@Test
	void goldenDiff_pointsAtTheFirstDifferingLine() {
		String diff = Golden.diff("a\nb\nc\nd\n", "a\nb\nX\nd\n");
		assertEquals("@@ line 3 @@\n  a\n  b\n- c\n+ X\n  d\n", diff);
	}

	@Test
	void version_isFilteredByMaven() {
		assertTrue(GeneratorVersion.VERSION.matches("\\d+\\.\\d+\\.\\d+.*"), GeneratorVersion.VERSION);
	}
}
