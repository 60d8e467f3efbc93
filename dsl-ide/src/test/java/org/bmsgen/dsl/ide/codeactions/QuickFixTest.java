package org.bmsgen.dsl.ide.codeactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.bmsgen.dsl.ide.IdeTestAccess;
import org.bmsgen.dsl.validation.IssueCodes;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.xtext.ide.editor.quickfix.QuickFix;
import org.junit.jupiter.api.Test;

/**
 * Every quick fix, applied the way a client applies it: the reference model is broken in one place, the
 * diagnostic the server would publish is handed to the code-action service, the chosen fix's edits are applied
 * to the text, and the result is validated again. The expected text is what an engineer would write by hand
 * (mostly: the reference model as it was before it was broken), worked out from the checks' rules and the
 * datasheet tables, not from the fix's output.
 */
class QuickFixTest {

	private static final String REFERENCE = IdeTestAccess.referenceModel();

	/** Breaks the reference model by one replacement (which must be found exactly once). */
	private static String broken(String from, String to) {
		return replaceOnce(REFERENCE, from, to);
	}

	private static String replaceOnce(String text, String from, String to) {
		int at = text.indexOf(from);
		if (at < 0 || text.indexOf(from, at + 1) >= 0) {
			throw new IllegalArgumentException("'" + from + "' is not in the model exactly once");
		}
		return text.substring(0, at) + to + text.substring(at + from.length());
	}

	/**
	 * Applies the fix labelled {@code label} to the first diagnostic of the code on the line holding
	 * {@code onLine}, asserts the text it gives and that no diagnostic of the code remains on that line.
	 */
	private static void assertFix(String text, String code, String onLine, String label, String expected) {
		int line = lineOf(text, onLine);
		List<Diagnostic> diagnostics = IdeTestAccess.diagnostics(text, code).stream()
				.filter(d -> d.getRange().getStart().getLine() == line).collect(Collectors.toList());
		assertFalse(diagnostics.isEmpty(), "no " + code + " on line " + (line + 1) + ": " + IdeTestAccess.diagnostics(text));
		List<CodeAction> actions = IdeTestAccess.codeActions(text, diagnostics.get(0));
		CodeAction action = actions.stream().filter(a -> a.getTitle().equals(label)).findFirst()
				.orElseThrow(() -> new AssertionError("no fix '" + label + "' among "
						+ actions.stream().map(CodeAction::getTitle).collect(Collectors.toList())));
		String fixed = IdeTestAccess.apply(text, action);
		assertEquals(expected, fixed);
		int before = IdeTestAccess.diagnostics(text, code).size();
		List<Diagnostic> after = IdeTestAccess.diagnostics(fixed, code);
		// one fix may settle several diagnostics (a longer frame holds every signal that overran it)
		assertTrue(after.size() < before, "still: " + after.stream().map(Diagnostic::getMessage).toList());
	}

