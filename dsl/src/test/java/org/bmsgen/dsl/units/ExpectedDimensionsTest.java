package org.bmsgen.dsl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.Signal;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class ExpectedDimensionsTest {

	@Inject
	private ModelSnippets snippets;

	/** A feature added to the grammar without an entry would escape the dimension check unnoticed. */
	@Test
	void everyQuantityAndTableFeatureOfTheGrammarHasAnEntry() {
		List<String> missing = new ArrayList<>();
		int features = 0;
		for (EClassifier classifier : BmsPackage.eINSTANCE.getEClassifiers()) {
			if (!(classifier instanceof EClass)) {
				continue;
			}
			for (EReference reference : ((EClass) classifier).getEReferences()) {
				EClass type = reference.getEReferenceType();
				if (type == BmsPackage.Literals.QUANTITY || type == BmsPackage.Literals.TABLE) {
					features++;
					if (!ExpectedDimensions.covers(reference)) {
						missing.add(classifier.getName() + "." + reference.getName());
					}
				}
			}
		}
		assertEquals(List.of(), missing, "quantity features without an expected dimension");
		assertTrue(features > 60, "the metamodel walk found only " + features + " quantity features");
	}

	@Test
	void everyQuantityOfTheExampleModelOutsideSignalsHasADimensionDue() {
		Model model = snippets.model().parse();
		List<Quantity> quantities = EcoreUtil2.getAllContentsOfType(model, Quantity.class);
		assertTrue(quantities.size() > 80, "only " + quantities.size() + " quantities in the example");
		List<String> undecided = new ArrayList<>();
		for (Quantity quantity : quantities) {
			boolean inSignal = EcoreUtil2.getContainerOfType(quantity, Signal.class) != null;
			if (ExpectedDimensions.of(quantity).isAny() != inSignal) {
				undecided.add(quantity.eContainer().eClass().getName() + "." + quantity.eContainingFeature().getName()
						+ " " + Units.format(quantity));
			}
		}
		// communication-loss has no level; every other quantity of the example has a dimension due
		assertEquals(List.of(), undecided);
	}

	@Test
	void expectationDescribesItsUnits() {
		ExpectedDimensions.Expectation shuntRating = ExpectedDimensions.Expectation.positive(Dimension.POWER,
				Dimension.CURRENT);
		assertEquals("a current (A, mA) or a power (W, mW)", shuntRating.describe());
		assertEquals("a current or power unit (A, mA, W, mW)", shuntRating.describeUnit());
		assertTrue(shuntRating.allows(Dimension.POWER));
		assertFalse(shuntRating.allows(Dimension.VOLTAGE));
		assertTrue(shuntRating.needsUnit());
		assertFalse(ExpectedDimensions.Expectation.any().needsUnit());
	}
}
