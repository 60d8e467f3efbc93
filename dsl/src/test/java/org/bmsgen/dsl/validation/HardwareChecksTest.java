package org.bmsgen.dsl.validation;

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
class HardwareChecksTest {

	@Inject
	private ModelSnippets snippets;

	static final String CELL = """
			cell C {
				voltage nominal 3.6 V minimum 2.5 V maximum 4.2 V
				current charge 2.9 A discharge 10 A peak 20 A for 10 s
				temperature charge 10 degC to 45 degC discharge -20 degC to 60 degC
			}
			""";

	static final String AFE = """
			afe BQ76920 {
				address 0x08
				crc on
				shunt 1 mOhm rated 3 W
				thermistor TS1 NTC 10 kOhm beta 3435
				channels [1, 2, 3, 5]
			}
			""";

	static final String MCU = "mcu STM32G431 { period 250 ms watchdog 1 s }\n";

	/** A 4S3P pack on the reference AFE and MCU, with extra members. */
	static String pack(String members) {
		return CELL + "pack P {\n cells 4S3P C\n" + AFE + MCU + members + "\n}\n";
	}

	static String pack(String topology, String afe, String members) {
		return CELL + "pack P {\n" + topology + "\n" + afe + MCU + members + "\n}\n";
	}

	// ------------------------------------------------------------------ members

	@Test
	void checkRequiredMembers_complete_isClean() {
		snippets.check(pack("")).assertNone(IssueCodes.MISSING_MEMBER);
	}

	@Test
	void checkRequiredMembers_noAfeNoMcu_isError() {
		snippets.check(CELL + "pack P { cells 4S3P C }").assertSome(IssueCodes.MISSING_MEMBER, Severity.ERROR,
				"no afe", "no mcu");
	}

	@Test
	void checkRequiredMembers_variantInheritsMembers_isClean() {
		snippets.check(pack("")
				+ "pack Variant extends P { mcu STM32G431 { period 500 ms } }").assertNone(IssueCodes.MISSING_MEMBER);
	}

	@Test
	void checkSingleMembers_oneOfEach_isClean() {
		snippets.check(pack("fets 6 back-to-back rated 60 A\ncan MCP2562 { classic nominal 500 kbit/s }"))
				.assertNone(IssueCodes.DUPLICATE_MEMBER);
	}

	@Test
	void checkSingleMembers_twoMcus_isError() {
		snippets.check(pack("mcu STM32G431 { period 100 ms }")).assertSome(IssueCodes.DUPLICATE_MEMBER,
				Severity.ERROR, "a second 'mcu' block");
	}

	@Test
	void checkSingleMembers_sameBlockInBaseAndVariant_isClean() {
		snippets.check(pack("") + "pack Variant extends P { " + MCU + " }").assertNone(IssueCodes.DUPLICATE_MEMBER);
	}

	// ------------------------------------------------------------------ AFE

	@Test
	void checkCellCountSupported_fourCellsOnBq76920_isClean() {
		snippets.check(pack("")).assertNone(IssueCodes.CELL_COUNT_UNSUPPORTED);
	}

	@Test
	void checkCellCountSupported_sixCellsOnBq76920_isError() {
		snippets.check(pack("cells 6S1P C", "afe BQ76920 { }", "")).assertSome(IssueCodes.CELL_COUNT_UNSUPPORTED,
				Severity.ERROR, "6 cells in series on a BQ76920, which supports 3 to 5", "use BQ76930");
	}

	@Test
	void checkCellCountSupported_variantWithMoreCells_isErrorOnVariant() {
		List<Issue> issues = snippets.check(pack("")
				+ "pack Big extends P { cells 6S3P C }").assertSome(IssueCodes.CELL_COUNT_UNSUPPORTED, Severity.ERROR,
				"6 cells");
		assertEquals(1, issues.size());
	}

	@Test
	void checkChannelMap_fourCells_1235_isClean() {
		snippets.check(pack("")).assertNone(IssueCodes.CHANNEL_MAP_MISMATCH);
	}

	@Test
	void checkChannelMap_fourCells_1234_isErrorShowingExpected() {
		snippets.check(pack("cells 4S1P C", "afe BQ76920 { channels [1, 2, 3, 4] }",
				"")).assertSome(IssueCodes.CHANNEL_MAP_MISMATCH, Severity.ERROR, "expected [1, 2, 3, 5]");
	}

	@Test
	void checkChannelMap_variantChangesCellCount_isErrorWithInheritedMap() {
		snippets.check(pack("")
				+ "pack Variant extends P { cells 5S3P C }").assertSome(IssueCodes.CHANNEL_MAP_MISMATCH,
				Severity.ERROR, "expected [1, 2, 3, 4, 5]", "inherited from P");
	}

