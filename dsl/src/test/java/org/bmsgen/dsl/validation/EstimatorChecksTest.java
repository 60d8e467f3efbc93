package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

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
class EstimatorChecksTest {

	/** A second cell measured with one RC pair only, for variants that change the cell. */
	private static final String ONE_RC_CELL = "cell OneRcCell { voltage nominal 3.6 V minimum 2.5 V maximum 4.2 V"
			+ " capacity 3 Ah ocv at 25 degC { 0 %: 2.5 V, 100 %: 4.2 V } ecm at 25 degC { r0 25 mOhm r1 10 mOhm c1 3 kF } }";

	@Inject
	private ModelSnippets snippets;

	private ReportedIssues soc(String body) {
		return snippets.model().pack("soc", "soc ekf { " + body + " }").check();
	}

	private ReportedIssues limits(String body) {
		return snippets.model().pack("limits", "limits { " + body + " }").check();
	}

	@Test
	void checkProcessNoise_positive_isClean() {
		soc("model 2RC process noise 1e-6").assertNone(IssueCodes.ESTIMATOR_PARAMETER_INVALID);
	}

	@Test
	void checkProcessNoise_zeroOrNegative_isError() {
		soc("model 2RC process noise 0").assertError(IssueCodes.ESTIMATOR_PARAMETER_INVALID,
				"process noise 0 must be above zero");
		soc("model 2RC process noise -1e-6").assertError(IssueCodes.ESTIMATOR_PARAMETER_INVALID,
				"process noise -0.000001 must be above zero");
	}

	@Test
	void checkMeasurementNoise_positive_isClean() {
		soc("measurement noise 2 mV").assertNone(IssueCodes.ESTIMATOR_PARAMETER_INVALID);
	}

	@Test
	void checkMeasurementNoise_zero_isError() {
		soc("measurement noise 0 mV").assertError(IssueCodes.ESTIMATOR_PARAMETER_INVALID,
				"measurement noise 0 mV must be above zero");
	}

	@Test
	void checkInitialUncertainty_withinRange_isClean() {
		soc("initial uncertainty 100 %").assertNone(IssueCodes.ESTIMATOR_PARAMETER_INVALID);
		soc("initial uncertainty 0.5 %").assertNone(IssueCodes.ESTIMATOR_PARAMETER_INVALID);
	}

	@Test
	void checkInitialUncertainty_zeroOrAbove100Percent_isError() {
		soc("initial uncertainty 0 %").assertError(IssueCodes.ESTIMATOR_PARAMETER_INVALID,
				"initial uncertainty 0 % must be above 0 % and at most 100 %");
		soc("initial uncertainty 101 %").assertError(IssueCodes.ESTIMATOR_PARAMETER_INVALID,
				"initial uncertainty 101 %");
	}

	@Test
	void checkEndOfLife_80Percent_isClean() {
		snippets.model().check().assertNone(IssueCodes.ESTIMATOR_PARAMETER_INVALID);
	}

	@Test
	void checkEndOfLife_100Percent_isError() {
		snippets.model().pack("soh", "soh { end of life 100 % }").check()
				.assertError(IssueCodes.ESTIMATOR_PARAMETER_INVALID, "end of life 100 % must be between 0 % and 100 %");
	}

	@Test
	void checkDeratingAscending_ascendingX_isClean() {
		snippets.model().check().assertNone(IssueCodes.DERATING_INVALID);
	}

	@Test
	void checkDeratingAscending_temperatureOutOfOrder_isError() {
		ReportedIssues issues = limits("charge 6 A derate charge by max-temperature { 10 degC: 0 %, 40 degC: 100 %,"
				+ " 15 degC: 100 % }");
		Issue issue = issues.assertError(IssueCodes.DERATING_INVALID,
				"15 degC follows 40 degC: derating points must be in strictly ascending max-temperature");
		assertEquals("15 degC", issues.markedText(issue));
	}

	@Test
	void checkDeratingWithinFullCurrent_0To100Percent_isClean() {
		limits("discharge 60 A derate discharge by soc { 0 %: 0 %, 100 %: 100 % }")
				.assertNone(IssueCodes.DERATING_INVALID);
	}

	@Test
	void checkDeratingWithinFullCurrent_above100Percent_isError() {
		limits("discharge 60 A derate discharge by soc { 0 %: 0 %, 50 %: 120 %, 100 %: 100 % }").assertError(
				IssueCodes.DERATING_INVALID, "derating 120 % at 50 % is outside 0 % to 100 %", "discharge limit");
	}

	@Test
	void checkEcmOrderSupported_2rcOnA2rcCell_isClean() {
		snippets.model().check().assertNone(IssueCodes.ECM_ORDER_UNSUPPORTED);
	}

	@Test
	void checkEcmOrderSupported_1rcOnA1rcCell_isClean() {
		snippets.model().cell("ecm", "ecm at 25 degC { r0 30 mOhm r1 15 mOhm c1 2 kF }")
				.pack("soc", "soc ekf { model 1RC }").check().assertNone(IssueCodes.ECM_ORDER_UNSUPPORTED);
	}

