package org.bmsgen.generator.artifacts;

import java.util.ArrayList;
import java.util.List;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.StateMachineIr;

/**
 * {@code <Pack>-<Machine>.puml}: a PlantUML state diagram of each state machine, as the firmware executes it
 * (the IR's execution table, not a second reading of the model).
 * <ul>
 * <li>Each state lists its entry, during and exit actions.</li>
 * <li>A transition reads {@code n. event [guard] after t /priority p}: n is its place in the order the firmware
 * tries the state's transitions (shown when a state has more than one), the timeout says what it counts (time
 * in state, or time the guard has held), the priority is shown when written.</li>
 * <li>The fault reaction ({@code on any fault -> Fault}), which the firmware applies before any transition, is a
 * dashed arrow from an "any state" box to its target, so it is drawn once instead of from every state.</li>
 * <li>Each element's model trace is a PlantUML comment line ({@code ' smart4s.bms:97}) above it.</li>
 * </ul>
 * The file needs no layout engine setting: {@link StateDiagramRenderer} adds the one it renders with.
 */
public final class StateDiagramEmitter {

	/** The PlantUML name of the fault reaction's source box. */
	static final String ANY_STATE = "AnyState";

	public String fileName(PackIr pack, StateMachineIr machine) {
		return pack.name() + "-" + machine.name() + ".puml";
	}

	/** One diagram per state machine, in model order. */
	public List<GeneratedArtifact> emit(PackIr pack) {
		List<GeneratedArtifact> diagrams = new ArrayList<>();
		for (StateMachineIr machine : pack.stateMachines()) {
			diagrams.add(emit(pack, machine));
		}
		return List.copyOf(diagrams);
	}

	public GeneratedArtifact emit(PackIr pack, StateMachineIr machine) {
		StringBuilder out = new StringBuilder();
		out.append(ArtifactHeader.comment(pack, "State diagram of machine " + machine.name(), "' "));
		out.append("@startuml ").append(pack.name()).append('-').append(machine.name()).append('\n');
		out.append("hide empty description\n");
		out.append("title ").append(pack.name()).append(": state machine ").append(machine.name()).append(" (every ")
				.append(PhysicalValues.duration(pack.control().periodMs())).append(" tick)\n\n");
		out.append("' ").append(machine.trace()).append('\n');
		for (StateMachineIr.State state : machine.states()) {
			out.append("' ").append(state.trace()).append('\n');
			out.append("state ").append(state.name()).append('\n');
			actions(out, state, "entry", state.entry());
			actions(out, state, "during", state.during());
			actions(out, state, "exit", state.exit());
		}
		out.append('\n');
		out.append("[*] --> ").append(machine.states().get(machine.initialState()).name()).append('\n');
		for (StateMachineIr.State state : machine.states()) {
			for (int i = 0; i < state.transitions().size(); i++) {
				StateMachineIr.Transition transition = state.transitions().get(i);
				out.append("' ").append(transition.trace()).append('\n');
				out.append(state.name()).append(" --> ").append(machine.states().get(transition.target()).name());
				String label = label(transition, state.transitions().size() > 1 ? i + 1 : 0);
				if (!label.isEmpty()) {
					out.append(" : ").append(label);
				}
				out.append('\n');
			}
		}
		StateMachineIr.FaultReaction reaction = machine.faultReaction();
		if (reaction != null) {
			String target = machine.states().get(reaction.target()).name();
			out.append('\n');
			out.append("' ").append(reaction.trace()).append('\n');
			out.append("state \"any state except ").append(target).append("\" as ").append(ANY_STATE)
					.append(" ##[dashed]\n");
			out.append(ANY_STATE).append(" -[dashed]-> ").append(target).append(" : any ")
					.append(reaction.minimumSeverity().name().toLowerCase())
					.append(" or worse\\n(before every transition)\n");
		}
		out.append("@enduml\n");
		return new GeneratedArtifact(fileName(pack, machine), out.toString());
	}

	private static void actions(StringBuilder out, StateMachineIr.State state, String when,
			List<StateMachineIr.Action> actions) {
		for (StateMachineIr.Action action : actions) {
			out.append(state.name()).append(" : ").append(when).append(" / ").append(action(action)).append('\n');
		}
	}

	/** An action as the model writes it: "enable charge, discharge", "log event enter". */
	static String action(StateMachineIr.Action action) {
		return switch (action.code()) {
			case ENABLE_FETS -> "enable " + action.operandName();
			case DISABLE_FETS -> "disable " + action.operandName();
			case START_BALANCING -> "start balancing";
			case STOP_BALANCING -> "stop balancing";
			case LOG_EVENT -> "log event " + action.operandName() + " (code " + action.operand() + ")";
			case SEND_CAN_MESSAGE -> "send " + action.operandName();
			case ENTER_SHIP_MODE -> "enter ship-mode";
			case CONFIGURE_AFE -> "configure afe";
			case CLEAR_FAULTS -> "clear faults";
		};
	}

	/** {@code n. event [guard] after t /priority p}; order 0: not shown. */
	static String label(StateMachineIr.Transition transition, int order) {
		List<String> parts = new ArrayList<>();
		if (order > 0) {
			parts.add(order + ".");
		}
		if (transition.event() != StateMachineIr.Event.NONE) {
			parts.add(keyword(transition.event().name()));
		}
		List<String> guard = new ArrayList<>();
		for (StateMachineIr.Comparison comparison : transition.comparisons()) {
			guard.add(PhysicalValues.measurement(comparison.measurement())
					+ (comparison.direction() == org.bmsgen.generator.ir.Direction.ABOVE ? " > " : " < ")
					+ PhysicalValues.withUnit(comparison.threshold(), comparison.measurement().unit()));
		}
		for (StateMachineIr.FlagTest flag : transition.flags()) {
			guard.add((flag.required() ? "" : "not ") + keyword(flag.flag().name()));
		}
		if (!guard.isEmpty()) {
			parts.add("[" + String.join(" and ", guard) + "]");
		}
		switch (transition.timeoutBasis()) {
			case GUARD_HELD -> parts.add("after " + PhysicalValues.duration(transition.timeoutMs()) + " held");
			case TIME_IN_STATE -> parts.add("after " + PhysicalValues.duration(transition.timeoutMs()) + " in state");
			case NONE -> {
			}
		}
		if (transition.priority() != 0) {
			parts.add("/priority " + transition.priority());
		}
		return String.join(" ", parts);
	}

	/** An IR enum constant as the language's keyword: AFE_READY -> afe-ready. */
	private static String keyword(String constant) {
		return constant.toLowerCase().replace('_', '-');
	}
}