	private static int lineOf(String text, String piece) {
		int at = text.indexOf(piece);
		if (at < 0) {
			throw new IllegalArgumentException("'" + piece + "' is not in the text");
		}
		return (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
	}

	// ------------------------------------------------------------------ AFE

	@Test
	void overcurrentBetweenOcdStepsSnapsToTheStepNotAboveIt() {
		// 60 A x 1 mOhm = 60 mV; SCD 111 A needs RSNS=1, whose OCD steps are ... 50, 56, 61 mV (DS 8.5): 56 mV = 56 A
		assertFix(broken("overcurrent above 56 A", "overcurrent above 60 A"), IssueCodes.AFE_THRESHOLD_QUANTISED,
				"overcurrent above 60 A", "Write what the AFE is programmed with: 56 A", REFERENCE);
	}

	@Test
	void aStepWithAnInexactQuotientIsWrittenPreciselyEnoughToReadBackAsThatStep() {
		// 1.5 mOhm: 56 A is 84 mV, programmed as the 83 mV step (RSNS=1, SCD 166.5 mV needs it) = 55.333... A;
		// "55.33 A" would be 82.995 mV and program the 78 mV step (52 A), so the fix writes ten digits
		String text = broken("shunt 1 mOhm", "shunt 1.5 mOhm");
		String ocdLine = "overcurrent above 56 A";
		String ocd = onLine(text, IssueCodes.AFE_THRESHOLD_QUANTISED, ocdLine).get(0).getMessage().getLeft();
		assertTrue(ocd.contains("83 mV = 55.3 A") && ocd.endsWith("; write 55.33333333 A to model what the chip does"),
				"the message proposes what the fix writes: " + ocd);
		String fixedOcd = replaceOnce(text, ocdLine, "overcurrent above 55.33333333 A");
		assertFix(text, IssueCodes.AFE_THRESHOLD_QUANTISED, ocdLine, "Write what the AFE is programmed with: 55.33333333 A",
				fixedOcd);
		assertEquals(List.of(), onLine(fixedOcd, IssueCodes.AFE_THRESHOLD_QUANTISED, "overcurrent above 55.33333333 A"));

		// SCD: 111 A is 166.5 mV, between the RSNS=1 steps 155 and 178 mV: 155 mV = 103.333... A
		String scdLine = "short-circuit above 111 A";
		String fixedBoth = replaceOnce(fixedOcd, scdLine, "short-circuit above 103.3333333 A");
		assertFix(fixedOcd, IssueCodes.AFE_THRESHOLD_QUANTISED, scdLine,
				"Write what the AFE is programmed with: 103.3333333 A", fixedBoth);
		assertEquals(List.of(), IdeTestAccess.diagnostics(fixedBoth, IssueCodes.AFE_THRESHOLD_QUANTISED),
				"both levels are steps now");
		assertEquals(List.of(), IdeTestAccess.diagnostics(fixedBoth).stream()
				.filter(d -> d.getSeverity() == DiagnosticSeverity.Error).toList());

		// the four digits messages round other amounts to would not do: 82.995 mV programs the 78 mV step
		List<Diagnostic> rounded = onLine(replaceOnce(text, ocdLine, "overcurrent above 55.33 A"),
				IssueCodes.AFE_THRESHOLD_QUANTISED, "overcurrent above 55.33 A");
		assertEquals(1, rounded.size());
		String roundedMessage = rounded.get(0).getMessage().getLeft();
		assertTrue(roundedMessage.contains("78 mV = 52.0 A"), roundedMessage);
	}

	private static List<Diagnostic> onLine(String text, String code, String piece) {
		int line = lineOf(text, piece);
		return IdeTestAccess.diagnostics(text, code).stream().filter(d -> d.getRange().getStart().getLine() == line)
				.collect(Collectors.toList());
	}

	@Test
	void ocdDelayBetweenStepsSnapsToTheShorterStep() {
		// OCD_DELAY 8, 20, 40, 80, 160, 320, 640, 1280 ms: 700 ms is programmed as 640 ms
		assertFix(broken("for 640 ms", "for 700 ms"), IssueCodes.AFE_THRESHOLD_QUANTISED, "for 700 ms",
				"Write what the AFE is programmed with: 640 ms", REFERENCE);
	}

	@Test
	void ovDelayNotInTheTableBecomesTheLongestNotLonger() {
		// OV_DELAY 1, 2, 4, 8 s: 3 s is not programmable; 2 s acts no later than modelled
		assertFix(broken("above 4.20 V for 2 s", "above 4.20 V for 3 s"), IssueCodes.AFE_DELAY_UNSUPPORTED,
				"above 4.20 V for 3 s", "Use the AFE delay 2 s", REFERENCE);
	}

	@Test
	void scdDelayAboveTheTableBecomesItsLongestEntry() {
		// SCD_DELAY 70, 100, 200, 400 us: 500 us is beyond the table; 400 us is the longest not longer
		String text = broken("for 200 us", "for 500 us");
		assertFix(text, IssueCodes.AFE_DELAY_UNSUPPORTED, "for 500 us", "Use the AFE delay 400 us",
				broken("for 200 us", "for 400 us"));
	}

	@Test
	void aProtectionTheAfeCannotEnforceGoesToTheFirmware() {
		String line = "charge overcurrent above 8 A for 2 s recover after 30 s by ";
		assertFix(broken(line + "firmware", line + "afe"), IssueCodes.AFE_CANNOT_ENFORCE, line, "Enforce it by firmware",
				REFERENCE);
	}

	@Test
	void anUndervoltageOutsideTheChipsRangeGoesToTheFirmware() {
		// UV_TRIP on every trim: about 1.749 to 2.856 V (DS Tables 8-13, 8-22, 8-23); 2.90 V is above it
		String written = "cell undervoltage below 2.80 V for 4 s release above 3.00 V warning below 3.00 V by afe";
		String text = broken(written, written.replace("2.80 V", "2.90 V"));
		assertFix(text, IssueCodes.AFE_THRESHOLD_OUT_OF_RANGE, "below 2.90 V", "Enforce it by firmware",
				replaceOnce(text, "warning below 3.00 V by afe", "warning below 3.00 V by firmware"));
	}

	@Test
	void theDocumentedAfeAddressIsWritten() {
		assertFix(broken("address 0x08", "address 0x09"), IssueCodes.AFE_ADDRESS_INVALID, "address 0x09",
				"Use the documented address 0x08", REFERENCE);
	}

	@Test
	void channelsAreWiredAsDatasheetTable92() {
		// 4 cells on a BQ76920: VC4-VC3 shorted, the top cell read through VC5 (DS Table 9-2)
		assertFix(broken("channels [1, 2, 3, 5]", "channels [1, 2, 3, 4]"), IssueCodes.CHANNEL_MAP_MISMATCH,
				"channels [1, 2, 3, 4]", "Wire the channels as [1, 2, 3, 5]", REFERENCE);
	}

	// ------------------------------------------------------------------ protection

	@Test
	void aReleaseAboveAnOvervoltageTripIsMirroredBelowIt() {
		// trip 4.20 V, release written 4.30 V (0.10 V on the wrong side): 4.10 V keeps the 0.10 V hysteresis
		assertFix(broken("release below 4.10 V", "release below 4.30 V"), IssueCodes.RELEASE_WRONG_SIDE,
				"release below 4.30 V", "Release on the safe side of the trip: 4.10 V", REFERENCE);
	}

	@Test
	void aWarningBeyondTheFaultIsMirroredBeforeIt() {
		assertFix(broken("warning above 4.18 V", "warning above 4.22 V"), IssueCodes.WARNING_BEYOND_FAULT,
				"warning above 4.22 V", "Warn before the fault: 4.18 V", REFERENCE);
	}

	@Test
	void aWrongTripDirectionIsFlipped() {
		assertFix(broken("cell overvoltage above 4.20 V", "cell overvoltage below 4.20 V"),
				IssueCodes.PROTECTION_DIRECTION_WRONG, "cell overvoltage below", "Write 'above'", REFERENCE);
	}

	@Test
	void anOvervoltageAboveTheCellsMaximumTripsAtIt() {
		// NCR18650PF: maximum 4.2 V
		String text = broken("cell overvoltage above 4.20 V", "cell overvoltage above 4.25 V");
		assertFix(text, IssueCodes.LIMIT_OUTSIDE_CELL_RATING, "above 4.25 V", "Trip at the cell rating: 4.2 V",
				broken("cell overvoltage above 4.20 V", "cell overvoltage above 4.2 V"));
	}

	@Test
	void aChargeOvercurrentAboveTheCellsTripsAtTheirSum() {
		// 3 in parallel x 2.9 A charge = 8.7 A
		String text = broken("charge overcurrent above 8 A", "charge overcurrent above 9 A");
		assertFix(text, IssueCodes.LIMIT_OUTSIDE_CELL_RATING, "charge overcurrent above 9 A",
				"Trip at the cell rating: 8.7 A", broken("charge overcurrent above 8 A", "charge overcurrent above 8.7 A"));
	}

	@Test
	void aPackOvervoltageAboveTheCellsSumTripsAtIt() {
		// 4 x 4.20 V = 16.8 V
		assertFix(broken("pack overvoltage above 16.80 V", "pack overvoltage above 17.2 V"),
				IssueCodes.PACK_LIMIT_INCONSISTENT, "pack overvoltage above 17.2 V", "Trip at the cells' limit: 16.8 V",
				broken("pack overvoltage above 16.80 V", "pack overvoltage above 16.8 V"));
	}

	@Test
	void aLevelOnCommunicationLossIsRemoved() {
		assertFix(broken("afe communication-loss for 1 s", "afe communication-loss above 1 V for 1 s"),
				IssueCodes.PROTECTION_THRESHOLD_MISSING, "communication-loss above", "Remove the level", REFERENCE);
		assertFix(broken("afe communication-loss for 1 s", "afe communication-loss for 1 s release below 2 V"),
				IssueCodes.PROTECTION_THRESHOLD_MISSING, "communication-loss for", "Remove the level", REFERENCE);
	}

	@Test
	void aSecondProtectionOfTheSameNameIsRemovedWithItsLine() {
		String fet = "\t\tfet overtemperature above 90 degC for 1 s release below 75 degC by firmware\n";
		String text = broken(fet, fet + "\t\tfet overtemperature above 85 degC for 1 s by firmware\n");
		assertFix(text, IssueCodes.DUPLICATE_PROTECTION, "above 85 degC", "Remove this second protection", REFERENCE);
	}

	// ------------------------------------------------------------------ balancing

	@Test
	void balancingAtMostEveryOtherCell() {
		// 4S: cells 1 and 3 (or 2 and 4) at most, (4 + 1) / 2 = 2
		assertFix(broken("max 2 cells", "max 3 cells"), IssueCodes.BALANCING_TOO_MANY_CELLS, "max 3 cells",
				"Balance at most this many cells at once: 2", REFERENCE);
	}

	// ------------------------------------------------------------------ state machines

	@Test
	void aMisspelledInitialStateIsReplacedByAState() {
		assertFix(broken("initial Init", "initial Start"), IssueCodes.NO_INITIAL_STATE, "initial Start",
				"Start in Init", REFERENCE);
	}

	@Test
	void theMissingInitialStateIsAdded() {
		String text = broken("initial Init", "initial Start");
		assertFix(text, IssueCodes.NO_INITIAL_STATE, "initial Start", "Add the state Start",
				replaceOnce(text, "initial Start\n", "initial Start\n\t\tstate Start {\n\t\t}\n"));
	}

	@Test
	void aFaultStateWithoutWayOutGetsClearFaults() {
		String ways = "\t\t\ton clear-faults when not fault-active -> Standby\n\t\t\ton faults-cleared after 5 s -> Standby\n";
		String text = broken(ways, "");
		// the first state of normal operation is the initial one
		assertFix(text, IssueCodes.NO_WAY_OUT_OF_FAULT, "state Fault", "Add 'on clear-faults -> Init'",
				replaceOnce(text, "log event\n\t\t}", "log event\n\t\t\ton clear-faults -> Init\n\t\t}"));
	}

	@Test
	void aReactionToPermanentFaultsOnlyReactsToEveryFault() {
		assertFix(broken("on any fault -> Fault", "on any permanent -> Fault"), IssueCodes.NO_FAULT_REACTION,
				"on any permanent", "React to every fault: 'on any fault'", REFERENCE);
	}

	@Test
	void aMissingFaultReactionGoesToTheFaultState() {
		assertFix(broken("\t\ton any fault -> Fault\n", ""), IssueCodes.NO_FAULT_REACTION, "statemachine Control",
				"Add 'on any fault -> Fault'", REFERENCE);
	}

	@Test
	void anUnreachableStateIsRemoved() {
		String text = broken("\t\ton any fault -> Fault\n", "\t\tstate Spare {\n\t\t\tentry log event\n\t\t}\n"
				+ "\t\ton any fault -> Fault\n");
		assertFix(text, IssueCodes.UNREACHABLE_STATE, "state Spare", "Remove the unreachable state", REFERENCE);
	}

	// ------------------------------------------------------------------ telemetry

	@Test
	void aDuplicateCanIdIsRenumberedToTheNextFreeOne() {
		// 0x100 and 0x101 are taken: the next free ID above 0x101 is 0x102
		assertFix(broken("Faults id 0x102", "Faults id 0x101"), IssueCodes.DUPLICATE_CAN_ID, "Faults id 0x101",
				"Renumber to the next free ID 0x102", REFERENCE);
	}

	@Test
	void anIdBeyondElevenBitsBecomesExtended() {
		String text = broken("Faults id 0x102", "Faults id 0x1234");
		assertFix(text, IssueCodes.CAN_ID_OUT_OF_RANGE, "Faults id 0x1234", "Make it a 29-bit extended identifier",
				broken("Faults id 0x102", "Faults id 0x1234 extended"));
	}

	@Test
	void anFdMessageOfEightBytesOnAClassicBusDropsFd() {
		String text = broken("\t\tfd\n\t\tnominal 500 kbit/s\n\t\tdata 2 Mbit/s\n", "\t\tclassic\n\t\tnominal 500 kbit/s\n");
		assertFix(text, IssueCodes.FD_WITHOUT_FD_BUS, "CellVoltages id 0x101 fd", "Send it as a classic frame (drop 'fd')",
				replaceOnce(text, "CellVoltages id 0x101 fd length 8", "CellVoltages id 0x101 length 8"));
	}

	@Test
	void anFdMessageLongerThanEightBytesIsNotDowngraded() {
		String text = broken("\t\tfd\n\t\tnominal 500 kbit/s\n\t\tdata 2 Mbit/s\n", "\t\tclassic\n\t\tnominal 500 kbit/s\n");
		int line = lineOf(text, "PackStatus id 0x100 fd length 16");
		Diagnostic diagnostic = IdeTestAccess.diagnostics(text, IssueCodes.FD_WITHOUT_FD_BUS).stream()
				.filter(d -> d.getRange().getStart().getLine() == line).findFirst().orElseThrow();
		assertEquals(List.of(), IdeTestAccess.codeActions(text, diagnostic), "a 16 B frame cannot become classic");
	}

	@Test
	void telemetryFasterThanControlIsSentOncePerControlPeriod() {
		assertFix(broken("fd length 8 every 500 ms", "fd length 8 every 100 ms"),
				IssueCodes.TELEMETRY_FASTER_THAN_CONTROL, "every 100 ms", "Send once per control period: every 250 ms",
				broken("fd length 8 every 500 ms", "fd length 8 every 250 ms"));
	}

	// ------------------------------------------------------------------ logging

	@Test
	void aLogWithoutFlashGetsTheFlash() {
		String text = broken("\tflash W25Q128JV\n", "");
		assertFix(text, IssueCodes.LOG_WITHOUT_FLASH, "\tlog {", "Add 'flash W25Q128JV'",
				replaceOnce(text, "\tlog {", "\tflash W25Q128JV\n\tlog {"));
	}

	// ------------------------------------------------------------------ units

	@Test
	void aMissingUnitIsAddedFromTheDimensionDue() {
		String text = broken("period 250 ms", "period 250");
		assertFix(text, IssueCodes.MISSING_UNIT, "period 250", "Add the unit ms", REFERENCE);
		List<String> offered = IdeTestAccess.codeActions(text, IdeTestAccess.diagnostics(text, IssueCodes.MISSING_UNIT)
				.get(0)).stream().map(CodeAction::getTitle).collect(Collectors.toList());
		assertEquals(Set.of("Add the unit d", "Add the unit h", "Add the unit min", "Add the unit s", "Add the unit ms",
				"Add the unit us"), new TreeSet<>(offered).stream().collect(Collectors.toSet()));
	}

	@Test
	void aUnitOfTheWrongDimensionWithTheSamePrefixIsReplaced() {
		assertFix(broken("period 250 ms", "period 250 mA"), IssueCodes.DIMENSION_MISMATCH, "period 250 mA",
				"Write ms instead of mA", REFERENCE);
		assertFix(broken("shunt 1 mOhm", "shunt 1 mV"), IssueCodes.DIMENSION_MISMATCH, "shunt 1 mV",
				"Write mOhm instead of mV", REFERENCE);
	}

	// ------------------------------------------------------------------ second batch: cells, hardware, logging

	@Test
	void aNegativeRatingLosesItsSign() {
		assertFix(broken("current continuous 30 A", "current continuous -30 A"), IssueCodes.VALUE_OUT_OF_RANGE,
				"continuous -30 A", "Drop the minus sign: 30 A", REFERENCE);
	}

	@Test
	void aTemperatureRangeWrittenBackwardsIsSwapped() {
		String cell = "\ncell Swapped {\n\ttemperature charge 45 degC to 10 degC discharge -20 degC to 60 degC\n}\n";
		String text = REFERENCE + cell;
		assertFix(text, IssueCodes.CELL_TEMPERATURES_INCONSISTENT, "charge 45 degC to 10 degC", "Swap the two temperatures",
				REFERENCE + cell.replace("charge 45 degC to 10 degC", "charge 10 degC to 45 degC"));
	}

	@Test
	void aThermistorOnAMissingInputMovesToTheFreeOne() {
		// the BQ76920 has TS1 only
		assertFix(broken("thermistor TS1 NTC", "thermistor TS2 NTC"), IssueCodes.THERMISTOR_INPUT_UNAVAILABLE,
				"thermistor TS2", "Use the free input TS1", REFERENCE);
	}

	@Test
	void sixCellsNeedTheBq76930() {
		// BQ76920: 3-5 cells, BQ76930: 6-10, BQ76940: 9-15 (DS device comparison)
		String text = broken("cells 4S3P", "cells 6S3P");
		assertFix(text, IssueCodes.CELL_COUNT_UNSUPPORTED, "cells 6S3P", "Use a BQ76930",
				replaceOnce(text, "afe BQ76920", "afe BQ76930"));
	}

	@Test
	void adjacentBalancingIsSwitchedOff() {
		String text = broken("never above 45 degC\n", "never above 45 degC\n\t\tadjacent on\n");
		assertFix(text, IssueCodes.BALANCING_ADJACENT, "adjacent on", "Write 'adjacent off'",
				replaceOnce(text, "adjacent on", "adjacent off"));
	}

	@Test
	void anFdFrameTooShortForItsSignalsGetsTheShortestLengthThatHoldsThem() {
		// maxTemperature 48|8 ends in byte 6: 7 B, an FD length (0-8, 12, 16, ...)
		String text = broken("PackStatus id 0x100 fd length 16", "PackStatus id 0x100 fd length 5");
		assertFix(text, IssueCodes.SIGNAL_BEYOND_FRAME, "signal maxTemperature", "Set the frame length to 7 B",
				replaceOnce(text, "fd length 5", "fd length 7"));
	}

	@Test
	void anFdFrameWithoutLengthGetsOne() {
		// 64|8 ends in byte 8: 9 B, and the next FD length is 12 B
		String text = broken("PackStatus id 0x100 fd length 16", "PackStatus id 0x100 fd")
				.replace("signal maxTemperature 48|8", "signal maxTemperature 64|8");
		assertFix(text, IssueCodes.SIGNAL_BEYOND_FRAME, "signal maxTemperature", "Set the frame length to 12 B",
				replaceOnce(text, "PackStatus id 0x100 fd every", "PackStatus id 0x100 fd length 12 every"));
	}

	@Test
	void anFdLengthThatIsNoDlcBecomesTheNextOne() {
		// CAN FD lengths 0-8, 12, 16, 20, 24, 32, 48, 64 B (ISO 11898-1): 10 B becomes 12 B
		String text = broken("PackStatus id 0x100 fd length 16", "PackStatus id 0x100 fd length 10");
		assertFix(text, IssueCodes.FRAME_LENGTH_INVALID, "fd length 10", "Use the next CAN FD length: 12",
				replaceOnce(text, "fd length 10", "fd length 12"));
	}

	@Test
	void aSignalScaleInAnotherDimensionThanItsSourceTakesTheSourcesUnit() {
		// pack-voltage is a voltage: 0.001 A means 0.001 V (same scale)
		assertFix(broken("scale 0.001 V from pack-voltage", "scale 0.001 A from pack-voltage"),
				IssueCodes.SIGNAL_UNIT_MISMATCH, "scale 0.001 A from pack-voltage", "Write V instead of A", REFERENCE);
		// a state number has no unit
		assertFix(broken("scale 1 from state of Control", "scale 1 V from state of Control"),
				IssueCodes.SIGNAL_UNIT_MISMATCH, "scale 1 V from state", "Drop the unit V", REFERENCE);
		// a current without its unit: the base unit
		assertFix(broken("scale 0.01 A from current", "scale 0.01 from current"), IssueCodes.SIGNAL_UNIT_MISMATCH,
				"scale 0.01 from current", "Add the unit A", REFERENCE);
	}

	@Test
	void aDataBitRateOnAClassicBusMakesTheBusFdOrGoes() {
		String text = broken("\t\tfd\n\t\tnominal", "\t\tclassic\n\t\tnominal");
		assertFix(text, IssueCodes.BIT_RATE_UNSUPPORTED, "data 2 Mbit/s", "Make the bus CAN FD", REFERENCE);
		assertFix(text, IssueCodes.BIT_RATE_UNSUPPORTED, "data 2 Mbit/s", "Drop the data bit rate",
				replaceOnce(text, "\t\tdata 2 Mbit/s\n", ""));
	}

	@Test
	void aDataBitRateBelowTheNominalOneIsRaisedToIt() {
		String text = broken("data 2 Mbit/s", "data 250 kbit/s");
		assertFix(text, IssueCodes.BIT_RATE_UNSUPPORTED, "data 250 kbit/s", "Use the nominal rate: 500 kbit/s",
				broken("data 2 Mbit/s", "data 500 kbit/s"));
	}

	@Test
	void aLogAreaIsRoundedUpToWholeSectors() {
		// 250 KiB = 62.5 sectors of 4 KiB: 63 sectors = 252 KiB
		assertFix(broken("events in 256 KiB", "events in 250 KiB"), IssueCodes.FLASH_AREA_MISALIGNED, "events in 250 KiB",
				"Round up to whole erase sectors: 252 KiB", broken("events in 256 KiB", "events in 252 KiB"));
	}

	@Test
	void aRecordSizeBecomesOneThatDividesThePage() {
		assertFix(broken("record 32 B", "record 24 B"), IssueCodes.LOG_RECORD_SIZE_INVALID, "record 24 B",
				"Use a record size that divides the page: 32 B", REFERENCE);
		assertFix(broken("record 32 B", "record 8 B"), IssueCodes.LOG_RECORD_SIZE_INVALID, "record 8 B",
				"Use a record size that divides the page: 16 B", broken("record 32 B", "record 16 B"));
	}

	@Test
	void aHistoryRecordTooSmallForTheSohGrowsToOneThatHoldsIt() {
		// 4 cells: 39 + 8 + 3 + 8 + 4 = 62 B
		assertFix(broken("history in 8 MiB record 64 B", "history in 8 MiB record 32 B"), IssueCodes.HISTORY_FORGETS_SOH,
				"history in 8 MiB record 32 B", "Use a history record that holds the SoH: 64 B", REFERENCE);
	}

	// ------------------------------------------------------------------ as a client sends them

	@Test
	void issueDataComingBackAsJsonStillFixes() {
		// over JSON-RPC the client returns the diagnostic's data as a JSON array, not a String[]
		String text = broken("overcurrent above 56 A", "overcurrent above 60 A");
		Diagnostic diagnostic = IdeTestAccess.diagnostics(text, IssueCodes.AFE_THRESHOLD_QUANTISED).get(0);
		diagnostic.setData(new com.google.gson.Gson().toJsonTree(diagnostic.getData()));
		assertTrue(diagnostic.getData() instanceof com.google.gson.JsonArray);
		List<CodeAction> actions = IdeTestAccess.codeActions(text, diagnostic);
		assertEquals(List.of("Write what the AFE is programmed with: 56 A"),
				actions.stream().map(CodeAction::getTitle).collect(Collectors.toList()));
		assertEquals(REFERENCE, IdeTestAccess.apply(text, actions.get(0)));
	}

	@Test
	void noFixIsOfferedWhereAnInheritedProblemIsReportedOnExtends() {
		// the variant's 1.5 mOhm shunt puts the inherited 56 A between OCD steps (84 mV: 83 mV is programmed);
		// the warning lands on 'extends Smart4S', where writing "55.33 A" would break the model
		String text = REFERENCE + "\npack Heavier extends Smart4S {\n\tafe BQ76920 {\n\t\tshunt 1.5 mOhm\n\t}\n}\n";
		int line = lineOf(text, "pack Heavier");
		List<Diagnostic> onExtends = IdeTestAccess.diagnostics(text, IssueCodes.AFE_THRESHOLD_QUANTISED).stream()
				.filter(d -> d.getRange().getStart().getLine() == line).collect(Collectors.toList());
		assertFalse(onExtends.isEmpty(), IdeTestAccess.diagnostics(text).toString());
		for (Diagnostic diagnostic : onExtends) {
			assertEquals(List.of(), IdeTestAccess.codeActions(text, diagnostic));
		}
	}

	// ------------------------------------------------------------------ the list in the docs

	@Test
	void docsListEveryCodeWithAQuickFix() throws IOException {
		String docs = Files.readString(IdeTestAccess.repositoryRoot().resolve("docs/language.md"));
		String section = docs.substring(docs.indexOf("## Quick fixes"));
		Set<String> fixed = new TreeSet<>();
		for (Method method : BmsQuickfixProvider.class.getMethods()) {
			for (QuickFix fix : method.getAnnotationsByType(QuickFix.class)) {
				fixed.add(fix.value());
			}
		}
		Set<String> missing = fixed.stream().filter(code -> !section.contains("`" + code + "`"))
				.collect(Collectors.toCollection(TreeSet::new));
		assertEquals(Set.of(), missing);
	}
}
