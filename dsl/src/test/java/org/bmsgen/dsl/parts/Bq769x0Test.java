package org.bmsgen.dsl.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.bmsgen.dsl.parts.Bq769x0.CurrentComparator;
import org.bmsgen.dsl.parts.Bq769x0.CurrentProtection;
import org.bmsgen.dsl.parts.Bq769x0.CurrentSetting;
import org.bmsgen.dsl.parts.Bq769x0.DelayTable;
import org.bmsgen.dsl.parts.Bq769x0.Part;
import org.bmsgen.dsl.parts.Bq769x0.Trim;
import org.junit.jupiter.api.Test;

/** The bq769x0 numbers against every worked example of the datasheet (DS 9.2, 8.3.1.1) and the safety rules. */
class Bq769x0Test {

	/** DS 9.2 design example trim. */
	private static final Trim DS_9_2 = new Trim(382, 0);

	@Test
	void overvoltageTrip_ds92_4v30_isRaw0x2BF9_trip0xBF_notAboveModelled() {
		assertEquals(0x2BF9, Bq769x0.adcCode(4_300_000, DS_9_2));
		int trip = Bq769x0.ovTrip(4_300_000, DS_9_2);
		assertEquals(0xBF, trip);
		assertEquals(0xBF, (Bq769x0.adcCode(4_300_000, DS_9_2) >> 4) & 0xFF, "the datasheet's byte agrees here");
		assertTrue(Bq769x0.ovThresholdMicrovolts(trip, DS_9_2) <= 4_300_000);
		assertTrue(Bq769x0.ovThresholdMicrovolts(trip + 1, DS_9_2) > 4_300_000, "the highest byte not above");
		assertEquals(4_299_792, Bq769x0.ovThresholdMicrovolts(trip, DS_9_2));
	}

	@Test
	void undervoltageTrip_ds92_2v50_isRaw0x1991_trip0x9A_underTheNotBelowRule() {
		assertEquals(0x1991, Bq769x0.adcCode(2_500_000, DS_9_2));
		// The datasheet truncates: (raw >> 4) & 0xFF = 0x99, which programs 2.4998 V, below the 2.50 V asked.
		assertEquals(0x99, (Bq769x0.adcCode(2_500_000, DS_9_2) >> 4) & 0xFF);
		assertTrue(Bq769x0.uvThresholdMicrovolts(0x99, DS_9_2) < 2_500_000);
		// bmsgen's rule: the lowest byte not below the modelled level, i.e. the reference's round-up 0x9A.
		int trip = Bq769x0.uvTrip(2_500_000, DS_9_2);
		assertEquals(0x9A, trip);
		assertEquals(2_505_920, Bq769x0.uvThresholdMicrovolts(trip, DS_9_2));
	}

	@Test
	void tripRounding_everyTrimAndLevel_neverLaterThanModelled() {
		for (Trim trim : Trim.extremes()) {
			for (long uv = 3_400_000; uv <= 4_350_000; uv += 997) {
				int trip = Bq769x0.ovTrip(uv, trim);
				assertTrue(Bq769x0.ovThresholdMicrovolts(trip, trim) <= uv, trim + " " + uv);
				assertTrue(trip == 0xFF || Bq769x0.ovThresholdMicrovolts(trip + 1, trim) > uv, trim + " " + uv);
			}
			for (long uv = 1_750_000; uv <= 2_850_000; uv += 997) {
				int trip = Bq769x0.uvTrip(uv, trim);
				assertTrue(Bq769x0.uvThresholdMicrovolts(trip, trim) >= uv, trim + " " + uv);
				assertTrue(trip == 0 || Bq769x0.uvThresholdMicrovolts(trip - 1, trim) < uv, trim + " " + uv);
			}
		}
	}

	@Test
	void rangeForEveryTrim_isTheIntersectionOverTrims() {
		// OV: 0x2008 x 396 uV + 127 mV .. 0x2FF8 x 365 uV - 128 mV; UV: 0x1000 x 396 + 127 .. 0x1FF0 x 365 - 128
		assertEquals(new Bq769x0.MicrovoltRange(3_374_200, 4_354_200), Bq769x0.ovRangeForEveryTrim());
		assertEquals(new Bq769x0.MicrovoltRange(1_749_016, 2_856_240), Bq769x0.uvRangeForEveryTrim());
		for (Trim trim : Trim.extremes()) {
			Bq769x0.ovTrip(Bq769x0.ovRangeForEveryTrim().min(), trim);
			Bq769x0.ovTrip(Bq769x0.ovRangeForEveryTrim().max(), trim);
			Bq769x0.uvTrip(Bq769x0.uvRangeForEveryTrim().min(), trim);
			Bq769x0.uvTrip(Bq769x0.uvRangeForEveryTrim().max(), trim);
		}
		assertThrows(IllegalArgumentException.class, () -> Bq769x0.ovTrip(3_300_000, new Trim(396, 127)));
		assertThrows(IllegalArgumentException.class, () -> Bq769x0.uvTrip(2_900_000, new Trim(365, -128)));
	}

