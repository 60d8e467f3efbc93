package org.bmsgen.generator.firmware;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.Direction;
import org.bmsgen.generator.ir.MeasuredQuantity;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.StateMachineIr;
import org.bmsgen.generator.ir.StateMachineIr.Action;
import org.bmsgen.generator.ir.StateMachineIr.Comparison;
import org.bmsgen.generator.ir.StateMachineIr.Event;
import org.bmsgen.generator.ir.StateMachineIr.Flag;
import org.bmsgen.generator.ir.StateMachineIr.FlagTest;
import org.bmsgen.generator.ir.StateMachineIr.State;
import org.bmsgen.generator.ir.StateMachineIr.TimeoutBasis;
import org.bmsgen.generator.ir.StateMachineIr.Transition;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code <Name>StateMachineHarnessTest.java}, one per modelled machine: the generated machine driven tick by tick
 * with a recording {@code MachineActions} and a {@code PackState}, from the execution table alone. The path to each
 * state is found here by breadth-first search over the transitions (and the fault reaction), and each step is
 * driven by the stimulus that enables it: its event posted, each comparison one unit past its threshold, its flags
 * as required, the other measurements at a neutral point of the source state where none of its eventless
 * transitions holds. Per transition: it fires exactly on the tick its timeout allows (not one tick earlier), with
 * the exit actions of the source and the entry actions of the target in order; each term of its guard (event,
 * comparison at its threshold, flag the wrong way) holds it back alone. Per state: the fault reaction below and at
 * its severity.
 */
public final class StateMachineHarnessEmitter {

	/** {@code Control} -> {@code ControlStateMachineHarnessTest}. */
	public static String typeName(StateMachineIr machine) {
		return StateMachineEmitter.typeName(machine) + "HarnessTest";
	}

	public List<GeneratedSource> emit(PackIr pack) {
		List<GeneratedSource> sources = new ArrayList<>();
		for (StateMachineIr machine : pack.stateMachines()) {
			sources.add(machine(pack, machine));
		}
		return sources;
	}

	/** One step of a path: a transition, or the fault reaction from a state (transition null). */
	private record Step(State from, Transition transition) {
	}

	private static String field(MeasuredQuantity quantity) {
		return switch (quantity) {
		case PACK_CURRENT -> "packMa";
		case PACK_VOLTAGE -> "packMv";
		case MIN_CELL -> "minCellMv";
		case MAX_CELL -> "maxCellMv";
		case CELL_DELTA -> "cellDeltaMv";
		case SOC -> "socBp";
		case MAX_TEMPERATURE -> "maxTemperatureCentiDegC";
		case MIN_TEMPERATURE -> "minTemperatureCentiDegC";
		};
	}

	private static int flagBit(Flag flag) {
		return switch (flag) {
		case CHARGING -> StateMachineEmitter.FLAG_CHARGING;
		case BALANCING -> StateMachineEmitter.FLAG_BALANCING;
		case FAULT_ACTIVE -> StateMachineEmitter.FLAG_FAULT_ACTIVE;
		case WARNING_ACTIVE -> StateMachineEmitter.FLAG_WARNING_ACTIVE;
		};
	}

	/** Ticks from the entry into the source until the transition fires, stimulus held: the timeout's edge. */
	static int ticksToFire(Transition transition, int periodMs) {
		int periods = (transition.timeoutMs() + periodMs - 1) / periodMs;
		return switch (transition.timeoutBasis()) {
		case NONE -> 1;
		case GUARD_HELD -> periods + 1;
		case TIME_IN_STATE -> Math.max(periods, 1);
		};
	}

	private static String actionText(Action action) {
		return switch (action.code()) {
		case ENABLE_FETS -> "enableFets " + action.operand();
		case DISABLE_FETS -> "disableFets " + action.operand();
		case START_BALANCING -> "startBalancing";
		case STOP_BALANCING -> "stopBalancing";
		case LOG_EVENT -> "logEvent " + action.operand();
		case SEND_CAN_MESSAGE -> "sendCanMessage " + action.operand();
		case ENTER_SHIP_MODE -> "enterShipMode";
		case CONFIGURE_AFE -> "configureAfe";
		case CLEAR_FAULTS -> "clearFaults";
		};
	}

