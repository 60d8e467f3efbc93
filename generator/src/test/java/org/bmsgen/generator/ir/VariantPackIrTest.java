package org.bmsgen.generator.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Variants re-quantise what their changes touch; the expected codes are from the DS 8.5 tables. */
class VariantPackIrTest {

	static final int[] OCD_MV_RSNS0 = { 8, 11, 14, 17, 19, 22, 25, 28, 31, 33, 36, 39, 42, 44, 47, 50 };
	static final int[] SCD_MV_RSNS0 = { 22, 33, 44, 56, 67, 78, 89, 100 };

	@Test
	void halfMilliohmShunt_ocdAndScdRequantisedWithRsns0() {
		PackIr ir = Models.ir("variants/smart4s-half-milliohm-shunt.bms", "Smart4SHalfMilliohmShunt");
		AfeIr afe = ir.afe();
		assertEquals(500, afe.shuntMicroOhm());
		// 56 A x 0.5 mOhm = 28 mV, 112 A x 0.5 mOhm = 56 mV: both exact RSNS=0 entries; in the RSNS=1 tables 56 mV
		// has no SCD entry, so the shared bit is 0
		int ocdCode = ReferencePackIrTest.indexOf(OCD_MV_RSNS0, 28);
		int scdCode = ReferencePackIrTest.indexOf(SCD_MV_RSNS0, 56);
		assertEquals(0, afe.rsns());
		assertEquals(ocdCode, afe.dischargeOvercurrent().code());
		assertEquals(scdCode, afe.dischargeShortCircuit().code());
		assertEquals(28, afe.dischargeOvercurrent().programmedShuntMv());
		assertEquals(56_000, afe.dischargeOvercurrent().programmedMa());
		assertEquals(112_000, afe.dischargeShortCircuit().programmedMa());
		int scdDelayCode = ReferencePackIrTest.indexOf(ReferencePackIrTest.SCD_DELAY_US, 200);
		assertEquals((0 << 7) | (scdDelayCode << 3) | scdCode, afe.protect1());
		int ocdDelayCode = ReferencePackIrTest.indexOf(ReferencePackIrTest.OCD_DELAY_MS, 640);
		assertEquals((ocdDelayCode << 4) | ocdCode, afe.protect2());
		assertFalse(afe.dischargeShortCircuit().quantised());
		assertEquals(List.of("Smart4SHalfMilliohmShunt", "Smart4S"), ir.lineage());
	}

	@Test
	void lfp3S_threeCellsChannelMapAndOwnLimits() {
		PackIr ir = Models.ir("variants/smart3s-lfp.bms", "Smart3SLfp");
		assertEquals(3, ir.cell().seriesCells());
		assertEquals(2, ir.cell().parallelCells());
		assertEquals("ANR26650M1B", ir.cell().name());
		assertEquals(List.of(1, 2, 5), ir.afe().channels());
		assertEquals(3600, ir.afe().cellOvervoltage().modelledMv());
		assertEquals(2500, ir.afe().cellUndervoltage().modelledMv());
		// overridden in the variant, inherited from the base: traces lead to where each is written
		String variant = "variants/smart3s-lfp.bms";
		assertEquals(new Trace(variant, Models.lineOf(variant, "cell overvoltage above 3.60 V")),
				ir.protection("cellOvervoltage").trace());
		assertEquals(new Trace("smart4s.bms", Models.lineOf("smart4s.bms", "discharge overcurrent above 56 A")),
				ir.protection("dischargeOvercurrent").trace());
		assertEquals("smart4s.bms", ir.stateMachine("Control").trace().file());
		// inherited OCD/SCD at the inherited 1 mOhm shunt: as the reference
		assertEquals(0x67, ir.afe().protect2());
		// only while charging, no rest condition
		assertEquals(0, ir.balancing().restMs());
		assertEquals(3400, ir.balancing().minimumCellMv());
		assertEquals(true, ir.estimators().soc().initialFromFlash());
		assertEquals(List.of("cells/a123-anr26650m1b.bms", "smart4s.bms", variant), ir.sourceFiles());
	}

	@Test
	void highCurrent5S_topOfTablesWithRsns1() {
		PackIr ir = Models.ir("variants/smart5s-high-current.bms", "Smart5SHighCurrent");
		assertEquals(List.of(1, 2, 3, 4, 5), ir.afe().channels());
		assertEquals(1, ir.afe().rsns());
		assertEquals(ReferencePackIrTest.indexOf(ReferencePackIrTest.OCD_MV_RSNS1, 100), ir.afe().dischargeOvercurrent().code());
		assertEquals(ReferencePackIrTest.indexOf(ReferencePackIrTest.SCD_MV_RSNS1, 155), ir.afe().dischargeShortCircuit().code());
		assertEquals(8 * 2997, ir.cell().packCapacityMah());
		assertEquals(100_000, ir.afe().dischargeOvercurrent().programmedMa());
	}
}
