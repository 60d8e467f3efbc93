package org.bmsgen.characterisation.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsgen.characterisation.data.MeasuredCsv;
import org.junit.jupiter.api.Test;

/**
 * The fit on the measured NCR18650PF (Kollmeyer 2018, doi:10.17632/wykht8y7tg.1) against the figures of session 1's
 * independent Python fit (tools/fit_hppc.py, removed when this replaced it; its numbers are in the cell file's
 * history and docs/characterisation.md): R0 29.1 mOhm and R1 3.8 mOhm at 51.6 % SoC, 36.1 mOhm at 100 %, 14 set points,
 * 7.1 mV RMS over the whole test. Skipped when shared/data is not beside the checkout.
 */
class PanasonicFitTest {

	private static final Path DATA = Path.of(System.getProperty("bmsgen.root", ".."), "..", "shared", "data", "cells",
			"panasonic-18650pf", "csv");

	@Test
	void fitsTheMeasuredCellAsTheIndependentFitDid() throws Exception {
		Path c20 = DATA.resolve("C20_OCV_Test_C20_25dC.csv.gz");
		assumeTrue(Files.isRegularFile(c20), "shared data not found at " + DATA.toAbsolutePath().normalize()
				+ ": the measured-data fit is not tested");
		OcvFit.Result ocv = OcvFit.fit(MeasuredCsv.read(c20, "c20"), null);
		// README.txt: C/20 discharge 2.995 Ah (counted from the first loaded sample; 2.4 mAh more from the rest before)
		assertEquals(2.9949, ocv.capacityAh(), 0.003);
		assertEquals(25, ocv.degC());
		HppcFit.Result hppc = HppcFit.fit(MeasuredCsv.read(DATA.resolve("25degC_5Pulse_HPPC_Pan18650PF.csv.gz"), "hppc"),
				ocv, 1.0);
		assertEquals(14, hppc.table().size());
		EcmTable t = hppc.table();
		int mid = 7;
		assertEquals(0.516, t.soc()[mid], 0.001);
		assertEquals(0.0291, t.r0()[mid], 0.0003);
		assertEquals(0.0038, t.r1()[mid], 0.0003);
		assertEquals(0.0361, t.r0()[13], 0.0003);
		assertEquals(0.0071, hppc.rmsV(), 0.0005, "whole-test RMS");
		assertTrue(hppc.loadedRmsV() < 0.025, "under load " + hppc.loadedRmsV());
	}
}
