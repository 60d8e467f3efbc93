package org.bmsgen.firmware.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;

import org.bmsgen.firmware.ModelsFolder;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.firmware.smart4s.stm32.ProtectionMonitor;
import org.bmsgen.firmware.smart4s.stm32.ProtectionTable;
import org.bmsgen.generator.ir.Direction;
import org.bmsgen.generator.ir.LoadedPacks;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ProtectionIr;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated Smart4S ProtectionMonitor driven with a PackState filled by hand, row by row over the reference
 * pack's protections as the IR has them (smart4s.bms:41..58). Levels, delays and recovery times come from the IR;
 * which value each protection watches and which FETs it forbids are written here by hand, so a wrong mapping in
 * the generator fails. Each scenario moves only the watched value of the row under test (the derived fields are
 * set directly), so exactly that row's bit may change.
 */
class ProtectionMonitorTest {

	/** smart4s.bms:18, period 250 ms. */
	private static final long PERIOD_US = 250_000;

	private static final int NOMINAL_CELL_MV = 3700;
	private static final int NOMINAL_TEMPERATURE = 2500;
	/** Charging well above the rest band and far below the 8 A charge overcurrent. */
	private static final int CHARGING_MA = 1000;

	private static final PackIr PACK = LoadedPacks.load(ModelsFolder.models(),
			List.of(ModelsFolder.models().resolve("smart4s.bms"))).ir("Smart4S").ir();

	/** How each protection of the reference pack is provoked: sets its watched value, by hand. */
	private static final Map<String, ObjIntConsumer<PackState>> WATCHED = Map.ofEntries(
			Map.entry("cellOvervoltage", (s, v) -> s.maxCellMv = v),
			Map.entry("cellUndervoltage", (s, v) -> s.minCellMv = v),
			Map.entry("packOvervoltage", (s, v) -> {
				s.packMv = v;
				s.cellSumMv = v;
			}),
			Map.entry("packUndervoltage", (s, v) -> {
				s.packMv = v;
				s.cellSumMv = v;
			}),
			Map.entry("dischargeOvercurrent", (s, v) -> s.packMa = -v),
			Map.entry("dischargeShortCircuit", (s, v) -> s.packMa = -v),
			Map.entry("chargeOvercurrent", (s, v) -> s.packMa = v),
			Map.entry("chargeOvertemperature", (s, v) -> {
				s.maxTemperatureCentiDegC = v;
				s.packMa = CHARGING_MA;
			}),
			Map.entry("chargeUndertemperature", (s, v) -> {
				s.minTemperatureCentiDegC = v;
				s.packMa = CHARGING_MA;
			}),
			Map.entry("dischargeOvertemperature", (s, v) -> s.maxTemperatureCentiDegC = v),
			Map.entry("dischargeUndertemperature", (s, v) -> s.minTemperatureCentiDegC = v),
			// no per-sensor mapping in the model: the hottest sensor
			Map.entry("fetOvertemperature", (s, v) -> s.maxTemperatureCentiDegC = v),
			Map.entry("cellImbalance", (s, v) -> s.cellDeltaMv = v),
			Map.entry("cellOpenWire", (s, v) -> s.minCellMv = v),
			Map.entry("packPlausibility", (s, v) -> s.cellSumMv = s.packMv + v),
			// a welded DSG: discharge current while the firmware holds DSG open (CHG on)
			Map.entry("fetPlausibility", (s, v) -> {
				s.fetMask = ProtectionTable.FET_CHARGE;
				s.packMa = -v;
			}));

	/** Which FETs a tripped row forbids, by hand: {charge allowed, discharge allowed}. */
	private static final Map<String, boolean[]> ALLOWED = Map.ofEntries(
			Map.entry("cellOvervoltage", new boolean[] { false, true }),
			Map.entry("cellUndervoltage", new boolean[] { true, false }),
			Map.entry("packOvervoltage", new boolean[] { false, true }),
			Map.entry("packUndervoltage", new boolean[] { true, false }),
			Map.entry("dischargeOvercurrent", new boolean[] { true, false }),
			Map.entry("dischargeShortCircuit", new boolean[] { true, false }),
			Map.entry("chargeOvercurrent", new boolean[] { false, true }),
			Map.entry("chargeOvertemperature", new boolean[] { false, true }),
			Map.entry("chargeUndertemperature", new boolean[] { false, true }),
			Map.entry("dischargeOvertemperature", new boolean[] { true, false }),
			Map.entry("dischargeUndertemperature", new boolean[] { true, false }),
			Map.entry("fetOvertemperature", new boolean[] { false, false }),
			Map.entry("cellImbalance", new boolean[] { true, true }), // severity warning: forbids nothing
			Map.entry("cellOpenWire", new boolean[] { false, false }),
			Map.entry("packPlausibility", new boolean[] { false, false }),
			Map.entry("afeCommunicationLoss", new boolean[] { false, false }),
			Map.entry("fetPlausibility", new boolean[] { false, false }));

