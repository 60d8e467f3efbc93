package org.bmsgen.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The reports' axis ticks: round steps, labels with the decimals the step needs, the time unit by run length. */
class TicksTest {

	private static List<String> labels(Ticks ticks) {
		List<String> labels = new ArrayList<>();
		for (int k = 0; k < ticks.count(); k++) {
			labels.add(ticks.label(k));
		}
		return labels;
	}

	@Test
	void cellVoltages_tenthsOfAVolt() {
		// the showcase's cells, 3.06..4.23 V: 1.17 V / 5 = 0.234 -> 0.2 V
		assertEquals(List.of("3.2", "3.4", "3.6", "3.8", "4.0", "4.2"), labels(Ticks.of(3.06, 4.23, 5)));
	}

	@Test
	void aFlatTemperature_aMinimumSpanGivesDistinctLabels() {
		// 25.0 +/- 1 degC (the plot's minimum span of 2 degC): 0.4 -> 0.5
		assertEquals(List.of("24.0", "24.5", "25.0", "25.5", "26.0"), labels(Ticks.of(24.0, 26.0, 5)));
	}

	@Test
	void negativeCurrents_withATrueMinusSignAndAPlainZero() {
		assertEquals(List.of("\u221240", "\u221220", "0"), labels(Ticks.of(-40.1, 8.2, 3)));
	}

	@Test
	void time_minutesBeyondTenMinutes() {
		TimeAxis showcase = new TimeAxis(0, 9931.8);
		assertEquals("min", showcase.unit());
		// 165.5 min / 8 = 20.7 -> 20 min
		assertEquals(20.0, showcase.ticks().step(), 1e-9);
		TimeAxis shortRun = new TimeAxis(0, 32.8);
		assertEquals("s", shortRun.unit());
		assertEquals(5.0, shortRun.ticks().step(), 1e-9);
	}
}
