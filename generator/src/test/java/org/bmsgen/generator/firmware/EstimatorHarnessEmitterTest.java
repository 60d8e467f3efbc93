package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.harness.HarnessGenerator;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

/** Shape of the estimator harness over every pack of models/ (its behaviour runs in generated-firmware). */
class EstimatorHarnessEmitterTest {

	@Test
	void everyPack_getsItsHarness_registeredAndCovered() {
		for (Map.Entry<String, String> model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<GeneratedSource> sources = new HarnessGenerator().testSources(pack);
			String harness = sources.stream().filter(s -> s.typeName().equals(EstimatorHarnessEmitter.TYPE_NAME))
					.findFirst().orElseThrow().text();
			assertEquals(5, harness.lines().filter(line -> line.strip().equals("@Test")).count(), pack.name());
			assertEquals(new EstimatorHarnessEmitter().emit(pack), new EstimatorHarnessEmitter().emit(pack),
					"same model, same source");
			String coverage = new ModelCoverageEmitter().emit(pack).text();
			List<String> elements = EstimatorHarnessEmitter.coverageElements(pack);
			assertEquals(3, elements.size());
			for (String element : elements) {
				assertTrue(coverage.contains(element), pack.name() + " expects " + element);
				assertTrue(harness.contains(element), pack.name() + " records " + element);
			}
		}
	}

	@Test
	void flatOcv_getsTheLongerTime() {
		// NCR18650PF 75-80 % (fitted by fit-cell): (3.946 - 3.901) / 0.05 = 0.90 V per unit SoC; 2 % = 18 mV over 3 x 2 mV
		PackIr nca = TestModels.reference();
		assertEquals(0.90, EstimatorHarnessEmitter.smallestOcvSlope(nca.cell(), 0.75, 0.8), 1e-5);
		assertTrue(new EstimatorHarnessEmitter().emit(nca).get(0).text().contains("CONVERGED_AFTER_S = 600;"));
		// ANR26650M1B plateau 29.72-98.33 %: (3.351 - 3.277) / 0.6861 = 0.108 V; 2 % = 2.2 mV under 3 x 5 mV
		PackIr lfp = TestModels.ir("variants/smart3s-lfp.bms", "Smart3SLfp");
		assertEquals(0.074 / 0.6861, EstimatorHarnessEmitter.smallestOcvSlope(lfp.cell(), 0.4, 0.8), 1e-4);
		assertTrue(new EstimatorHarnessEmitter().emit(lfp).get(0).text().contains("CONVERGED_AFTER_S = 900;"));
		assertFalse(new EstimatorHarnessEmitter().emit(lfp).get(0).text().contains("issue 7's 10 min)"));
	}
}