	private final PackState state = new PackState();
	private final ProtectionMonitor monitor = new ProtectionMonitor();

	private static PackState nominal(PackState s) {
		for (int i = 0; i < PackState.CELL_COUNT; i++) {
			s.cellMv[i] = NOMINAL_CELL_MV;
		}
		for (int i = 0; i < PackState.TEMPERATURE_COUNT; i++) {
			s.temperatureCentiDegC[i] = NOMINAL_TEMPERATURE;
		}
		s.packMv = NOMINAL_CELL_MV * PackState.CELL_COUNT;
		s.packMa = 0;
		s.fetMask = ProtectionTable.FET_CHARGE | ProtectionTable.FET_DISCHARGE; // both on: no FET held open
		s.updateDerived();
		s.measurementsValid = true;
		s.afeStatus = 0;
		return s;
	}

	/** One period with the row's watched value at {@code value}, everything else nominal. */
	private void tick(ProtectionIr row, int value) {
		nominal(state);
		WATCHED.get(row.name()).accept(state, value);
		monitor.evaluate(state, 0);
	}

	private void tickNominal() {
		nominal(state);
		monitor.evaluate(state, 0);
	}

	private static int bit(ProtectionIr row) {
		return 1 << row.index();
	}

	private static boolean above(ProtectionIr row) {
		return row.trip().direction() == Direction.ABOVE;
	}

	/** One unit strictly past a level in the trip direction. */
	private static int past(ProtectionIr row, long level) {
		return (int) (above(row) ? level + 1 : level - 1);
	}

	private static int tripLevel(ProtectionIr row) {
		return (int) row.trip().level().value();
	}

	/** Ticks of a held condition until the row trips (1 = the first tick that sees it), or -1 within the limit. */
	private int ticksToTrip(ProtectionIr row, int value, int limit) {
		for (int n = 1; n <= limit; n++) {
			tick(row, value);
			if ((state.faultWord & bit(row)) != 0) {
				assertEquals(bit(row), monitor.newlyTripped() & bit(row), row.name() + " newlyTripped");
				return n;
			}
			assertEquals(0, monitor.newlyTripped() & bit(row), row.name());
		}
		return -1;
	}

	/** Trips the row from nominal with the value one unit past its trip level. */
	private void trip(ProtectionIr row) {
		assertTrue(ticksToTrip(row, past(row, tripLevel(row)), row.delayPeriods() + 2) > 0, row.name() + " trips");
	}

	private static Stream<ProtectionIr> levelRows() {
		return PACK.protections().stream().filter(p -> p.trip() != null);
	}

	private static List<DynamicTest> perRow(Stream<ProtectionIr> rows, String what, RowTest test) {
		List<DynamicTest> tests = new ArrayList<>();
		rows.forEach(row -> tests.add(DynamicTest.dynamicTest(row.name() + ": " + what,
				() -> test.run(new ProtectionMonitorTest(), row))));
		return tests;
	}

	private interface RowTest {
		void run(ProtectionMonitorTest t, ProtectionIr row) throws Exception;
	}

	// ------------------------------------------------------------------ the model as the tests see it

	@Test
	void referencePack_everyProtectionIsARowAtItsFaultBit() {
		assertEquals(17, PACK.protections().size()); // smart4s.bms:41..70
		assertEquals(PACK.protections().size(), ProtectionTable.COUNT);
		for (ProtectionIr row : PACK.protections()) {
			assertNotNull(ALLOWED.get(row.name()), row.name());
			assertTrue(row.trip() == null || WATCHED.containsKey(row.name()), row.name());
			assertEquals(row.index(), ProtectionTable.FAULT_BIT[row.index()], row.name());
		}
	}

	// ------------------------------------------------------------------ trip: level and delay

	@TestFactory
	List<DynamicTest> atTheTripLevel_neverTrips() {
		return perRow(levelRows(), "the level itself is inside (strict condition)", (t, row) -> {
			// (an open wire at 500 mV is also a cell undervoltage: only this row's bit is asserted)
			assertEquals(-1, t.ticksToTrip(row, tripLevel(row), row.delayPeriods() + 20));
			assertEquals(0, t.state.faultWord & bit(row));
		});
	}

