package org.bmsgen.generator.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bmsgen.dsl.bms.Measurement;
import org.junit.jupiter.api.Test;

/** Artifacts print a measurement by its keyword: it must be the grammar's, so a reader can search the model for it. */
class MeasuredQuantityTest {

	@Test
	void keyword_isTheGrammarsLiteral() {
		for (MeasuredQuantity quantity : MeasuredQuantity.values()) {
			assertEquals(Measurement.valueOf(quantity.name()).getLiteral(), quantity.keyword(), quantity.name());
		}
		assertEquals(Measurement.values().length, MeasuredQuantity.values().length);
	}

	@Test
	void scaledUnit_toBaseIsExact() {
		assertEquals("4.2", ScaledUnit.MILLIVOLT.toBase(4200).toPlainString());
		assertEquals("-20", ScaledUnit.CENTI_DEGREE_CELSIUS.toBase(-2000).toPlainString());
		assertEquals("V", ScaledUnit.MILLIVOLT.baseSymbol());
	}
}
