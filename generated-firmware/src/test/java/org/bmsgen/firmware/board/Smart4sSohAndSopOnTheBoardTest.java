package org.bmsgen.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.bmsgen.firmware.smart4s.harness.SimulatedPack;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.firmware.smart4s.stm32.ProtectionTable;
import org.bmsgen.firmware.smart4s.stm32.SohEstimator;
import org.bmsgen.firmware.smart4s.stm32.Stm32Firmware;
import org.bmsgen.sim.board.SimBoard;
import org.bmsgen.sim.plant.CellModelTables;
import org.bmsgen.sim.plant.CellParameters;
import org.bmsgen.sim.plant.CurrentProfile;
import org.bmsgen.sim.plant.PackConfig;
import org.bmsgen.sim.plant.PackLoad;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's SoH and SoP targets on the reference pack's simulated board, both firmwares running:
 * <ul>
 * <li>SoH: cells aged by 20 % capacity fade and 50 % resistance growth (the plant's ageing knob,
 * {@link CellParameters#aged}) are estimated within 3 % (capacity) and 10 % (resistance) after a few realistic
 * cycles: US06 discharges (measured, Kollmeyer 2018, doi:10.17632/wykht8y7tg.1), rests, a CC-CV charge; a fresh
 * pack reads as new on the same cycles;</li>
 * <li>SoP: a US06 from 15 % SoC, the drive clamped to the BMS's current limits as an inverter reading them would
 * be, keeps every cell inside the NCR18650PF's 2.5..4.2 V, fresh and aged, and trips no protection (the cell
 * imbalance warning aside); the same drive unclamped on the aged pack leaves the window.</li>
 * </ul>
 */
class Smart4sSohAndSopOnTheBoardTest {

	private static final long SECOND = 1_000_000L;
	private static final long REST_MICROS = (SohEstimator.REST_PERIODS + 40) * SimulatedPack.CONTROL_PERIOD_MICROS;

	private SimulatedPack simulated;
	private SimBoard board;
	private Stm32Firmware stm32;
	private SohEstimator soh;
	private double minCellVolts = Double.MAX_VALUE;
	private double maxCellVolts = 0;
	/** Largest |SoC filter - plant| while driving, per drive (the rest re-anchors the filter on the OCV). */
	private final double[] driveSocError = new double[3];
	private int driveRound;

	private void powerOn(PackConfig pack, long seed) {
		simulated = new SimulatedPack(SimulatedPack.boardBuilder(seed).pack(pack));
		simulated.powerOn();
		board = simulated.board();
		stm32 = simulated.stm32();
		soh = stm32.soh();
		board.advance(2 * SECOND);
	}

	/** The model's 4S3P pack (its cell spread), each NCR18650PF aged, from {@code soc}. */
	private static PackConfig aged(long seed, double capacityRetained, double resistanceGrowth, double soc) {
		CellParameters cell = new CellParameters(2.9, SimulatedPack.circuit(), 43.0, 15.0)
				.aged(capacityRetained, resistanceGrowth).inParallel(SimulatedPack.PARALLEL_CELLS);
		return SimulatedPack.pack(seed).withCell(cell).withInitialSoc(soc);
	}

	@Test
	void agedPack_fewCycles_capacityWithin3PercentAndResistanceWithin10Percent() throws IOException {
		Result result = cycle(aged(5, 0.8, 1.5, 0.92), 5);
		System.out.printf("SoH aged 80 %% / 150 %%: %s%n", result);
		for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {
			assertEquals(result.trueCapacityAh[cell], result.capacityAh[cell], 0.03 * result.trueCapacityAh[cell],
					"cell " + cell + " capacity");
		}
		assertEquals(result.trueResistanceRatio, result.resistanceRatio, 0.10 * result.trueResistanceRatio,
				"resistance growth");
		assertEquals(8000, result.sohBp, 300, "SoH: the capacity indicator (80 %) is the lower one");
		// the SoC filter counts against the SoH's capacity from its first sample on (useCellCapacity): the second
		// drive tracks the plant within 1 %; the first, before any sample, counts against the model's 2.997 Ah for
		// cells of 2.33 Ah and is off by 15 % at its end (without the hook both drives were off by 12 %)
		assertTrue(result.driveSocError[1] < 0.01, "second drive, SoH known: " + result);

		// a reset (watchdog, brown-out) must not forget what the cycles measured: the new firmware takes the SoH back
		// from the newest history record, and counts the next drive against the measured capacities again
		// the log lags the estimator by up to one history period: the last capacity sample was taken 10 s ago
		board.advance(61 * SECOND);
		Stm32Firmware before = stm32;
		board.stm32().mcu().pinReset();
		board.advance(2 * SECOND);
		stm32 = simulated.stm32();
		soh = stm32.soh();
		assertTrue(stm32 != before, "the reset started a new firmware");
		for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {
			// the log keeps capacities in 0.01 % of the rating
			assertEquals(result.capacityAh[cell], soh.cellCapacityAh(cell), 1.0e-4 * SohEstimator.RATED_CELL_AH + 1e-6,
					"cell " + cell + " capacity after the reset");
		}
		assertEquals(result.resistanceRatio, soh.resistanceRatio(), 1.0e-4 + 1e-6, "resistance ratio after the reset");
		assertEquals(result.sohBp, stm32.state().sohBp, 1, "SoH after the reset");
		// 20 min at 3 A from the rest at ~25 %: 1 Ah of the pack's 7.0 Ah, 14 % SoC; counted against the rating
		// (2.997 Ah a cell, 9.0 Ah the pack) it would read 11 %, 3 % off
		driveRound = 2;
		board.setLoad(PackLoad.constantCurrent(-3.0));
		for (int second = 0; second < 1200; second++) {
			board.advance(SECOND);
			driveSocError[2] = Math.max(driveSocError[2], Math.abs(stm32.state().socBp / 10_000.0 - plantSoc()));
		}
		assertTrue(driveSocError[2] < 0.01, "discharge after the reset, SoH restored: " + driveSocError[2]);
	}

	@Test
	void freshPack_sameCycles_readsAsNew() throws IOException {
		Result result = cycle(aged(6, 1.0, 1.0, 0.92), 6);
		System.out.printf("SoH fresh: %s%n", result);
		for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {
			assertEquals(result.trueCapacityAh[cell], result.capacityAh[cell], 0.03 * result.trueCapacityAh[cell],
					"cell " + cell + " capacity");
		}
		assertEquals(result.trueResistanceRatio, result.resistanceRatio, 0.10 * result.trueResistanceRatio,
				"resistance");
		assertTrue(result.sohBp > 9500, "SoH " + result.sohBp);
		// fresh cells of 2.87-2.90 Ah against the model's 2.997 Ah: 2.6 % off at the end of the first drive, within
		// 1 % once the SoH has measured them (was 2.6 % on the second drive too without the hook)
		assertTrue(result.driveSocError[0] < 0.03, "first drive: " + result);
		assertTrue(result.driveSocError[1] < 0.01, "second drive, SoH known: " + result);
	}

	/**
	 * From rest at 92 %: rest (first rested point), US06 discharges down to about 25 %, rest (capacity sample), CC-CV
	 * charge to full at the model's 6 A and 4.15 V per cell, rest (second sample), US06 down again, rest (third).
	 */
	private Result cycle(PackConfig pack, long seed) throws IOException {
		powerOn(pack, seed);
		CurrentProfile us06 = Smart4sOnTheBoardTest.measuredUs06(SimulatedPack.PARALLEL_CELLS * 0.75);
		double socErrorSum = 0;
		int socErrorCount = 0;
		rest();
		for (int round = 0; round < 2; round++) {
			driveRound = round;
			drive(us06, 0.25);
			rest();
			socErrorSum += Math.abs(stm32.state().socBp / 10_000.0 - plantSoc());
			socErrorCount++;
			if (round == 0) {
				board.setLoad(PackLoad.ccCvCharger(6.0, 4 * 4.15));
				long start = board.nowMicros();
				while (board.nowMicros() - start < 5 * 3600 * SECOND) {
					board.advance(10 * SECOND);
					if (board.nowMicros() - start > 600 * SECOND && board.plant().packAmps() < 0.30) {
						break;
					}
				}
				rest();
			}
		}
		Result result = new Result();
		for (int cell = 0; cell < PackState.CELL_COUNT; cell++) {
			result.capacityAh[cell] = soh.cellCapacityAh(cell);
			// the plant's series element is 3 cells in parallel
			result.trueCapacityAh[cell] = board.plant().capacityCoulombs(cell + 1) / 3600 / SimulatedPack.PARALLEL_CELLS;
		}
		// the plant's R0 now against the model's (fresh) circuit at the same SoC: growth times the cell's spread
		CellModelTables fresh = SimulatedPack.circuit().inParallel(SimulatedPack.PARALLEL_CELLS);
		double ratio = 0;
		for (int cell = 1; cell <= PackState.CELL_COUNT; cell++) {
			ratio += board.plant().r0Ohms(cell) / fresh.valueAt(CellModelTables.R0, board.plant().stateOfCharge(cell),
					board.plant().cellCelsius(cell));
		}
		result.trueResistanceRatio = ratio / PackState.CELL_COUNT;
		result.resistanceRatio = soh.resistanceRatio();
		result.sohBp = stm32.state().sohBp;
		result.restedSocError = socErrorSum / socErrorCount;
		result.driveSocError = driveSocError.clone();
		assertEquals(0, stm32.state().faultWord, "no protection tripped");
		return result;
	}

	private void rest() {
		board.setLoad(PackLoad.constantCurrent(0));
		board.advance(REST_MICROS);
	}

	/** Repeated US06 cycles (clamped to the BMS's limits) until the weakest cell is down to {@code untilSoc}. */
	private void drive(CurrentProfile us06, double untilSoc) {
		long start = board.nowMicros();
		board.setLoad((now, sourceVolts, ohms) -> {
			double amps = us06.chargeAmpsAt((now - start) % us06.durationMicros());
			PackState limits = stm32.state();
			return Math.max(-limits.dischargeLimitMa / 1000.0, Math.min(limits.chargeLimitMa / 1000.0, amps));
		});
		while (minPlantSoc() > untilSoc && board.nowMicros() - start < 4 * 3600 * SECOND) {
			board.advance(SECOND);
			driveSocError[driveRound] = Math.max(driveSocError[driveRound],
					Math.abs(stm32.state().socBp / 10_000.0 - plantSoc()));
		}
	}

	/**
	 * SoP: from 15 % SoC, a US06 clamped to the BMS's limits keeps every cell within 2.5..4.2 V (checked every 10 ms
	 * plant step), fresh and aged, with no protection tripping but the imbalance warning; and the aged pack on the
	 * unclamped drive leaves the window (the limits are what keeps it in).
	 */
	@Test
	void us06AtLowSoc_withTheLimits_cellsStayInsideTheirWindow() throws IOException {
		CurrentProfile us06 = Smart4sOnTheBoardTest.measuredUs06(SimulatedPack.PARALLEL_CELLS * 0.75);
		double[] fresh = lowSocUs06(aged(7, 1.0, 1.0, 0.15), us06, true);
		double[] agedWindow = lowSocUs06(aged(7, 0.8, 1.5, 0.15), us06, true);
		double[] unclamped = lowSocUs06(aged(7, 0.8, 1.5, 0.15), us06, false);
		System.out.printf("SoP US06 from 15 %%: fresh %.3f..%.3f V, aged %.3f..%.3f V, aged unclamped min %.3f V%n",
				fresh[0], fresh[1], agedWindow[0], agedWindow[1], unclamped[0]);
		for (double[] window : new double[][] {fresh, agedWindow}) {
			assertTrue(window[0] >= 2.5, "lowest cell " + window[0] + " V");
			assertTrue(window[1] <= 4.2, "highest cell " + window[1] + " V");
		}
		assertTrue(unclamped[0] < 2.5, "the unclamped drive takes an aged cell below 2.5 V: " + unclamped[0]);
	}

	/**
	 * Lowest and highest plant cell voltage over the measured US06 file (plus 60 s) from the given pack. The SoH starts
	 * as new (as after a reset: nothing restores it yet), so on the aged pack the cap works with the model's R0 and
	 * only the measured cell voltage tells it the cells sag further.
	 */
	private double[] lowSocUs06(PackConfig pack, CurrentProfile us06, boolean clamped) {
		powerOn(pack, 7);
		minCellVolts = Double.MAX_VALUE;
		maxCellVolts = 0;
		long start = board.nowMicros();
		board.setLoad((now, sourceVolts, ohms) -> {
			double amps = us06.chargeAmpsAt(now - start);
			if (!clamped) {
				return amps;
			}
			PackState limits = stm32.state();
			return Math.max(-limits.dischargeLimitMa / 1000.0, Math.min(limits.chargeLimitMa / 1000.0, amps));
		});
		long end = start + us06.durationMicros() + 60 * SECOND;
		while (board.nowMicros() < end) {
			board.advance(10_000);
			for (int cell = 1; cell <= PackState.CELL_COUNT; cell++) {
				minCellVolts = Math.min(minCellVolts, board.plant().cellVolts(cell));
				maxCellVolts = Math.max(maxCellVolts, board.plant().cellVolts(cell));
			}
			if (clamped) {
				PackState state = stm32.state();
				// the cell imbalance warning may flag the spread's cells pulling apart under load near empty
				assertEquals(0, state.faultWord & ~(1 << ProtectionTable.CELL_IMBALANCE), () -> "no protection"
						+ " trips on the limited drive at "
						+ (board.nowMicros() - start) / SECOND + " s: cells " + java.util.Arrays.toString(state.cellMv)
						+ " mV, " + state.packMa + " mA, limit " + state.dischargeLimitMa + " mA, lowest "
						+ minCellVolts + " V");
			}
		}
		return new double[] {minCellVolts, maxCellVolts};
	}

	private double minPlantSoc() {
		double min = 1;
		for (int cell = 1; cell <= PackState.CELL_COUNT; cell++) {
			min = Math.min(min, board.plant().stateOfCharge(cell));
		}
		return min;
	}

	/** The pack's SoC by the firmware's definition (min / (min + 1 - max) over the cells). */
	private double plantSoc() {
		double min = 1;
		double max = 0;
		for (int cell = 1; cell <= PackState.CELL_COUNT; cell++) {
			min = Math.min(min, board.plant().stateOfCharge(cell));
			max = Math.max(max, board.plant().stateOfCharge(cell));
		}
		return min / (min + 1 - max);
	}

	private static final class Result {
		final double[] capacityAh = new double[PackState.CELL_COUNT];
		final double[] trueCapacityAh = new double[PackState.CELL_COUNT];
		double resistanceRatio;
		double trueResistanceRatio;
		int sohBp;
		double restedSocError;
		double[] driveSocError;

		@Override
		public String toString() {
			return String.format("capacity %s Ah (true %s), R ratio %.3f (true %.3f), SoH %d bp, mean |SoC error| at"
					+ " the rested points %.2f %%, largest |SoC error| on the first / second drive %.2f / %.2f %%", java.util.Arrays.toString(capacityAh),
					java.util.Arrays.toString(trueCapacityAh), resistanceRatio, trueResistanceRatio, sohBp,
					restedSocError * 100, driveSocError[0] * 100, driveSocError[1] * 100);
		}
	}
}