	@TestFactory
	List<DynamicTest> pastTheTripLevel_tripsNoEarlierThanTheDelayAndNoLaterThanOnePeriodMore() {
		return perRow(levelRows(), "delay", (t, row) -> {
			int n = t.ticksToTrip(row, past(row, tripLevel(row)), row.delayPeriods() + 20);
			assertTrue(n > 0, row.name() + " never tripped");
			// the condition began at most one period before the first tick that saw it, never after it
			long elapsedUs = (n - 1) * PERIOD_US;
			assertTrue(elapsedUs >= row.delayUs(), row.name() + " tripped after " + elapsedUs + " us < " + row.delayUs());
			assertTrue(elapsedUs < row.delayUs() + PERIOD_US, row.name() + " tripped after " + elapsedUs + " us");
			assertEquals(bit(row), t.state.faultWord, "only " + row.name());
		});
	}

	@TestFactory
	List<DynamicTest> anInterruptedCondition_startsItsDelayAgain() {
		return perRow(levelRows().filter(p -> p.delayPeriods() > 0), "interrupted", (t, row) -> {
			for (int i = 0; i < row.delayPeriods(); i++) {
				t.tick(row, past(row, tripLevel(row)));
			}
			t.tick(row, tripLevel(row));
			assertEquals(0, t.state.faultWord, row.name());
			assertEquals(row.delayPeriods() + 1, t.ticksToTrip(row, past(row, tripLevel(row)), row.delayPeriods() + 5));
		});
	}

	@Test
	void cellOvervoltage_byHand_tripsOnTheNinthTickAbove4200mV() {
		// smart4s.bms:41: above 4.20 V for 2 s at 250 ms: eight periods must pass after the first tick that sees it
		ProtectionIr ov = PACK.protection("cellOvervoltage");
		assertEquals(-1, ticksToTrip(ov, 4200, 30));
		assertEquals(9, ticksToTrip(ov, 4201, 30));
	}

	// ------------------------------------------------------------------ severity and FETs

	@TestFactory
	List<DynamicTest> aTrippedRow_setsItsSeverityAndForbidsItsFets() {
		return perRow(levelRows(), "severity and FETs", (t, row) -> {
			assertTrue(t.monitor.chargeAllowed() && t.monitor.dischargeAllowed());
			t.trip(row);
			assertEquals(row.severity().ordinal(), t.state.highestSeverity, row.name());
			boolean[] allowed = ALLOWED.get(row.name());
			assertEquals(allowed[0], t.monitor.chargeAllowed(), row.name() + " charge");
			assertEquals(allowed[1], t.monitor.dischargeAllowed(), row.name() + " discharge");
		});
	}

	@Test
	void severities_byHand() {
		// smart4s.bms:48 short-circuit is permanent, :55 imbalance a warning, the others faults
		assertEquals(ProtectionTable.SEVERITY_PERMANENT, ProtectionTable.SEVERITY[ProtectionTable.DISCHARGE_SHORT_CIRCUIT]);
		assertEquals(ProtectionTable.SEVERITY_WARNING, ProtectionTable.SEVERITY[ProtectionTable.CELL_IMBALANCE]);
		assertEquals(2, ProtectionTable.SEVERITY_PERMANENT);
		assertEquals(0, ProtectionTable.SEVERITY_WARNING);
		// the highest of several: imbalance (warning) and pack overvoltage (fault) together give fault
		for (int i = 0; i < 60; i++) {
			nominal(state);
			state.cellDeltaMv = 151;
			state.packMv = 16801;
			state.cellSumMv = 16801;
			monitor.evaluate(state, 0);
		}
		assertEquals(bit(PACK.protection("cellImbalance")) | bit(PACK.protection("packOvervoltage")), state.faultWord);
		assertEquals(ProtectionTable.SEVERITY_FAULT, state.highestSeverity);
		assertFalse(monitor.chargeAllowed());
		assertTrue(monitor.dischargeAllowed());
	}

	// ------------------------------------------------------------------ recovery

