package org.bmsgen.firmware.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bmsgen.firmware.smart4s.stm32.CurrentLimits;
import org.bmsgen.firmware.smart4s.stm32.PackState;
import org.bmsgen.firmware.smart4s.stm32.SocEstimator;
import org.bmsgen.firmware.smart4s.stm32.SohEstimator;
import org.junit.jupiter.api.Test;

/**
 * The generated Smart4S current limits' state-of-power cap against hand computation: the current that puts the
 * weakest cell at the window's edge, {@code i + (V - 3.00 V) / R0} for discharge (3.00 V: the cell undervoltage
 * warning of smart4s.bms) and {@code (4.18 V - V) / R0 - i} for charge (the overvoltage warning), R0 the cell
 * model's (cells/panasonic-ncr18650pf.bms, fitted to Kollmeyer 2018, doi:10.17632/wykht8y7tg.1) at the filter's SoC,
 * times 3 cells in parallel.
 */
class CurrentLimitsPowerCapTest {

	private final SocEstimator soc = new SocEstimator();
	private final CurrentLimits limits = new CurrentLimits(soc, new SohEstimator(soc));
	private final PackState state = new PackState();

	private void measure(int packMa, int... cellMv) {
		System.arraycopy(cellMv, 0, state.cellMv, 0, PackState.CELL_COUNT);
		state.packMa = packMa;
		for (int i = 0; i < PackState.TEMPERATURE_COUNT; i++) {
			state.temperatureCentiDegC[i] = 2500;
		}
		state.measurementsValid = true;
		state.updateDerived();
	}

	@Test
	void windowBoundsAreTheModelsWarningLevels() {
		assertEquals(3.00f, CurrentLimits.MIN_CELL_V);
		assertEquals(4.18f, CurrentLimits.MAX_CELL_V);
	}

	/**
	 * At 50 % R0 is 29.8 mOhm + (29.1 - 29.8) x (0.500 - 0.419) / (0.516 - 0.419) = 29.215 mOhm; the weakest cell at
	 * 3.350 V with no current allows (3.350 - 3.000) / 0.029215 = 11.98 A a cell, 35.94 A for the pack: under the
	 * table's 50 A, so it is the limit. The same cell under 15 A of pack load (5 A a cell) allows 5 A more than
	 * that: 50.94 A, and the table's 50 A holds.
	 */
	@Test
	void discharge_cappedWhereTheWeakestCellWouldReachTheFloor() {
		soc.startAt(5000);
		state.socBp = 5000;
		measure(0, 3400, 3350, 3400, 3400);
		limits.update(state);
		assertEquals(35_940, state.dischargeLimitMa, 30);
		measure(-15_000, 3400, 3350, 3400, 3400);
		state.socBp = 5000;
		limits.update(state);
		assertEquals(50_000, state.dischargeLimitMa);
		// 10 mV under the floor at 1 A a cell: (-0.010 / 0.029215 + 1) x 3 = 1.973 A, less than what flows
		measure(-3_000, 3400, 2990, 3400, 3400);
		state.socBp = 5000;
		limits.update(state);
		assertEquals(1_973, state.dischargeLimitMa, 30);
		// under the floor at rest: nothing
		measure(0, 3400, 2950, 3400, 3400);
		state.socBp = 5000;
		limits.update(state);
		assertEquals(0, state.dischargeLimitMa);
	}

	/**
	 * At 95 % R0 is 31.7 + (32.9 - 31.7) x (0.950 - 0.903) / (0.952 - 0.903) = 32.851 mOhm. Cells at 4.120 V: the
	 * max-cell table leaves 75 % of 6 A, 4.5 A; the window allows (4.180 - 4.120) / 0.032851 = 1.826 A a cell, 5.48 A
	 * at rest (the table holds), but only 0.826 A a cell, 2.48 A, right after a 1 A a cell (3 A pack) discharge.
	 */
	@Test
	void charge_cappedWhereTheFullestCellWouldReachTheCeiling() {
		soc.startAt(9500);
		measure(0, 4120, 4120, 4120, 4120);
		state.socBp = 9500;
		limits.update(state);
		assertEquals(4_500, state.chargeLimitMa);
		measure(-3_000, 4120, 4120, 4120, 4120);
		state.socBp = 9500;
		limits.update(state);
		assertEquals(2_479, state.chargeLimitMa, 30);
	}

	@Test
	void withoutTheFilters_theTablesAlone() {
		CurrentLimits tablesOnly = new CurrentLimits();
		measure(0, 3400, 3350, 3400, 3400);
		state.socBp = 5000;
		tablesOnly.update(state);
		assertEquals(50_000, state.dischargeLimitMa);
	}
}