	@Test
	void checkEcmOrderSupported_2rcOnA1rcCell_isError() {
		ReportedIssues issues = snippets.model().cell("ecm", "ecm at 25 degC { r0 30 mOhm r1 15 mOhm c1 2 kF }")
				.cell("ecm0", "ecm at 0 degC { r0 60 mOhm r1 30 mOhm c1 2 kF r2 40 mOhm c2 20 kF }").check();
		Issue issue = issues.assertError(IssueCodes.ECM_ORDER_UNSUPPORTED,
				"model 2RC needs r1, c1, r2, c2 in every ecm block of cell TestCell, but ecm at 25 degC has no r2, c2");
		assertEquals("2RC", issues.markedText(issue));
	}

	@Test
	void checkEcmOrderSupported_1rcWithoutRcPair_isError() {
		snippets.model().cell("ecm", "ecm at 25 degC { r0 30 mOhm }").pack("soc", "soc ekf { model 1RC }").check()
				.assertError(IssueCodes.ECM_ORDER_UNSUPPORTED, "model 1RC needs r1, c1", "has no r1, c1");
	}

	@Test
	void checkEcmOrderSupported_cellWithoutEcm_isError() {
		snippets.model().withoutCell("ecm").check().assertError(IssueCodes.ECM_ORDER_UNSUPPORTED,
				"cell TestCell, which has no ecm block");
	}

	@Test
	void checkEcmOrderSupported_variantOn1rcCell_isErrorOnTheVariant() {
		ReportedIssues issues = snippets.model().then(ONE_RC_CELL)
				.then("pack Variant extends TestPack { cells 4S2P OneRcCell }").check();
		Issue issue = issues.assertError(IssueCodes.ECM_ORDER_UNSUPPORTED, "cell OneRcCell",
				"(inherited from TestPack)");
		assertEquals("Variant", issues.packOf(issue));
	}

	@Test
	void checkEcmOrderSupported_variantSwitchingTo1rc_isClean() {
		snippets.model().then(ONE_RC_CELL)
				.then("pack Variant extends TestPack { cells 4S2P OneRcCell soc ekf { model 1RC } }").check()
				.assertNone(IssueCodes.ECM_ORDER_UNSUPPORTED);
	}

	@Test
	void checkLimitsWithinRating_withinRatings_isClean() {
		snippets.model().check().assertNone(IssueCodes.CURRENT_ABOVE_RATING);
	}

	@Test
	void checkLimitsWithinRating_dischargeAbovePeak_isError() {
		limits("charge 6 A discharge 80 A").assertSome(IssueCodes.CURRENT_ABOVE_RATING,
				"discharge limit 80 A is above the pack's peak rating 60 A", "above the pack's FET rating 60 A");
	}

	@Test
	void checkLimitsWithinRating_chargeAboveChargeRating_isError() {
		limits("charge 6500 mA discharge 60 A").assertError(IssueCodes.CURRENT_ABOVE_RATING,
				"charge limit 6500 mA is above the pack's charge rating 6 A");
	}

	@Test
	void checkLimitsWithinRating_withoutPeakOrChargeRating_usesContinuous() {
		List<Issue> found = snippets.model().pack("current", "current continuous 30 A")
				.pack("fets", "fets 6 back-to-back on 1.5 mOhm").check()
				.assertSome(IssueCodes.CURRENT_ABOVE_RATING, "discharge limit 60 A is above the pack's continuous"
						+ " rating 30 A");
		assertEquals(1, found.size());
	}

	@Test
	void checkLimitsWithinRating_aboveTheCellsInParallel_isError() {
		// pack and FETs allow 60 A, but one string of cells peaks at 20 A
		ReportedIssues issues = snippets.model().pack("cells", "cells 4S1P " + ModelSnippets.CELL).check();
		issues.assertSome(IssueCodes.CURRENT_ABOVE_RATING,
				"discharge limit 60 A is above the cells' peak rating: 1 in parallel x 20 A (TestCell) = 20 A");
		issues.assertSome(IssueCodes.CURRENT_ABOVE_RATING,
				"charge limit 6 A is above the cells' charge rating: 1 in parallel x 2.9 A (TestCell) = 2.9 A");
		assertEquals(2, issues.withCode(IssueCodes.CURRENT_ABOVE_RATING).size(), issues.describeAll());
	}

	@Test
	void checkLimitsWithinRating_variantWithWeakerFets_isErrorOnTheVariant() {
		ReportedIssues issues = snippets.model().then("pack Variant extends TestPack { fets 4 back-to-back rated 40 A }")
				.check();
		Issue issue = issues.assertError(IssueCodes.CURRENT_ABOVE_RATING,
				"discharge limit 60 A is above the pack's FET rating 40 A");
		assertEquals("Variant", issues.packOf(issue));
	}
}