	@TestFactory
	List<DynamicTest> releaseLevel_holdsBetweenReleaseAndTrip_andClearsPastTheRelease() {
		return perRow(levelRows().filter(p -> p.recovery() == ProtectionIr.Recovery.RELEASE_LEVEL), "hysteresis",
				(t, row) -> {
					t.trip(row);
					int release = (int) row.release().value();
					for (int i = 0; i < 50; i++) {
						t.tick(row, tripLevel(row)); // back inside the trip level: not released
						t.tick(row, release); // at the release level itself: not past it
					}
					// (a FET at 90 degC is also a discharge overtemperature: only this row's bit is asserted)
					assertEquals(bit(row), t.state.faultWord & bit(row), row.name() + " released too early");
					t.tick(row, above(row) ? release - 1 : release + 1);
					assertEquals(0, t.state.faultWord & bit(row), row.name() + " did not release past " + release);
					if (t.state.faultWord == 0) {
						assertEquals(-1, t.state.highestSeverity);
						assertTrue(t.monitor.chargeAllowed() && t.monitor.dischargeAllowed());
					}
				});
	}

	@TestFactory
	List<DynamicTest> conditionGone_clearsAsSoonAsTheValueIsBackInside() {
		return perRow(levelRows().filter(p -> p.recovery() == ProtectionIr.Recovery.CONDITION_GONE), "no hysteresis",
				(t, row) -> {
					t.trip(row);
					t.tick(row, past(row, tripLevel(row)));
					assertEquals(bit(row), t.state.faultWord);
					t.tick(row, tripLevel(row));
					assertEquals(0, t.state.faultWord, row.name());
				});
	}

	@TestFactory
	List<DynamicTest> afterTime_clearsByItselfOnceTheTimeHasPassedWithoutTheCondition() {
		return perRow(levelRows().filter(p -> p.recovery() == ProtectionIr.Recovery.AFTER_TIME), "recover after",
				(t, row) -> {
					t.trip(row);
					int gone = row.release() == null ? tripLevel(row) : (int) row.release().value() + (above(row) ? -1 : 1);
					// the condition comes back half way: the wait starts again
					for (int i = 0; i < row.recoverAfterPeriods() / 2; i++) {
						t.tick(row, gone);
					}
					t.tick(row, past(row, tripLevel(row)));
					assertEquals(bit(row), t.state.faultWord);
					int n = 0;
					while ((t.state.faultWord & bit(row)) != 0 && n < row.recoverAfterPeriods() + 10) {
						t.tick(row, gone);
						n++;
					}
					assertEquals(0, t.state.faultWord, row.name() + " never recovered");
					long elapsedUs = (n - 1) * PERIOD_US;
					assertTrue(elapsedUs >= row.recoverAfterMs() * 1000L, row.name() + " recovered after " + elapsedUs);
					assertTrue(elapsedUs < row.recoverAfterMs() * 1000L + PERIOD_US, row.name() + " after " + elapsedUs);
				});
	}

	@TestFactory
	List<DynamicTest> latch_staysUntilClearFaults_whichWaitsForTheConditionToBeGone() {
		return perRow(levelRows().filter(p -> p.recovery() == ProtectionIr.Recovery.LATCH
				&& p.severity() != ProtectionIr.Severity.PERMANENT), "latch", (t, row) -> {
					t.trip(row);
					assertEquals(0, t.monitor.clearFaults(), "condition still there");
					assertEquals(bit(row), t.monitor.faultWord());
					for (int i = 0; i < 400; i++) {
						t.tickNominal();
					}
					assertEquals(bit(row), t.state.faultWord, row.name() + " cleared itself");
					assertEquals(bit(row), t.monitor.clearFaults());
					assertEquals(0, t.monitor.faultWord());
					assertTrue(t.monitor.chargeAllowed() && t.monitor.dischargeAllowed());
					t.tickNominal();
					assertEquals(0, t.state.faultWord);
				});
	}

	@TestFactory
	List<DynamicTest> permanent_neverClears() {
		return perRow(levelRows().filter(p -> p.severity() == ProtectionIr.Severity.PERMANENT), "permanent", (t, row) -> {
			t.trip(row);
			for (int i = 0; i < 400; i++) {
				t.tickNominal();
			}
			assertEquals(0, t.monitor.clearFaults());
			t.tickNominal();
			assertEquals(bit(row), t.state.faultWord);
			assertEquals(ProtectionTable.SEVERITY_PERMANENT, t.state.highestSeverity);
			assertEquals(0, t.monitor.afeStatusToClear());
		});
	}

	// ------------------------------------------------------------------ warnings