	private static CodeBlock expectedActions(List<Action> first, List<Action> second) {
		List<CodeBlock> items = new ArrayList<>();
		for (Action action : first) {
			items.add(CodeBlock.of("$S", actionText(action)));
		}
		for (Action action : second) {
			items.add(CodeBlock.of("$S", actionText(action)));
		}
		return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(items, ", "));
	}

	GeneratedSource machine(PackIr pack, StateMachineIr machine) {
		ClassName machineType = HarnessSources.stm32(pack, StateMachineEmitter.typeName(machine));
		ClassName actionsType = HarnessSources.stm32(pack, StateMachineEmitter.ACTIONS_TYPE_NAME);
		ClassName stateType = HarnessSources.stm32(pack, PackStateEmitter.TYPE_NAME);
		ClassName coverage = HarnessSources.harness(pack, ModelCoverageEmitter.TYPE_NAME);
		int periodMs = pack.control().periodMs();
		Map<Integer, List<Step>> paths = paths(machine);

		TypeSpec.Builder type = TypeSpec.classBuilder(typeName(machine)).addModifiers(Modifier.PUBLIC)
				.addJavadoc("State machine $L of pack $L, from its execution table: every transition with its timeout"
						+ " at the edge and\neach guard term both ways, the fault reaction from every state. Paths to"
						+ " the states found by the generator\n(breadth-first over the table). Control period $L ms.\n$L\n",
						machine.name(), pack.name(), periodMs, SourceFiles.traceLine(machine.trace()));
		ClassName arrayList = ClassName.get("java.util", "ArrayList");
		TypeName stringList = ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(String.class));
		type.addField(FieldSpec.builder(stringList, "calls", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T<>()", arrayList).addJavadoc("Every action the machine called, in order.\n").build());
		TypeSpec.Builder recorder = TypeSpec.anonymousClassBuilder("").addSuperinterface(actionsType);
		String[][] methods = { { "enableFets", "mask" }, { "disableFets", "mask" }, { "startBalancing", null },
				{ "stopBalancing", null }, { "logEvent", "code" }, { "sendCanMessage", "index" },
				{ "enterShipMode", null }, { "configureAfe", null }, { "clearFaults", null } };
		for (String[] m : methods) {
			MethodSpec.Builder call = MethodSpec.methodBuilder(m[0]).addAnnotation(Override.class)
					.addModifiers(Modifier.PUBLIC);
			if (m[1] != null) {
				call.addParameter(TypeName.INT, m[1]).addStatement("calls.add($S + $L)", m[0] + " ", m[1]);
			} else {
				call.addStatement("calls.add($S)", m[0]);
			}
			recorder.addMethod(call.build());
		}
		type.addField(FieldSpec.builder(actionsType, "actions", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("$L", recorder.build()).addJavadoc("Records each action as \"name\" or \"name operand\".\n")
				.build());
		type.addField(FieldSpec.builder(stateType, "state", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T()", stateType).build());
		type.addField(FieldSpec.builder(machineType, "machine", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "flags", Modifier.PRIVATE).build());

		type.addMethod(MethodSpec.methodBuilder("tick").addModifiers(Modifier.PRIVATE)
				.addStatement("machine.tick(state, flags)")
				.addStatement("assertEquals(machine.state(), state.machineState[$L], $S)", machine.index(),
						"the state index written each tick")
				.build());
		type.addMethod(MethodSpec.methodBuilder("take").addModifiers(Modifier.PRIVATE).returns(stringList)
				.addJavadoc("The actions since the last take.\n")
				.addStatement("$T taken = $T.copyOf(calls)", stringList, List.class).addStatement("calls.clear()")
				.addStatement("return taken").build());
		type.addMethod(MethodSpec.methodBuilder("start").addModifiers(Modifier.PRIVATE)
				.addJavadoc("A fresh machine in its initial state.\n")
				.addStatement("machine = new $T(actions)", machineType).addStatement("machine.start()")
				.addStatement("assertEquals($L, machine.state())", machine.initialState()).build());
		type.addMethod(MethodSpec.methodBuilder("coverageComplete").addModifiers(Modifier.STATIC)
				.addAnnotation(HarnessSources.AFTER_ALL).addException(ClassName.get("java.io", "IOException"))
				.addJavadoc("Every state, transition, guard term both ways and fault reaction exercised.\n")
				.addStatement("$T.assertComplete($T.STATES, $T.TRANSITIONS, $T.GUARDS_HELD, $T.GUARDS_FAILED,"
						+ " $T.FAULT_REACTIONS)", coverage, coverage, coverage, coverage, coverage, coverage)
				.build());

		// neutral point of each state, and the stimulus of each transition
		for (State state : machine.states()) {
			type.addMethod(neutral(machine, state));
			for (Transition transition : state.transitions()) {
				type.addMethod(stimulus(machine, state, transition, machineType));
			}
		}
		for (State state : machine.states()) {
			type.addMethod(reach(machine, state, paths.get(state.index()), coverage, periodMs));
		}

		// tests
		State initial = machine.states().get(machine.initialState());
		type.addMethod(MethodSpec.methodBuilder("startEnters" + HarnessSources.capitalized(initial.name()))
				.addAnnotation(HarnessSources.TEST)
				.addJavadoc("start() enters the initial state $L with its entry actions.\n$L\n", initial.name(),
						SourceFiles.traceLine(initial.trace()))
				.addStatement("start()")
				.addStatement("assertEquals($L, take())", expectedActions(List.of(), initial.entry()))
				.addStatement("$T.exercised($T.STATES, $S)", coverage, coverage,
						ModelCoverageEmitter.state(machine, initial))
				.build());
		Set<String> names = new HashSet<>();
		for (State state : machine.states()) {
			for (Transition transition : state.transitions()) {
				type.addMethod(transitionTest(machine, state, transition, coverage, periodMs, names));
			}
		}
		if (machine.faultReaction() != null) {
			for (State state : machine.states()) {
				if (state.index() != machine.faultReaction().target()) {
					type.addMethod(faultReactionTest(machine, state, coverage));
				}
			}
		}
		return HarnessSources.file(pack, "State machine " + machine.name() + " harness", type.build());
	}

	// ------------------------------------------------------------------ paths

	private static Map<Integer, List<Step>> paths(StateMachineIr machine) {
		Map<Integer, List<Step>> paths = new java.util.HashMap<>();
		paths.put(machine.initialState(), List.of());
		ArrayDeque<Integer> queue = new ArrayDeque<>();
		queue.add(machine.initialState());
		while (!queue.isEmpty()) {
			State from = machine.states().get(queue.poll());
			List<Step> steps = new ArrayList<>();
			for (Transition transition : from.transitions()) {
				steps.add(new Step(from, transition));
			}
			if (machine.faultReaction() != null && machine.faultReaction().target() != from.index()) {
				steps.add(new Step(from, null));
			}
			for (Step step : steps) {
				int target = step.transition() == null ? machine.faultReaction().target() : step.transition().target();
				if (!paths.containsKey(target)) {
					List<Step> path = new ArrayList<>(paths.get(from.index()));
					path.add(step);
					paths.put(target, path);
					queue.add(target);
				}
			}
		}
		return paths;
	}

	// ------------------------------------------------------------------ stimuli

	private static String neutralName(State state) {
		return "neutralIn" + HarnessSources.capitalized(state.name());
	}

	private static String stimulusName(State state, Transition transition) {
		return "stimulus" + HarnessSources.capitalized(state.name()) + transition.modelOrder();
	}

	/** The values a state's eventless transitions all fail at: each measurement between their thresholds. */
	private static MethodSpec neutral(StateMachineIr machine, State state) {
		Map<MeasuredQuantity, long[]> windows = new EnumMap<>(MeasuredQuantity.class);
		int flagsRequiredTrue = 0;
		for (Transition transition : state.transitions()) {
			if (transition.event() != Event.NONE) {
				continue;
			}
			for (Comparison comparison : transition.comparisons()) {
				long[] window = windows.computeIfAbsent(comparison.measurement(),
						q -> new long[] { Long.MIN_VALUE, Long.MAX_VALUE });
				if (comparison.direction() == Direction.ABOVE) {
					window[1] = Math.min(window[1], comparison.threshold());
				} else {
					window[0] = Math.max(window[0], comparison.threshold());
				}
			}
			for (FlagTest flag : transition.flags()) {
				if (flag.required()) {
					flagsRequiredTrue |= flagBit(flag.flag());
				}
			}
		}
		int neutralFlags = 0;
		for (Transition transition : state.transitions()) {
			if (transition.event() == Event.NONE) {
				for (FlagTest flag : transition.flags()) {
					if (!flag.required() && (flagsRequiredTrue & flagBit(flag.flag())) == 0) {
						neutralFlags |= flagBit(flag.flag());
					}
				}
			}
		}
		MethodSpec.Builder method = MethodSpec.methodBuilder(neutralName(state)).addModifiers(Modifier.PRIVATE)
				.addJavadoc("A point where none of $L's eventless transitions holds, no fault active.\n$L\n",
						state.name(), SourceFiles.traceLine(state.trace()));
		for (MeasuredQuantity quantity : MeasuredQuantity.values()) {
			long[] window = windows.get(quantity);
			long value = window == null ? 0 : inside(0, window[0], window[1]);
			method.addStatement("state.$L = $L", field(quantity), value);
		}
		method.addStatement("state.highestSeverity = -1").addStatement("flags = $L", neutralFlags);
		return method.build();
	}

	private static long inside(long preferred, long low, long high) {
		return Math.max(low, Math.min(high, preferred));
	}

	/**
	 * The stimulus of a transition from its source's neutral point: {@code failing} = -1 makes every term hold,
	 * else term {@code failing} (ModelCoverageEmitter.guardTerms order: event, comparisons, flags) fails alone:
	 * the event not posted, the comparison at its threshold (strict), the flag the wrong way.
	 */
	private static MethodSpec stimulus(StateMachineIr machine, State state, Transition transition,
			ClassName machineType) {
		MethodSpec.Builder method = MethodSpec.methodBuilder(stimulusName(state, transition))
				.addModifiers(Modifier.PRIVATE).addParameter(TypeName.INT, "failing")
				.addJavadoc("$L; term {@code failing} fails alone (-1: none).\n$L\n",
						StateMachineEmitter.describe(state, transition, machine.states().get(transition.target())),
						SourceFiles.traceLine(transition.trace()))
				.addStatement("$L()", neutralName(state));
		int term = 0;
		if (transition.event() != Event.NONE) {
			method.beginControlFlow("if (failing != $L)", term)
					.addStatement("machine.post($T.$L)", machineType, StateMachineEmitter.eventConstant(
							transition.event()))
					.endControlFlow();
			term++;
		}
		// the holding values first, per measurement inside every comparison on it; the failing one last
		Map<MeasuredQuantity, long[]> windows = new EnumMap<>(MeasuredQuantity.class);
		for (Comparison comparison : transition.comparisons()) {
			long[] window = windows.computeIfAbsent(comparison.measurement(),
					q -> new long[] { Long.MIN_VALUE, Long.MAX_VALUE });
			if (comparison.direction() == Direction.ABOVE) {
				window[0] = Math.max(window[0], comparison.threshold() + 1);
			} else {
				window[1] = Math.min(window[1], comparison.threshold() - 1);
			}
		}
		for (Map.Entry<MeasuredQuantity, long[]> window : windows.entrySet()) {
			long[] w = window.getValue();
			long value = w[0] != Long.MIN_VALUE ? w[0] : w[1];
			method.addStatement("state.$L = $L", field(window.getKey()), value);
		}
		for (Comparison comparison : transition.comparisons()) {
			method.beginControlFlow("if (failing == $L)", term)
					.addStatement("state.$L = $L", field(comparison.measurement()), comparison.threshold())
					.endControlFlow();
			term++;
		}
		for (FlagTest flag : transition.flags()) {
			int bit = flagBit(flag.flag());
			boolean set = flag.required();
			method.beginControlFlow("if ((failing == $L) != $L)", term, set)
					.addStatement("flags |= $L", bit).nextControlFlow("else")
					.addStatement("flags &= ~$L", bit).endControlFlow();
			term++;
		}
		return method.build();
	}

	private static String reachName(State state) {
		return "reach" + HarnessSources.capitalized(state.name());
	}

	/** A fresh machine driven along the generator's path to a state; each step asserts where it lands. */
	private static MethodSpec reach(StateMachineIr machine, State state, List<Step> path, ClassName coverage,
			int periodMs) {
		MethodSpec.Builder method = MethodSpec.methodBuilder(reachName(state)).addModifiers(Modifier.PRIVATE)
				.addJavadoc("A fresh machine, driven into $L along the shortest path of the table.\n$L\n", state.name(),
						SourceFiles.traceLine(state.trace()));
		if (path == null) {
			method.addStatement("throw new AssertionError($S)", "state " + state.name() + " is unreachable from "
					+ machine.states().get(machine.initialState()).name() + " in the execution table");
			return method.build();
		}
		method.addStatement("start()");
		for (Step step : path) {
			if (step.transition() == null) {
				method.addComment("$L", ModelCoverageEmitter.faultReaction(machine, step.from()))
						.addStatement("$L()", neutralName(step.from()))
						.addStatement("state.highestSeverity = $L", machine.faultReaction().minimumSeverity().ordinal())
						.addStatement("tick()")
						.addStatement("assertEquals($L, machine.state())", machine.faultReaction().target());
				continue;
			}
			int ticks = ticksToFire(step.transition(), periodMs);
			method.addComment("$L: $L", step.transition().trace(), StateMachineEmitter.describe(step.from(),
					step.transition(), machine.states().get(step.transition().target())))
					.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", ticks)
					.addStatement("$L(-1)", stimulusName(step.from(), step.transition()))
					.addStatement("tick()").endControlFlow()
					.addStatement("assertEquals($L, machine.state())", step.transition().target());
		}
		method.addStatement("take()").addStatement("$L()", neutralName(state))
				.addStatement("$T.exercised($T.STATES, $S)", coverage, coverage,
						ModelCoverageEmitter.state(machine, state));
		return method.build();
	}

	// ------------------------------------------------------------------ tests

	private static MethodSpec transitionTest(StateMachineIr machine, State source, Transition transition,
			ClassName coverage, int periodMs, Set<String> names) {
		State target = machine.states().get(transition.target());
		String name = HarnessSources.decapitalized(source.name()) + "To" + HarnessSources.capitalized(target.name())
				+ "_line" + transition.trace().line();
		while (!names.add(name)) {
			name = name + "_" + transition.modelOrder();
		}
		String transitionName = ModelCoverageEmitter.transition(machine, source, transition);
		List<String> terms = ModelCoverageEmitter.guardTerms(transition);
		int ticks = ticksToFire(transition, periodMs);
		String stimulus = stimulusName(source, transition);
		boolean selfTransition = target.index() == source.index();
		MethodSpec.Builder method = MethodSpec.methodBuilder(name).addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L: fires on tick $L after the entry (its timeout's edge), not before, with the actions"
						+ " in order;\neach guard term alone holds it back.\n$L\n",
						StateMachineEmitter.describe(source, transition, target), ticks,
						SourceFiles.traceLine(transition.trace()))
				.addComment("Model: $L: $L", transition.trace(), StateMachineEmitter.describe(source, transition,
						target))
				.addStatement("$L()", reachName(source));
		if (ticks > 1 && !selfTransition) {
			method.beginControlFlow("for (int tick = 1; tick < $L; tick++)", ticks)
					.addStatement("$L(-1)", stimulus).addStatement("tick()")
					.addStatement("assertEquals($L, machine.state(), $S + tick)", source.index(),
							"fired before its timeout, tick ")
					.addStatement("assertEquals($L, take(), $S + tick)", expectedActions(source.during(), List.of()),
							"held back: no action but " + source.name() + "'s during actions, tick ")
					.endControlFlow();
		} else if (ticks > 1) {
			method.beginControlFlow("for (int tick = 1; tick < $L; tick++)", ticks)
					.addStatement("$L(-1)", stimulus).addStatement("tick()").endControlFlow();
		}
		method.addStatement("take()").addStatement("$L(-1)", stimulus).addStatement("tick()")
				.addStatement("assertEquals($L, machine.state(), $S)", target.index(), "fired at its edge")
				.addStatement("assertEquals($L, take(), $S)", expectedActions(source.exit(), target.entry()),
						"exit actions of " + source.name() + ", then entry actions of " + target.name())
				.addStatement("$T.exercised($T.TRANSITIONS, $S)", coverage, coverage, transitionName);
		for (String term : terms) {
			method.addStatement("$T.exercised($T.GUARDS_HELD, $S)", coverage, coverage,
					ModelCoverageEmitter.guard(transitionName, term));
		}
		// each term failing alone, long past the timeout
		for (int term = 0; term < terms.size() && !selfTransition; term++) {
			method.addComment("$L fails alone", terms.get(term)).addStatement("$L()", reachName(source))
					.beginControlFlow("for (int tick = 1; tick <= $L; tick++)", ticks + 2)
					.addStatement("$L($L)", stimulus, term).addStatement("tick()")
					.addStatement("assertEquals($L, machine.state(), $S + tick)", source.index(),
							"fired although " + terms.get(term) + " does not hold, tick ")
					.addStatement("assertEquals($L, take(), $S + tick)", expectedActions(source.during(), List.of()),
							"held back: no action but " + source.name() + "'s during actions, tick ")
					.endControlFlow()
					.addStatement("$T.exercised($T.GUARDS_FAILED, $S)", coverage, coverage,
							ModelCoverageEmitter.guard(transitionName, terms.get(term)));
		}
		return method.build();
	}

	private static MethodSpec faultReactionTest(StateMachineIr machine, State from, ClassName coverage) {
		State target = machine.states().get(machine.faultReaction().target());
		int severity = machine.faultReaction().minimumSeverity().ordinal();
		MethodSpec.Builder method = MethodSpec.methodBuilder("faultReactionFrom"
				+ HarnessSources.capitalized(from.name())).addAnnotation(HarnessSources.TEST)
				.addJavadoc("$L: below its severity nothing happens, at it the machine leaves $L for $L.\n$L\n",
						ModelCoverageEmitter.faultReaction(machine, from), from.name(), target.name(),
						SourceFiles.traceLine(machine.faultReaction().trace()))
				.addComment("Model: $L", machine.faultReaction().trace())
				.addStatement("$L()", reachName(from));
		if (severity > 0) {
			method.addStatement("state.highestSeverity = $L", severity - 1).addStatement("tick()")
					.addStatement("assertEquals($L, machine.state(), $S)", from.index(), "a lower severity is no"
							+ " reason to react")
					.addStatement("assertEquals($L, take(), $S)", expectedActions(from.during(), List.of()),
							"no reaction: no action but " + from.name() + "'s during actions").addStatement("$L()", neutralName(from));
		}
		method.addStatement("state.highestSeverity = $L", severity).addStatement("tick()")
				.addStatement("assertEquals($L, machine.state())", target.index())
				.addStatement("assertEquals($L, take(), $S)", expectedActions(from.exit(), target.entry()),
						"exit actions of " + from.name() + ", then entry actions of " + target.name())
				.addStatement("$T.exercised($T.FAULT_REACTIONS, $S)", coverage, coverage,
						ModelCoverageEmitter.faultReaction(machine, from));
		return method.build();
	}
}
