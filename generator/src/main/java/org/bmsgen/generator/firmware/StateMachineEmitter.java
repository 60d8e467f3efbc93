package org.bmsgen.generator.firmware;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.Direction;
import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.ScaledUnit;
import org.bmsgen.generator.ir.StateMachineIr;
import org.bmsgen.generator.ir.StateMachineIr.Action;
import org.bmsgen.generator.ir.StateMachineIr.Comparison;
import org.bmsgen.generator.ir.StateMachineIr.Event;
import org.bmsgen.generator.ir.StateMachineIr.FlagTest;
import org.bmsgen.generator.ir.StateMachineIr.State;
import org.bmsgen.generator.ir.StateMachineIr.TimeoutBasis;
import org.bmsgen.generator.ir.StateMachineIr.Transition;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code MachineActions.java}, the interface through which the state machines act on the board (implemented by the
 * firmware's main class), and one {@code <Name>StateMachine.java} per modelled machine, printed from its execution
 * table ({@link StateMachineIr}).
 * <p>
 * The semantics every generated machine has, one control tick at a time:
 * <ol>
 * <li>the events posted since the previous tick are taken (and so consumed, used or not); an event posted during
 * the tick, from an action, waits for the next one;</li>
 * <li>the periods-in-state counter advances;</li>
 * <li>the fault reaction, from every state but its target: when {@code state.highestSeverity} is at least its
 * severity, the machine leaves the current state for the target and nothing else happens this tick;</li>
 * <li>otherwise the current state's transitions in table order (priority, then model order): each with a
 * guard-held timeout first updates its counter (consecutive ticks the guard held, the first included), then the
 * first whose event was taken, whose comparisons and flags hold and whose timeout has run out fires: exit actions
 * of the source, entry actions of the target, counters reset. At most one transition a tick;</li>
 * <li>no transition: the state's during actions;</li>
 * <li>the state index is written to {@code state.machineState}.</li>
 * </ol>
 * Timeouts follow the protection delays' rule ({@code ProtectionIr}): a guard-held timeout of N periods fires on
 * the tick where the guard has held on more than N consecutive ticks, and a time-in-state timeout fires on the
 * N-th tick after the entry; both fire no earlier than modelled and at most one period later.
 */
public final class StateMachineEmitter {

	public static final String ACTIONS_TYPE_NAME = "MachineActions";

	static final int FLAG_CHARGING = 1;
	static final int FLAG_BALANCING = 2;
	static final int FLAG_FAULT_ACTIVE = 4;
	static final int FLAG_WARNING_ACTIVE = 8;

	/** The state machine's class name: {@code Control} -> {@code ControlStateMachine}. */
	public static String typeName(StateMachineIr machine) {
		String name = machine.name();
		return Character.toUpperCase(name.charAt(0)) + name.substring(1) + "StateMachine";
	}

	/** MachineActions and every machine's class. */
	public List<GeneratedSource> emit(PackIr pack) {
		List<GeneratedSource> sources = new ArrayList<>();
		sources.add(actions(pack));
		for (StateMachineIr machine : pack.stateMachines()) {
			sources.add(machine(pack, machine));
		}
		return sources;
	}

	// ------------------------------------------------------------------ MachineActions

	GeneratedSource actions(PackIr pack) {
		TypeSpec.Builder type = TypeSpec.interfaceBuilder(ACTIONS_TYPE_NAME).addModifiers(Modifier.PUBLIC)
				.addJavadoc("What pack $L's state machines do to the board: their entry, during and exit actions call"
						+ " these. The firmware's main class implements them; a FET request is combined there with what"
						+ " the protections allow, so no action can switch a protection off.\n$L\n", pack.name(),
						SourceFiles.traceLine(pack.trace()));
		type.addField(SourceFiles.intConstant("FET_CHARGE", StateMachineIr.FET_CHARGE, "The charge FET in a FET mask.",
				pack.trace()));
		type.addField(SourceFiles.intConstant("FET_DISCHARGE", StateMachineIr.FET_DISCHARGE, "The discharge FET in a"
				+ " FET mask.", pack.trace()));
		type.addField(SourceFiles.intConstant("FLAG_CHARGING", FLAG_CHARGING, "Tick flag {@code charging}: the pack is"
				+ " being charged.", pack.trace()));
		type.addField(SourceFiles.intConstant("FLAG_BALANCING", FLAG_BALANCING, "Tick flag {@code balancing}: cells are"
				+ " bleeding.", pack.trace()));
		type.addField(SourceFiles.intConstant("FLAG_FAULT_ACTIVE", FLAG_FAULT_ACTIVE, "Tick flag {@code fault-active}:"
				+ " a protection is tripped.", pack.trace()));
		type.addField(SourceFiles.intConstant("FLAG_WARNING_ACTIVE", FLAG_WARNING_ACTIVE, "Tick flag {@code"
				+ " warning-active}: a protection is past its warning level.", pack.trace()));
		type.addMethod(abstractMethod("enableFets", "Model action {@code enable}: switch these FETs on (as far as the"
				+ " protections allow).", TypeName.INT, "mask", "FET_CHARGE and/or FET_DISCHARGE"));
		type.addMethod(abstractMethod("disableFets", "Model action {@code disable}: switch these FETs off.",
				TypeName.INT, "mask", "FET_CHARGE and/or FET_DISCHARGE"));
		type.addMethod(abstractMethod("startBalancing", "Model action {@code start balancing}: the balancing"
				+ " controller may bleed cells.", null, null, null));
		type.addMethod(abstractMethod("stopBalancing", "Model action {@code stop balancing}: no cell bleeds.", null,
				null, null));
		type.addMethod(abstractMethod("logEvent", "Model action {@code log event}: queue an event record in the flash"
				+ " log.", TypeName.INT, "code", "the event code of the log layout"));
		type.addMethod(abstractMethod("sendCanMessage", "Model action {@code send}: send a CAN message now, outside"
				+ " its period.", TypeName.INT, "index", "the message's index in model order"));
		type.addMethod(abstractMethod("enterShipMode", "Model action {@code enter ship-mode}: the AFE's SHIP"
				+ " sequence.", null, null, null));
		type.addMethod(abstractMethod("configureAfe", "Model action {@code configure afe}: (re)start the AFE and"
				+ " program its protections.", null, null, null));
		type.addMethod(abstractMethod("clearFaults", "Model action {@code clear faults}: clear the latched"
				+ " protections whose condition is gone.", null, null, null));
		return SourceFiles.file(pack, "State machine actions", type.build());
	}

	private static MethodSpec abstractMethod(String name, String javadoc, TypeName parameterType, String parameter,
			String parameterJavadoc) {
		MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
				.addJavadoc("$L\n", javadoc);
		if (parameter != null) {
			method.addParameter(parameterType, parameter).addJavadoc("\n@param $L $L\n", parameter, parameterJavadoc);
		}
		return method.build();
	}

	// ------------------------------------------------------------------ <Name>StateMachine

	GeneratedSource machine(PackIr pack, StateMachineIr machine) {
		String packageName = FirmwarePackage.of(pack, FirmwareImage.STM32);
		ClassName actions = ClassName.get(packageName, ACTIONS_TYPE_NAME);
		ClassName packState = ClassName.get(packageName, PackStateEmitter.TYPE_NAME);
		ClassName protectionTable = ClassName.get(packageName, ProtectionTableEmitter.TYPE_NAME);
		Map<Transition, Integer> heldSlots = heldSlots(machine);
		String machineName = machine.name();

		TypeSpec.Builder type = TypeSpec.classBuilder(typeName(machine)).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("State machine $L of pack $L, one step per control tick of $L ms. Each tick: the events"
						+ " posted since the last tick are taken;\nthe fault reaction (from every state but its target)"
						+ " comes first; else the current state's transitions in table order\n(priority, then model"
						+ " order), the first that holds fires; at most one transition a tick. A timeout of N periods"
						+ " fires\nno earlier than modelled and at most one period later (the protection delays' rule)."
						+ "\n$L\n", machineName, pack.name(), pack.control().periodMs(),
						SourceFiles.traceLine(machine.trace()));
		for (State state : machine.states()) {
			type.addField(SourceFiles.intConstant(stateConstant(state), state.index(), "State " + state.name()
					+ (state.index() == machine.initialState() ? " (initial)" : "") + ".", state.trace()));
		}
		type.addField(SourceFiles.intConstant("EVENT_NONE", 0, "No event: {@link #post(int)} ignores it.",
				machine.trace()));
		for (Event event : Event.values()) {
			if (event != Event.NONE) {
				type.addField(SourceFiles.intConstant(eventConstant(event), event.ordinal(), "Event {@code "
						+ keyword(event) + "}, for {@link #post(int)}.", machine.trace()));
			}
		}
		type.addField(FieldSpec.builder(TypeName.INT, "NO_TRANSITION", Modifier.PRIVATE, Modifier.STATIC,
				Modifier.FINAL).initializer("-1").addJavadoc("What {@code nextState} returns when no transition"
						+ " fires.\n").build());
		type.addField(FieldSpec.builder(actions, "actions", Modifier.PRIVATE, Modifier.FINAL).build());
		if (!heldSlots.isEmpty()) {
			type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "heldPeriods", Modifier.PRIVATE,
					Modifier.FINAL).addJavadoc("Per guard-held timeout: consecutive ticks its guard has held in the"
							+ " current state, the first included.\n").build());
		}
		type.addField(FieldSpec.builder(TypeName.INT, "current", Modifier.PRIVATE).addJavadoc("The current state,"
				+ " a STATE_ constant.\n").build());
		type.addField(FieldSpec.builder(TypeName.INT, "periodsInState", Modifier.PRIVATE).addJavadoc("Ticks since the"
				+ " current state was entered.\n").build());
		type.addField(FieldSpec.builder(TypeName.INT, "pendingEvents", Modifier.PRIVATE).addJavadoc("Events posted"
				+ " since the last tick, bit = EVENT_ constant.\n").build());

		MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addParameter(actions, "actions")
				.addJavadoc("A machine that acts through {@code actions}; call {@link #start()} before the first"
						+ " tick.\n$L\n",
						SourceFiles.traceLine(machine.trace()))
				.addStatement("this.actions = actions");
		if (!heldSlots.isEmpty()) {
			constructor.addStatement("this.heldPeriods = new int[$L]", heldSlots.size());
		}
		constructor.addStatement("this.current = $L", stateConstant(machine.states().get(machine.initialState())));
		type.addMethod(constructor.build());

		State initial = machine.states().get(machine.initialState());
		type.addMethod(MethodSpec.methodBuilder("start").addModifiers(Modifier.PUBLIC)
				.addJavadoc("Enters the initial state $L and runs its entry actions; drops any event posted before.\n$L\n",
						initial.name(), SourceFiles.traceLine(initial.trace()))
				.addStatement("pendingEvents = 0").addStatement("enter($L)", stateConstant(initial)).build());

		type.addMethod(MethodSpec.methodBuilder("post").addModifiers(Modifier.PUBLIC)
				.addParameter(TypeName.INT, "event")
				.addJavadoc("Posts an event for the next tick, which consumes it whether a transition uses it or not;"
						+ " an event posted twice\nbefore a tick counts once. {@code event} is an EVENT_ constant; other values are ignored.\n$L\n",
						SourceFiles.traceLine(machine.trace()))
				.beginControlFlow("if (event > EVENT_NONE && event <= $L)", eventConstant(Event.values()[Event.values().length - 1]))
				.addStatement("pendingEvents |= 1 << event").endControlFlow().build());

		type.addMethod(tick(pack, machine, packState, protectionTable));
		type.addMethod(MethodSpec.methodBuilder("state").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("The current state, a STATE_ constant (what a {@code state of $L} signal carries).\n$L\n", machineName, SourceFiles.traceLine(machine.trace()))
				.addStatement("return current").build());
		type.addMethod(nextState(machine, packState, heldSlots));
		type.addMethod(transitionTo());
		type.addMethod(actionsSwitch(machine, "enter", "target", "Enters a state: resets its timers and runs its entry"
				+ " actions.", State::entry, true, heldSlots));
		type.addMethod(actionsSwitch(machine, "exit", "source", "Runs a state's exit actions.", State::exit, false,
				heldSlots));
		if (machine.states().stream().anyMatch(s -> !s.during().isEmpty())) {
			type.addMethod(actionsSwitch(machine, "during", "stayed", "Runs a state's during actions (a tick without a"
					+ " transition).", State::during, false, heldSlots));
		}
		return SourceFiles.file(pack, "State machine " + machineName, type.build());
	}

	private static MethodSpec tick(PackIr pack, StateMachineIr machine, ClassName packState, ClassName protectionTable) {
		MethodSpec.Builder tick = MethodSpec.methodBuilder("tick").addModifiers(Modifier.PUBLIC)
				.addParameter(packState, "state").addParameter(TypeName.INT, "flags")
				.addJavadoc("One control tick: the fault reaction, else at most one of the current state's"
						+ " transitions, else the\nstate's during actions; then the state is written to {@code"
						+ " state.machineState}.\nGuards read {@code state.measurement(..)}, the fault"
						+ " reaction {@code state.highestSeverity}; {@code flags} are the MachineActions.FLAG_ bits that"
						+ " hold this tick.\n$L\n", SourceFiles.traceLine(machine.trace()))
				.addStatement("int events = pendingEvents").addStatement("pendingEvents = 0")
				.beginControlFlow("if (periodsInState < Integer.MAX_VALUE)").addStatement("periodsInState++")
				.endControlFlow();
		StateMachineIr.FaultReaction reaction = machine.faultReaction();
		boolean hasDuring = machine.states().stream().anyMatch(s -> !s.during().isEmpty());
		if (reaction != null) {
			State target = machine.states().get(reaction.target());
			tick.addComment("$L: on any $L -> $L, from every state but $L, before the state's own transitions",
					reaction.trace(), reaction.minimumSeverity().name().toLowerCase(Locale.ROOT), target.name(),
					target.name())
					.beginControlFlow("if (state.highestSeverity >= $T.SEVERITY_$L && current != $L)", protectionTable,
							reaction.minimumSeverity().name(), stateConstant(target))
					.addStatement("transitionTo($L)", stateConstant(target))
					.nextControlFlow("else");
		}
		tick.addStatement("int target = nextState(state, flags, events)")
				.beginControlFlow("if (target != NO_TRANSITION)").addStatement("transitionTo(target)");
		if (hasDuring) {
			tick.nextControlFlow("else").addStatement("during(current)");
		}
		tick.endControlFlow();
		if (reaction != null) {
			tick.endControlFlow();
		}
		tick.addStatement("state.machineState[$T.MACHINE_$L] = current", packState,
				PackStateEmitter.constantName(machine.name()));
		return tick.build();
	}

	private static MethodSpec nextState(StateMachineIr machine, ClassName packState,
			Map<Transition, Integer> heldSlots) {
		MethodSpec.Builder method = MethodSpec.methodBuilder("nextState").addModifiers(Modifier.PRIVATE)
				.returns(TypeName.INT).addParameter(packState, "state").addParameter(TypeName.INT, "flags")
				.addParameter(TypeName.INT, "events")
				.addJavadoc("The target of the first transition of the current state that holds this tick (table"
						+ " order), or NO_TRANSITION;\nupdates the guard-held counters on the way.\n")
				.beginControlFlow("switch (current)");
		for (State state : machine.states()) {
			method.addCode("case $L: // $L\n", stateConstant(state), state.trace()).addCode("$>");
			boolean unconditional = false;
			for (Transition transition : state.transitions()) {
				if (unconditional) {
					// after a transition that always fires, the rest of the table can never be reached
					break;
				}
				CodeBlock.Builder code = CodeBlock.builder();
				unconditional = transitionCode(machine, state, transition, packState, heldSlots, code);
				method.addCode(code.build());
			}
			if (!unconditional) {
				method.addStatement("return NO_TRANSITION");
			}
			method.addCode("$<");
		}
		method.addCode("default:\n").addStatement("$>return NO_TRANSITION$<").endControlFlow();
		return method.build();
	}

	/** Prints one transition's test; true when it always fires (no event, guard or timeout). */
	private static boolean transitionCode(StateMachineIr machine, State state, Transition transition,
			ClassName packState, Map<Transition, Integer> heldSlots, CodeBlock.Builder code) {
		State target = machine.states().get(transition.target());
		code.add("// $L: $L\n", transition.trace(), describe(state, transition, target));
		List<CodeBlock> guard = new ArrayList<>();
		for (Comparison comparison : transition.comparisons()) {
			guard.add(CodeBlock.of("state.measurement($T.$L) $L $L", packState,
					PackStateEmitter.measurementConstant(comparison.measurement()),
					comparison.direction() == Direction.ABOVE ? ">" : "<",
					SourceFiles.toInt(machine.name() + " guard", comparison.threshold())));
		}
		for (FlagTest flag : transition.flags()) {
			guard.add(CodeBlock.of("(flags & MachineActions.FLAG_$L) $L 0", flag.flag().name(),
					flag.required() ? "!=" : "=="));
		}
		List<CodeBlock> fires = new ArrayList<>();
		if (transition.event() != Event.NONE) {
			fires.add(CodeBlock.of("(events & (1 << $L)) != 0", eventConstant(transition.event())));
		}
		if (transition.timeoutBasis() == TimeoutBasis.GUARD_HELD) {
			int slot = heldSlots.get(transition);
			code.beginControlFlow("if ($L)", CodeBlock.join(guard, " && "))
					.beginControlFlow("if (heldPeriods[$L] < Integer.MAX_VALUE)", slot)
					.addStatement("heldPeriods[$L]++", slot).endControlFlow()
					.nextControlFlow("else").addStatement("heldPeriods[$L] = 0", slot).endControlFlow();
			fires.add(CodeBlock.of("heldPeriods[$L] > $L", slot, transition.timeoutPeriods()));
		} else {
			fires.addAll(guard);
			if (transition.timeoutBasis() == TimeoutBasis.TIME_IN_STATE) {
				fires.add(CodeBlock.of("periodsInState >= $L", transition.timeoutPeriods()));
			}
		}
		if (fires.isEmpty()) {
			code.addStatement("return $L", stateConstant(target));
			return true;
		}
		code.beginControlFlow("if ($L)", CodeBlock.join(fires, " && ")).addStatement("return $L", stateConstant(target))
				.endControlFlow();
		return false;
	}

	/** The transition as the model says it, with the IR's units and period counts: for the comment above it. */
	static String describe(State source, Transition transition, State target) {
		List<String> parts = new ArrayList<>();
		if (transition.priority() != 0) {
			parts.add("priority " + transition.priority() + ",");
		}
		if (transition.event() != Event.NONE) {
			parts.add("on " + keyword(transition.event()));
		}
		List<String> guard = new ArrayList<>();
		for (Comparison comparison : transition.comparisons()) {
			guard.add(comparison.measurement().keyword() + " " + (comparison.direction() == Direction.ABOVE ? "above"
					: "below") + " " + comparison.threshold() + " " + unit(comparison.measurement().unit()));
		}
		for (FlagTest flag : transition.flags()) {
			guard.add((flag.required() ? "" : "not ") + keyword(flag.flag()));
		}
		if (!guard.isEmpty()) {
			parts.add("when " + String.join(" and ", guard));
		}
		if (transition.timeoutBasis() != TimeoutBasis.NONE) {
			parts.add("after " + transition.timeoutMs() + " ms (" + transition.timeoutPeriods() + " periods"
					+ (transition.timeoutBasis() == TimeoutBasis.GUARD_HELD ? " the guard held)" : " in state)"));
		}
		parts.add("-> " + target.name());
		return source.name() + ": " + String.join(" ", parts);
	}

	private static String unit(ScaledUnit unit) {
		return switch (unit) {
		case MILLIVOLT -> "mV";
		case MILLIAMPERE -> "mA";
		case BASIS_POINT -> "bp";
		case CENTI_DEGREE_CELSIUS -> "cdegC";
		default -> unit.name().toLowerCase(Locale.ROOT);
		};
	}

	private static MethodSpec transitionTo() {
		return MethodSpec.methodBuilder("transitionTo").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "target")
				.addJavadoc("Leaves the current state (exit actions) and enters {@code target} (entry actions).\n")
				.addStatement("exit(current)").addStatement("enter(target)").build();
	}

	private interface ActionsOf {
		List<Action> of(State state);
	}

	private static MethodSpec actionsSwitch(StateMachineIr machine, String name, String parameter, String javadoc,
			ActionsOf actionsOf, boolean entering, Map<Transition, Integer> heldSlots) {
		MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, parameter).addJavadoc("$L\n", javadoc);
		if (entering) {
			method.addStatement("current = $L", parameter).addStatement("periodsInState = 0");
			if (!heldSlots.isEmpty()) {
				method.beginControlFlow("for (int i = 0; i < heldPeriods.length; i++)")
						.addStatement("heldPeriods[i] = 0").endControlFlow();
			}
		}
		method.beginControlFlow("switch ($L)", parameter);
		for (State state : machine.states()) {
			List<Action> actions = actionsOf.of(state);
			if (actions.isEmpty()) {
				continue;
			}
			method.addCode("case $L: // $L\n", stateConstant(state), state.trace()).addCode("$>");
			for (Action action : actions) {
				method.addCode("$L; // $L$L\n", actionCall(action), action.trace(), actionComment(action));
			}
			method.addStatement("break").addCode("$<");
		}
		return method.addCode("default:\n").addStatement("$>break$<").endControlFlow().build();
	}

	private static CodeBlock actionCall(Action action) {
		return switch (action.code()) {
		case ENABLE_FETS -> CodeBlock.of("actions.enableFets($L)", fetMask(action.operand()));
		case DISABLE_FETS -> CodeBlock.of("actions.disableFets($L)", fetMask(action.operand()));
		case START_BALANCING -> CodeBlock.of("actions.startBalancing()");
		case STOP_BALANCING -> CodeBlock.of("actions.stopBalancing()");
		case LOG_EVENT -> CodeBlock.of("actions.logEvent($L)", action.operand());
		case SEND_CAN_MESSAGE -> CodeBlock.of("actions.sendCanMessage($L)", action.operand());
		case ENTER_SHIP_MODE -> CodeBlock.of("actions.enterShipMode()");
		case CONFIGURE_AFE -> CodeBlock.of("actions.configureAfe()");
		case CLEAR_FAULTS -> CodeBlock.of("actions.clearFaults()");
		};
	}

	private static String actionComment(Action action) {
		return switch (action.code()) {
		case LOG_EVENT -> ", event " + action.operandName();
		case SEND_CAN_MESSAGE -> ", message " + action.operandName();
		default -> "";
		};
	}

	private static String fetMask(int mask) {
		List<String> fets = new ArrayList<>();
		if ((mask & StateMachineIr.FET_CHARGE) != 0) {
			fets.add("MachineActions.FET_CHARGE");
		}
		if ((mask & StateMachineIr.FET_DISCHARGE) != 0) {
			fets.add("MachineActions.FET_DISCHARGE");
		}
		return fets.isEmpty() ? "0" : String.join(" | ", fets);
	}

	/** One counter slot per guard-held timeout, numbered in state then table order. */
	private static Map<Transition, Integer> heldSlots(StateMachineIr machine) {
		Map<Transition, Integer> slots = new IdentityHashMap<>();
		for (State state : machine.states()) {
			for (Transition transition : state.transitions()) {
				if (transition.timeoutBasis() == TimeoutBasis.GUARD_HELD) {
					slots.put(transition, slots.size());
				}
			}
		}
		return slots;
	}

	static String stateConstant(State state) {
		return "STATE_" + PackStateEmitter.constantName(state.name());
	}

	static String eventConstant(Event event) {
		return "EVENT_" + event.name();
	}

	private static String keyword(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}
}
