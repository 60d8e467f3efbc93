package org.bmsgen.dsl.ide.hover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsgen.dsl.ide.IdeTestAccess;
import org.junit.jupiter.api.Test;

/**
 * Hover texts over the reference model. Expected values: unit arithmetic by hand, the bq769x0 tables of DS 8.5
 * (OCD code 7 with RSNS=1 is 56 mV; OCD_DELAY code 6 is 640 ms; SCD_DELAY code 2 is 200 us) and the OV
 * rounding rule (never above the modelled level, at most one 16-LSB step of 365..396 uV below it).
 */
class HoverTest {

	private static final String REFERENCE = IdeTestAccess.referenceModel();

	@Test
	void aDelayInMillisecondsIsShownInSecondsWithItsOcdDelayCode() {
		String hover = IdeTestAccess.hover(REFERENCE, "640 ms", 1);
		assertTrue(hover.contains("`640 ms` = **0.64 s**"), hover);
		assertTrue(hover.contains("PROTECT2 OCD_DELAY = 0x6: **640 ms**, as modelled"), hover);
	}

	@Test
	void anOcdLevelOnAStepShowsItsRegisterCode() {
		String hover = IdeTestAccess.hover(REFERENCE, "above 56 A", 6);
		assertTrue(hover.contains("`56 A` = **56 A**"), hover);
		assertTrue(hover.contains("PROTECT2 OCD_THRESH = 0x7 with RSNS = 1 (PROTECT1): 56 mV across the 1 mOhm shunt"
				+ " = **56 A**, as modelled"), hover);
	}

	@Test
	void anOcdLevelBetweenStepsShowsWhatTheChipDoes() {
		String model = REFERENCE.replace("overcurrent above 56 A", "overcurrent above 60 A");
		String hover = IdeTestAccess.hover(model, "above 60 A", 6);
		assertTrue(hover.contains("OCD_THRESH = 0x7"), hover);
		assertTrue(hover.contains("the chip trips at 56 A, not at 60 A"), hover);
	}

	@Test
	void anOcdLevelInMilliampsIsNormalised() {
		String model = REFERENCE.replace("overcurrent above 56 A", "overcurrent above 56000 mA");
		String hover = IdeTestAccess.hover(model, "56000 mA", 2);
		assertTrue(hover.contains("`56000 mA` = **56 A**"), hover);
		assertTrue(hover.contains("as modelled"), hover);
	}

	@Test
	void anScdDelayShowsItsCode() {
		String hover = IdeTestAccess.hover(REFERENCE, "200 us", 0);
		assertTrue(hover.contains("`200 us` = **0.0002 s**"), hover);
		assertTrue(hover.contains("PROTECT1 SCD_DELAY = 0x2: **200 us**, as modelled"), hover);
	}

	@Test
	void aFetResistanceIsShownInOhms() {
		String hover = IdeTestAccess.hover(REFERENCE, "1.5 mOhm", 0);
		assertTrue(hover.contains("`1.5 mOhm` = **0.0015 Ohm** (a resistance"), hover);
	}

	@Test
	void theOvervoltageShowsTheRangeProgrammedOverEveryTrim() {
		String hover = IdeTestAccess.hover(REFERENCE, "above 4.20 V for 2 s", 7);
		Matcher range = Pattern.compile("programs \\*\\*([0-9.]+) V to ([0-9.]+) V\\*\\*").matcher(hover);
		assertTrue(range.find(), hover);
		BigDecimal low = new BigDecimal(range.group(1));
		BigDecimal high = new BigDecimal(range.group(2));
		assertTrue(high.compareTo(new BigDecimal("4.2")) <= 0, "never above the modelled 4.20 V: " + hover);
		// one OV step is 16 LSB x at most 396 uV = 6.336 mV
		assertTrue(low.compareTo(new BigDecimal("4.193664")) >= 0, "at most one step below: " + hover);
	}

	@Test
	void aFirmwareProtectionHasNoRegisterLine() {
		String hover = IdeTestAccess.hover(REFERENCE, "16.80 V", 0);
		assertEquals("`16.80 V` = **16.8 V** (a voltage, base unit V)", hover);
	}

	@Test
	void theImportedCellTypeShowsItsSummary() {
		String hover = IdeTestAccess.hover(REFERENCE, "cells 4S3P NCR18650PF", 12);
		// models/cells/panasonic-ncr18650pf.bms: "capacity 2.997 Ah" (fitted by bmsgen fit-cell), "voltage nominal
		// 3.6 V minimum 2.5 V maximum 4.2 V", "current charge 2.9 A discharge 10 A peak 20 A for 10 s"
		assertTrue(hover.startsWith("cell **NCR18650PF** (Panasonic): NCA; 2.997 Ah; 2.5 V to 4.2 V (3.6 V nominal);"
				+ " charge 2.9 A, discharge 10 A, peak 20 A"), hover);
		assertTrue(hover.contains("panasonic-ncr18650pf.bms"), hover);
	}

	@Test
	void aStateReferenceShowsItsTransitions() {
		String hover = IdeTestAccess.hover(REFERENCE, "on afe-ready -> Standby", "on afe-ready -> ".length() + 1);
		assertEquals("state **Standby** of Control: 3 transition(s) to Charging, Discharging, Ship", hover);
	}

	@Test
	void aMissingUnitSaysWhatIsDue() {
		String model = REFERENCE.replace("period 250 ms", "period 250");
		String hover = IdeTestAccess.hover(model, "period 250", "period ".length());
		assertTrue(hover.contains("`250`: no unit; a time (d, h, min, s, ms, us) is due here"), hover);
	}
}
