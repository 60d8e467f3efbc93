package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Model;
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
class TelemetryChecksTest {

	@Inject
	private ModelSnippets snippets;


	private static final String CELL = "cell C { chemistry NCA }\n";
	private static final String FD_BUS = "can MCP2562 { fd nominal 500 kbit/s data 2 Mbit/s }\n";
	private static final String CLASSIC_BUS = "can MCP2562 { classic nominal 500 kbit/s }\n";

	/** A 4S pack on an FD bus with one thermistor and the given members. */
	private Model pack(String members) throws Exception {
		return snippets.parse(CELL + "pack P {\ncells 4S1P C\nafe BQ76920 { thermistor TS1 NTC 10 kOhm beta 3435 }\n"
				+ FD_BUS
				+ members + "\n}");
	}

	private static String message(String header, String signals) {
		return "can message " + header + " every 100 ms {\n" + signals + "\n}\n";
	}

	private static final String SOC = "signal soc 0|8 unsigned scale 0.5 % from soc";

	private List<Issue> issues(Model model, String code) {
		return snippets.check(model).withCode(code);
	}

	@Test
	void checkCanId_baseAndExtendedInRange_noError() throws Exception {
		Model model = pack(message("A1 id 0x7FF", SOC) + message("A2 id 0x1FFFFFFF extended", SOC));
		snippets.check(model).assertNone(IssueCodes.CAN_ID_OUT_OF_RANGE);
	}

	@Test
	void checkCanId_baseIdAbove11Bits_isError() throws Exception {
		Model model = pack(message("A1 id 0x800", SOC));
		snippets.check(model).assertError(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.CAN_ID_OUT_OF_RANGE,
				"CAN ID 0x800 of A1 does not fit an 11-bit base identifier: the largest is 0x7FF (write 'extended'");
	}

	@Test
	void checkCanId_extendedIdAbove29Bits_isError() throws Exception {
		Model model = pack(message("A1 id 0x20000000 extended", SOC));
		snippets.check(model).assertError(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.CAN_ID_OUT_OF_RANGE,
				"29-bit extended identifier");
	}

	@Test
	void checkTelemetryPeriodsAgainstControlPeriod_atOrAboveThePeriod_noWarning() throws Exception {
		Model model = pack("mcu STM32G431 { period 100 ms }\n" + message("A1 id 0x100", SOC)
				+ "can message A2 id 0x101 every 1 s {\n" + SOC + "\n}\n");
		snippets.check(model).assertNone(IssueCodes.TELEMETRY_FASTER_THAN_CONTROL);
	}

	@Test
	void checkTelemetryPeriodsAgainstControlPeriod_messageFasterThanTheTick_isWarning() throws Exception {
		Model model = pack("mcu STM32G431 { period 250 ms }\n" + message("A1 id 0x100", SOC));
		snippets.check(model).assertWarning(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.TELEMETRY_FASTER_THAN_CONTROL,
				"CAN message A1 every 100 ms is faster than the control period 250 ms");
	}

	@Test
	void checkTelemetryPeriodsAgainstControlPeriod_uartFrameFasterThanTheTick_isWarning() throws Exception {
		Model model = pack("mcu STM32G431 { period 250 ms }\nradio ESP32 { uart 115200 baud }\n"
				+ "uart frame T type 0x01 every 50 ms {\nfield soc from soc\n}\n");
		snippets.check(model).assertWarning(BmsPackage.Literals.UART_FRAME, IssueCodes.TELEMETRY_FASTER_THAN_CONTROL,
				"UART frame T every 50 ms is faster than the control period 250 ms");
	}

	@Test
	void checkDuplicateCanIds_sameNumberBaseAndExtended_noError() throws Exception {
		// base 0x100 and extended 0x100 differ in the IDE bit: two different frames
		Model model = pack(message("A1 id 0x100", SOC) + message("A2 id 0x100 extended", SOC));
		snippets.check(model).assertNone(IssueCodes.DUPLICATE_CAN_ID);
	}