	@Test
	void cellMicrovolts_ds8311Examples_gain380Offset30() {
		Trim trim = new Trim(380, 30);
		assertEquals(2365, Math.round(Bq769x0.cellMicrovolts(0x1800, trim) / 1000.0));
		assertEquals(3052, Math.round(Bq769x0.cellMicrovolts(0x1F10, trim) / 1000.0));
	}

	@Test
	void trimFromRegisters_offsetIsSigned_gainSpans365to396() {
		assertEquals(-128, Trim.fromRegisters(0, 0x80, 0).offsetMv());
		assertEquals(-1, Trim.fromRegisters(0, 0xFF, 0).offsetMv());
		assertEquals(127, Trim.fromRegisters(0, 0x7F, 0).offsetMv());
		assertEquals(365, Trim.fromRegisters(0x00, 0, 0x00).gainUvPerLsb());
		assertEquals(396, Trim.fromRegisters(0x0C, 0, 0xE0).gainUvPerLsb());
		assertEquals(365 + 16, Trim.fromRegisters(0x08, 0, 0x00).gainUvPerLsb());
	}

	@Test
	void coulombCounter_ds8313Table() {
		assertEquals(8_440, Bq769x0.coulombCounterNanovolts(0x0001));
		assertEquals(84_400_000, Bq769x0.coulombCounterNanovolts(0x2710));
		assertEquals(270_080_000, Bq769x0.coulombCounterNanovolts(0x7D00));
		assertEquals(-270_080_000, Bq769x0.coulombCounterNanovolts(0x8300));
		assertEquals(-131_123_840, Bq769x0.coulombCounterNanovolts(0xC350));
		assertEquals(-8_440, Bq769x0.coulombCounterNanovolts(0xFFFF));
	}

	@Test
	void shortCircuit_ds92_code3_is111mV_22_2A_at5mOhm() {
		CurrentSetting scd = Bq769x0.currentSetting(CurrentComparator.SCD, 22.2, 0.005).orElseThrow();
		assertEquals(3, scd.code());
		assertEquals(1, scd.rsns());
		assertEquals(111, scd.millivolts());
		assertEquals(22.2, scd.amps(), 1e-9);
	}

	@Test
	void overcurrent_ds92_code0xA_is72mV_14_4A_protect2Is0x5A() {
		CurrentSetting ocd = Bq769x0.currentSetting(CurrentComparator.OCD, 14.4, 0.005).orElseThrow();
		assertEquals(0xA, ocd.code());
		assertEquals(1, ocd.rsns());
		assertEquals(72, ocd.millivolts());
		assertEquals(14.4, ocd.amps(), 1e-9);
		int delay = DelayTable.OCD.exact(0.320).orElseThrow();
		assertEquals(5, delay);
		// The DS text prints 0x5B; delay code 5 with threshold code 0xA is 0x5A (datasheet erratum).
		assertEquals(0x5A, Bq769x0.protect2(delay, ocd.code()));
		int scdDelay = DelayTable.SCD.exact(100e-6).orElseThrow();
		assertEquals(0x8B, Bq769x0.protect1(1, scdDelay, 3));
		assertEquals("72 mV = 14.4 A (OCD code 0xA, RSNS=1)", ocd.describe());
	}

