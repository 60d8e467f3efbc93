package org.bmsgen.characterisation.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CellRatingsTest {

	private static final String CELL = """
			// Written by bmsgen fit-cell: the capacity, ocv and ecm are fitted.
			// Rerun to update.
			// Header about the cell.
			//
			// Ratings from the product sheet.
			cell Demo {
				chemistry NMC
				manufacturer "ACME { not a brace }"
				// the window, from the sheet
				voltage nominal 3.6 V minimum 2.5 V maximum 4.2 V
				capacity 3 Ah // nominal
				current charge 1 A discharge 3 A
				// fitted before
				ocv at 25 degC { 0 %: 3.0 V, 100 %: 4.2 V }
				ecm at 25 degC { r0 30 mOhm }
				temperature charge 0 degC to 45 degC
				// estimates
				thermal {
					mass 40 J/K
				}
				spread { capacity 1 % }
			}
			""";

	@Test
	void keepsRatingsWithTheirCommentsAndDropsWhatIsFitted() throws Exception {
		CellRatings ratings = CellRatings.of(CELL, null);
		assertEquals("Demo", ratings.name());
		assertEquals("// Rerun to update.\n// Header about the cell.\n//\n// Ratings from the product sheet.", ratings.header(),
				"fit-cell's first line is dropped (it writes its own)");
		assertEquals(List.of("chemistry NMC", "manufacturer \"ACME { not a brace }\"",
				"// the window, from the sheet\nvoltage nominal 3.6 V minimum 2.5 V maximum 4.2 V",
				"current charge 1 A discharge 3 A", "temperature charge 0 degC to 45 degC"), ratings.leading(),
				"the capacity's same-line comment goes with the capacity; the ocv's comment with the ocv");
		assertEquals(List.of("// estimates\nthermal {\nmass 40 J/K\n}", "spread { capacity 1 % }"), ratings.trailing());
	}

	@Test
	void severalCellsNeedAName() throws Exception {
		String two = "cell A { chemistry NMC }\ncell B { chemistry LFP }\n";
		assertEquals(List.of("chemistry LFP"), CellRatings.of(two, "B").leading());
		CellRatings.RatingsException e = assertThrows(CellRatings.RatingsException.class, () -> CellRatings.of(two, null));
		assertTrue(e.getMessage().contains("several cells (A, B)"), e.getMessage());
		assertTrue(assertThrows(CellRatings.RatingsException.class, () -> CellRatings.of(two, "C")).getMessage()
				.contains("defines no cell C (it has A, B)"));
		assertEquals("Demo", CellRatings.of(CELL, "Renamed").name(), "one cell: taken whatever --name says");
		assertEquals("defines no cell", assertThrows(CellRatings.RatingsException.class,
				() -> CellRatings.of("// nothing\n", null)).getMessage());
	}
}
