package org.bmsgen.dsl.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

/** An unresolved name says where a name of its kind can come from. */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class BmsLinkingDiagnosticMessagesTest {

	@Inject
	private ParseHelper<Model> parser;

	private List<String> linkingErrors(String text) throws Exception {
		Model model = parser.parse(text);
		EcoreUtil.resolveAll(model.eResource());
		return model.eResource().getErrors().stream().map(e -> e.getMessage()).collect(Collectors.toList());
	}

	@Test
	void unknownProtection_namesThePackAndHowProtectionsAreNamed() throws Exception {
		assertEquals(List.of("pack P has no protection 'cellOvervoltag' (a protection is named by what it protects:"
				+ " cellOvervoltage, dischargeShortCircuit ...)"),
				linkingErrors("pack P { can message M id 0x100 every 1 s {"
						+ " signal f 0|1 unsigned scale 1 from fault cellOvervoltag } }"));
	}

	@Test
	void unknownStateMachine_inAVariant_mentionsItsBases() throws Exception {
		assertEquals(List.of("pack Variant and its bases have no state machine 'Control'"),
				linkingErrors("pack Base { }\npack Variant extends Base { uart frame T type 1 every 1 s { field st from state of Control } }"));
	}

	@Test
	void unknownCell_saysWhereCellsComeFrom() throws Exception {
		assertEquals(List.of("no cell 'X' is defined in this file or in a file it imports"),
				linkingErrors("pack P { cells 4S1P X }"));
	}
}
