package org.bmsgen.generator.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsgen.dsl.bms.Pack;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every pack of models/ lowers to an IR, and lowering is deterministic. */
class EveryModelIrTest {

	@TestFactory
	List<DynamicTest> everyPack_buildsTwiceFromFreshResourceSets_equal() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Path file : Models.files()) {
			LoadedPacks first = LoadedPacks.load(Models.root(), List.of(file));
			String relative = Models.root().relativize(file).toString();
			tests.add(DynamicTest.dynamicTest(relative + " has no errors", () -> assertFalse(first.hasErrors(),
					() -> relative + ": " + first.errors())));
			for (Pack pack : first.packs()) {
				if (pack.eResource() != first.packs().get(0).eResource()) {
					continue; // a base pack of an imported file: tested from its own file
				}
				String name = pack.getName();
				tests.add(DynamicTest.dynamicTest(relative + " " + name, () -> {
					LoadedPacks.Result a = first.ir(name);
					LoadedPacks.Result b = LoadedPacks.load(Models.root(), List.of(file)).ir(name);
					assertTrue(a.succeeded(), () -> a.diagnostics().toString());
					assertTrue(b.succeeded(), () -> b.diagnostics().toString());
					assertNotSame(a.ir(), b.ir());
					assertEquals(a.ir(), b.ir());
					assertEquals(a.ir().toString(), b.ir().toString());
					assertEquals(name, a.ir().name());
				}));
			}
		}
		return tests;
	}
}
