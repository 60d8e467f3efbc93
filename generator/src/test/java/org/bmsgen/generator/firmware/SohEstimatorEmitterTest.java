package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.bmsgen.generator.ir.CellIr;
import org.junit.jupiter.api.Test;

/** The SoC band of the SoH estimator's resistance samples, against a hand-computed circuit. */
class SohEstimatorEmitterTest {

	/**
	 * R0 30 mOhm, R1 falling linearly from 30 mOhm at 0 % to 0 at 100 %, C1 100 F, period 250 ms: the RC rise over a
	 * period, R1 (1 - exp(-0.25 s / (100 F R1))), is 1.46 mOhm at 93 % (R1 2.1 mOhm, tau 0.21 s), under 5 % of R0
	 * (1.5 mOhm), and 1.55 mOhm at 92 % (R1 2.4 mOhm, tau 0.24 s), over it; it only grows below.
	 */
	@Test
	void resistanceMinSoc_firstSocWhereTheRcRiseStaysUnderFivePercentOfR0() {
		var r0 = new CellIr.EcmParameter("r0", List.of(), List.of(0.030f), null);
		var r1 = new CellIr.EcmParameter("r1", List.of(0f, 1f), List.of(0.030f, 0f), null);
		var c1 = new CellIr.EcmParameter("c1", List.of(), List.of(100f), null);
		var circuit = new CellIr.EquivalentCircuit(2500, List.of(r0, r1, c1), null);
		assertEquals(0.93f, SohEstimatorEmitter.resistanceMinSoc(circuit, 0.25), 1e-6f);
		// no pairs: every SoC qualifies
		assertEquals(0f, SohEstimatorEmitter.resistanceMinSoc(new CellIr.EquivalentCircuit(2500, List.of(r0), null),
				0.25), 0f);
	}
}
