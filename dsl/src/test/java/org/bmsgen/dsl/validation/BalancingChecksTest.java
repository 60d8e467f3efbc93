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
class BalancingChecksTest {

	@Inject
	private ModelSnippets snippets;

	private ReportedIssues balancing(String body) {
		return snippets.model().pack("balancing", "balancing passive { " + body + " }").check();
	}

	private ReportedIssues balancing(String body, String series) {
		return snippets.model().pack("balancing", "balancing passive { " + body + " }")
				.pack("cells", "cells " + series + "1P " + ModelSnippets.CELL).check();
	}

	@Test
	void checkAdjacentBalancing_offOrUnwritten_isClean() {
		balancing("max 2 cells adjacent off").assertNone(IssueCodes.BALANCING_ADJACENT);
		balancing("max 2 cells").assertNone(IssueCodes.BALANCING_ADJACENT);
	}

	@Test
	void checkAdjacentBalancing_on_isError() {
		ReportedIssues issues = balancing("max 2 cells adjacent on");
		Issue issue = issues.assertError(IssueCodes.BALANCING_ADJACENT, "adjacent on", "DS 8.3.1.3.3");
		assertEquals("on", issues.markedText(issue));
	}

	@Test
	void checkAdjacentBalancing_variantTurningItOnOverBaseOff_isErrorInTheVariant() {
		ReportedIssues issues = snippets.model().pack("balancing", "balancing passive { max 2 cells adjacent off }")
				.then("pack Variant extends TestPack { balancing passive { adjacent on } }").check();
		Issue issue = issues.assertError(IssueCodes.BALANCING_ADJACENT);
		assertEquals("Variant", issues.packOf(issue));
		assertEquals("on", issues.markedText(issue));
	}

	@Test
	void checkAdjacentBalancing_inheritedOn_isReportedOnBaseAndVariant() {
		ReportedIssues issues = snippets.model().pack("balancing", "balancing passive { max 2 cells adjacent on }")
				.then("pack Variant extends TestPack { current continuous 20 A }").check();
		assertEquals(2, issues.withCode(IssueCodes.BALANCING_ADJACENT).size(), issues.describeAll());
		issues.assertSome(IssueCodes.BALANCING_ADJACENT, "(inherited from TestPack)");
	}

	@Test
	void checkAdjacentBalancing_variantTurningItOff_isClean() {
		ReportedIssues issues = snippets.model().pack("balancing", "balancing passive { max 2 cells adjacent on }")
				.then("pack Variant extends TestPack { balancing passive { adjacent off } }").check();
		Issue issue = issues.assertError(IssueCodes.BALANCING_ADJACENT);
		assertEquals(ModelSnippets.PACK, issues.packOf(issue), "only the base is wrong");
	}

	/** The 4S reference board: VC4-VC3 shorted, yet physical cells 3 and 4 (CB3, CB5) are adjacent. */
	@Test
	void checkSimultaneousCells_twoOf4S_isClean() {
		balancing("max 2 cells", "4S").assertNone(IssueCodes.BALANCING_TOO_MANY_CELLS);
	}

	@Test
	void checkSimultaneousCells_threeOf4SDespiteNonAdjacentChannels_isError() {
		// channels [1, 2, 3, 5]: CB1, CB3, CB5 are pairwise non-adjacent channels, but physical cells 3 and 4 touch
		ReportedIssues issues = balancing("max 3 cells", "4S");
		Issue issue = issues.assertError(IssueCodes.BALANCING_TOO_MANY_CELLS,
				"max 3 cells: a 4S string has at most 2 cells no two of which are adjacent", "write max 2 cells");
		assertEquals("3", issues.markedText(issue));
	}

	@Test
	void checkSimultaneousCells_threeOf5S_isClean() {
		balancing("max 3 cells", "5S").assertNone(IssueCodes.BALANCING_TOO_MANY_CELLS);
	}

