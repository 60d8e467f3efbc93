package org.bmsgen.generator.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.PackIr;
import org.junit.jupiter.api.Test;

/** The bundled UDDS, the vehicle model and the scaling to a pack's ratings (values by hand or from the EPA). */
class DriveCycleTest {

	@Test
	void bundledSchedule_isTheEpaUdds() {
		double[] speeds = DriveCycle.speeds();
		assertEquals(1370, speeds.length, "0..1369 s");
		double metres = 0;
		double top = 0;
		for (double v : speeds) {
			metres += v;
			top = Math.max(top, v);
		}
		// EPA: 7.45 mi, 56.7 mph top speed
		assertEquals(7.45, metres / 1609.344, 0.01);
		assertEquals(56.7, top / DriveCycle.MPH, 1e-9);
		assertEquals(0, speeds[0]);
		assertEquals(0, speeds[speeds.length - 1]);
	}

	@Test
	void vehicleModel_byHand() {
		// 10 m/s held: rolling 1500 * 9.81 * 0.010 = 147.15 N, drag 1.2 * 0.65 * 100 / 2 = 39 N; 1861.5 W / 0.9
		double[] cruise = DriveCycle.batteryWatts(new double[] {10, 10});
		assertEquals(1861.5 / 0.9, cruise[0], 1e-9);
		assertEquals(0, cruise[1], "the last second has no next speed");
		// 10 -> 8 m/s: v = 9, a = -2: 9 * (-3000 + 147.15 + 0.39 * 81) W at the wheels, 60 % back into the pack
		double[] braking = DriveCycle.batteryWatts(new double[] {10, 8});
		assertEquals(9 * (-3000 + 147.15 + 0.39 * 81) * 0.6, braking[0], 1e-9);
		assertEquals(0, DriveCycle.batteryWatts(new double[] {0, 0})[0], "standing: no rolling resistance");
	}

	@Test
	void scaling_peakLongerThanItsDuration_isLowered() {
		// 12 s at 10 kW, then 1 kW: peak-scaled, 12 s would sit above a 30 A continuous rating for a 10 s peak
		double[] watts = new double[100];
		java.util.Arrays.fill(watts, 1000);
		for (int s = 0; s < 12; s++) {
			watts[s] = 10_000;
		}
		DriveCycle.PackProfile profile = DriveCycle.scaled(watts, 50_000, 30_000, 10_000, 6_000);
		assertTrue(profile.longestAboveContinuousS() <= 10, "runs above continuous: " + profile.longestAboveContinuousS());
		assertTrue(profile.highestDischargeMa() <= 30_000 * 1.0 / 0.99 + 1, "one 1 % step above the continuous at most");
		assertEquals(-1000, profile.permille()[0]);
	}

	@Test
	void everyPack_profileWithinItsRatings() {
		for (Map.Entry<String, String> model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			DriveCycle.PackProfile profile = DriveCycle.udds(pack);
			String name = pack.name();
			assertEquals(pack.control().peakMa(), profile.peakMa(), name);
			assertEquals(pack.control().chargeMa(), profile.chargeMa(), name);
			assertTrue(profile.highestDischargeMa() <= profile.peakMa(), name + " highest discharge");
			assertTrue(profile.highestDischargeMa() >= 0.9 * profile.peakMa(), name + " uses its peak rating");
			assertTrue(profile.rmsMa() <= profile.continuousMa(), name + " RMS");
			assertTrue(profile.highestChargeMa() <= profile.chargeMa() + profile.highestDischargeMa() / 2000.0,
					name + " regeneration within the charge rating (to the per mille)");
			assertTrue(profile.longestAboveContinuousS() * 1000 <= profile.peakDurationMs(), name + " peak duration");
			assertTrue(profile.netChargeMah() < 0 && -profile.netChargeMah() < 0.5 * pack.cell().packCapacityMah(),
					name + " a drive takes some but not most of the pack: " + profile.netChargeMah() + " mAh");
			for (int permille : profile.permille()) {
				assertTrue(permille >= -1000 && permille <= 1000, name + " per mille in a short");
			}
		}
	}
}
