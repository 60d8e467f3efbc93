package org.bmsgen.dsl.variant;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

/** References out of a copied block survive the copy: the checks of a pack need its cell. */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class EffectivePackReferencesTest {

	@Inject
	private ModelSnippets snippets;

	private static Pack pack(Model model, String name) {
		return EcoreUtil2.getAllContentsOfType(model, Pack.class).stream().filter(p -> name.equals(p.getName()))
				.findFirst().orElseThrow();
	}

	@Test
	void topologyOfABasePack_keepsItsCell() {
		Model model = snippets.model().parse();
		Cell cell = EcoreUtil2.getAllContentsOfType(model, Cell.class).get(0);
		EffectivePack effective = EffectivePack.of(pack(model, ModelSnippets.PACK));
		assertNotNull(effective.topology());
		assertSame(cell, effective.topology().getCell());
	}

	@Test
	void topologyInheritedByAVariant_keepsTheBaseCell() {
		Model model = snippets.model().then("pack Variant extends TestPack { mcu STM32G431 { period 100 ms } }").parse();
		Cell cell = EcoreUtil2.getAllContentsOfType(model, Cell.class).get(0);
		assertSame(cell, EffectivePack.of(pack(model, "Variant")).topology().getCell());
	}
}
