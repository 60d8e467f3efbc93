package org.bmsgen.characterisation.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.characterisation.data.MeasuredData;
import org.bmsgen.characterisation.data.MeasuredDataException;
import org.junit.jupiter.api.Test;

/**
 * The fits give back the parameters of {@link SyntheticCell}, a cell whose parameters are known; the expected values
 * are that cell's (hand-set), never the fit's own output.
 */
class FitTest {

	@Test
	void ocvFitReadsTheCapacityAndTheDischargeBranch() throws Exception {
		OcvFit.Result ocv = OcvFit.fit(SyntheticCell.read(SyntheticCell.c20(), "c20.csv"), null);
		assertEquals(3.0, ocv.capacityAh(), 1e-4, "C/20 x 20 h");
		assertEquals(0.15, ocv.currentA(), 1e-9);
		assertEquals(25, ocv.degC(), "the chamber's 25.00, not the cell's 25.5");
		// at C/20 the settled circuit drops 0.15 A x (30 + 5 + 20) mOhm = 8.25 mV below the OCV
		double drop = 0.15 * (SyntheticCell.R0 + SyntheticCell.R1 + SyntheticCell.R2);
		for (int i = 0; i < ocv.soc().length; i++) {
			double soc = ocv.soc()[i];
			if (soc > 0.01 && soc < 0.99) {
				assertEquals(SyntheticCell.ocv(soc) - drop, ocv.volts()[i], 0.0006, "OCV at " + soc);
			}
		}
		assertEquals(0, ocv.soc()[0]);
		assertEquals(1, ocv.soc()[ocv.soc().length - 1]);
		assertTrue(ocv.rmsErrorV() < 0.001, "a straight line is tabulated exactly: " + ocv.rmsErrorV());
		assertNotNull(ocv.chargeBranch());
		assertEquals(2 * drop, ocv.chargeBranch().meanGapV(), 0.001, "charge lies 2 x 8.25 mV above discharge");
		assertEquals(0.5, ocv.chargeBranch().socTo(), 0.01, "10 h of C/20 charge");
		assertEquals(3.6 - drop, ocv.ocvAt(0.5), 0.0006);
	}

	@Test
	void ocvFitWithoutDischargeIsAnErrorNamingTheFile() throws Exception {
		String restOnly = SyntheticCell.HEADER + "0,4.1,0,0,0,0,25,25\n1,4.1,0,0,0,0,25,25\n";
		MeasuredDataException e = assertThrows(MeasuredDataException.class,
				() -> OcvFit.fit(SyntheticCell.read(restOnly, "rest.csv"), null));
		assertTrue(e.getMessage().startsWith("rest.csv: no discharge found"), e.getMessage());
	}

	@Test
	void ocvFitWithoutTemperatureNeedsOneGiven() throws Exception {
		StringBuilder csv = new StringBuilder("time_s,voltage_V,current_A,ah_Ah\n");
		for (int i = 0; i < 100; i++) {
			csv.append(i * 60).append(',').append(4.2 - i * 0.01).append(",-0.15,").append(-i * 0.0025).append('\n');
		}
		MeasuredData data = SyntheticCell.read(csv.toString(), "c20.csv");
		MeasuredDataException e = assertThrows(MeasuredDataException.class, () -> OcvFit.fit(data, null));
		assertTrue(e.getMessage().contains("no temperature column"), e.getMessage());
		assertEquals(10, OcvFit.fit(data, 10).degC());
	}

	@Test
	void twoRcRelaxationRecoversKnownPairsOffTheGrid() {
		// tau1 = 4.3 s and tau2 = 71 s lie between the coarse grid's points
		double r1 = 0.006;
		double tau1 = 4.3;
		double r2 = 0.018;
		double tau2 = 71;
		List<TwoRcRelaxation.Relaxation> relaxations = new ArrayList<>();
		double[] restVolts = { 3.70, 3.69, 3.68 };
		double[] amps = { 1.5, 3, 6 };
		for (int k = 0; k < 3; k++) {
			int n = 120;
			double[] t = new double[n];
			double[] v = new double[n];
			for (int s = 0; s < n; s++) {
				t[s] = 0.5 * Math.pow(10, s / 40.0);
				v[s] = restVolts[k] - amps[k] * r1 * (1 - Math.exp(-10 / tau1)) * Math.exp(-t[s] / tau1)
						- amps[k] * r2 * (1 - Math.exp(-10 / tau2)) * Math.exp(-t[s] / tau2);
			}
			relaxations.add(new TwoRcRelaxation.Relaxation(amps[k], 10, t, v));
		}
		TwoRcRelaxation.Fit fit = TwoRcRelaxation.fit(relaxations);
		assertNotNull(fit);
		// the fine grid steps by 10^(1/64) = 3.7 %: the time constants land within half a step
		assertEquals(tau1, fit.tau1(), tau1 * 0.02);
		assertEquals(tau2, fit.tau2(), tau2 * 0.02);
		assertEquals(r1, fit.r1(), r1 * 0.03);
		assertEquals(r2, fit.r2(), r2 * 0.03);
		assertEquals(3.70, fit.restVolts()[0], 0.0002);
	}

	@Test
	void twoRcRelaxationRefusesWhatIsNotARelaxation() {
		// a voltage that falls after the pulse: no fit with positive resistances
		double[] t = { 1, 2, 5, 10, 50, 100, 500, 1000 };
		double[] v = new double[t.length];
		for (int s = 0; s < t.length; s++) {
			v[s] = 3.7 - 0.01 * (1 - Math.exp(-t[s] / 20));
		}
		List<TwoRcRelaxation.Relaxation> one = List.of(new TwoRcRelaxation.Relaxation(3, 10, t, v),
				new TwoRcRelaxation.Relaxation(6, 10, t, v.clone()));
		assertNull(TwoRcRelaxation.fit(one));
	}

