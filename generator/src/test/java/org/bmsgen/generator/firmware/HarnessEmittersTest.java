package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.junit.jupiter.api.Test;

/** Shape of the generated harnesses over every pack of models/ (their behaviour runs in generated-firmware). */
class HarnessEmittersTest {

	@Test
	void everyPack_hasATestMethodPerProtectionAndTransition_deterministically() throws Exception {
		String out = System.getProperty("bmsgen.harnessOut");
		for (Map.Entry<String, String> model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<GeneratedSource> sources = new HarnessEmitters().sources(pack);
			assertEquals(sources, new HarnessEmitters().sources(pack), "same model, same sources");
			String protections = text(sources, ProtectionHarnessEmitter.TYPE_NAME);
			for (ProtectionIr protection : pack.protections()) {
				assertTrue(protections.contains("void " + protection.name() + "_"), protection.name());
			}
			for (StateMachineIr machine : pack.stateMachines()) {
				String harness = text(sources, StateMachineHarnessEmitter.typeName(machine));
				long tests = harness.lines().filter(line -> line.strip().equals("@Test")).count();
				long transitions = machine.states().stream().mapToLong(s -> s.transitions().size()).sum();
				long reactions = machine.faultReaction() == null ? 0 : machine.states().size() - 1;
				assertEquals(1 + transitions + reactions, tests, machine.name());
			}
			for (GeneratedSource source : sources) {
				assertTrue(source.packageName().endsWith(".harness"), source.qualifiedName());
				if (out != null) {
					Path file = Path.of(out, pack.name(), "test-java", source.relativePath());
					Files.createDirectories(file.getParent());
					Files.write(file, source.bytes());
				}
			}
		}
	}

	private static String text(List<GeneratedSource> sources, String typeName) {
		return sources.stream().filter(s -> s.typeName().equals(typeName)).findFirst().orElseThrow().text();
	}
}
