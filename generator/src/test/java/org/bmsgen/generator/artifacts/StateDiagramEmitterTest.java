package org.bmsgen.generator.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.junit.jupiter.api.Test;

class StateDiagramEmitterTest {

	private final StateDiagramEmitter emitter = new StateDiagramEmitter();

	@Test
	void referencePack_matchesGolden() {
		List<GeneratedArtifact> diagrams = emitter.emit(TestModels.reference());
		assertEquals(1, diagrams.size());
		assertEquals("Smart4S-Control.puml", diagrams.get(0).fileName());
		Golden.assertMatches("Smart4S-Control.puml", diagrams.get(0).text());
	}

	@Test
	void everyPack_everyStateTransitionAndTraceIsInTheDiagram() {
		for (var model : TestModels.ALL.entrySet()) {
			PackIr pack = TestModels.ir(model.getKey(), model.getValue());
			for (StateMachineIr machine : pack.stateMachines()) {
				List<String> lines = emitter.emit(pack, machine).text().lines().toList();
				assertTrue(lines.contains("[*] --> " + machine.states().get(machine.initialState()).name()));
				for (StateMachineIr.State state : machine.states()) {
					assertTrue(lines.contains("state " + state.name()), state.name());
					assertTrue(lines.contains("' " + state.trace()), state.trace().toString());
					long arrows = lines.stream().filter(l -> l.startsWith(state.name() + " --> ")).count();
					assertEquals(state.transitions().size(), arrows, state.name());
					for (StateMachineIr.Action action : state.entry()) {
						assertTrue(lines.contains(state.name() + " : entry / " + StateDiagramEmitter.action(action)));
					}
					for (StateMachineIr.Transition transition : state.transitions()) {
						assertTrue(lines.contains("' " + transition.trace()), transition.trace().toString());
					}
				}
				if (machine.faultReaction() != null) {
					String target = machine.states().get(machine.faultReaction().target()).name();
					assertTrue(lines.stream().anyMatch(l -> l.startsWith(StateDiagramEmitter.ANY_STATE + " -[dashed]-> "
							+ target + " : any " + machine.faultReaction().minimumSeverity().name().toLowerCase())));
				}
			}
		}
	}

	@Test
	void transitionLabel_readsEventGuardTimeoutInFiringOrder() {
		StateMachineIr control = TestModels.reference().stateMachine("Control");
		StateMachineIr.State fault = control.states().stream().filter(s -> s.name().equals("Fault")).findFirst()
				.orElseThrow();
		// on clear-faults when not fault-active -> Standby; on faults-cleared after 5 s -> Standby
		assertEquals("1. clear-faults [not fault-active]", StateDiagramEmitter.label(fault.transitions().get(0), 1));
		assertEquals("2. faults-cleared after 5 s in state", StateDiagramEmitter.label(fault.transitions().get(1), 2));
		StateMachineIr.State charging = control.states().stream().filter(s -> s.name().equals("Charging")).findFirst()
				.orElseThrow();
		// when current below 0.05 A after 60 s: the guard must hold for 60 s
		assertEquals("[current < 0.05 A] after 60 s held", StateDiagramEmitter.label(charging.transitions().get(0), 0));
	}
}
