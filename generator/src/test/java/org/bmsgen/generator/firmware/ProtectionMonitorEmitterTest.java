package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

/** The monitor's behaviour is tested on the generated reference pack in generated-firmware (protection tests). */
class ProtectionMonitorEmitterTest {

	private final ProtectionMonitorEmitter emitter = new ProtectionMonitorEmitter();

	@Test
	void referencePack_compilesForJava7_andMatchesGolden() {
		PackIr pack = TestModels.reference();
		GeneratedSource source = emitter.emit(pack);
		assertEquals("org/bmsgen/firmware/smart4s/stm32/ProtectionMonitor.java", source.relativePath());
		FirmwareCompiler.compile("protection-monitor", List.of(source, new ProtectionTableEmitter().emit(pack),
				new PackStateEmitter().emit(pack)));
		Golden.assertMatches("firmware/Smart4S/ProtectionMonitor.java", source.text());
	}

	@Test
	void everyPack_compilesWithItsTableAndState_withoutAllocationInItsMethods() {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			GeneratedSource source = emitter.emit(pack);
			FirmwareCompiler.compile("protection-monitor-" + pack.name(), List.of(source,
					new ProtectionTableEmitter().emit(pack), new PackStateEmitter().emit(pack)));
			// the only allocations are the three counter arrays of the field initialisers
			String text = source.text();
			assertEquals(3, text.split("new int\\[", -1).length - 1, pack.name());
			assertFalse(text.contains("\" +"), pack.name());
		}
	}
}
