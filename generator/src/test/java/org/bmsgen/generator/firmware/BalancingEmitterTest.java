package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.BalancingIr;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

class BalancingEmitterTest {

	private final BalancingEmitter emitter = new BalancingEmitter();

	@Test
	void referencePack_compilesForJava7_andMatchesGolden() {
		PackIr pack = TestModels.reference();
		GeneratedSource source = emitter.emit(pack);
		assertEquals("org/bmsgen/firmware/smart4s/stm32/BalancingController.java", source.relativePath());
		FirmwareCompiler.compile("balancing", List.of(source, new PackStateEmitter().emit(pack)));
		Golden.assertMatches("firmware/Smart4S/BalancingController.java", source.text());
	}

	@Test
	void everyPack_compiles_withThePolicysConstants() throws Exception {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			GeneratedSource source = emitter.emit(pack);
			Path classes = FirmwareCompiler.compile("balancing-" + pack.name(),
					List.of(source, new PackStateEmitter().emit(pack)));
			BalancingIr policy = pack.balancing();
			if (policy == null) {
				continue;
			}
			try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
				Class<?> type = loader.loadClass(source.qualifiedName());
				assertEquals(policy.startDeltaMv(), type.getField("START_DELTA_MV").getInt(null), pack.name());
				assertEquals(policy.stopDeltaMv(), type.getField("STOP_DELTA_MV").getInt(null), pack.name());
				assertEquals(policy.minimumCellMv(), type.getField("MINIMUM_CELL_MV").getInt(null), pack.name());
				assertEquals(policy.restPeriods(), type.getField("REST_PERIODS").getInt(null), pack.name());
				assertEquals(policy.adjacentAllowed(), type.getField("ADJACENT_ALLOWED").getBoolean(null), pack.name());
			}
		}
	}

	@Test
	void referencePack_policyFromTheModel() {
		BalancingIr policy = TestModels.reference().balancing();
		// smart4s.bms:63-70: 15 mV, 5 mV, 3.90 V, 2 cells, 30 min of 250 ms periods, 45 degC
		assertEquals(15, policy.startDeltaMv());
		assertEquals(5, policy.stopDeltaMv());
		assertEquals(3900, policy.minimumCellMv());
		assertEquals(2, policy.maxCells());
		assertEquals(7200, policy.restPeriods());
		assertEquals(4500, policy.maxTemperatureCentiDegC());
	}
}
