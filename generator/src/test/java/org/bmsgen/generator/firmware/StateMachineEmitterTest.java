package org.bmsgen.generator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsgen.generator.artifacts.Golden;
import org.bmsgen.generator.artifacts.TestModels;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.junit.jupiter.api.Test;

class StateMachineEmitterTest {

	private final StateMachineEmitter emitter = new StateMachineEmitter();

	private static List<GeneratedSource> withDependencies(PackIr pack, List<GeneratedSource> machines) {
		List<GeneratedSource> sources = new ArrayList<>(machines);
		sources.add(new PackStateEmitter().emit(pack));
		sources.add(new ProtectionTableEmitter().emit(pack));
		return sources;
	}

	@Test
	void referencePack_compilesForJava7_andMatchesGoldens() {
		PackIr pack = TestModels.reference();
		List<GeneratedSource> sources = emitter.emit(pack);
		assertEquals(List.of("org/bmsgen/firmware/smart4s/stm32/MachineActions.java",
				"org/bmsgen/firmware/smart4s/stm32/ControlStateMachine.java"),
				sources.stream().map(GeneratedSource::relativePath).toList());
		FirmwareCompiler.compile("machines", withDependencies(pack, sources));
		Golden.assertMatches("firmware/Smart4S/MachineActions.java", sources.get(0).text());
		Golden.assertMatches("firmware/Smart4S/ControlStateMachine.java", sources.get(1).text());
	}

	@Test
	void referencePack_everyTransitionTracedToItsModelLine() {
		PackIr pack = TestModels.reference();
		String text = emitter.emit(pack).get(1).text();
		StateMachineIr control = pack.stateMachine("Control");
		for (StateMachineIr.State state : control.states()) {
			assertTrue(text.contains("case STATE_" + state.name().toUpperCase() + ": // " + state.trace()), state.name());
			for (StateMachineIr.Transition transition : state.transitions()) {
				assertTrue(text.contains("// " + transition.trace() + ": " + state.name() + ": "), transition.trace()
						.toString());
			}
		}
		assertTrue(text.contains("// " + control.faultReaction().trace() + ": on any fault -> Fault"));
	}

	/** Every pack: compiles; a machine started and ticked through the proxy acts and reports its initial state. */
	@Test
	void everyPack_compiles_andStartsInItsInitialState() throws Exception {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			List<GeneratedSource> sources = emitter.emit(pack);
			Path classes = FirmwareCompiler.compile("machines-" + pack.name(), withDependencies(pack, sources));
			try (URLClassLoader loader = FirmwareCompiler.loader(classes)) {
				Class<?> actionsType = loader.loadClass(sources.get(0).qualifiedName());
				for (int m = 0; m < pack.stateMachines().size(); m++) {
					StateMachineIr ir = pack.stateMachines().get(m);
					Class<?> type = loader.loadClass(sources.get(m + 1).qualifiedName());
					List<String> calls = new ArrayList<>();
					Object actions = Proxy.newProxyInstance(loader, new Class<?>[] { actionsType },
							(proxy, method, args) -> {
								calls.add(method.getName());
								return null;
							});
					Object machine = type.getConstructor(actionsType).newInstance(actions);
					type.getMethod("start").invoke(machine);
					assertEquals(ir.initialState(), type.getMethod("state").invoke(machine), pack.name());
					assertEquals(ir.states().get(ir.initialState()).entry().size(), calls.size(), pack.name() + calls);
					for (StateMachineIr.State state : ir.states()) {
						assertEquals(state.index(), type.getField(StateMachineEmitter.stateConstant(state)).getInt(null));
					}
				}
			}
		}
	}
}