	@TestFactory
	List<DynamicTest> warningLevel_setsTheWarningBitAfterTheDelay_notTheFault() {
		return perRow(levelRows().filter(p -> p.warning() != null), "warning", (t, row) -> {
			int level = (int) row.warning().value();
			for (int i = 0; i < row.delayPeriods() + 20; i++) {
				t.tick(row, level);
			}
			assertEquals(0, t.state.warningWord, row.name() + " at the warning level itself");
			int n = 0;
			while (t.state.warningWord == 0 && n < row.delayPeriods() + 20) {
				t.tick(row, past(row, level));
				n++;
			}
			assertEquals(bit(row), t.state.warningWord);
			assertEquals(row.delayPeriods() + 1, n, row.name());
			assertEquals(0, t.state.faultWord, row.name() + ": the warning level is inside the trip level");
			assertEquals(ProtectionTable.SEVERITY_WARNING, t.state.highestSeverity);
			assertTrue(t.monitor.chargeAllowed() && t.monitor.dischargeAllowed());
			t.tick(row, level);
			assertEquals(0, t.state.warningWord);
			assertEquals(-1, t.state.highestSeverity);
		});
	}

	@Test
	void cellWarnings_byHand() {
		// smart4s.bms:41..42: warning above 4.18 V and below 3.00 V, both below their trips
		assertEquals(4180, ProtectionTable.WARNING_LEVEL[ProtectionTable.CELL_OVERVOLTAGE]);
		assertEquals(3000, ProtectionTable.WARNING_LEVEL[ProtectionTable.CELL_UNDERVOLTAGE]);
	}

	// ------------------------------------------------------------------ charge temperatures only while charging

	@Test
	void chargeTemperature_tripsOnlyWhileCharging_andReleasesOnTemperatureAlone() {
		ProtectionIr hot = PACK.protection("chargeOvertemperature");
		for (int i = 0; i < 40; i++) {
			nominal(state);
			state.maxTemperatureCentiDegC = 4600; // above 45 degC, at rest
			monitor.evaluate(state, 0);
			nominal(state);
			state.maxTemperatureCentiDegC = 4600; // and discharging
			state.packMa = -20_000;
			monitor.evaluate(state, 0);
		}
		assertEquals(0, state.faultWord);
		// a charge current inside the rest band (179 mA = C/50 of 8991 mAh, floored) does not count as charging
		for (int i = 0; i < 40; i++) {
			nominal(state);
			state.maxTemperatureCentiDegC = 4600;
			state.packMa = PackState.REST_CURRENT_MA;
			monitor.evaluate(state, 0);
		}
		assertEquals(0, state.faultWord);
		assertTrue(ticksToTrip(hot, 4600, 20) > 0);
		// the charge FET opens and the current stops: still tripped until below the 40 degC release
		for (int i = 0; i < 40; i++) {
			nominal(state);
			state.maxTemperatureCentiDegC = 4000;
			monitor.evaluate(state, 0);
		}
		assertEquals(bit(hot), state.faultWord);
		assertFalse(monitor.chargeAllowed());
		nominal(state);
		state.maxTemperatureCentiDegC = 3999;
		monitor.evaluate(state, 0);
		assertEquals(0, state.faultWord);
	}

	// ------------------------------------------------------------------ AFE rows: SYS_STAT

	@TestFactory
	List<DynamicTest> afeRow_tripsOnItsSysStatBitAtOnce() {
		return perRow(PACK.afeEnforced().stream(), "SYS_STAT", (t, row) -> {
			nominal(t.state);
			t.state.afeStatus = sysStatBit(row.name());
			t.monitor.evaluate(t.state, 0);
			assertEquals(bit(row), t.state.faultWord, row.name());
			assertEquals(bit(row), t.monitor.newlyTripped());
			assertEquals(row.severity().ordinal(), t.state.highestSeverity);
		});
	}

	/** DS 8.5 SYS_STAT, by hand. */
	private static int sysStatBit(String protection) {
		return switch (protection) {
			case "dischargeOvercurrent" -> 0x01;
			case "dischargeShortCircuit" -> 0x02;
			case "cellOvervoltage" -> 0x04;
			case "cellUndervoltage" -> 0x08;
			default -> throw new IllegalArgumentException(protection);
		};
	}

