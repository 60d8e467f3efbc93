package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.generator.artifacts.GeneratorVersion;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareGeneratorTest {

	@Test
	void referencePack_sameBytesTwice_withHeaderAndNoImports(@TempDir Path first, @TempDir Path second)
			throws Exception {
		PackIr pack = TestModels.reference();
		List<Path> written = new FirmwareGenerator().write(pack, first);
		// a second generator from a second IR build (TestModels caches, so load through a new key path)
		PackIr again = org.bmsgen.generator.ir.LoadedPacks.load(modelsRoot(), List.of(modelsRoot()
				.resolve(TestModels.REFERENCE_FILE))).ir(TestModels.REFERENCE_PACK).ir();
		List<Path> rewritten = new FirmwareGenerator().write(again, second);
		assertEquals(new FirmwareGenerator().sources(pack).stream().map(GeneratedSource::relativePath).sorted().toList(),
				written.stream().map(p -> first.relativize(p).toString().replace('\\', '/')).toList());
		assertTrue(written.stream().anyMatch(p -> p.endsWith("stm32/ProtectionTable.java")), written.toString());
		for (int i = 0; i < written.size(); i++) {
			byte[] bytes = Files.readAllBytes(written.get(i));
			assertArrayEquals(bytes, Files.readAllBytes(rewritten.get(i)), written.get(i) + " differs between runs");
			String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
			assertFalse(text.contains("\r"));
			assertTrue(text.startsWith("// "), text);
			String head = text.substring(0, 400);
			assertTrue(head.contains("bmsgen " + GeneratorVersion.VERSION), head);
			for (String model : pack.sourceFiles()) {
				assertTrue(head.contains(model), head);
			}
			// the firmware profile: java.lang (never imported) and the platform's interfaces only
			for (String line : text.split("\n")) {
				assertFalse(line.startsWith("import ") && !line.startsWith("import org.bmsgen.platform."), line);
			}
		}
	}

	@Test
	void everyPack_allSourcesCompileTogetherForJava7() {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<GeneratedSource> sources = new FirmwareGenerator().sources(pack);
			FirmwareCompiler.compile("all-" + pack.name(), sources);
			for (GeneratedSource source : sources) {
				assertTrue(source.packageName().equals(FirmwarePackage.of(pack, FirmwareImage.STM32))
						|| source.packageName().equals(FirmwarePackage.of(pack, FirmwareImage.ESP32)), source.packageName());
			}
		}
	}

	@Test
	void packageName_isThePackNameInLowerCase() {
		assertEquals("org.bmsgen.firmware.smart4s", FirmwarePackage.of("Smart4S"));
		assertEquals("org.bmsgen.firmware.smart4shalfmilliohmshunt", FirmwarePackage.of("Smart4SHalfMilliohmShunt"));
		assertEquals("org.bmsgen.firmware.smart3slfp", FirmwarePackage.of("Smart3S_Lfp"));
		assertEquals("org.bmsgen.firmware.p4s", FirmwarePackage.of("_4S"));
	}

	private static Path modelsRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (!Files.isDirectory(dir.resolve("models")) || !Files.isRegularFile(dir.resolve("pom.xml"))) {
			dir = dir.getParent();
		}
		return dir.resolve("models");
	}
}