	@Test
	void hppcFitRecoversTheCircuitAtEverySetPoint() throws Exception {
		OcvFit.Result ocv = OcvFit.fit(SyntheticCell.read(SyntheticCell.c20(), "c20.csv"), null);
		HppcFit.Result hppc = HppcFit.fit(SyntheticCell.read(SyntheticCell.hppc(), "hppc.csv"), ocv, 1.0);
		assertEquals(3, hppc.setPoints().size());
		// each set draws (0.5 + 1 + 2 + 4) x 3 A x 10 s = 62.5 mAh = 2.08 % in its pulses, then 30 % to the next
		double perSet = 0.3 + 0.0625 / SyntheticCell.Q_AH;
		double[] expectedSoc = { 1.0, 1 - perSet, 1 - 2 * perSet };
		for (int i = 0; i < 3; i++) {
			HppcFit.SetPoint s = hppc.setPoints().get(i);
			assertTrue(s.fitted(), s.skipped());
			assertEquals(4, s.pulses().size());
			// the set point's SoC: the 30 % steps, less the pulses' own charge before it
			assertEquals(expectedSoc[i], s.soc(), 1e-4, "SoC of set " + i);
			assertEquals(SyntheticCell.R0, s.r0(), 0.0003, "R0 at " + s.soc());
			assertEquals(SyntheticCell.R1, s.r1(), SyntheticCell.R1 * 0.05, "R1 at " + s.soc());
			assertEquals(SyntheticCell.TAU1, s.tau1(), SyntheticCell.TAU1 * 0.05, "tau1 at " + s.soc());
			assertEquals(SyntheticCell.R2, s.r2(), SyntheticCell.R2 * 0.05, "R2 at " + s.soc());
			assertEquals(SyntheticCell.TAU2, s.tau2(), SyntheticCell.TAU2 * 0.05, "tau2 at " + s.soc());
			assertTrue(s.relaxationRmsV() < 0.0002, "relaxation residual " + s.relaxationRmsV());
		}
		// the table is ascending in SoC and the model reproduces its own data to the fit's rounding
		assertEquals(0.358, hppc.table().soc()[0], 1e-9, "1 - 2 x 32.08 %, rounded to 0.1 %");
		assertTrue(hppc.rmsV() < 0.001, "RMS " + hppc.rmsV());
		assertTrue(hppc.loadedRmsV() < 0.002, "under load " + hppc.loadedRmsV());
		assertEquals(0, hppc.chargePulses());
		// the synthetic OCV test's branch lies 8.25 mV below the true OCV the rests settle to
		assertEquals(0.00825, hppc.restOffsetRmsV(), 0.001);
	}

	@Test
	void openLoopOverTheCellsOwnPulsesShowsTheOcvTablesOffset() throws Exception {
		OcvFit.Result ocv = OcvFit.fit(SyntheticCell.read(SyntheticCell.c20(), "c20.csv"), null);
		HppcFit.Result hppc = HppcFit.fit(SyntheticCell.read(SyntheticCell.hppc(), "hppc.csv"), ocv, 1.0);
		OpenLoopCheck.Result check = OpenLoopCheck.run(SyntheticCell.read(SyntheticCell.hppc(), "drive.csv"), ocv,
				hppc.table());
		// the circuit is exact; what remains is the C/20 table's 8.25 mV below the true OCV (0.15 A x 55 mOhm)
		assertEquals(0.00825, check.rmsV(), 0.0015, "RMS " + check.rmsV());
		assertEquals(1 - 2 * (0.3 + 0.0625 / 3) - 0.0625 / 3 - 0.3, check.endSoc(), 1e-4, "three sets and three steps");
	}

	@Test
	void hppcFitWithoutPulsesSaysWhatItLookedFor() throws Exception {
		OcvFit.Result ocv = OcvFit.fit(SyntheticCell.read(SyntheticCell.c20(), "c20.csv"), null);
		MeasuredDataException e = assertThrows(MeasuredDataException.class,
				() -> HppcFit.fit(SyntheticCell.read(SyntheticCell.c20(), "c20-as-hppc.csv"), ocv, 1.0));
		assertTrue(e.getMessage().startsWith("c20-as-hppc.csv: no discharge pulses found"), e.getMessage());
		assertTrue(e.getMessage().contains("0.30 A"), "C/10 of 3 Ah: " + e.getMessage());
	}

	@Test
	void hppcFitWithShortRestsCannotFitThePairs() throws Exception {
		OcvFit.Result ocv = OcvFit.fit(SyntheticCell.read(SyntheticCell.c20(), "c20.csv"), null);
		StringBuilder csv = new StringBuilder(SyntheticCell.HEADER);
		double t = 0;
		for (int pulse = 0; pulse < 3; pulse++) {
			for (int k = 0; k < 100; k++, t += 0.1) {
				csv.append(String.format(java.util.Locale.ROOT, "%.1f,3.9,0,0,0,0,25,25%n", t));
			}
			for (int k = 0; k < 100; k++, t += 0.1) {
				csv.append(String.format(java.util.Locale.ROOT, "%.1f,3.8,-3,0,0,0,25,25%n", t));
			}
		}
		MeasuredDataException e = assertThrows(MeasuredDataException.class,
				() -> HppcFit.fit(SyntheticCell.read(csv.toString(), "short.csv"), ocv, 1.0));
		assertTrue(e.getMessage().contains("no set point has two pulses each followed by a rest of 600 s"), e.getMessage());
	}
}
