package org.bmsgen.dsl.validation;



import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class LoggingChecksTest {

	@Inject
	private ModelSnippets snippets;


	private Model log(String events, String history) throws Exception {
		return snippets.parse("pack P {\nflash W25Q128JV\nlog {\n" + (events == null ? "" : "events in " + events
				+ "\n")
				+ (history == null ? "" : "history in " + history + " every 60 s\n") + "}\n}");
	}

	@Test
	void checkLogHasFlash_flashPresent_noError() throws Exception {
		snippets.check(log("256 KiB record 32 B", null)).assertNone(IssueCodes.LOG_WITHOUT_FLASH);
	}

	@Test
	void checkLogHasFlash_flashInBasePack_noError() throws Exception {
		Model model = snippets.parse("pack Base { flash W25Q128JV }\npack Variant extends Base { log { events in 64 KiB record 32 B } }");
		snippets.check(model).assertNone(IssueCodes.LOG_WITHOUT_FLASH);
	}

	@Test
	void checkLogHasFlash_noFlash_isError() throws Exception {
		Model model = snippets.parse("pack P { log { events in 64 KiB record 32 B } }");
		snippets.check(model).assertError(BmsPackage.Literals.LOGGING, IssueCodes.LOG_WITHOUT_FLASH,
				"pack P keeps a log but has no flash to keep it in: add 'flash W25Q128JV'");
	}

	@Test
	void checkFlashCapacity_exactlyFull_noError() throws Exception {
		Model model = log("256 KiB record 32 B", "16128 KiB record 64 B");
		snippets.check(model).assertNone(IssueCodes.FLASH_CAPACITY_EXCEEDED);
	}

	@Test
	void checkFlashCapacity_eventsAndHistoryBeyond16MiB_isError() throws Exception {
		Model model = log("256 KiB record 32 B", "16 MiB record 64 B");
		snippets.check(model).assertError(BmsPackage.Literals.LOGGING, IssueCodes.FLASH_CAPACITY_EXCEEDED,
				"events 256 KiB + history 16 MiB = 16.25 MiB exceed the W25Q128JV's 16 MiB");
	}

	@Test
	void checkFlashCapacity_oneAreaAloneTooLarge_isError() throws Exception {
		Model model = log(null, "17 MiB record 64 B");
		snippets.check(model).assertError(BmsPackage.Literals.LOGGING, IssueCodes.FLASH_CAPACITY_EXCEEDED,
				"history 17 MiB exceed the W25Q128JV's 16 MiB");
	}

	@Test
	void checkFlashAreaAlignment_wholeSectors_noError() throws Exception {
		Model model = log("8 KiB record 32 B", "8192 B record 64 B");
		snippets.check(model).assertNone(IssueCodes.FLASH_AREA_MISALIGNED);
	}

	@Test
	void checkFlashAreaAlignment_partialSector_isError() throws Exception {
		Model model = log("10 KiB record 32 B", null);
		snippets.check(model).assertError(BmsPackage.Literals.EVENT_LOG, IssueCodes.FLASH_AREA_MISALIGNED,
				"events area 10 KiB is not a whole number of the W25Q128JV's 4 KiB erase sectors");
	}

	@Test
	void checkFlashAreaAlignment_singleSector_isError() throws Exception {
		Model model = log(null, "4 KiB record 64 B");
		snippets.check(model).assertError(BmsPackage.Literals.HISTORY_LOG, IssueCodes.FLASH_AREA_MISALIGNED,
				"history area 4 KiB holds 1 erase sector(s)");
	}

	@Test
	void checkRecordSize_divisorsOfThePage_noError() throws Exception {
		Model model = log("64 KiB record 16 B", "64 KiB record 256 B");
		snippets.check(model).assertNone(IssueCodes.LOG_RECORD_SIZE_INVALID);
	}

	@Test
	void checkRecordSize_notDividingThePage_isError() throws Exception {
		Model model = log("64 KiB record 48 B", null);
		snippets.check(model).assertError(BmsPackage.Literals.EVENT_LOG, IssueCodes.LOG_RECORD_SIZE_INVALID,
				"event record of 48 B does not divide the W25Q128JV's 256 B page");
	}

	@Test
	void checkRecordSize_largerThanAPage_isError() throws Exception {
		Model model = log(null, "64 KiB record 1 KiB");
		snippets.check(model).assertError(BmsPackage.Literals.HISTORY_LOG, IssueCodes.LOG_RECORD_SIZE_INVALID,
				"history record of 1 KiB does not divide");
	}

	@Test
	void checkRecordSize_tooSmallForHeaderAndCrc_isError() throws Exception {
		Model model = log("64 KiB record 8 B", null);
		snippets.check(model).assertError(BmsPackage.Literals.EVENT_LOG, IssueCodes.LOG_RECORD_SIZE_INVALID,
				"event record of 8 B is too small");
	}

	private Model sohPack(int series, String record) throws Exception {
		return snippets.parse("pack P {\ncells " + series + "S1P C\nflash W25Q128JV\nsoc ekf { model 2RC }\n"
				+ "soh { capacity fade on }\nlog {\nhistory in 64 KiB record " + record + " every 60 s\n}\n}\n"
				+ "cell C { capacity 3 Ah }");
	}

	@Test
	void checkHistoryHoldsSoh_fourCellsIn64Bytes_noWarning() throws Exception {
		// 39 + 8 cell voltages + 3 + 8 capacities + 4 CRC = 62 B
		snippets.check(sohPack(4, "64 B")).assertNone(IssueCodes.HISTORY_FORGETS_SOH);
	}

	@Test
	void checkHistoryHoldsSoh_fiveCellsIn64Bytes_isWarningProposing128() throws Exception {
		// 39 + 10 + 3 + 10 + 4 = 66 B
		snippets.check(sohPack(5, "64 B")).assertWarning(BmsPackage.Literals.HISTORY_LOG,
				IssueCodes.HISTORY_FORGETS_SOH, "history record of 64 B cannot hold the 5 cell voltages and the SoH"
						+ " (66 B): after every reset the SoH starts as new; use 128 B");
	}

	@Test
	void checkHistoryHoldsSoh_sixteenCellsIn128Bytes_isWarning() throws Exception {
		// 39 + 32 + 3 + 32 + 4 = 110 B fit 128 B; 17 cells need 114 B, still 128 B; 16 cells in 64 B do not fit
		snippets.check(sohPack(16, "128 B")).assertNone(IssueCodes.HISTORY_FORGETS_SOH);
		snippets.check(sohPack(16, "64 B")).assertWarning(BmsPackage.Literals.HISTORY_LOG,
				IssueCodes.HISTORY_FORGETS_SOH, "(110 B)");
	}

	@Test
	void checkHistoryHoldsSoh_zeroRecord_leftToTheRecordSizeCheck() throws Exception {
		// found by CheckFuzzTest: a 0 B record divided the page by zero
		snippets.check(sohPack(5, "0 B")).assertNone(IssueCodes.HISTORY_FORGETS_SOH);
	}

	@Test
	void checkHistoryHoldsSoh_withoutSohEstimator_noWarning() throws Exception {
		Model model = snippets.parse("pack P {\ncells 5S1P C\nflash W25Q128JV\nsoc ekf { model 2RC }\n"
				+ "log {\nhistory in 64 KiB record 64 B every 60 s\n}\n}\ncell C { capacity 3 Ah }");
		snippets.check(model).assertNone(IssueCodes.HISTORY_FORGETS_SOH);
	}
}
