package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.bmsgen.dsl.tests.ReportedIssues;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class CellChecksTest {

	@Inject
	private ModelSnippets snippets;

	private ReportedIssues cell(String key, String statement) {
		return snippets.model().cell(key, statement).check();
	}

	private ReportedIssues ocv(String points) {
		return cell("ocv", "ocv at 25 degC { " + points + " }");
	}

	private ReportedIssues ecm(String parameters) {
		return cell("ecm", "ecm at 25 degC { " + parameters + " }");
	}

	// voltages

	@Test
	void checkVoltagesOrdered_minimumNominalMaximum_isClean() {
		snippets.model().check().assertNone(IssueCodes.CELL_VOLTAGES_INCONSISTENT);
	}

	@Test
	void checkVoltagesOrdered_minimumAboveNominal_isError() {
		cell("voltage", "voltage nominal 3.6 V minimum 3.7 V maximum 4.2 V").assertError(
				IssueCodes.CELL_VOLTAGES_INCONSISTENT, "minimum 3.7 V is not below nominal 3.6 V", "minimum < nominal");
	}

	@Test
	void checkVoltagesOrdered_nominalAboveMaximumInOtherUnits_isError() {
		cell("voltage", "voltage nominal 4300 mV minimum 2.5 V maximum 4.2 V").assertError(
				IssueCodes.CELL_VOLTAGES_INCONSISTENT, "nominal 4300 mV is not below maximum 4.2 V");
	}

	@Test
	void checkVoltagesOrdered_minimumEqualsMaximumWithoutNominal_isError() {
		cell("voltage", "voltage minimum 4.2 V maximum 4.2 V").assertError(IssueCodes.CELL_VOLTAGES_INCONSISTENT,
				"minimum 4.2 V is not below maximum 4.2 V");
	}

	// temperature ranges

	@Test
	void checkTemperatureRanges_ascendingRanges_areClean() {
		cell("temperature", "temperature charge 0 degC to 45 degC discharge 253.15 K to 60 degC")
				.assertNone(IssueCodes.CELL_TEMPERATURES_INCONSISTENT);
	}

	@Test
	void checkTemperatureRanges_reversedChargeRange_isError() {
		cell("temperature", "temperature charge 45 degC to 10 degC discharge -20 degC to 60 degC").assertError(
				IssueCodes.CELL_TEMPERATURES_INCONSISTENT, "charge temperature range 45 degC to 10 degC is empty");
	}

	@Test
	void checkTemperatureRanges_emptyDischargeRangeAcrossUnits_isError() {
		cell("temperature", "temperature discharge 333.15 K to 60 degC").assertError(
				IssueCodes.CELL_TEMPERATURES_INCONSISTENT, "discharge temperature range 333.15 K to 60 degC");
	}

	// OCV table

	@Test
	void checkOcvAscending_ascendingSoc_isClean() {
		snippets.model().check().assertNone(IssueCodes.TABLE_NOT_ASCENDING);
	}

	@Test
	void checkOcvAscending_repeatedSoc_isError() {
		ocv("0 %: 2.5 V, 50 %: 3.6 V, 50 %: 3.7 V, 100 %: 4.17 V").assertError(IssueCodes.TABLE_NOT_ASCENDING,
				"SoC 50 % follows 50 %");
	}

	@Test
	void checkOcvAscending_soCOutOfOrder_isError() {
		ReportedIssues issues = ocv("0 %: 2.5 V, 60 %: 3.7 V, 50 %: 3.6 V, 100 %: 4.17 V");
		Issue issue = issues.assertError(IssueCodes.TABLE_NOT_ASCENDING, "SoC 50 % follows 60 %");
		assertEquals("50 %", issues.markedText(issue));
		issues.assertNone(IssueCodes.OCV_NOT_MONOTONIC);
	}

	@Test
	void checkOcvMonotonic_risingAndFlatVoltage_isClean() {
		// a flat plateau (as LFP has) is allowed: non-decreasing, not strictly rising
		ocv("0 %: 2.5 V, 30 %: 3.3 V, 60 %: 3.3 V, 100 %: 4.17 V").assertNone(IssueCodes.OCV_NOT_MONOTONIC);
	}

	@Test
	void checkOcvMonotonic_fallingVoltage_namesBothPoints() {
		ReportedIssues issues = ocv("0 %: 2.5 V, 60 %: 3.770 V, 65 %: 3.700 V, 100 %: 4.17 V");
		Issue issue = issues.assertError(IssueCodes.OCV_NOT_MONOTONIC,
				"OCV falls from 3.770 V at 60 % to 3.700 V at 65 %");
		assertEquals("3.700 V", issues.markedText(issue));
	}

	@Test
	void checkOcvCoversFullRange_zeroToHundred_isClean() {
		snippets.model().check().assertNone(IssueCodes.OCV_NOT_COVERING);
	}

	@Test
	void checkOcvCoversFullRange_startingAt5Percent_isError() {
		ocv("5 %: 3.25 V, 50 %: 3.6 V, 100 %: 4.17 V").assertError(IssueCodes.OCV_NOT_COVERING,
				"covers 5 % to 100 %", "from 0 % to 100 %");
	}

	@Test
	void checkOcvCoversFullRange_endingAt90Percent_isError() {
		ocv("0 %: 2.5 V, 90 %: 4.05 V").assertError(IssueCodes.OCV_NOT_COVERING, "covers 0 % to 90 %");
	}

	@Test
	void checkOcvInsideCellVoltages_pointWithinTolerance_isClean() {
		// the measured NCR18650PF table starts at 2.499 V against a 2.5 V minimum (C/20 IR drop)
		ocv("0 %: 2.499 V, 50 %: 3.6 V, 100 %: 4.205 V").assertNone(IssueCodes.OCV_OUTSIDE_CELL_VOLTAGES);
	}

	@Test
	void checkOcvInsideCellVoltages_pointAboveMaximum_isWarning() {
		ocv("0 %: 2.5 V, 50 %: 3.6 V, 100 %: 4.25 V").assertOne(IssueCodes.OCV_OUTSIDE_CELL_VOLTAGES,
				Severity.WARNING, "OCV 4.25 V at 100 % is above the cell's maximum 4.2 V by more than 10 mV");
	}

	@Test
	void checkOcvInsideCellVoltages_pointBelowMinimum_isWarning() {
		ocv("0 %: 2480 mV, 50 %: 3.6 V, 100 %: 4.17 V").assertOne(IssueCodes.OCV_OUTSIDE_CELL_VOLTAGES,
				Severity.WARNING, "OCV 2480 mV at 0 % is below the cell's minimum 2.5 V");
	}

	@Test
	void checkOcvTemperaturesDistinct_differentTemperatures_isClean() {
		snippets.model().cell("ocv2", "ocv at 0 degC { 0 %: 2.5 V, 100 %: 4.15 V }").check()
				.assertNone(IssueCodes.DUPLICATE_TEMPERATURE);
	}

	@Test
	void checkOcvTemperaturesDistinct_sameTemperatureInKelvin_isError() {
		snippets.model().cell("ocv2", "ocv at 298.15 K { 0 %: 2.5 V, 100 %: 4.15 V }").check()
				.assertError(IssueCodes.DUPLICATE_TEMPERATURE, "two OCV tables at 25 degC");
	}

	@Test
	void checkEcmTemperaturesDistinct_differentTemperatures_isClean() {
		snippets.model().cell("ecm2", "ecm at 0 degC { r0 60 mOhm }").check()
				.assertNone(IssueCodes.DUPLICATE_TEMPERATURE);
	}

	@Test
	void checkEcmTemperaturesDistinct_sameTemperature_isError() {
		snippets.model().cell("ecm2", "ecm at 25 degC { r0 60 mOhm }").check()
				.assertError(IssueCodes.DUPLICATE_TEMPERATURE, "two ecm blocks at 25 degC");
	}

	// equivalent circuit

	@Test
	void checkEcmComplete_r0Only_and1RC_areClean() {
		ecm("r0 30 mOhm").assertNone(IssueCodes.ECM_INCOMPLETE);
		ecm("r0 30 mOhm r1 15 mOhm c1 2 kF").assertNone(IssueCodes.ECM_INCOMPLETE);
	}

	@Test
	void checkEcmComplete_withoutR0_isError() {
		ecm("r1 15 mOhm c1 2 kF").assertError(IssueCodes.ECM_INCOMPLETE, "ecm at 25 degC has no r0");
	}

	@Test
	void checkEcmComplete_r1WithoutC1_isError() {
		ReportedIssues issues = ecm("r0 30 mOhm r1 15 mOhm");
		Issue issue = issues.assertError(IssueCodes.ECM_INCOMPLETE, "r1 without c1");
		assertEquals("r1", issues.markedText(issue));
	}

	@Test
	void checkEcmComplete_c2WithoutR2_isError() {
		ecm("r0 30 mOhm r1 15 mOhm c1 2 kF c2 30 kF").assertError(IssueCodes.ECM_INCOMPLETE, "c2 without r2");
	}

	@Test
	void checkEcmComplete_secondPairWithoutFirst_isError() {
		ecm("r0 30 mOhm r2 20 mOhm c2 30 kF").assertError(IssueCodes.ECM_INCOMPLETE,
				"second RC pair (r2, c2) without a first (r1, c1)");
	}

	@Test
	void checkEcmParametersUnique_eachOnce_isClean() {
		snippets.model().check().assertNone(IssueCodes.DUPLICATE_MEMBER);
	}

	@Test
	void checkEcmParametersUnique_r0Twice_isError() {
		ecm("r0 30 mOhm r0 35 mOhm").assertError(IssueCodes.DUPLICATE_MEMBER, "r0 is given twice in ecm at 25 degC");
	}

	@Test
	void checkEcmTableAscending_ascendingSoc_isClean() {
		ecm("r0 over soc { 0 %: 40 mOhm, 50 %: 30 mOhm, 100 %: 32 mOhm }")
				.assertNone(IssueCodes.TABLE_NOT_ASCENDING);
	}

	@Test
	void checkEcmTableAscending_socOutOfOrder_isError() {
		ecm("r0 over soc { 0 %: 40 mOhm, 50 %: 30 mOhm, 40 %: 32 mOhm }").assertError(IssueCodes.TABLE_NOT_ASCENDING,
				"SoC 40 % follows 50 %: r0 points must be in strictly ascending SoC");
	}
}