	@Test
	void currentSetting_betweenEntries_takesNearestNotAbove() {
		CurrentSetting ocd = Bq769x0.currentSetting(CurrentComparator.OCD, 60, 0.001).orElseThrow();
		assertEquals(56, ocd.millivolts());
		assertEquals(7, ocd.code());
		assertEquals(1, ocd.rsns());
		// 20 A at 1 mOhm: 19 mV (RSNS=0) is nearer than 17 mV (RSNS=1)
		CurrentSetting low = Bq769x0.currentSetting(CurrentComparator.OCD, 20, 0.001).orElseThrow();
		assertEquals(19, low.millivolts());
		assertEquals(0, low.rsns());
		// a level in both tables: RSNS=1
		assertEquals(1, Bq769x0.currentSetting(CurrentComparator.OCD, 44, 0.001).orElseThrow().rsns());
		assertEquals(Optional.empty(), Bq769x0.currentSetting(CurrentComparator.OCD, 5, 0.001));
		assertEquals(Optional.empty(), Bq769x0.currentSetting(CurrentComparator.OCD, 101, 0.001));
		assertEquals(Optional.empty(), Bq769x0.currentSetting(CurrentComparator.SCD, 201, 0.001));
	}

	@Test
	void currentProtection_sharesOneRsns() {
		CurrentProtection both = Bq769x0.currentProtection(56, 111, 0.001).orElseThrow();
		assertEquals(1, both.rsns());
		assertEquals(7, both.ocd().code());
		assertEquals(3, both.scd().code());
		// 20 A alone prefers RSNS=0 (19 mV); with a 150 A short circuit only RSNS=1 serves both
		CurrentProtection shared = Bq769x0.currentProtection(20, 150, 0.001).orElseThrow();
		assertEquals(1, shared.rsns());
		assertEquals(17, shared.ocd().millivolts());
		assertEquals(133, shared.scd().millivolts());
		// 10 A exists only with RSNS=0, 150 A only with RSNS=1
		assertFalse(Bq769x0.currentProtection(10, 150, 0.001).isPresent());
	}

	@Test
	void delayTables_inTheirOwnUnits_ovUvInSeconds() {
		int ovCode = DelayTable.OV.exact(2.0).orElseThrow();
		assertEquals(1, ovCode);
		assertEquals(2.0, DelayTable.OV.seconds(ovCode), 0);
		assertEquals(Optional.empty(), DelayTable.OV.exact(0.002), "2 ms is not an OV delay");
		assertEquals(Optional.empty(), DelayTable.OV.exact(8.0e-3));
		assertEquals(16.0, DelayTable.UV.seconds(3), 0);
		assertEquals(4.0, DelayTable.UV.seconds(DelayTable.UV.exact(4.0).orElseThrow()), 0);
		assertEquals(0.320, DelayTable.OCD.seconds(5), 1e-12);
		assertEquals(1.280, DelayTable.OCD.seconds(7), 1e-12);
		assertEquals(100e-6, DelayTable.SCD.seconds(1), 1e-15);
		assertEquals(0x50, Bq769x0.protect3(DelayTable.UV.exact(4.0).orElseThrow(), ovCode));
		assertEquals("1, 2, 4, 8 s", DelayTable.OV.describe());
	}

	@Test
	void delayNotAbove_quantisesDownAndRejectsOutside() {
		assertEquals(Optional.of(5), DelayTable.OCD.notAbove(0.5));
		assertEquals(Optional.of(5), DelayTable.OCD.notAbove(0.320));
		assertEquals(Optional.empty(), DelayTable.OCD.notAbove(0.005));
		assertEquals(Optional.empty(), DelayTable.OCD.notAbove(2.0));
		assertEquals(1, DelayTable.OV.nearest(3.0));
		assertEquals(2, DelayTable.UV.nearest(7.0));
	}

	@Test
	void channelMap_perPartAndCellCount() {
		assertEquals(List.of(1, 2, 3, 5), Bq769x0.channelMap(Part.BQ76920, 4));
		assertEquals(List.of(1, 2, 3, 4, 5), Bq769x0.channelMap(Part.BQ76920, 5));
		assertEquals(List.of(1, 2, 5), Bq769x0.channelMap(Part.BQ76920, 3));
		assertEquals(List.of(1, 2, 3, 5, 6, 7, 10), Bq769x0.channelMap(Part.BQ76930, 7));
		// TI E2E 985977: 13 cells on a BQ76940 leave VC9-VC8 and VC14-VC13 shorted
		assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 15), Bq769x0.channelMap(Part.BQ76940, 13));
		assertEquals(15, Bq769x0.channelMap(Part.BQ76940, 15).size());
		assertThrows(IllegalArgumentException.class, () -> Bq769x0.channelMap(Part.BQ76920, 6));
		assertEquals(3, Part.BQ76940.thermistorInputs());
		assertEquals(1, Part.BQ76920.thermistorInputs());
	}
}