	@Test
	void checkChannelMap_thirteenCellsOnBq76940_isClean() {
		snippets.check(pack("cells 13S1P C",
				"afe BQ76940 { channels [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 15] }",
						"")).assertNone(IssueCodes.CHANNEL_MAP_MISMATCH);
	}

	@Test
	void checkAfeAddress_documented_isClean() {
		snippets.check(pack("")).assertNone(IssueCodes.AFE_ADDRESS_INVALID);
	}

	@Test
	void checkAfeAddress_eightBit_isError() {
		snippets.check(pack("cells 4S1P C", "afe BQ76920 { address 0x80 }",
				"")).assertSome(IssueCodes.AFE_ADDRESS_INVALID, Severity.ERROR, "0x80 is not a 7-bit address");
	}

	@Test
	void checkAfeAddress_generalCall0x00_isError() {
		snippets.check(pack("cells 4S1P C", "afe BQ76920 { address 0x00 }",
				"")).assertSome(IssueCodes.AFE_ADDRESS_INVALID, Severity.ERROR,
				"0x00 is reserved by the I2C specification");
	}

	@Test
	void checkAfeAddress_variantOverridesWithOtherAddress_isWarningOnVariant() {
		List<Issue> issues = snippets.check(pack("")
				+ "pack Variant extends P { afe BQ76920 { address 0x18 } }").assertSome(IssueCodes.AFE_ADDRESS_INVALID,
				Severity.WARNING, "0x18");
		assertEquals(1, issues.size());
	}

	@Test
	void checkAfeAddress_otherSevenBit_isWarning() {
		snippets.check(pack("cells 4S1P C", "afe BQ76920 { address 0x18 }",
				"")).assertSome(IssueCodes.AFE_ADDRESS_INVALID, Severity.WARNING,
				"0x18 is not the documented BQ76920 address 0x08");
	}

	@Test
	void checkThermistorInputs_ts1OnBq76920_isClean() {
		snippets.check(pack("")).assertNone(IssueCodes.THERMISTOR_INPUT_UNAVAILABLE);
	}

	@Test
	void checkThermistorInputs_ts2OnBq76920_isError() {
		snippets.check(pack("cells 4S1P C", "afe BQ76920 { thermistor TS2 NTC 10 kOhm beta 3435 thermistor die }",
				"")).assertSome(IssueCodes.THERMISTOR_INPUT_UNAVAILABLE, Severity.ERROR, "no TS2 input", "TS1 only");
	}

	@Test
	void checkThermistorInputs_ts3OnBq76940_isClean() {
		snippets.check(pack("cells 9S1P C", "afe BQ76940 { thermistor TS3 NTC 10 kOhm beta 3435 }",
				"")).assertNone(IssueCodes.THERMISTOR_INPUT_UNAVAILABLE);
	}

	// ------------------------------------------------------------------ currents

	@Test
	void checkCurrentWithinPartRatings_withinFetsAndShunt_isClean() {
		snippets.check(pack("fets 6 back-to-back rated 60 A\ncurrent continuous 30 A charge 6 A"))
				.assertNone(IssueCodes.CURRENT_ABOVE_RATING);
	}

	@Test
	void checkCurrentWithinPartRatings_aboveFets_isError() {
		snippets.check(pack("fets 6 back-to-back rated 25 A\ncurrent continuous 30 A"))
				.assertSome(IssueCodes.CURRENT_ABOVE_RATING, Severity.ERROR, "above the FETs' rating 25 A",
				"at most 25 A");
	}

	@Test
	void checkCurrentWithinPartRatings_aboveShuntPower_isErrorWithSqrtPOverR() {
		// 3 W on 1 mOhm carries sqrt(3 / 0.001) = 54.77 A
		snippets.check(pack("current continuous 60 A")).assertSome(IssueCodes.CURRENT_ABOVE_RATING, Severity.ERROR,
				"I = sqrt(P/R) = 54.77 A");
	}

	@Test
	void checkCurrentWithinPartRatings_shuntRatedAsCurrent_isError() {
		snippets.check(pack("cells 4S3P C", "afe BQ76920 { shunt 1 mOhm rated 20 A }",
				"current continuous 25 A")).assertSome(IssueCodes.CURRENT_ABOVE_RATING, Severity.ERROR, "at most 20 A");
	}

	@Test
	void checkCurrentWithinCellRatings_withinCells_isClean() {
		snippets.check(pack("current continuous 30 A peak 60 A for 10 s charge 6 A"))
				.assertNone(IssueCodes.LIMIT_OUTSIDE_CELL_RATING);
	}

