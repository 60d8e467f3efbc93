package org.bmsgen.generator.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.generator.ir.ProtectionIr.Enforcement;
import org.bmsgen.generator.ir.ProtectionIr.Recovery;
import org.bmsgen.generator.ir.ProtectionIr.Severity;
import org.bmsgen.generator.ir.StateMachineIr.ActionCode;
import org.bmsgen.generator.ir.StateMachineIr.Event;
import org.bmsgen.generator.ir.StateMachineIr.TimeoutBasis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IR of the reference pack (models/smart4s.bms), its expected values worked out here from the model text
 * and the datasheet's tables (SLUSBK2 DS 8.5, restated below), not from the code under test.
 */
class ReferencePackIrTest {

	// DS 8.5 tables, in their own units
	static final int[] OCD_MV_RSNS1 = { 17, 22, 28, 33, 39, 44, 50, 56, 61, 67, 72, 78, 83, 89, 94, 100 };
	static final int[] SCD_MV_RSNS1 = { 44, 67, 89, 111, 133, 155, 178, 200 };
	static final int[] OCD_DELAY_MS = { 8, 20, 40, 80, 160, 320, 640, 1280 };
	static final int[] SCD_DELAY_US = { 70, 100, 200, 400 };
	static final int[] OV_DELAY_S = { 1, 2, 4, 8 };
	static final int[] UV_DELAY_S = { 1, 4, 8, 16 };

	static final String FILE = "smart4s.bms";

	private static PackIr ir;

	@BeforeAll
	static void build() {
		ir = Models.ir(FILE, "Smart4S");
	}

	static int indexOf(int[] table, int value) {
		for (int i = 0; i < table.length; i++) {
			if (table[i] == value) {
				return i;
			}
		}
		throw new AssertionError(value + " not in the table");
	}

	@Test
	void afe_ocd56AAt1mOhm_isCode7WithRsns1InProtect2() {
		AfeIr afe = ir.afe();
		assertEquals(1000, afe.shuntMicroOhm());
		// 56 A x 1 mOhm = 56 mV: beyond the RSNS=0 table (8..50 mV), an exact RSNS=1 entry
		int ocdCode = indexOf(OCD_MV_RSNS1, 56);
		assertEquals(0x7, ocdCode);
		assertEquals(1, afe.rsns());
		assertEquals(ocdCode, afe.dischargeOvercurrent().code());
		int ocdDelayCode = indexOf(OCD_DELAY_MS, 640);
		assertEquals((ocdDelayCode << 4) | ocdCode, afe.protect2());
		assertEquals(0x67, afe.protect2());
		assertEquals(56, afe.dischargeOvercurrent().programmedShuntMv());
		assertEquals(56_000, afe.dischargeOvercurrent().programmedMa());
		assertEquals(56_000, afe.dischargeOvercurrent().modelledMa());
		assertFalse(afe.dischargeOvercurrent().quantised());
		assertEquals(640_000, afe.dischargeOvercurrent().programmedDelayUs());
	}

	@Test
	void afe_scd111A_isRsns1Code3With200usInProtect1() {
		AfeIr afe = ir.afe();
		int scdCode = indexOf(SCD_MV_RSNS1, 111);
		int scdDelayCode = indexOf(SCD_DELAY_US, 200);
		assertEquals(scdCode, afe.dischargeShortCircuit().code());
		assertEquals(scdDelayCode, afe.dischargeShortCircuit().delayCode());
		assertEquals((1 << 7) | (scdDelayCode << 3) | scdCode, afe.protect1());
		assertEquals(200, afe.dischargeShortCircuit().programmedDelayUs());
		assertEquals(200, afe.dischargeShortCircuit().modelledDelayUs());
	}

