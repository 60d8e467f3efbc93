package org.bmsgen.firmware.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.bmsgen.firmware.smart4s.stm32.BalancingController;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.junit.jupiter.api.Test;

/**
 * The generated BalancingController of the reference pack, against its policy (models/smart4s.bms:63-70): start
 * above 15 mV delta, stop below 5 mV, only cells above 3.90 V, at most 2 cells, when charging (current above the
 * rest current, C/50 of 3 x 2997 mAh = 179.8 mA, floored to 179 mA) or after 30 min at rest (7200 periods of 250 ms, so more than 7200
 * consecutive rest periods), never above 45 degC, never two adjacent physical cells. Values by hand from the model.
 */
class BalancingControllerTest {

	private static final int CHARGING_MA = 1000;

	private final BalancingController controller = new BalancingController();
	private final PackState state = new PackState();

	private int decide(int packMa, int... cellMv) {
		System.arraycopy(cellMv, 0, state.cellMv, 0, cellMv.length);
		state.packMa = packMa;
		state.measurementsValid = true;
		state.updateDerived();
		return controller.decide(state, true);
	}

	@Test
	void start_above15mV_stop_below5mV_hysteresisPerCell() {
		state.temperatureCentiDegC[0] = 2500;
		assertEquals(0, decide(CHARGING_MA, 4000, 4000, 4015, 4000), "15 mV is not above 15 mV");
		assertEquals(0b0100, decide(CHARGING_MA, 4000, 4000, 4016, 4000));
		assertEquals(0b0100, decide(CHARGING_MA, 4000, 4000, 4010, 4000), "between stop and start: keeps bleeding");
		assertEquals(0b0100, decide(CHARGING_MA, 4000, 4000, 4005, 4000), "5 mV is not below 5 mV");
		assertEquals(0, decide(CHARGING_MA, 4000, 4000, 4004, 4000), "below 5 mV: stops");
		assertEquals(0, decide(CHARGING_MA, 4000, 4000, 4010, 4000), "between stop and start: does not restart");
		assertEquals(0b0100, decide(CHARGING_MA, 4000, 4000, 4016, 4000));
	}

	@Test
	void hysteresis_isPerCell() {
		state.temperatureCentiDegC[0] = 2500;
		assertEquals(0b0001, decide(CHARGING_MA, 4020, 4000, 4010, 4000));
		// cell 0 keeps bleeding at 10 mV; cell 2 at 10 mV never started
		assertEquals(0b0001, decide(CHARGING_MA, 4010, 4000, 4010, 4000));
		assertEquals(0b0101, decide(CHARGING_MA, 4010, 4000, 4020, 4000));
	}

	@Test
	void onlyCellsAbove3900mV() {
		state.temperatureCentiDegC[0] = 2500;
		assertEquals(0, decide(CHARGING_MA, 3880, 3880, 3900, 3880), "3.900 V is not above 3.90 V");
		assertEquals(0b0100, decide(CHARGING_MA, 3881, 3881, 3901, 3881));
		assertEquals(0, decide(CHARGING_MA, 3880, 3880, 3900, 3880), "falls to the minimum: stops at once");
	}

	@Test
	void neverTwoAdjacentCells_bestSetChosen() {
		state.temperatureCentiDegC[0] = 2500;
		// deltas 0, 20, 30, 20: the highest cell alone bleeds 30 mV worth, cells 1 and 3 together 40
		assertEquals(0b1010, decide(CHARGING_MA, 4000, 4020, 4030, 4020));
		// deltas 0, 20, 50, 20: now cell 2 alone (50) beats 1 and 3 (40)
		assertEquals(0b0100, decide(CHARGING_MA, 4000, 4020, 4050, 4020));
		// deltas 30, 0, 40, 30: cells 0 and 2 (70) beat 0 and 3 (60)
		assertEquals(0b0101, decide(CHARGING_MA, 4030, 4000, 4040, 4030));
	}

	@Test
	void adjacentTie_isDecidedTheSameWayEveryTime() {
		state.temperatureCentiDegC[0] = 2500;
		// deltas 0, 30, 30, 0: cells 1 and 2 are neighbours; either alone bleeds 30 mV
		int first = decide(CHARGING_MA, 4000, 4030, 4030, 4000);
		assertTrue(first == 0b0010 || first == 0b0100, Integer.toBinaryString(first));
		for (int i = 0; i < 10; i++) {
			assertEquals(first, new BalancingController().decide(state, true));
			assertEquals(first, decide(CHARGING_MA, 4000, 4030, 4030, 4000));
		}
	}

