package org.bmsgen.dsl.variant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bmsgen.dsl.bms.CanMode;
import org.bmsgen.dsl.bms.EcmOrder;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.OnOff;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

/**
 * A variant can set a block's enum back to its first literal ("adjacent on", "model 1RC"), which EMF does
 * not count as set: the overlay reads what the variant wrote.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class EffectivePackDefaultLiteralTest {

	@Inject
	private ModelSnippets snippets;

	private static EffectivePack variant(Model model) {
		Pack pack = EcoreUtil2.getAllContentsOfType(model, Pack.class).stream()
				.filter(p -> "Variant".equals(p.getName())).findFirst().orElseThrow();
		return EffectivePack.of(pack);
	}

	@Test
	void variantWritingTheFirstLiteral_overridesTheBase() {
		Model model = snippets.model().pack("balancing", "balancing passive { max 2 cells adjacent off }")
				.then("pack Variant extends TestPack { balancing passive { adjacent on } soc ekf { model 1RC } }")
				.parse();
		EffectivePack variant = variant(model);
		assertEquals(OnOff.ON, variant.balancing().getAdjacent());
		assertEquals(2, variant.balancing().getMaxCells(), "what the variant does not write stays inherited");
		assertEquals(EcmOrder.ONE_RC, variant.soc().getOrder());
	}

	@Test
	void variantWritingClassic_switchesAnFdBusBack() {
		Model model = snippets.model().pack("can", "can MCP2562 { fd nominal 500 kbit/s data 2 Mbit/s }")
				.then("pack Variant extends TestPack { can MCP2562 { classic nominal 250 kbit/s } }").parse();
		EffectivePack variant = variant(model);
		assertEquals(CanMode.CLASSIC, variant.canBus().getMode());
		assertEquals(0, new java.math.BigDecimal("250000").compareTo(
				org.bmsgen.dsl.units.Units.toBase(variant.canBus().getNominalBitRate())));
	}

	@Test
	void variantNotWritingASetting_keepsTheBaseValue() {
		Model model = snippets.model().pack("balancing", "balancing passive { max 2 cells adjacent off }")
				.then("pack Variant extends TestPack { balancing passive { max 1 cells } }").parse();
		EffectivePack variant = variant(model);
		assertEquals(OnOff.OFF, variant.balancing().getAdjacent());
		assertEquals(1, variant.balancing().getMaxCells());
		assertEquals(EcmOrder.TWO_RC, variant.soc().getOrder());
	}
}