	@Test
	void afe_ovUvDelayCodesAndModelledLevels_inProtect3() {
		AfeIr afe = ir.afe();
		int ov = indexOf(OV_DELAY_S, 2);
		int uv = indexOf(UV_DELAY_S, 4);
		assertEquals(ov, afe.cellOvervoltage().delayCode());
		assertEquals(uv, afe.cellUndervoltage().delayCode());
		assertEquals((uv << 6) | (ov << 4), afe.protect3());
		assertEquals(2, afe.cellOvervoltage().delayS());
		assertEquals(4, afe.cellUndervoltage().delayS());
		assertEquals(4200, afe.cellOvervoltage().modelledMv());
		assertEquals(2800, afe.cellUndervoltage().modelledMv());
		assertEquals(AfeIr.TripRounding.HIGHEST_NOT_ABOVE, afe.cellOvervoltage().rounding());
		assertEquals(AfeIr.TripRounding.LOWEST_NOT_BELOW, afe.cellUndervoltage().rounding());
		// OV never above the modelled 4.200 V and at most one OV_TRIP step (16 LSB x 396 uV) below it, on any chip;
		// UV never below 2.800 V and at most one step above it
		assertTrue(afe.cellOvervoltage().programmedMaxUv() <= 4_200_000);
		assertTrue(afe.cellOvervoltage().programmedMinUv() > 4_200_000 - 16 * 396);
		assertTrue(afe.cellUndervoltage().programmedMinUv() >= 2_800_000);
		assertTrue(afe.cellUndervoltage().programmedMaxUv() < 2_800_000 + 16 * 396);
	}

	@Test
	void afe_wiringAndThermistor() {
		AfeIr afe = ir.afe();
		assertEquals(List.of(1, 2, 3, 5), afe.channels());
		assertEquals(0x08, afe.i2cAddress());
		assertTrue(afe.crc());
		assertEquals(List.of(new AfeIr.Thermistor("TS1", 10_000, 3435, new Trace(FILE, Models.lineOf(FILE, "thermistor TS1")))),
				afe.thermistors());
	}

	@Test
	void protections_cellOvervoltage_levelsInMvAndDelayInPeriods() {
		ProtectionIr ov = ir.protection("cellOvervoltage");
		assertEquals(Enforcement.AFE, ov.enforcement());
		assertEquals(new ProtectionIr.Threshold(Direction.ABOVE, new ScaledValue(4200, ScaledUnit.MILLIVOLT)), ov.trip());
		assertEquals(new ScaledValue(4100, ScaledUnit.MILLIVOLT), ov.release());
		assertEquals(new ScaledValue(4180, ScaledUnit.MILLIVOLT), ov.warning());
		assertEquals(2_000_000, ov.delayUs());
		assertEquals(2000 / 250, ov.delayPeriods());
		assertEquals(Recovery.RELEASE_LEVEL, ov.recovery());
		assertEquals(Severity.FAULT, ov.severity());
		assertEquals(new Trace(FILE, Models.lineOf(FILE, "cell overvoltage above")), ov.trace());
	}

	@Test
	void protections_splitIntoAfeAndFirmwareInModelOrder() {
		assertEquals(List.of("cellOvervoltage", "cellUndervoltage", "dischargeOvercurrent", "dischargeShortCircuit"),
				names(ir.afeEnforced()));
		assertEquals(List.of("packOvervoltage", "packUndervoltage", "chargeOvercurrent", "chargeOvertemperature",
				"chargeUndertemperature", "dischargeOvertemperature", "dischargeUndertemperature", "fetOvertemperature",
				"cellImbalance", "cellOpenWire", "packPlausibility", "afeCommunicationLoss", "fetPlausibility"),
				names(ir.firmwareEnforced()));
		for (int i = 0; i < ir.protections().size(); i++) {
			assertEquals(i, ir.protections().get(i).index());
		}
	}

	@Test
	void protections_stuckFetWatchesTheCurrentThroughAnOpenFet_inMilliamps_latchedPermanent_opensBoth() {
		// smart4s.bms: fet plausibility above 250 mA for 1 s latch severity permanent by firmware
		ProtectionIr stuck = ir.protection("fetPlausibility");
		assertEquals(ProtectionIr.Watched.CURRENT_THROUGH_OPEN_FET, stuck.watched());
		assertEquals(ProtectionIr.Watched.CELL_SUM_PACK_DIFFERENCE, ir.protection("packPlausibility").watched());
		assertEquals(new ProtectionIr.Threshold(Direction.ABOVE, new ScaledValue(250, ScaledUnit.MILLIAMPERE)),
				stuck.trip());
		assertEquals(4, stuck.delayPeriods()); // 1 s / 250 ms
		assertEquals(Recovery.LATCH, stuck.recovery());
		assertEquals(Severity.PERMANENT, stuck.severity());
		assertEquals(Enforcement.FIRMWARE, stuck.enforcement());
		assertTrue(stuck.opensChargeFet() && stuck.opensDischargeFet(), "the healthy FET blocks the welded one's way");
		assertEquals(new Trace(FILE, Models.lineOf(FILE, "fet plausibility above")), stuck.trace());
	}