	@Test
	void checkDuplicateCanIds_twoMessagesOneId_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", SOC) + message("A2 id 256", SOC));
		snippets.check(model).assertError(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.DUPLICATE_CAN_ID,
				"CAN messages A1 and A2 both use ID 0x100");
	}

	@Test
	void checkDuplicateCanIds_variantAddsMessageOnBaseId_isErrorInVariant() throws Exception {
		Model model = snippets.parse(CELL + "pack Base {\n" + FD_BUS + message("Status id 0x100", SOC) + "}\n"
				+ "pack Variant extends Base {\n" + message("Extra id 0x100", SOC) + "}\n");
		List<Issue> found = issues(model, IssueCodes.DUPLICATE_CAN_ID);
		assertEquals(1, found.size(), ReportedIssues.describe(found));
		assertEquals(9, found.get(0).getLineNumber().intValue(), "on the variant's message");
	}

	@Test
	void checkDuplicateMessageNames_variantOverridesByName_noError() throws Exception {
		Model model = snippets.parse(CELL + "pack Base {\n" + FD_BUS + message("Status id 0x100", SOC) + "}\n"
				+ "pack Variant extends Base {\n" + message("Status id 0x100", SOC) + "}\n");
		snippets.check(model).assertNone(IssueCodes.DUPLICATE_MESSAGE_NAME);
		snippets.check(model).assertNone(IssueCodes.DUPLICATE_CAN_ID);
	}

	@Test
	void checkDuplicateMessageNames_sameNameTwiceInOnePack_isError() throws Exception {
		Model model = pack(message("Status id 0x100", SOC) + message("Status id 0x101", SOC));
		snippets.check(model).assertError(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.DUPLICATE_MESSAGE_NAME,
				"CAN message Status is declared twice");
	}

	@Test
	void checkFrameLength_validLengths_noError() throws Exception {
		Model model = pack(message("A1 id 0x100 length 8", SOC) + message("A2 id 0x101 fd length 48", SOC)
				+ message("A3 id 0x102 fd length 12", SOC));
		snippets.check(model).assertNone(IssueCodes.FRAME_LENGTH_INVALID);
	}

	@Test
	void checkFrameLength_classicNineBytes_isError() throws Exception {
		Model model = pack(message("A1 id 0x100 length 9", SOC));
		snippets.check(model).assertError(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.FRAME_LENGTH_INVALID,
				"classic CAN frame length 9 B of A1 exceeds 8 B");
	}

	@Test
	void checkFrameLength_fdLengthWithoutDlcCode_isError() throws Exception {
		Model model = pack(message("A1 id 0x100 fd length 10", SOC));
		snippets.check(model).assertError(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.FRAME_LENGTH_INVALID,
				"CAN FD frame length 10 B of A1 is not a length CAN FD can send");
	}

	@Test
	void checkFdMessagesOnFdBus_fdBus_noError() throws Exception {
		Model model = pack(message("A1 id 0x100 fd length 16", SOC));
		snippets.check(model).assertNone(IssueCodes.FD_WITHOUT_FD_BUS);
	}

	@Test
	void checkFdMessagesOnFdBus_classicBus_isError() throws Exception {
		Model model = snippets.parse(CELL + "pack P {\n" + CLASSIC_BUS + message("A1 id 0x100 fd length 16", SOC)
				+ "}");
		snippets.check(model).assertError(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.FD_WITHOUT_FD_BUS,
				"A1 is an FD frame but the MCP2562 bus is classic");
	}

	@Test
	void checkFdMessagesOnFdBus_variantAddsFdMessageOnBaseClassicBus_isError() throws Exception {
		Model model = snippets.parse(CELL + "pack Base {\n" + CLASSIC_BUS + "}\n"
				+ "pack Variant extends Base {\n" + message("A1 id 0x100 fd length 16", SOC) + "}");
		snippets.check(model).assertError(BmsPackage.Literals.CAN_MESSAGE, IssueCodes.FD_WITHOUT_FD_BUS,
				"A1 is an FD frame but the MCP2562 bus is classic");
	}

	@Test
	void checkDuplicateSignalNames_uniqueNames_noError() throws Exception {
		Model model = pack(message("A1 id 0x100", SOC + "\nsignal soc2 8|8 unsigned scale 0.5 % from soc"));
		snippets.check(model).assertNone(IssueCodes.DUPLICATE_SIGNAL_NAME);
	}

	@Test
	void checkDuplicateSignalNames_sameNameTwice_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", SOC + "\nsignal soc 8|8 unsigned scale 0.5 % from soc"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.DUPLICATE_SIGNAL_NAME,
				"signal soc appears twice in A1");
	}

	@Test
	void checkSignalLayout_adjacentSignalsFillingTheFrame_noError() throws Exception {
		Model model = pack(message("A1 id 0x100", """
				signal v 0|16 unsigned scale 1 mV from pack-voltage
				signal i 16|16 little-endian signed scale 10 mA from current
				signal t 39|16 big-endian signed scale 0.1 degC from max-temperature
				signal pct 48|16 unsigned scale 0.01 % from soc
				"""));
		snippets.check(model).assertNone(IssueCodes.SIGNAL_BEYOND_FRAME);
		snippets.check(model).assertNone(IssueCodes.SIGNALS_OVERLAP);
	}

	@Test
	void checkSignalLayout_beyondDefaultLength_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal v 56|16 unsigned scale 1 mV from pack-voltage"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_BEYOND_FRAME,
				"reaches byte 8 but A1 is 8 B long (the default)");
	}

	@Test
	void checkSignalLayout_startBeyondAnyFrame_isErrorNotACrash() throws Exception {
		// found by the fuzz test: start + length overflowed int
		Model model = pack(message("A1 id 0x100", "signal v 0x7FFFFFFF|16 unsigned scale 1 mV from pack-voltage"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_BEYOND_FRAME,
				"beyond the largest CAN FD frame (512 bits)");
	}

	@Test
	void checkSignalLayout_bigEndianRunningIntoTheNextByte_isError() throws Exception {
		// Motorola 63|16 has its MSB in byte 7 and continues into byte 8
		Model model = pack(message("A1 id 0x100 length 8",
				"signal v 63|16 big-endian unsigned scale 1 mV from pack-voltage"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_BEYOND_FRAME, "reaches byte 8");
	}

	@Test
	void checkSignalLayout_lengthZeroFrame_isError() throws Exception {
		Model model = pack(message("A1 id 0x100 length 0", SOC));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_BEYOND_FRAME, "A1 is 0 B long");
	}

	@Test
	void checkSignalLayout_overlappingLittleAndBigEndian_isError() throws Exception {
		// Intel 0|16 holds bytes 0-1; Motorola 15|8 is byte 1
		Model model = pack(message("A1 id 0x100", """
				signal v 0|16 unsigned scale 1 mV from pack-voltage
				signal pct 15|8 big-endian unsigned scale 0.5 % from soc
				"""));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNALS_OVERLAP,
				"signals v and pct of A1 share frame bits {8, 9, 10, 11, 12, 13, 14, 15}");
	}

	@Test
	void checkSignalLayout_signalLongerThan64Bits_isError() throws Exception {
		Model model = pack(message("A1 id 0x100 fd length 16", "signal v 0|65 unsigned scale 1 mV from pack-voltage"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.VALUE_OUT_OF_RANGE, "65 bits long");
	}

	@Test
	void checkSignalUnit_matchingDimensions_noError() throws Exception {
		Model model = pack(message("A1 id 0x100 length 8", """
				signal v 0|8 unsigned scale 100 mV offset 10 V range 10 V to 20 V from pack-voltage
				signal c 8|8 unsigned scale 10 mV from min-cell
				signal t 16|8 signed scale 1 K from max-temperature
				signal st 24|4 unsigned scale 1 from state of M
				signal f 28|1 unsigned scale 1 from fault cellOvervoltage
				""") + "protection { cell overvoltage above 4.2 V }\n"
				+ "statemachine M { initial S state S { on wake -> S } on any fault -> S }");
		snippets.check(model).assertNone(IssueCodes.SIGNAL_UNIT_MISMATCH);
	}

	@Test
	void checkSignalUnit_currentScaledInVolts_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal i 0|16 signed scale 0.01 V from current"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_UNIT_MISMATCH,
				"signal i carries current, so its scale 0.01 V must be a current (A, mA), not a voltage");
	}

	@Test
	void checkSignalUnit_stateWithUnit_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal st 0|4 unsigned scale 1 % from state of M")
				+ "statemachine M { initial S state S { on wake -> S } on any fault -> S }");
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_UNIT_MISMATCH,
				"must be a plain number without unit, not a ratio");
	}

	@Test
	void checkSignalUnit_offsetInOtherDimension_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal t 0|8 signed scale 1 degC offset 40 A from min-temperature"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_UNIT_MISMATCH,
				"its offset 40 A must be a temperature");
	}

	@Test
	void checkSignalRange_rangeFits_noError() throws Exception {
		Model model = pack(message("A1 id 0x100", """
				signal i 0|16 signed scale 10 mA range -327.68 A to 327.67 A from current
				signal t 16|8 unsigned scale 1 degC offset -40 degC range -40 degC to 215 degC from max-temperature
				signal pct 24|8 unsigned scale 0.5 % range 0 % to 100 % from soc
				"""));
		snippets.check(model).assertNone(IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE);
	}

	@Test
	void checkSignalRange_negativeCurrentInUnsignedSignal_isError() throws Exception {
		Model model = pack(message("A1 id 0x100",
				"signal i 0|16 unsigned scale 10 mA range -100 A to 100 A from current"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE,
				"16 bits unsigned with scale 10 mA hold 0 A to 655.35 A");
	}

	@Test
	void checkSignalRange_oneStepTooFarForSigned_isError() throws Exception {
		Model model = pack(message("A1 id 0x100",
				"signal i 0|16 signed scale 10 mA range -327.68 A to 327.68 A from current"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE,
				"hold -327.68 A to 327.67 A");
	}

	@Test
	void checkSignalRange_offsetShiftsRangeOut_isError() throws Exception {
		Model model = pack(message("A1 id 0x100",
				"signal t 0|8 unsigned scale 1 degC offset -40 degC range -50 degC to 100 degC from max-temperature"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE,
				"hold -40 degC to 215 degC");
	}

	@Test
	void checkSignalRange_zeroScale_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal pct 0|8 unsigned scale 0 % from soc"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE,
				"scale 0");
	}

	private static final String MACHINE = "statemachine M { initial S0 state S0 { on wake -> S1 } state S1 { on wake -> S2 }"
			+ " state S2 { on wake -> S0 } on any fault -> S0 }\nprotection { cell overvoltage above 4.2 V }\n";

	@Test
	void checkSignalHoldsSource_wideEnoughSignals_noError() throws Exception {
		Model model = pack(MACHINE + message("A1 id 0x100", """
				signal st 0|2 unsigned scale 1 from state of M
				signal f 2|1 unsigned scale 1 from fault cellOvervoltage
				signal pct 8|8 unsigned scale 0.5 % from soc
				"""));
		snippets.check(model).assertNone(IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE);
	}

	@Test
	void checkSignalHoldsSource_oneBitForThreeStates_isError() throws Exception {
		Model model = pack(MACHINE + message("A1 id 0x100", "signal st 0|1 unsigned scale 1 from state of M"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE,
				"signal st cannot carry the state numbers 0 to 2 of M: 1 bit unsigned with scale 1 hold 0 to 1");
	}

	@Test
	void checkSignalHoldsSource_signedOneBitFaultFlag_isError() throws Exception {
		Model model = pack(MACHINE + message("A1 id 0x100", "signal f 0|1 signed scale 1 from fault cellOvervoltage"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE,
				"cannot carry a fault flag's 0 and 1: 1 bit signed with scale 1 hold -1 to 0");
	}

	@Test
	void checkSignalHoldsSource_socInSevenBitsOfHalfPercent_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal pct 0|7 unsigned scale 0.5 % from soc"));
		snippets.check(model).assertError(BmsPackage.Literals.SIGNAL, IssueCodes.SIGNAL_RANGE_UNREPRESENTABLE,
				"cannot carry state of charge 0 % to 100 %");
	}

	@Test
	void checkMeasurementIndex_indicesWithinPack_noError() throws Exception {
		Model model = pack(message("A1 id 0x100", """
				signal cellOne 0|16 unsigned scale 1 mV from min-cell[1]
				signal cellFour 16|16 unsigned scale 1 mV from max-cell[4]
				signal t1 32|8 signed scale 1 degC from max-temperature[1]
				"""));
		snippets.check(model).assertNone(IssueCodes.VALUE_OUT_OF_RANGE);
	}

	@Test
	void checkMeasurementIndex_cellSevenOn4S_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal c7 0|16 unsigned scale 1 mV from min-cell[7]"));
		snippets.check(model).assertError(BmsPackage.Literals.MEASUREMENT_SOURCE, IssueCodes.VALUE_OUT_OF_RANGE,
				"min-cell[7] is out of range: pack P has 4 series cells, so the index is 1 to 4");
	}

	@Test
	void checkMeasurementIndex_cellZeroInUartField_isError() throws Exception {
		Model model = pack("uart frame T type 1 every 1 s { field c from max-cell[0] }");
		snippets.check(model).assertError(BmsPackage.Literals.MEASUREMENT_SOURCE, IssueCodes.VALUE_OUT_OF_RANGE,
				"max-cell[0] is out of range");
	}

	@Test
	void checkMeasurementIndex_secondSensorWithOneThermistor_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal t 0|8 signed scale 1 degC from min-temperature[2]"));
		snippets.check(model).assertError(BmsPackage.Literals.MEASUREMENT_SOURCE, IssueCodes.VALUE_OUT_OF_RANGE,
				"has 1 temperature sensor, so the index is 1 to 1");
	}

	@Test
	void checkMeasurementIndex_indexOnPackValue_isError() throws Exception {
		Model model = pack(message("A1 id 0x100", "signal v 0|16 unsigned scale 1 mV from pack-voltage[1]"));
		snippets.check(model).assertError(BmsPackage.Literals.MEASUREMENT_SOURCE, IssueCodes.VALUE_OUT_OF_RANGE,
				"pack-voltage is a single value of the pack and takes no index");
	}

	@Test
	void checkMeasurementIndex_variantWithFewerCells_isErrorOnVariant() throws Exception {
		Model model = snippets.parse(CELL + "pack Base {\ncells 4S1P C\n" + FD_BUS
				+ message("A1 id 0x100", "signal c4 0|16 unsigned scale 1 mV from max-cell[4]") + "}\n"
				+ "pack Small extends Base { cells 3S1P C }");
		snippets.check(model).assertError(BmsPackage.Literals.PACK, IssueCodes.VALUE_OUT_OF_RANGE,
				"pack Small has 3 series cells");
		assertEquals(1, issues(model, IssueCodes.VALUE_OUT_OF_RANGE).size());
	}

	@Test
	void checkUartFrameContents_validFrame_noError() throws Exception {
		Model model = pack("uart frame T type 0xFF every 1 s { field soc from soc field v from pack-voltage }");
		snippets.check(model).assertNone(IssueCodes.UART_FRAME_INVALID);
	}

	@Test
	void checkUartFrameContents_typeAboveOneByte_isError() throws Exception {
		Model model = pack("uart frame T type 256 every 1 s { field soc from soc }");
		snippets.check(model).assertError(BmsPackage.Literals.UART_FRAME, IssueCodes.UART_FRAME_INVALID,
				"has type 256");
	}

	@Test
	void checkUartFrameContents_noFields_isError() throws Exception {
		Model model = pack("uart frame T type 1 every 1 s { }");
		snippets.check(model).assertError(BmsPackage.Literals.UART_FRAME, IssueCodes.UART_FRAME_INVALID,
				"has no fields");
	}

	@Test
	void checkUartFrameContents_duplicateField_isError() throws Exception {
		Model model = pack("uart frame T type 1 every 1 s { field soc from soc field soc from soc }");
		snippets.check(model).assertError(BmsPackage.Literals.UART_FIELD, IssueCodes.UART_FRAME_INVALID,
				"field soc appears twice");
	}

	@Test
	void checkUartFramesUnique_distinctNamesAndTypes_noError() throws Exception {
		Model model = pack("uart frame T1 type 1 every 1 s { field soc from soc }\n"
				+ "uart frame T2 type 2 every 1 s { field soc from soc }");
		snippets.check(model).assertNone(IssueCodes.UART_FRAME_INVALID);
	}

	@Test
	void checkUartFramesUnique_sameType_isError() throws Exception {
		Model model = pack("uart frame T1 type 1 every 1 s { field soc from soc }\n"
				+ "uart frame T2 type 0x01 every 1 s { field soc from soc }");
		snippets.check(model).assertError(BmsPackage.Literals.UART_FRAME, IssueCodes.UART_FRAME_INVALID,
				"UART frames T1 and T2 both have type 0x01");
	}

	@Test
	void checkUartFramesUnique_sameName_isError() throws Exception {
		Model model = pack("uart frame T1 type 1 every 1 s { field soc from soc }\n"
				+ "uart frame T1 type 2 every 1 s { field soc from soc }");
		snippets.check(model).assertError(BmsPackage.Literals.UART_FRAME, IssueCodes.UART_FRAME_INVALID,
				"UART frame T1 is declared twice");
	}

	@Test
	void checkRadioSecret_longSecret_noWarning() throws Exception {
		Model model = pack("radio ESP32 { command ship-mode secret \"0123456789abcdef\" }");
		snippets.check(model).assertNone(IssueCodes.RADIO_SECRET_MISSING);
	}

	@Test
	void checkRadioSecret_noCommands_noWarning() throws Exception {
		Model model = pack("radio ESP32 { publish ble every 1 s }");
		snippets.check(model).assertNone(IssueCodes.RADIO_SECRET_MISSING);
	}

	@Test
	void checkRadioSecret_commandsWithoutSecret_isWarning() throws Exception {
		Model model = pack("radio ESP32 { command ship-mode }");
		snippets.check(model).assertWarning(BmsPackage.Literals.RADIO, IssueCodes.RADIO_SECRET_MISSING,
				"has no 'secret'");
	}

	@Test
	void checkRadioSecret_shortSecret_isWarning() throws Exception {
		Model model = pack("radio ESP32 { command clear-faults secret \"1234\" }");
		snippets.check(model).assertWarning(BmsPackage.Literals.RADIO, IssueCodes.RADIO_SECRET_MISSING,
				"secret has 4 characters: use at least 16");
	}
}
