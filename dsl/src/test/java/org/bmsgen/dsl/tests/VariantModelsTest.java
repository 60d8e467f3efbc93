package org.bmsgen.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.Quantity;
import org.bmsgen.dsl.bms.StateMachine;
import org.bmsgen.dsl.units.Units;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** The variant models in models/variants say what their comments claim once their base is applied. */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class VariantModelsTest {

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@Test
	void lfpVariant_threeChannelsLfpLimitsAndInheritedBoard() {
		EffectivePack pack = effective("variants/smart3s-lfp.bms");
		assertEquals(3, pack.seriesCells());
		assertEquals("ANR26650M1B", pack.topology().getCell().getName());
		assertEquals(List.of(1, 2, 5), pack.afe().getChannels());
		assertBase(new BigDecimal("3.60"), pack.protection("cellOvervoltage").getTrip().getLevel());
		assertBase(new BigDecimal("10.80"), pack.protection("packOvervoltage").getTrip().getLevel());
		assertBase(new BigDecimal("0.001"), pack.afe().getShunt());
		assertBase(new BigDecimal("56"), pack.protection("dischargeOvercurrent").getTrip().getLevel());
		assertEquals(List.of("Control"), names(pack.stateMachines()));
		assertNotNull(pack.balancing().getConditions().get(0));
		assertEquals(1, pack.balancing().getConditions().size(), "only while charging");
	}

	@Test
	void highCurrentVariant_fiveChannelsAndRechosenAfeThresholds() {
		EffectivePack pack = effective("variants/smart5s-high-current.bms");
		assertEquals(5, pack.seriesCells());
		assertEquals(8, pack.parallelCells());
		assertEquals(List.of(1, 2, 3, 4, 5), pack.afe().getChannels());
		assertBase(new BigDecimal("100"), pack.protection("dischargeOvercurrent").getTrip().getLevel());
		assertBase(new BigDecimal("155"), pack.protection("dischargeShortCircuit").getTrip().getLevel());
		assertBase(new BigDecimal("21.00"), pack.protection("packOvervoltage").getTrip().getLevel());
		assertBase(new BigDecimal("4.20"), pack.protection("cellOvervoltage").getTrip().getLevel());
		assertBase(new BigDecimal("8"), pack.afe().getShuntRating());
	}

	@Test
	void halfMilliohmShuntVariant_keepsShuntRatingAndMovesScdToATableLevel() {
		EffectivePack pack = effective("variants/smart4s-half-milliohm-shunt.bms");
		assertBase(new BigDecimal("0.0005"), pack.afe().getShunt());
		assertBase(new BigDecimal("3"), pack.afe().getShuntRating());
		assertBase(new BigDecimal("112"), pack.protection("dischargeShortCircuit").getTrip().getLevel());
		assertEquals(List.of(1, 2, 3, 5), pack.afe().getChannels());
		Protection inherited = pack.protection("cellOvervoltage");
		assertSame(base(pack), pack.definingPack(inherited));
	}

	private EffectivePack effective(String relative) {
		XtextResourceSet resourceSet = resourceSets.get();
		Resource resource = resourceSet.getResource(
				URI.createFileURI(RepositoryRoot.models().resolve(relative).toString()), true);
		EcoreUtil.resolveAll(resource);
		assertEquals(List.of(), resource.getErrors());
		Model model = (Model) resource.getContents().get(0);
		return EffectivePack.of((Pack) model.getElements().get(0));
	}

	private static Pack base(EffectivePack pack) {
		return pack.lineage().get(pack.lineage().size() - 1);
	}

	private static void assertBase(BigDecimal expected, Quantity quantity) {
		assertNotNull(quantity);
		assertEquals(0, expected.compareTo(Units.toBase(quantity)),
				"expected " + expected + " in base units, was " + Units.toBase(quantity));
	}

	private static List<String> names(List<StateMachine> machines) {
		return machines.stream().map(StateMachine::getName).collect(Collectors.toList());
	}
}