	@Test
	void checkSimultaneousCells_twoOf3S_isClean_threeIsError() {
		balancing("max 2 cells", "3S").assertNone(IssueCodes.BALANCING_TOO_MANY_CELLS);
		balancing("max 3 cells", "3S").assertError(IssueCodes.BALANCING_TOO_MANY_CELLS, "a 3S string has at most 2");
	}

	@Test
	void checkSimultaneousCells_variantWithFewerCells_isErrorInTheVariant() {
		ReportedIssues issues = snippets.model().pack("balancing", "balancing passive { max 3 cells }")
				.pack("cells", "cells 5S1P " + ModelSnippets.CELL)
				.then("pack Small extends TestPack { cells 3S1P " + ModelSnippets.CELL + " }").check();
		Issue issue = issues.assertError(IssueCodes.BALANCING_TOO_MANY_CELLS, "a 3S string",
				"(inherited from TestPack)");
		assertEquals("Small", issues.packOf(issue));
	}

	@Test
	void checkSimultaneousCells_zero_isOutOfRange() {
		balancing("max 0 cells").assertError(IssueCodes.VALUE_OUT_OF_RANGE, "max 0 cells balances nothing");
	}

	@Test
	void checkBalancingDeltas_startAboveStop_isClean() {
		balancing("start above 15 mV delta stop below 5 mV delta")
				.assertNone(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
	}

	@Test
	void checkBalancingDeltas_stopNotBelowStart_isError() {
		ReportedIssues issues = balancing("start above 15 mV delta stop below 0.02 V delta");
		Issue issue = issues.assertError(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT,
				"stop below 0.02 V delta is not below start above 15 mV delta");
		assertEquals("0.02 V", issues.markedText(issue));
	}

	@Test
	void checkBalancingDeltas_zeroOrNegativeDeltas_areErrors() {
		ReportedIssues issues = balancing("start above 0 mV delta stop below -5 mV delta");
		issues.assertSome(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT, "start above 0 mV delta must be above zero",
				"stop below -5 mV delta must be above zero");
		assertEquals(2, issues.withCode(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT).size(), issues.describeAll());
		issues.assertNone(IssueCodes.VALUE_OUT_OF_RANGE);
	}

	@Test
	void checkBalancingCellVoltage_withinCellRange_isClean() {
		balancing("cells above 3.90 V").assertNone(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
	}

	@Test
	void checkBalancingCellVoltage_atCellMaximum_isError() {
		balancing("cells above 4200 mV").assertError(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT,
				"cells above 4200 mV is not below cell TestCell's maximum 4.2 V");
	}

	@Test
	void checkBalancingCellVoltage_belowCellMinimum_isError() {
		balancing("cells above 2.4 V").assertError(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT,
				"cells above 2.4 V is below cell TestCell's minimum 2.5 V");
	}

	@Test
	void checkBalancingCellVoltage_variantCellWithLowerMaximum_isErrorInTheVariant() {
		ReportedIssues issues = snippets.model()
				.then("cell Lfp { voltage nominal 3.2 V minimum 2.5 V maximum 3.65 V capacity 3 Ah }")
				.then("pack LfpPack extends TestPack { cells 4S1P Lfp }").check();
		Issue issue = issues.assertError(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT,
				"cells above 3.90 V is not below cell Lfp's maximum 3.65 V", "(inherited from TestPack)");
		assertEquals("LfpPack", issues.packOf(issue));
	}

	@Test
	void checkBalancingTemperature_withinChargeRange_isClean() {
		balancing("never above 45 degC").assertNone(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT);
	}

	@Test
	void checkBalancingTemperature_aboveChargeRange_isError() {
		balancing("never above 50 degC").assertError(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT,
				"never above 50 degC is above cell TestCell's charge temperature range 10 degC to 45 degC");
	}

	@Test
	void checkBalancingTemperature_belowChargeRange_isError() {
		balancing("never above 278.15 K").assertError(IssueCodes.BALANCING_THRESHOLDS_INCONSISTENT,
				"never above 278.15 K is below cell TestCell's charge temperature range");
	}
}