	@Test
	void protections_firmwareDelaysRecoveryAndSeverity() {
		ProtectionIr charge = ir.protection("chargeOvercurrent");
		assertEquals(new ScaledValue(8000, ScaledUnit.MILLIAMPERE), charge.trip().level());
		assertEquals(8, charge.delayPeriods());
		assertEquals(Recovery.AFTER_TIME, charge.recovery());
		assertEquals(30_000, charge.recoverAfterMs());
		assertEquals(30_000 / 250, charge.recoverAfterPeriods());

		ProtectionIr cold = ir.protection("dischargeUndertemperature");
		assertEquals(new ProtectionIr.Threshold(Direction.BELOW, new ScaledValue(-2000, ScaledUnit.CENTI_DEGREE_CELSIUS)),
				cold.trip());
		assertEquals(new ScaledValue(-1500, ScaledUnit.CENTI_DEGREE_CELSIUS), cold.release());

		assertEquals(Severity.PERMANENT, ir.protection("dischargeShortCircuit").severity());
		assertEquals(Recovery.LATCH, ir.protection("dischargeShortCircuit").recovery());
		assertEquals(Recovery.LATCH, ir.protection("cellOpenWire").recovery());
		assertEquals(Severity.WARNING, ir.protection("cellImbalance").severity());
		assertEquals(Recovery.CONDITION_GONE, ir.protection("packPlausibility").recovery());

		ProtectionIr commLoss = ir.protection("afeCommunicationLoss");
		assertNull(commLoss.trip());
		assertEquals(1000 / 250, commLoss.delayPeriods());
		assertEquals(5000 / 250, commLoss.recoverAfterPeriods());
	}

	@Test
	void stateMachine_tableInModelOrderWithTimeoutsInPeriods() {
		StateMachineIr control = ir.stateMachine("Control");
		List<String> states = control.states().stream().map(StateMachineIr.State::name).collect(Collectors.toList());
		assertEquals(List.of("Init", "Standby", "Charging", "Discharging", "Fault", "Ship"), states);
		assertEquals(0, control.initialState());

		StateMachineIr.State standby = control.states().get(1);
		assertEquals(List.of(states.indexOf("Charging"), states.indexOf("Discharging"), states.indexOf("Ship")),
				standby.transitions().stream().map(StateMachineIr.Transition::target).toList());
		StateMachineIr.Transition toCharging = standby.transitions().get(0);
		assertEquals(List.of(new StateMachineIr.Comparison(MeasuredQuantity.PACK_CURRENT, Direction.ABOVE, 200,
				new Trace(FILE, Models.lineOf(FILE, "when current above 0.2 A")))), toCharging.comparisons());
		assertEquals(Event.SHIP_MODE, standby.transitions().get(2).event());

		StateMachineIr.Transition chargingDone = control.states().get(2).transitions().get(0);
		assertEquals(TimeoutBasis.GUARD_HELD, chargingDone.timeoutBasis());
		assertEquals(60_000, chargingDone.timeoutMs());
		assertEquals(240, chargingDone.timeoutPeriods());
		assertEquals(Direction.BELOW, chargingDone.comparisons().get(0).direction());
		assertEquals(50, chargingDone.comparisons().get(0).threshold());
		assertEquals(new Trace(FILE, Models.lineOf(FILE, "when current below 0.05 A after 60 s")), chargingDone.trace());

		StateMachineIr.State fault = control.states().get(states.indexOf("Fault"));
		StateMachineIr.Transition clear = fault.transitions().get(0);
		assertEquals(Event.CLEAR_FAULTS, clear.event());
		assertEquals(List.of(new StateMachineIr.FlagTest(StateMachineIr.Flag.FAULT_ACTIVE, false)), clear.flags());
		StateMachineIr.Transition cleared = fault.transitions().get(1);
		assertEquals(Event.FAULTS_CLEARED, cleared.event());
		assertEquals(TimeoutBasis.TIME_IN_STATE, cleared.timeoutBasis());
		assertEquals(5000 / 250, cleared.timeoutPeriods());
	}

