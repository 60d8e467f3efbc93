package org.bmsgen.dsl.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.ProtectionSource;
import org.bmsgen.dsl.bms.SendAction;
import org.bmsgen.dsl.bms.StateSource;
import org.bmsgen.dsl.bms.Topology;
import org.bmsgen.dsl.bms.Transition;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Inject;
import com.google.inject.Provider;

/** Names across imports and variant chains, on real files so that relative imports are exercised. */
@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class BmsScopeProviderTest {

	private static final String CELL = "cell Cell18650 { chemistry NCA capacity 2.9 Ah }\n";

	private static final String BASE = "import \"cells/cell.bms\"\n"
			+ "pack Base {\n"
			+ "  cells 4S1P Cell18650\n"
			+ "  protection {\n"
			+ "    cell overvoltage above 4.2 V for 2 s by afe\n"
			+ "    cell undervoltage below 2.8 V for 4 s by afe\n"
			+ "  }\n"
			+ "  statemachine Control {\n"
			+ "    initial Init\n"
			+ "    state Init { on afe-ready -> Standby }\n"
			+ "    state Standby { entry send Status }\n"
			+ "    state Fault { after 5 s -> Standby }\n"
			+ "    on any fault -> Fault\n"
			+ "  }\n"
			+ "  can message Status id 0x100 every 100 ms {\n"
			+ "    signal ov 0|1 unsigned scale 1 from fault cellOvervoltage\n"
			+ "  }\n"
			+ "}\n";

	@Inject
	private Provider<XtextResourceSet> resourceSets;

	@TempDir
	Path dir;

	@Test
	void variantInAnotherFolder_seesInheritedProtectionMachineAndMessage() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		Model variant = load("variants/variant.bms", "import \"../base.bms\"\n"
				+ "pack Variant extends Base {\n"
				+ "  statemachine Supervisor {\n"
				+ "    initial Idle\n"
				+ "    state Idle { entry send Status }\n"
				+ "  }\n"
				+ "  can message Extra id 0x200 every 1 s {\n"
				+ "    signal uv 0|1 unsigned scale 1 from fault cellUndervoltage\n"
				+ "    signal state 1|4 unsigned scale 1 from state of Control\n"
				+ "  }\n"
				+ "}\n");

		assertEquals(List.of(), errors(variant));
		Pack base = pack(variant, "Variant").getBase();
		assertEquals("Base", base.getName());
		assertTrue(base.eResource().getURI().toFileString().endsWith("base.bms"));
		assertSame(base, EcoreUtil2.getContainerOfType(only(variant, SendAction.class).getMessage(), Pack.class));
		assertSame(base, EcoreUtil2.getContainerOfType(only(variant, ProtectionSource.class).getProtection(), Pack.class));
		assertSame(base, EcoreUtil2.getContainerOfType(only(variant, StateSource.class).getMachine(), Pack.class));
	}

	@Test
	void variantOverride_isTheNearestDefinition() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		Model variant = load("variant.bms", "import \"base.bms\"\n"
				+ "pack Variant extends Base {\n"
				+ "  protection { cell overvoltage above 3.65 V for 2 s by afe }\n"
				+ "  can message Status id 0x180 every 1 s {\n"
				+ "    signal ov 0|1 unsigned scale 1 from fault cellOvervoltage\n"
				+ "  }\n"
				+ "  statemachine Control {\n"
				+ "    initial Run\n"
				+ "    state Run { entry send Status }\n"
				+ "  }\n"
				+ "}\n");

		assertEquals(List.of(), errors(variant));
		Pack own = pack(variant, "Variant");
		assertSame(own, EcoreUtil2.getContainerOfType(only(variant, ProtectionSource.class).getProtection(), Pack.class));
		assertSame(own, EcoreUtil2.getContainerOfType(only(variant, SendAction.class).getMessage(), Pack.class));
	}

	@Test
	void threeLevelChain_resolvesToTheNearestBaseThatDefinesTheName() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		write("middle.bms", "import \"base.bms\"\n"
				+ "pack Middle extends Base {\n"
				+ "  protection { cell overvoltage above 4.1 V for 2 s by afe }\n"
				+ "}\n");
		Model top = load("top.bms", "import \"middle.bms\"\n"
				+ "pack Top extends Middle {\n"
				+ "  can message Extra id 0x200 every 1 s {\n"
				+ "    signal ov 0|1 unsigned scale 1 from fault cellOvervoltage\n"
				+ "    signal uv 1|1 unsigned scale 1 from fault cellUndervoltage\n"
				+ "  }\n"
				+ "}\n");

		assertEquals(List.of(), errors(top));
		List<ProtectionSource> sources = EcoreUtil2.getAllContentsOfType(top, ProtectionSource.class);
		Pack middle = pack(top, "Top").getBase();
		assertEquals("Middle", EcoreUtil2.getContainerOfType(sources.get(0).getProtection(), Pack.class).getName());
		assertSame(middle.getBase(), EcoreUtil2.getContainerOfType(sources.get(1).getProtection(), Pack.class));
	}

	@Test
	void stateOfAnotherMachine_doesNotResolve() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		Model variant = load("variant.bms", "import \"base.bms\"\n"
				+ "pack Variant extends Base {\n"
				+ "  statemachine Supervisor {\n"
				+ "    initial Idle\n"
				+ "    state Idle { after 1 s -> Standby }\n"
				+ "  }\n"
				+ "}\n");

		assertEquals(List.of("state machine Supervisor has no state 'Standby': a transition targets a state of its own machine"), errors(variant));
	}

	@Test
	void replacingMachine_doesNotSeeTheBaseMachinesStates() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		Model variant = load("variant.bms", "import \"base.bms\"\n"
				+ "pack Variant extends Base {\n"
				+ "  statemachine Control {\n"
				+ "    initial Run\n"
				+ "    state Run { }\n"
				+ "    on any fault -> Fault\n"
				+ "  }\n"
				+ "}\n");

		assertEquals(List.of("state machine Control has no state 'Fault': a transition targets a state of its own machine"), errors(variant));
	}

	@Test
	void cellImportedOnlyByTheBase_doesNotResolveInTheVariant() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		Model variant = load("variant.bms", "import \"base.bms\"\n"
				+ "pack Variant extends Base { cells 5S1P Cell18650 }\n");

		assertEquals(List.of("no cell 'Cell18650' is defined in this file or in a file it imports"), errors(variant));
	}

	@Test
	void importsResolveRelativeToTheImportingFile() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		Model variant = load("variants/variant.bms", "import \"../base.bms\"\n"
				+ "import \"../cells/cell.bms\"\n"
				+ "pack Variant extends Base { cells 5S1P Cell18650 }\n");

		assertEquals(List.of(), errors(variant));
		Topology own = only(variant, Topology.class);
		Topology inherited = EcoreUtil2.typeSelect(pack(variant, "Variant").getBase().getMembers(), Topology.class).get(0);
		assertSame(own.getCell(), inherited.getCell(), "both files reach the one cells/cell.bms");
		assertTrue(own.getCell().eResource().getURI().toFileString().endsWith("cells" + java.io.File.separator + "cell.bms"));
	}

	@Test
	void packOfAFileNotImported_doesNotResolve() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		XtextResourceSet resourceSet = resourceSets.get();
		resourceSet.getResource(URI.createFileURI(dir.resolve("base.bms").toString()), true);
		Model variant = load(resourceSet, "variant.bms", "pack Variant extends Base { }\n");

		assertEquals(List.of("no pack 'Base' is defined in this file or in a file it imports"), errors(variant));
	}

	@Test
	void messageOfAPackOutsideTheChain_doesNotResolve() throws IOException {
		write("cells/cell.bms", CELL);
		write("base.bms", BASE);
		Model variant = load("variant.bms", "import \"base.bms\"\n"
				+ "pack Sibling { can message Private id 0x300 every 1 s { signal x 0|8 unsigned scale 1 from soc } }\n"
				+ "pack Variant extends Base {\n"
				+ "  statemachine Supervisor { initial Idle state Idle { entry send Private } }\n"
				+ "}\n");

		assertEquals(List.of("pack Variant and its bases have no CAN message 'Private'"), errors(variant));
	}

	private void write(String relative, String text) throws IOException {
		Path file = dir.resolve(relative);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

	private Model load(String relative, String text) throws IOException {
		return load(resourceSets.get(), relative, text);
	}

	private Model load(XtextResourceSet resourceSet, String relative, String text) throws IOException {
		write(relative, text);
		Resource resource = resourceSet.getResource(URI.createFileURI(dir.resolve(relative).toString()), true);
		EcoreUtil.resolveAll(resource);
		return (Model) resource.getContents().get(0);
	}

	private static List<String> errors(Model model) {
		return model.eResource().getErrors().stream().map(Resource.Diagnostic::getMessage).collect(Collectors.toList());
	}

	private static Pack pack(Model model, String name) {
		return model.getElements().stream().filter(e -> e instanceof Pack && name.equals(((Pack) e).getName()))
				.map(Pack.class::cast).findFirst().orElseThrow();
	}

	private static <T extends EObject> T only(Model model, Class<T> type) {
		List<T> found = EcoreUtil2.getAllContentsOfType(model, type);
		assertEquals(1, found.size(), type.getSimpleName());
		assertFalse(found.get(0).eIsProxy());
		return found.get(0);
	}
}