	@Test
	void afeOvervoltage_releasesBelow4100mV_andAsksForTheOvBitToBeCleared() {
		ProtectionIr ov = PACK.protection("cellOvervoltage");
		for (int i = 0; i < 20; i++) {
			nominal(state);
			state.afeStatus = 0x04;
			state.maxCellMv = 4100; // the chip keeps OV set until the host clears it
			monitor.evaluate(state, 0);
			assertEquals(0, monitor.afeStatusToClear());
		}
		assertEquals(bit(ov), state.faultWord);
		assertFalse(monitor.chargeAllowed());
		assertTrue(monitor.dischargeAllowed());
		nominal(state);
		state.afeStatus = 0x04 | 0x80; // with CC_READY, which is not the monitor's to clear
		state.maxCellMv = 4099;
		monitor.evaluate(state, 0);
		assertEquals(0, state.faultWord);
		assertEquals(0x04, monitor.afeStatusToClear());
		// the driver cleared it: nothing more to clear, nothing trips
		nominal(state);
		monitor.evaluate(state, 0);
		assertEquals(0, monitor.afeStatusToClear());
		assertEquals(0, state.faultWord);
	}

	@Test
	void afeOvercurrent_clearsItsBit30sAfterTheCurrentIsGone() {
		// smart4s.bms:47: recover after 30 s = 120 periods; the AFE opened DSG, so the current is 0
		ProtectionIr ocd = PACK.protection("dischargeOvercurrent");
		nominal(state);
		state.afeStatus = 0x01;
		monitor.evaluate(state, 0);
		assertEquals(bit(ocd), state.faultWord);
		int n = 0;
		while (state.faultWord != 0 && n < 200) {
			nominal(state);
			state.afeStatus = 0x01;
			monitor.evaluate(state, 0);
			n++;
		}
		assertEquals(121, n); // 120 periods = 30 s have passed when the 121st tick clears it
		assertEquals(0x01, monitor.afeStatusToClear());
	}

	@Test
	void afeShortCircuit_isPermanent_andItsBitIsNeverCleared() {
		nominal(state);
		state.afeStatus = 0x02;
		monitor.evaluate(state, 0);
		for (int i = 0; i < 500; i++) {
			nominal(state);
			state.afeStatus = 0x02;
			monitor.evaluate(state, 0);
			assertEquals(0, monitor.afeStatusToClear());
		}
		assertEquals(0, monitor.clearFaults());
		assertEquals(0, monitor.afeStatusToClear());
		assertEquals(ProtectionTable.SEVERITY_PERMANENT, state.highestSeverity);
		assertTrue(monitor.chargeAllowed());
		assertFalse(monitor.dischargeAllowed());
	}

	@Test
	void afeRowsAlsoTripFromTheFirmwaresOwnReading() {
		// the comparator's bit missed (or the chip failed): the measured 4201 mV still trips after 2 s
		assertEquals(9, ticksToTrip(PACK.protection("cellOvervoltage"), 4201, 20));
	}

	// ------------------------------------------------------------------ communication loss

	@Test
	void communicationLoss_tripsOnceTheSilenceCoversOneSecond_andRecovers5sAfterAnAnswer() {
		ProtectionIr loss = PACK.protection("afeCommunicationLoss");
		nominal(state);
		monitor.evaluate(state, 0);
		int n = 0;
		state.measurementsValid = false; // the readings of a failed period are stale
		while (state.faultWord == 0 && n < 20) {
			n++;
			monitor.evaluate(state, n);
		}
		// smart4s.bms:58: 1 s at 250 ms: the fourth silent period is 1 s after the last answer
		assertEquals(4, n);
		assertEquals(n * PERIOD_US, loss.delayUs());
		assertEquals(bit(loss), state.faultWord);
		assertFalse(monitor.chargeAllowed());
		assertFalse(monitor.dischargeAllowed());
		// answers again: 5 s = 20 periods later it clears, a failure in between starts the wait again
		for (int i = 0; i < 10; i++) {
			monitor.evaluate(nominal(state), 0);
		}
		monitor.evaluate(state, 1);
		int m = 0;
		while (state.faultWord != 0 && m < 40) {
			m++;
			monitor.evaluate(nominal(state), 0);
		}
		assertEquals(21, m);
	}

	@Test
	void aFailedReading_holdsTheMeasuredRows() {
		ProtectionIr ov = PACK.protection("packOvervoltage");
		for (int i = 0; i < ov.delayPeriods(); i++) {
			tick(ov, 16801);
		}
		// two failed periods: the stale values neither trip nor reset the count
		state.measurementsValid = false;
		monitor.evaluate(state, 1);
		monitor.evaluate(state, 2);
		assertEquals(0, state.faultWord);
		tick(ov, 16801);
		assertEquals(bit(ov), state.faultWord);
	}
}