	/** Random packs: the mask is the best non-adjacent set of at most 2 wanting cells, found by brute force. */
	@Test
	void randomPacks_maskIsTheBruteForceBest() {
		Random random = new Random(42);
		state.temperatureCentiDegC[0] = 2500;
		for (int run = 0; run < 5000; run++) {
			int[] cells = new int[4];
			for (int i = 0; i < 4; i++) {
				cells[i] = 3890 + random.nextInt(60);
			}
			BalancingController fresh = new BalancingController();
			System.arraycopy(cells, 0, state.cellMv, 0, 4);
			state.packMa = CHARGING_MA;
			state.measurementsValid = true;
			state.updateDerived();
			int mask = fresh.decide(state, true);
			int min = Math.min(Math.min(cells[0], cells[1]), Math.min(cells[2], cells[3]));
			int bestSum = 0;
			for (int set = 0; set < 16; set++) {
				if (Integer.bitCount(set) > 2 || (set & (set << 1)) != 0) {
					continue;
				}
				int sum = 0;
				boolean valid = true;
				for (int i = 0; i < 4; i++) {
					if ((set & (1 << i)) != 0) {
						valid &= cells[i] > 3900 && cells[i] - min > 15;
						sum += cells[i] - min;
					}
				}
				if (valid) {
					bestSum = Math.max(bestSum, sum);
				}
			}
			int sum = 0;
			for (int i = 0; i < 4; i++) {
				if ((mask & (1 << i)) != 0) {
					assertTrue(cells[i] > 3900 && cells[i] - min > 15, "cell " + i + " of " + java.util.Arrays.toString(cells));
					sum += cells[i] - min;
				}
			}
			assertEquals(0, mask & (mask << 1), "adjacent cells in " + Integer.toBinaryString(mask));
			assertTrue(Integer.bitCount(mask) <= 2);
			assertEquals(bestSum, sum, java.util.Arrays.toString(cells) + " -> " + Integer.toBinaryString(mask));
		}
	}

	@Test
	void neverAbove45degC() {
		state.temperatureCentiDegC[0] = 4500;
		assertEquals(0b0100, decide(CHARGING_MA, 4000, 4000, 4030, 4000), "at 45.00 degC still allowed");
		state.temperatureCentiDegC[0] = 4501;
		assertEquals(0, decide(CHARGING_MA, 4000, 4000, 4030, 4000));
	}

	@Test
	void whileCharging_meansAboveTheRestCurrent() {
		state.temperatureCentiDegC[0] = 2500;
		assertEquals(0b0100, decide(180, 4000, 4000, 4030, 4000));
		assertEquals(0, decide(179, 4000, 4000, 4030, 4000), "179 mA is neither charging nor rest");
		assertEquals(0, decide(-5000, 4000, 4000, 4030, 4000), "discharging");
	}

	@Test
	void atRest_onlyAfter30Minutes() {
		state.temperatureCentiDegC[0] = 2500;
		for (int period = 1; period <= 7200; period++) {
			assertEquals(0, decide(0, 4000, 4000, 4030, 4000), "period " + period);
		}
		assertEquals(7200, state.restPeriods);
		assertEquals(0b0100, decide(0, 4000, 4000, 4030, 4000), "period 7201: 30 min have passed");
		assertEquals(0b0100, decide(-173, 4000, 4000, 4030, 4000), "still at rest");
		assertEquals(0, decide(-1000, 4000, 4000, 4030, 4000), "the rest is over");
		assertEquals(0, decide(0, 4000, 4000, 4030, 4000), "and starts again from 0");
	}

	@Test
	void disabled_orInvalidMeasurements_noCell_andTheHysteresisRestarts() {
		state.temperatureCentiDegC[0] = 2500;
		assertEquals(0b0100, decide(CHARGING_MA, 4000, 4000, 4020, 4000));
		assertEquals(0, controller.decide(state, false));
		assertEquals(0, decide(CHARGING_MA, 4000, 4000, 4010, 4000), "must pass the start delta again");
		assertEquals(0b0100, decide(CHARGING_MA, 4000, 4000, 4020, 4000));
		state.measurementsValid = false;
		assertEquals(0, controller.decide(state, true));
	}

	@Test
	void maxCells_fiveCellPack_twoOfThreeNonAdjacentCandidates() {
		// Smart5SHighCurrent inherits the reference policy (max 2 cells) with 5 cells, where 3 non-adjacent cells exist
		var pack = new org.bmsgen.firmware.smart5shighcurrent.stm32.PackState();
		var five = new org.bmsgen.firmware.smart5shighcurrent.stm32.BalancingController();
		int[] cells = { 4030, 4000, 4020, 4000, 4025 }; // deltas 30, 0, 20, 0, 25: cells 0, 2, 4 want to bleed
		System.arraycopy(cells, 0, pack.cellMv, 0, 5);
		pack.packMa = 1000; // above its rest current, C/50 of 8 x 2997 mAh = 479 mA
		pack.temperatureCentiDegC[0] = 2500;
		pack.measurementsValid = true;
		pack.updateDerived();
		assertEquals(0b10001, five.decide(pack, true), "the two highest: 30 + 25 mV");
	}
}