	@Test
	void checkCurrentWithinCellRatings_continuousAboveCells_isError() {
		snippets.check(pack("current continuous 31 A")).assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING,
				Severity.ERROR, "3 in parallel x 10 A (C) = 30 A");
	}

	@Test
	void checkCurrentWithinCellRatings_peakLongerThanCells_isError() {
		snippets.check(pack("current continuous 30 A peak 60 A for 20 s"))
				.assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING, Severity.ERROR, "peak current for 20 s lasts longer",
				"at most 10 s");
	}

	@Test
	void checkCurrentWithinCellRatings_peakAboveCells_isError() {
		snippets.check(pack("current continuous 30 A peak 61 A for 10 s"))
				.assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING, Severity.ERROR, "peak current 61 A",
				"3 in parallel x 20 A (C) = 60 A");
	}

	@Test
	void checkCurrentWithinCellRatings_chargeAboveCells_isError() {
		snippets.check(pack("current continuous 30 A charge 9 A")).assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING,
				Severity.ERROR, "charge current 9 A", "8.7 A");
	}

	@Test
	void checkCurrentWithinCellRatings_variantWithFewerParallelCells_isErrorOnVariant() {
		snippets.check(pack("current continuous 30 A")
				+ "pack Small extends P { cells 4S2P C }").assertSome(IssueCodes.LIMIT_OUTSIDE_CELL_RATING,
				Severity.ERROR, "2 in parallel", "inherited from P");
	}

	// ------------------------------------------------------------------ MCU and CAN

	@Test
	void checkControlPeriod_250msWith1sWatchdog_isClean() {
		snippets.check(pack("")).assertNone(IssueCodes.PERIOD_OUT_OF_RANGE);
	}

	@Test
	void checkControlPeriod_notShorterThanWatchdog_isError() {
		snippets.check(CELL + "pack P { cells 4S1P C " + AFE
				+ " mcu STM32G431 { period 1 s watchdog 1 s } }").assertSome(IssueCodes.PERIOD_OUT_OF_RANGE,
				Severity.ERROR, "not shorter than the watchdog timeout 1 s");
	}

	@Test
	void checkControlPeriod_zero_isError() {
		snippets.check(CELL + "pack P { cells 4S1P C " + AFE
				+ " mcu STM32G431 { period 0 ms } }").assertSome(IssueCodes.PERIOD_OUT_OF_RANGE, Severity.ERROR,
				"must be positive");
	}

	@Test
	void checkControlPeriod_fasterThanAfeUpdate_isWarning() {
		snippets.check(CELL + "pack P { cells 4S1P C " + AFE
				+ " mcu STM32G431 { period 100 ms watchdog 1 s } }").assertSome(IssueCodes.PERIOD_OUT_OF_RANGE,
				Severity.WARNING, "faster than the AFE's 250 ms");
	}

	@Test
	void checkCanBitRates_fd500kAnd2M_isClean() {
		snippets.check(pack("can MCP2562 { fd nominal 500 kbit/s data 2 Mbit/s }"))
				.assertNone(IssueCodes.BIT_RATE_UNSUPPORTED);
	}

	@Test
	void checkCanBitRates_classic1M_isClean() {
		snippets.check(pack("can MCP2562 { classic nominal 1 Mbit/s }")).assertNone(IssueCodes.BIT_RATE_UNSUPPORTED);
	}

	@Test
	void checkCanBitRates_nominalAbove1M_isError() {
		snippets.check(pack("can MCP2562 { classic nominal 2 Mbit/s }")).assertSome(IssueCodes.BIT_RATE_UNSUPPORTED,
				Severity.ERROR, "up to 1 Mbit/s");
	}

	@Test
	void checkCanBitRates_dataRateOnClassicBus_isError() {
		snippets.check(pack("can MCP2562 { classic nominal 500 kbit/s data 2 Mbit/s }"))
				.assertSome(IssueCodes.BIT_RATE_UNSUPPORTED, Severity.ERROR, "needs a CAN FD bus");
	}

	@Test
	void checkCanBitRates_fdDataAbove5M_isError() {
		List<Issue> issues = snippets.check(pack("can MCP2562 { fd nominal 500 kbit/s data 8 Mbit/s }"))
				.assertSome(IssueCodes.BIT_RATE_UNSUPPORTED, Severity.ERROR, "up to 5 Mbit/s", "MCP2562FD");
		assertTrue(issues.get(0).getMessage().contains("8 Mbit/s"));
	}

	@Test
	void checkCanBitRates_fdDataBelowNominal_isError() {
		snippets.check(pack("can MCP2562 { fd nominal 1 Mbit/s data 500 kbit/s }"))
				.assertSome(IssueCodes.BIT_RATE_UNSUPPORTED, Severity.ERROR, "below the nominal rate 1 Mbit/s");
	}
}