	@Test
	void stateMachine_faultReactionAndActions() {
		StateMachineIr control = ir.stateMachine("Control");
		assertEquals(Severity.FAULT, control.faultReaction().minimumSeverity());
		assertEquals("Fault", control.states().get(control.faultReaction().target()).name());

		StateMachineIr.State charging = control.states().get(2);
		assertEquals(List.of(ActionCode.ENABLE_FETS, ActionCode.START_BALANCING),
				charging.entry().stream().map(StateMachineIr.Action::code).toList());
		assertEquals(StateMachineIr.FET_CHARGE | StateMachineIr.FET_DISCHARGE, charging.entry().get(0).operand());
		assertEquals(ActionCode.CONFIGURE_AFE, control.states().get(0).entry().get(0).code());
	}

	/** "stop balancing" and an uncoded "log event" assign nothing in the grammar: they must still reach the table. */
	@Test
	void stateMachine_stopBalancingAndUncodedLogEvent_reachTheTable() {
		StateMachineIr control = ir.stateMachine("Control");
		StateMachineIr.State charging = control.states().get(2);
		assertEquals(List.of(ActionCode.STOP_BALANCING), charging.exit().stream().map(StateMachineIr.Action::code).toList());
		StateMachineIr.Action logFault = control.states().get(4).entry().get(1);
		assertEquals(ActionCode.LOG_EVENT, logFault.code());
		assertEquals(List.of(new LogLayoutIr.EventCode(1, "Fault"), new LogLayoutIr.EventCode(2, "Ship")),
				ir.log().eventCodes());
		assertEquals(1, logFault.operand());
	}

	@Test
	void can_signalPositionsScalesAndSources() {
		CanIr.Message status = ir.can().messages().get(0);
		assertEquals("PackStatus", status.name());
		assertEquals(0x100, status.id());
		assertEquals(16, status.lengthBytes());
		assertEquals(250, status.periodMs());
		CanIr.Signal current = status.signals().get(1);
		// little-endian 16|16: bit i of the value at frame bit 16 + i (DBC numbering)
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			expected.add(16 + i);
		}
		assertEquals(expected, current.bitPositions());
		assertTrue(current.signed());
		assertEquals(-32768, current.rawMin());
		assertEquals(32767, current.rawMax());
		// scale 0.01 A = 10 mA per bit
		assertEquals(new Rational(10, 1), current.scale());
		assertEquals(MeasuredQuantity.PACK_CURRENT, current.source().measurement());
		assertEquals(new Rational(1, 1), status.signals().get(0).scale(), "0.001 V = 1 mV per bit");
		assertEquals(new Rational(50, 1), status.signals().get(2).scale(), "0.5 % = 50 bp per bit");
		assertEquals(new Rational(100, 1), status.signals().get(4).scale(), "1 degC = 100 centi-degC per bit");
		CanIr.Signal state = status.signals().get(3);
		assertEquals(SignalSource.Kind.STATE, state.source().kind());
		assertEquals(0, state.source().stateMachine());
		assertEquals(15, state.rawMax());

