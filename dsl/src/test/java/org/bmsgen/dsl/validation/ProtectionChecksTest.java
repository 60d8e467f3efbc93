package org.bmsgen.dsl.validation;

import static org.bmsgen.dsl.validation.HardwareChecksTest.CELL;
import static org.bmsgen.dsl.validation.HardwareChecksTest.MCU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class ProtectionChecksTest {

	@Inject
	private ModelSnippets snippets;

	private static final String AFE = "afe BQ76920 { shunt 1 mOhm channels [1, 2, 3, 5] }\n";

	/** A 4S3P pack with the given protections, and a second pack block after it. */
	private static String protections(String... lines) {
		return CELL + "pack P {\n cells 4S3P C\n" + AFE + MCU + "protection {\n" + String.join("\n", lines)
				+ "\n}\n}\n";
	}

	private static final String CELL_OV = "cell overvoltage above 4.20 V for 2 s release below 4.10 V by afe";
	private static final String CELL_UV = "cell undervoltage below 2.80 V for 4 s release above 3.00 V by afe";
	private static final String STUCK_FET = "fet plausibility above 250 mA for 1 s latch severity permanent by firmware";

	// ------------------------------------------------------------------ one protection

	@Test
	void checkSubjectSuitsKind_cellOvervoltage_isClean() {
		snippets.check(protections(CELL_OV)).assertNone(IssueCodes.PROTECTION_KIND_INVALID);
	}

	@Test
	void checkSubjectSuitsKind_fetUndervoltage_isError() {
		snippets.check(protections("fet undervoltage below 2 V by firmware"))
				.assertSome(IssueCodes.PROTECTION_KIND_INVALID, Severity.ERROR,
				"'fet undervoltage' is not a protection of a fet", "fet protections are overtemperature");
	}

	@Test
	void checkSubjectSuitsKind_chargeShortCircuit_isError() {
		snippets.check(protections("charge short-circuit above 100 A")).assertSome(IssueCodes.PROTECTION_KIND_INVALID,
				Severity.ERROR, "overcurrent, overtemperature, undertemperature");
	}

	@Test
	void checkTripDirection_rightDirections_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV,
				"cell open-wire below 500 mV for 1 s latch")).assertNone(IssueCodes.PROTECTION_DIRECTION_WRONG);
	}

	@Test
	void checkTripDirection_overvoltageBelow_isError() {
		snippets.check(protections("cell overvoltage below 4.20 V")).assertSome(IssueCodes.PROTECTION_DIRECTION_WRONG,
				Severity.ERROR, "trips above its threshold", "write 'above 4.20 V'");
	}

	@Test
	void checkTripDirection_undervoltageWarningAbove_isError() {
		snippets.check(protections("cell undervoltage below 2.80 V warning above 3.00 V"))
				.assertSome(IssueCodes.PROTECTION_DIRECTION_WRONG, Severity.ERROR, "write 'below 3.00 V'");
	}

	@Test
	void checkTripDirection_releaseSameDirectionAsTrip_isError() {
		snippets.check(protections("charge overtemperature above 45 degC release above 40 degC"))
				.assertSome(IssueCodes.PROTECTION_DIRECTION_WRONG, Severity.ERROR, "write 'below 40 degC'");
	}

	@Test
	void checkThresholdPresence_levelsAndCommunicationLoss_isClean() {
		snippets.check(protections(CELL_OV,
				"afe communication-loss for 1 s recover after 5 s"))
						.assertNone(IssueCodes.PROTECTION_THRESHOLD_MISSING);
	}

	@Test
	void checkThresholdPresence_overvoltageWithoutLevel_isError() {
		snippets.check(protections("cell overvoltage for 2 s")).assertSome(IssueCodes.PROTECTION_THRESHOLD_MISSING,
				Severity.ERROR, "needs a threshold: write 'above <voltage>'");
	}

	@Test
	void checkThresholdPresence_communicationLossWithLevel_isError() {
		snippets.check(protections("afe communication-loss above 3 s"))
				.assertSome(IssueCodes.PROTECTION_THRESHOLD_MISSING, Severity.ERROR, "has no threshold",
				"remove 'above 3 s'");
	}

	@Test
	void checkSubjectSuitsKind_fetPlausibility_isClean() {
		snippets.check(protections(STUCK_FET)).assertNone(IssueCodes.PROTECTION_KIND_INVALID);
	}

	@Test
	void checkThresholdPresence_fetPlausibilityWithoutLevel_asksForACurrent() {
		// fet plausibility compares a current, pack plausibility a voltage: the dimension follows subject and kind
		snippets.check(protections("fet plausibility for 1 s latch")).assertSome(IssueCodes.PROTECTION_THRESHOLD_MISSING,
				Severity.ERROR, "fet plausibility needs a threshold: write 'above <current>'");
		snippets.check(protections("pack plausibility for 1 s")).assertSome(IssueCodes.PROTECTION_THRESHOLD_MISSING,
				Severity.ERROR, "write 'above <voltage>'");
	}

	@Test
	void checkAfeCanEnforce_fetPlausibility_isErrorNamingTheCommandedFetState() {
		snippets.check(protections("fet plausibility above 250 mA for 1 s latch by afe"))
				.assertSome(IssueCodes.AFE_CANNOT_ENFORCE, Severity.ERROR,
						"fet plausibility cannot be enforced by the bq769x0",
						"no comparator for current through a FET it holds open", "the FET state the firmware commanded",
						"write 'by firmware'");
	}

	@Test
	void checkStuckFetLatches_latchedOrPermanent_isClean() {
		snippets.check(protections(STUCK_FET)).assertNone(IssueCodes.STUCK_FET_NOT_LATCHED);
		snippets.check(protections("fet plausibility above 250 mA for 1 s severity permanent"))
				.assertNone(IssueCodes.STUCK_FET_NOT_LATCHED);
		// a warning-severity row opens nothing: letting it come and go is the engineer's choice
		snippets.check(protections("fet plausibility above 250 mA for 1 s severity warning"))
				.assertNone(IssueCodes.STUCK_FET_NOT_LATCHED);
	}

	@Test
	void checkStuckFetLatches_releaseLevel_isWarning() {
		snippets.check(protections("fet plausibility above 250 mA for 1 s release below 100 mA"))
				.assertSome(IssueCodes.STUCK_FET_NOT_LATCHED, Severity.WARNING,
						"fet plausibility would clear by itself (its release level)", "a welded FET does not heal",
						"write 'latch' or 'severity permanent'");
	}

	@Test
	void checkStuckFetLatches_recoverAfterOrNothing_isWarning() {
		snippets.check(protections("fet plausibility above 250 mA for 1 s recover after 30 s"))
				.assertSome(IssueCodes.STUCK_FET_NOT_LATCHED, Severity.WARNING, "'recover after 30 s'");
		snippets.check(protections("fet plausibility above 250 mA for 1 s"))
				.assertSome(IssueCodes.STUCK_FET_NOT_LATCHED, Severity.WARNING, "as soon as the current stops");
	}

	@Test
	void checkAfeCanEnforce_cellVoltagesAndDischargeCurrents_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV, "discharge overcurrent above 56 A by afe",
				"discharge short-circuit above 111 A by afe")).assertNone(IssueCodes.AFE_CANNOT_ENFORCE);
	}

	@Test
	void checkAfeCanEnforce_chargeOvercurrent_isError() {
		snippets.check(protections("charge overcurrent above 8 A for 2 s by afe"))
				.assertSome(IssueCodes.AFE_CANNOT_ENFORCE, Severity.ERROR,
				"charge overcurrent cannot be enforced by the bq769x0", "write 'by firmware'");
	}

	@Test
	void checkAfeCanEnforce_temperature_isError() {
		snippets.check(protections("discharge overtemperature above 60 degC by afe"))
				.assertSome(IssueCodes.AFE_CANNOT_ENFORCE, Severity.ERROR, "no temperature protection");
	}

	@Test
	void checkReleaseOnSafeSide_releaseBelowOvervoltage_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV)).assertNone(IssueCodes.RELEASE_WRONG_SIDE);
	}

	@Test
	void checkReleaseOnSafeSide_releaseAboveOvervoltage_isError() {
		snippets.check(protections("cell overvoltage above 4.20 V release below 4.30 V"))
				.assertSome(IssueCodes.RELEASE_WRONG_SIDE, Severity.ERROR,
				"release 4.30 V is not below the cell overvoltage threshold 4.20 V: release must be below it");
	}

	@Test
	void checkReleaseOnSafeSide_undertemperatureReleaseBelow_isErrorAcrossUnits() {
		snippets.check(protections("charge undertemperature below 10 degC release above 280 K"))
				.assertSome(IssueCodes.RELEASE_WRONG_SIDE, Severity.ERROR, "must be above");
	}

	@Test
	void checkWarningBeforeFault_warningBelowOvervoltage_isClean() {
		snippets.check(protections("cell overvoltage above 4.20 V warning above 4.18 V"))
				.assertNone(IssueCodes.WARNING_BEYOND_FAULT);
	}

	@Test
	void checkWarningBeforeFault_warningAboveOvervoltage_isError() {
		snippets.check(protections("cell overvoltage above 4.20 V warning above 4250 mV"))
				.assertSome(IssueCodes.WARNING_BEYOND_FAULT, Severity.ERROR, "warning 4250 mV is not before",
				"below the fault level");
	}

	@Test
	void checkWarningBeforeFault_undervoltageWarningBelowFault_isError() {
		snippets.check(protections("cell undervoltage below 2.80 V warning below 2.70 V"))
				.assertSome(IssueCodes.WARNING_BEYOND_FAULT, Severity.ERROR, "above the fault level");
	}

	// ------------------------------------------------------------------ pack-wide

	@Test
	void checkProtectionNamesUnique_distinct_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV)).assertNone(IssueCodes.DUPLICATE_PROTECTION);
	}

	@Test
	void checkProtectionNamesUnique_twoCellOvervoltages_isError() {
		snippets.check(protections(CELL_OV,
				"cell overvoltage above 4.25 V")).assertSome(IssueCodes.DUPLICATE_PROTECTION, Severity.ERROR,
				"a second 'cell overvoltage' in pack P");
	}

	@Test
	void checkProtectionNamesUnique_variantOverride_isClean() {
		snippets.check(protections(CELL_OV) + "pack Variant extends P { protection { "
				+ "cell overvoltage above 4.10 V for 2 s release below 4.00 V by afe } }")
				.assertNone(IssueCodes.DUPLICATE_PROTECTION);
	}

	@Test
	void checkAfeVoltageThresholds_insideEveryTrimRange_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV)).assertNone(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE);
	}

	@Test
	void checkAfeVoltageThresholds_overvoltageAboveEveryTrim_isError() {
		snippets.check(protections("cell overvoltage above 4.40 V by afe"))
				.assertSome(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE, Severity.ERROR,
				"4.40 V cannot be programmed on every BQ76920", "3.3742 V to 4.3542 V");
	}

	@Test
	void checkAfeVoltageThresholds_undervoltageAboveEveryTrim_isError() {
		snippets.check(protections("cell undervoltage below 3.00 V by afe"))
				.assertSome(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE, Severity.ERROR, "1.749016 V to 2.85624 V");
	}

	@Test
	void checkAfeVoltageThresholds_sameLevelByFirmware_isClean() {
		snippets.check(protections("cell overvoltage above 4.40 V by firmware"))
				.assertNone(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE);
	}

	@Test
	void checkAfeVoltageDelays_tableDelays_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV)).assertNone(IssueCodes.AFE_DELAY_UNSUPPORTED);
	}

	@Test
	void checkAfeVoltageDelays_overvoltage3s_isErrorNamingNearest() {
		snippets.check(protections("cell overvoltage above 4.20 V for 3 s by afe"))
				.assertSome(IssueCodes.AFE_DELAY_UNSUPPORTED, Severity.ERROR, "OV_DELAY: 1, 2, 4, 8 s",
				"the nearest is 2 s");
	}

	@Test
	void checkAfeVoltageDelays_undervoltage2000ms_isErrorNotSecondsConfusion() {
		snippets.check(protections("cell undervoltage below 2.80 V for 2000 ms by afe"))
				.assertSome(IssueCodes.AFE_DELAY_UNSUPPORTED, Severity.ERROR, "UV_DELAY: 1, 4, 8, 16 s",
				"the nearest is 1 s");
	}

	@Test
	void checkAfeVoltageDelays_overvoltage2000ms_isClean() {
		snippets.check(protections("cell overvoltage above 4.20 V for 2000 ms by afe"))
				.assertNone(IssueCodes.AFE_DELAY_UNSUPPORTED);
	}

	@Test
	void checkAfeCurrentThresholds_tableLevels_isClean() {
		String model = protections("discharge overcurrent above 56 A for 640 ms by afe",
				"discharge short-circuit above 111 A for 200 us by afe");
		snippets.check(model).assertNone(IssueCodes.AFE_THRESHOLD_QUANTISED);
		snippets.check(model).assertNone(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE);
	}

	@Test
	void checkAfeCurrentThresholds_betweenSteps_isWarningWithProgrammedValue() {
		snippets.check(protections("discharge short-circuit above 70 A by afe"))
				.assertSome(IssueCodes.AFE_THRESHOLD_QUANTISED, Severity.WARNING,
				"programmed as 67 mV = 67.0 A (SCD code 0x1, RSNS=1)", "write 67 A");
	}

	@Test
	void checkAfeCurrentThresholds_ocdFollowsTheRsnsSharedWithScd_isWarning() {
		// 20 A alone would be 19 mV with RSNS=0; the 150 A short circuit needs RSNS=1, so OCD gets 17 mV
		snippets.check(protections("discharge overcurrent above 20 A by afe",
				"discharge short-circuit above 133 A by afe")).assertSome(IssueCodes.AFE_THRESHOLD_QUANTISED,
				Severity.WARNING, "17 mV = 17.0 A (OCD code 0x0, RSNS=1)");
	}

	@Test
	void checkAfeCurrentThresholds_aboveTable_isError() {
		snippets.check(protections("discharge overcurrent above 150 A by afe"))
				.assertSome(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE, Severity.ERROR, "150 mV across the 1 mOhm shunt",
				"choose 8 A to 100 A");
	}

	@Test
	void checkAfeCurrentThresholds_variantWithOtherShunt_isErrorOnVariant() {
		snippets.check(protections("discharge overcurrent above 56 A by afe")
				+ "pack Variant extends P { afe BQ76920 { shunt 5 mOhm } }")
				.assertSome(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE, Severity.ERROR, "280 mV across the 5 mOhm shunt",
				"inherited from P");
	}

	@Test
	void checkAfeCurrentThresholds_noShunt_isError() {
		snippets.check(CELL + "pack P { cells 4S3P C afe BQ76920 { } " + MCU
				+ " protection { discharge overcurrent above 56 A by afe } }")
				.assertSome(IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE, Severity.ERROR, "give the afe its shunt resistance");
	}

	@Test
	void checkAfeCurrentDelays_tableDelays_isClean() {
		String model = protections("discharge overcurrent above 56 A for 320 ms by afe",
				"discharge short-circuit above 111 A for 100 us by afe");
		snippets.check(model).assertNone(IssueCodes.AFE_DELAY_UNSUPPORTED);
		snippets.check(model).assertNone(IssueCodes.AFE_THRESHOLD_QUANTISED);
	}

	@Test
	void checkAfeCurrentDelays_betweenSteps_isWarning() {
		snippets.check(protections("discharge overcurrent above 56 A for 500 ms by afe"))
				.assertSome(IssueCodes.AFE_THRESHOLD_QUANTISED, Severity.WARNING,
				"programmed as 320 ms (OCD delay code 0x5)");
	}

	@Test
	void checkAfeCurrentDelays_outsideTable_isErrorNamingNearest() {
		snippets.check(protections("discharge short-circuit above 111 A for 1 ms by afe"))
				.assertSome(IssueCodes.AFE_DELAY_UNSUPPORTED, Severity.ERROR, "70, 100, 200, 400 us",
				"the nearest is 400 us");
	}

	@Test
	void checkAfeShuntRange_sameRsns_isClean() {
		snippets.check(protections("discharge overcurrent above 56 A by afe",
				"discharge short-circuit above 111 A by afe")).assertNone(IssueCodes.AFE_SHUNT_RANGE_CONFLICT);
	}

	@Test
	void checkAfeShuntRange_differentRsns_isError() {
		snippets.check(protections("discharge overcurrent above 10 A by afe",
				"discharge short-circuit above 150 A by afe")).assertSome(IssueCodes.AFE_SHUNT_RANGE_CONFLICT,
						Severity.ERROR, "needs RSNS=0", "needs RSNS=1", "one RSNS bit");
	}

	@Test
	void checkUndervoltageBelowOvervoltage_ordered_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV, "pack overvoltage above 16.8 V",
				"pack undervoltage below 11.2 V")).assertNone(IssueCodes.UNDERVOLTAGE_ABOVE_OVERVOLTAGE);
	}

	@Test
	void checkUndervoltageBelowOvervoltage_cellUndervoltageAbove_isError() {
		snippets.check(protections("cell overvoltage above 3.0 V",
				"cell undervoltage below 3.1 V")).assertSome(IssueCodes.UNDERVOLTAGE_ABOVE_OVERVOLTAGE,
				Severity.ERROR, "cell undervoltage 3.1 V is not below cell overvoltage 3.0 V");
	}

	@Test
	void checkUndervoltageBelowOvervoltage_packEqual_isError() {
		snippets.check(protections("pack overvoltage above 12 V",
				"pack undervoltage below 12000 mV")).assertSome(IssueCodes.UNDERVOLTAGE_ABOVE_OVERVOLTAGE,
				Severity.ERROR, "pack undervoltage 12000 mV");
	}

	@Test
	void checkLimitsWithinCellRatings_withinRatings_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV, "charge overcurrent above 8 A for 2 s",
				"charge overtemperature above 45 degC", "charge undertemperature below 10 degC",
				"discharge overtemperature above 60 degC", "discharge undertemperature below -20 degC",
				"discharge overcurrent above 56 A for 640 ms by afe")).assertNone(IssueCodes.LIMIT_OUTSIDE_CELL_RATING);
	}

	@Test
	void checkLimitsWithinCellRatings_overvoltageAboveCellMaximum_isError() {
		snippets.check(protections("cell overvoltage above 4.25 V")).assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING,
				Severity.ERROR, "above the maximum voltage of C (4.2 V)", "at or below 4.2 V");
	}

	@Test
	void checkLimitsWithinCellRatings_undervoltageBelowCellMinimum_isError() {
		snippets.check(protections("cell undervoltage below 2.4 V")).assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING,
				Severity.ERROR, "below the minimum voltage of C (2.5 V)");
	}

	@Test
	void checkLimitsWithinCellRatings_chargeOvertemperatureAboveChargeRange_isError() {
		snippets.check(protections("charge overtemperature above 50 degC"))
				.assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING, Severity.ERROR,
				"highest charge temperature of C (45 degC)");
	}

	@Test
	void checkLimitsWithinCellRatings_dischargeUndertemperatureBelowRange_isError() {
		snippets.check(protections("discharge undertemperature below -25 degC"))
				.assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING, Severity.ERROR,
				"lowest discharge temperature of C (-20 degC)");
	}

	@Test
	void checkLimitsWithinCellRatings_chargeOvercurrentAboveCells_isError() {
		snippets.check(protections("charge overcurrent above 9 A")).assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING,
				Severity.ERROR, "3 in parallel x 2.9 A (C) = 8.7 A");
	}

	@Test
	void checkLimitsWithinCellRatings_dischargeOvercurrentAbovePeak_isError() {
		snippets.check(protections("discharge overcurrent above 72 A for 640 ms by afe"))
				.assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING, Severity.ERROR,
				"peak current: 3 in parallel x 20 A (C) = 60 A");
	}

	@Test
	void checkLimitsWithinCellRatings_slowOvercurrentAboveContinuous_isError() {
		snippets.check(protections("discharge overcurrent above 40 A for 20 s"))
				.assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING, Severity.ERROR, "continuous discharge current",
				"= 30 A");
	}

	@Test
	void checkLimitsWithinCellRatings_variantWithWeakerCell_isErrorOnVariant() {
		String weak = "cell Weak { voltage nominal 3.6 V minimum 2.5 V maximum 4.1 V }\n";
		List<Issue> issues = snippets.check(weak + protections(CELL_OV)
				+ "pack Variant extends P { cells 4S3P Weak }").assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING,
				Severity.ERROR, "maximum voltage of Weak (4.1 V)", "inherited from P");
		assertEquals(1, issues.size(), "the base pack with its own cells is fine");
	}

	@Test
	void checkPackLimitsMatchCells_seriesTimesCell_isClean() {
		snippets.check(protections(CELL_OV, CELL_UV, "pack overvoltage above 16.80 V",
				"pack undervoltage below 11.20 V")).assertNone(IssueCodes.PACK_LIMIT_INCONSISTENT);
	}

	@Test
	void checkPackLimitsMatchCells_packOvervoltageAboveCells_isError() {
		snippets.check(protections(CELL_OV, CELL_UV,
				"pack overvoltage above 17.2 V")).assertSome(IssueCodes.PACK_LIMIT_INCONSISTENT, Severity.ERROR,
				"4 x 4.20 V = 16.8 V", "set it at most 16.8 V");
	}

	@Test
	void checkPackLimitsMatchCells_packUndervoltageBelowCells_isError() {
		snippets.check(protections(CELL_OV, CELL_UV,
				"pack undervoltage below 10 V")).assertSome(IssueCodes.PACK_LIMIT_INCONSISTENT, Severity.ERROR,
				"set it at least 11.2 V");
	}

	@Test
	void checkStuckFetLevelAboveNoise_250mAAt1mOhm_isClean() {
		// 250 mA x 1 mOhm = 250 uV = 29.6 LSBs of 8.44 uV (DS 8.3.1.1.3)
		snippets.check(protections(STUCK_FET)).assertNone(IssueCodes.STUCK_FET_LEVEL_IN_NOISE);
	}

	@Test
	void checkStuckFetLevelAboveNoise_50mAAt1mOhm_isWarning() {
		// 50 mA x 1 mOhm = 50 uV, 5.9 LSBs; ten LSBs are 84.4 uV = 84.4 mA
		snippets.check(protections("fet plausibility above 50 mA for 1 s latch"))
				.assertSome(IssueCodes.STUCK_FET_LEVEL_IN_NOISE, Severity.WARNING,
						"fet plausibility 50 mA is less than 10 LSBs of the coulomb counter with the 1 mOhm shunt",
						"8.44 mA each", "set it at least 0.0844 A");
	}

	@Test
	void checkStuckFetLevelAboveNoise_inheritedByAVariantWithASmallerShunt_isWarning() {
		// the base's 120 mA is 14 LSBs at 1 mOhm, but 7 LSBs of 16.88 mA at 0.5 mOhm
		String base = protections("fet plausibility above 120 mA for 1 s latch");
		snippets.check(base).assertNone(IssueCodes.STUCK_FET_LEVEL_IN_NOISE);
		snippets.check(base + "pack Small extends P { afe BQ76920 { shunt 0.5 mOhm } }")
				.assertSome(IssueCodes.STUCK_FET_LEVEL_IN_NOISE, Severity.WARNING, "0.5 mOhm shunt", "16.88 mA each");
	}

	@Test
	void checkEssentialProtections_chargeOvercurrentAndOvertemperature_isClean() {
		snippets.check(protections("charge overcurrent above 8 A for 2 s",
				"charge overtemperature above 45 degC")).assertNone(IssueCodes.MISSING_PROTECTION);
	}

	@Test
	void checkEssentialProtections_neither_isTwoWarnings() {
		List<Issue> issues = snippets.check(protections(CELL_OV)).assertSome(IssueCodes.MISSING_PROTECTION,
				Severity.WARNING, "no charge overcurrent protection", "no charge overtemperature protection");
		assertEquals(2, issues.size());
	}

	@Test
	void checkEssentialProtections_inheritedByVariant_isClean() {
		String model = protections("charge overcurrent above 8 A for 2 s", "charge overtemperature above 45 degC")
				+ "pack Variant extends P { cells 4S2P C }";
		snippets.check(model).assertNone(IssueCodes.MISSING_PROTECTION);
		assertTrue(snippets.check(model).all().stream().noneMatch(i -> i.getMessage().contains("pack Variant has no")));
	}
}
