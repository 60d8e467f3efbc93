package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.bmsgen.dsl.tests.ReportedIssues;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class UnitChecksTest {

	@Inject
	private ModelSnippets snippets;

	private ReportedIssues cellVoltage(String statement) {
		return snippets.model().cell("voltage", statement).check();
	}

	@Test
	void checkDimension_referenceLikeModel_hasNoUnitIssues() {
		ReportedIssues issues = snippets.model().check();
		issues.assertNone(IssueCodes.DIMENSION_MISMATCH);
		issues.assertNone(IssueCodes.MISSING_UNIT);
	}

	@Test
	void checkDimension_currentWhereVoltageDue_isError() {
		ReportedIssues issues = cellVoltage("voltage nominal 2 A minimum 2.5 V maximum 4.2 V");
		Issue issue = issues.assertError(IssueCodes.DIMENSION_MISMATCH, "expected a voltage (V, mV, uV), found 2 A");
		assertEquals("2 A", issues.markedText(issue));
	}

	@Test
	void checkDimension_numberWithoutUnit_isMissingUnit() {
		ReportedIssues issues = cellVoltage("voltage nominal 3.6 V minimum 2.5 V maximum 4.25");
		issues.assertError(IssueCodes.MISSING_UNIT, "missing unit: 4.25 needs a voltage unit (V, mV, uV)");
		issues.assertNone(IssueCodes.DIMENSION_MISMATCH);
	}

	@Test
	void checkDimension_millivoltsForAVoltage_isClean() {
		cellVoltage("voltage nominal 3600 mV minimum 2500 mV maximum 4.2 V").assertNone(IssueCodes.DIMENSION_MISMATCH);
	}

	@Test
	void checkDimension_cellCapacityInAmps_isError() {
		snippets.model().cell("capacity", "capacity 2.9 A").check().assertError(IssueCodes.DIMENSION_MISMATCH,
				"expected a charge (Ah, mAh), found 2.9 A");
	}

	@Test
	void checkDimension_tripLevelFollowsProtectionKind() {
		ReportedIssues issues = snippets.model().pack("protection", "protection {"
				+ " cell overvoltage above 4.2 A for 2 s release below 4.1 V"
				+ " discharge short-circuit above 111 mV for 200 us latch"
				+ " charge overtemperature above 45 degC for 2 s release below 40 V }").check();
		issues.assertSome(IssueCodes.DIMENSION_MISMATCH, "expected a voltage (V, mV, uV), found 4.2 A",
				"expected a current (A, mA), found 111 mV", "expected a temperature (degC, K), found 40 V");
		assertEquals(3, issues.withCode(IssueCodes.DIMENSION_MISMATCH).size(), issues.describeAll());
	}

	@Test
	void checkDimension_plausibilityLevelFollowsSubjectAndKind() {
		// pack plausibility compares voltages (cells' sum against BAT), fet plausibility a current (a welded FET)
		ReportedIssues issues = snippets.model().pack("protection", "protection {"
				+ " pack plausibility above 300 mV for 2 s"
				+ " fet plausibility above 250 mA for 1 s latch }").check();
		issues.assertNone(IssueCodes.DIMENSION_MISMATCH);
		issues = snippets.model().pack("protection", "protection {"
				+ " pack plausibility above 3 A for 2 s"
				+ " fet plausibility above 250 mV for 1 s latch }").check();
		issues.assertSome(IssueCodes.DIMENSION_MISMATCH, "expected a voltage (V, mV, uV), found 3 A",
				"expected a current (A, mA), found 250 mV");
	}

	@Test
	void checkDimension_shuntRatedInPowerOrCurrent_isClean() {
		String afe = "afe BQ76920 { address 0x08 crc on shunt 1 mOhm rated %s channels [1, 2, 3, 5] }";
		snippets.model().pack("afe", String.format(afe, "3 W")).check().assertNone(IssueCodes.DIMENSION_MISMATCH);
		snippets.model().pack("afe", String.format(afe, "50 A")).check().assertNone(IssueCodes.DIMENSION_MISMATCH);
	}

	@Test
	void checkDimension_shuntRatedInVolts_namesBothAllowedDimensions() {
		snippets.model().pack("afe", "afe BQ76920 { shunt 1 mOhm rated 3 V }").check().assertError(
				IssueCodes.DIMENSION_MISMATCH, "expected a current (A, mA) or a power (W, mW), found 3 V");
	}

	@Test
	void checkDimension_shuntRatingWithoutUnit_namesBothUnits() {
		snippets.model().pack("afe", "afe BQ76920 { shunt 1 mOhm rated 3 }").check().assertError(
				IssueCodes.MISSING_UNIT, "missing unit: 3 needs a current or power unit (A, mA, W, mW)");
	}

	@Test
	void checkDimension_ocvTableAxes_areSocAndVoltage() {
		ReportedIssues issues = snippets.model()
				.cell("ocv", "ocv at 25 degC { 0 V: 2.5 V, 50 %: 3.6 V, 100 %: 4.1 % }").check();
		issues.assertSome(IssueCodes.DIMENSION_MISMATCH, "expected a ratio (%), found 0 V",
				"expected a voltage (V, mV, uV), found 4.1 %");
	}

	@Test
	void checkDimension_ecmParameterFollowsItsKind() {
		ReportedIssues issues = snippets.model()
				.cell("ecm", "ecm at 25 degC { r0 30 mOhm r1 2 kF c1 15 mOhm }").check();
		issues.assertSome(IssueCodes.DIMENSION_MISMATCH, "expected a resistance (Ohm, mOhm, uOhm, kOhm), found 2 kF",
				"expected a capacitance (F, kF), found 15 mOhm");
	}

	@Test
	void checkDimension_ecmTableOverSocFollowsItsKind() {
		snippets.model().cell("ecm", "ecm at 25 degC { r0 over soc { 0 %: 40 mOhm, 100 %: 30 } }").check()
				.assertError(IssueCodes.MISSING_UNIT, "missing unit: 30 needs a resistance unit");
		snippets.model().cell("ecm", "ecm at 25 degC { r0 over soc { 0 %: 40 mOhm, 100 %: 30 F } }").check()
				.assertError(IssueCodes.DIMENSION_MISMATCH, "found 30 F");
	}

	@Test
	void checkDimension_deratingXFollowsItsVariable_andYIsARatio() {
		ReportedIssues issues = snippets.model().pack("limits", "limits { charge 6 A discharge 60 A"
				+ " derate charge by max-temperature { 10 %: 0 %, 45 degC: 6 A } }").check();
		issues.assertSome(IssueCodes.DIMENSION_MISMATCH, "expected a temperature (degC, K), found 10 %",
				"expected a ratio (%), found 6 A");
		snippets.model().pack("limits", "limits { derate discharge by current { 10 A: 100 %, 20 A: 50 % } }").check()
				.assertNone(IssueCodes.DIMENSION_MISMATCH);
	}

	@Test
	void checkDimension_comparisonFollowsItsMeasurement() {
		ReportedIssues issues = snippets.model().pack("statemachine", "statemachine Control { initial Idle"
				+ " state Idle { when current above 0.2 V -> Idle when soc below 10 % -> Idle"
				+ " when max-temperature above 50 A -> Idle } }").check();
		issues.assertSome(IssueCodes.DIMENSION_MISMATCH, "expected a current (A, mA), found 0.2 V",
				"expected a temperature (degC, K), found 50 A");
		assertEquals(2, issues.withCode(IssueCodes.DIMENSION_MISMATCH).size(), issues.describeAll());
	}

	@Test
	void checkDimension_signalScaleTakesAnyUnitOrNone() {
		ReportedIssues issues = snippets.model().pack("message", "can message Status id 0x100 every 100 ms {"
				+ " signal state 0|4 unsigned scale 1 from soc signal v 8|16 unsigned scale 0.001 V offset -5 A"
				+ " range 0 to 65 from pack-voltage }").check();
		issues.assertNone(IssueCodes.DIMENSION_MISMATCH);
		issues.assertNone(IssueCodes.MISSING_UNIT);
	}

	@Test
	void checkDimension_bitRatesPeriodsAndSizes() {
		ReportedIssues issues = snippets.model().pack("can", "can MCP2562 { fd nominal 500 kHz data 2 Mbit/s }")
				.pack("mcu", "mcu STM32G431 { period 250 watchdog 1 s }")
				.pack("log", "log { events in 256 KiB record 32 history in 8 MiB record 64 B every 60 B }").check();
		issues.assertSome(IssueCodes.DIMENSION_MISMATCH,
				"expected a bit rate (bit/s, kbit/s, Mbit/s, baud), found 500 kHz",
				"expected a time (d, h, min, s, ms, us), found 60 B");
		issues.assertSome(IssueCodes.MISSING_UNIT, "missing unit: 250 needs a time unit",
				"missing unit: 32 needs a size unit (B, KiB, MiB)");
	}

	@Test
	void checkValueRange_referenceLikeModel_isClean() {
		snippets.model().check().assertNone(IssueCodes.VALUE_OUT_OF_RANGE);
	}

	@Test
	void checkValueRange_zeroCapacity_isError() {
		snippets.model().cell("capacity", "capacity 0 mAh").check().assertError(IssueCodes.VALUE_OUT_OF_RANGE,
				"0 mAh is impossible here: a charge must be above zero");
	}

	@Test
	void checkValueRange_nonPositiveTimesRatesSizesAndResistances_areErrors() {
		ReportedIssues issues = snippets.model().pack("mcu", "mcu STM32G431 { period 0 ms watchdog 1 s }")
				.pack("can", "can MCP2562 { classic nominal -500 kbit/s }")
				.pack("log", "log { events in 0 KiB record 32 B }")
				.pack("fets", "fets 6 back-to-back on 0 mOhm rated 60 A").check();
		issues.assertSome(IssueCodes.VALUE_OUT_OF_RANGE, "0 ms is impossible here: a time must be above zero",
				"-500 kbit/s is impossible here: a bit rate must be above zero",
				"0 KiB is impossible here: a size must be above zero",
				"0 mOhm is impossible here: a resistance must be above zero");
		assertEquals(4, issues.withCode(IssueCodes.VALUE_OUT_OF_RANGE).size(), issues.describeAll());
	}

	@Test
	void checkValueRange_negativeRatingIsError_butNegativeComparisonCurrentIsNot() {
		ReportedIssues issues = snippets.model().pack("current", "current continuous -30 A").check();
		issues.assertError(IssueCodes.VALUE_OUT_OF_RANGE, "-30 A is impossible here");
		// the default state machine compares "current below -0.2 A": a discharge, not an impossible value
	}

	@Test
	void checkValueRange_temperatureBelowAbsoluteZero_isError() {
		snippets.model().cell("ocv", "ocv at -300 degC { 0 %: 2.5 V, 100 %: 4.17 V }").check()
				.assertError(IssueCodes.VALUE_OUT_OF_RANGE, "-300 degC is below absolute zero");
		snippets.model().cell("ocv", "ocv at 0 K { 0 %: 2.5 V, 100 %: 4.17 V }").check()
				.assertNone(IssueCodes.VALUE_OUT_OF_RANGE);
	}

	@Test
	void checkValueRange_stateOfChargeAbove100Percent_isError() {
		ReportedIssues issues = snippets.model().cell("ocv", "ocv at 25 degC { 0 %: 2.5 V, 120 %: 4.17 V }")
				.cell("spread", "spread { soc -1 % }").check();
		issues.assertSome(IssueCodes.VALUE_OUT_OF_RANGE, "120 % is outside 0 % to 100 %",
				"-1 % is outside 0 % to 100 %");
	}

	@Test
	void checkValueRange_valuesWithTheirOwnCheck_areNotReportedTwice() {
		ReportedIssues issues = snippets.model().pack("soc", "soc ekf { model 2RC measurement noise 0 mV"
				+ " initial uncertainty 150 % }").pack("soh", "soh { end of life 0 % }").check();
		issues.assertNone(IssueCodes.VALUE_OUT_OF_RANGE);
		assertEquals(3, issues.withCode(IssueCodes.ESTIMATOR_PARAMETER_INVALID).size(), issues.describeAll());
	}

	@Test
	void checkValueRange_wrongUnit_isOnlyADimensionError() {
		ReportedIssues issues = snippets.model().cell("capacity", "capacity -2 V").check();
		issues.assertError(IssueCodes.DIMENSION_MISMATCH);
		issues.assertNone(IssueCodes.VALUE_OUT_OF_RANGE);
	}
}