		CanIr.Message faults = ir.can().messages().get(2);
		assertEquals(8, faults.lengthBytes(), "no length written: 8");
		assertFalse(faults.fd());
		assertEquals(1000, faults.periodMs());
		CanIr.Signal overcurrent = faults.signals().get(2);
		assertEquals(ir.protection("dischargeOvercurrent").index(), overcurrent.source().protection());
		assertEquals(List.of(2), overcurrent.bitPositions());
		assertTrue(ir.can().bus().fd());
		assertEquals(500_000, ir.can().bus().nominalBitRate());
		assertEquals(2_000_000, ir.can().bus().dataBitRate());
	}

	@Test
	void log_areasSectorAlignedWithRecordsPerSector() {
		LogLayoutIr log = ir.log();
		LogLayoutIr.Area events = log.events();
		LogLayoutIr.Area history = log.history();
		assertEquals(0, events.startByte());
		assertEquals(256 * 1024, events.sizeBytes());
		assertEquals(256 * 1024 / 4096, events.sectors());
		assertEquals(4096 / 32, events.recordsPerSector());
		assertEquals(events.startByte() + events.sizeBytes(), history.startByte());
		assertEquals(8L * 1024 * 1024, history.sizeBytes());
		assertEquals(0, history.startByte() % 4096);
		assertEquals(0, (history.startByte() + history.sizeBytes()) % 4096);
		assertTrue(history.startByte() + history.sizeBytes() <= log.capacityBytes());
		assertEquals(64, history.recordBytes());
		assertEquals(60_000 / 250, history.periodPeriods());
	}

	@Test
	void uart_fieldsAsInt32InModelOrder() {
		RadioIr.UartFrame telemetry = ir.radio().frames().get(0);
		assertEquals(0x01, telemetry.type());
		assertEquals(List.of(0, 4, 8, 12), telemetry.fields().stream().map(RadioIr.UartField::offset).toList());
		assertEquals(16, telemetry.payloadBytes());
		assertEquals(SignalSource.Kind.STATE, telemetry.fields().get(3).source().kind());
		assertEquals(115_200, ir.radio().uartBaud());
		assertEquals(List.of("clear-faults", "ship-mode", "balancing-on", "balancing-off"), ir.radio().commands());
	}

	@Test
	void cellBalancingAndEstimators() {
		CellIr cell = ir.cell();
		assertEquals(4, cell.seriesCells());
		assertEquals(3, cell.parallelCells());
		assertEquals(2997, cell.capacityMah(), "the C/20 capacity fit-cell measured");
		assertEquals(3 * 2997, cell.packCapacityMah());
		CellIr.OcvTable ocv = cell.ocv().get(0);
		assertEquals(2500, ocv.temperatureCentiDegC());
		assertEquals(30, ocv.soc().size(), "fit-cell's grid: every 5 %, denser below 10 %");
		assertEquals(0.0f, ocv.soc().get(0));
		assertEquals(2.499f, ocv.volts().get(0));
		assertEquals(1.0f, ocv.soc().get(29));
		assertEquals(List.of("r0", "r1", "c1", "r2", "c2"),
				cell.ecm().get(0).parameters().stream().map(CellIr.EcmParameter::kind).toList());
		assertEquals(0.0332f, cell.ecm().get(0).parameters().get(0).values().get(0));
		assertEquals("cells/panasonic-ncr18650pf.bms", cell.trace().file());

		BalancingIr balancing = ir.balancing();
		assertEquals(15, balancing.startDeltaMv());
		assertEquals(5, balancing.stopDeltaMv());
		assertEquals(3900, balancing.minimumCellMv());
		assertEquals(2, balancing.maxCells());
		assertTrue(balancing.whileCharging());
		assertEquals(30 * 60 * 1000, balancing.restMs());
		assertEquals(4500, balancing.maxTemperatureCentiDegC());
		assertFalse(balancing.adjacentAllowed());

		EstimatorsIr.Soc soc = ir.estimators().soc();
		assertEquals(2, soc.rcPairs());
		assertEquals(1e-10f, soc.processNoise());
		assertEquals(0.002f, soc.measurementNoiseV());
		assertEquals(0.20f, soc.initialUncertainty());
		assertFalse(soc.initialFromFlash());
		assertEquals(30 * 60 * 1000 / 250, soc.restCorrectionPeriods());

		EstimatorsIr.Derating charge = ir.estimators().limits().deratings().get(0);
		assertTrue(charge.charge());
		assertEquals(MeasuredQuantity.MAX_TEMPERATURE, charge.variable());
		assertEquals(List.of(new EstimatorsIr.DeratingPoint(1000, 0), new EstimatorsIr.DeratingPoint(1500, 10_000),
				new EstimatorsIr.DeratingPoint(4000, 10_000), new EstimatorsIr.DeratingPoint(4500, 0)), charge.points());
		assertEquals(6000, ir.estimators().limits().chargeMa());
		assertEquals(8000, ir.estimators().soh().endOfLifeBp());
		assertEquals(250, ir.control().periodMs());
		assertEquals(1000, ir.control().watchdogMs());
	}

	@Test
	void sourceFilesAndLineage() {
		assertEquals(List.of("Smart4S"), ir.lineage());
		assertEquals(List.of("cells/panasonic-ncr18650pf.bms", FILE), ir.sourceFiles());
		assertNotNull(ir.trace());
		assertEquals(Models.lineOf(FILE, "pack Smart4S"), ir.trace().line());
	}

	private static List<String> names(List<ProtectionIr> protections) {
		return protections.stream().map(ProtectionIr::name).collect(Collectors.toList());
	}
}
