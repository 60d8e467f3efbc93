package org.bmsgen.dsl.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.bmsgen.dsl.bms.Action;
import org.bmsgen.dsl.bms.BalancingAction;
import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.FaultReaction;
import org.bmsgen.dsl.bms.FetAction;
import org.bmsgen.dsl.bms.FetKind;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.SendAction;
import org.bmsgen.dsl.bms.Severity;
import org.bmsgen.dsl.bms.StateMachine;
import org.bmsgen.dsl.bms.Transition;
import org.bmsgen.dsl.statemachine.GuardRegion;
import org.bmsgen.dsl.units.Measurements;
import org.bmsgen.dsl.variant.EffectivePack;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;

/**
 * Checks of the pack's state machines. On the bench they prevent a controller that never leaves its
 * fault state once entered (FETs open until someone reflashes), states nobody can reach (dead code a
 * safety review asks about), two transitions racing on the same condition (which one the firmware takes
 * would depend on source order), transitions that fire every control cycle, and actions that cannot be
 * carried out (a message that is not sent on this pack's bus, balancing without a balancing block, a FET
 * switched on and off in the same breath).
 * Machine-internal checks look at the machine as written (a variant replaces a machine as a whole);
 * actions are checked against the variant's {@link EffectivePack}, since they refer to the pack's parts.
 * (The model's {@code State} is written out in full: the validator base class has a nested type of that name.)
 */
public class StateMachineChecks extends BmsChecks {

	@Check
	public void checkInitialState(StateMachine machine) {
		org.bmsgen.dsl.bms.State initial = machine.getInitial();
		if (initial != null && !initial.eIsProxy() && machine.getStates().contains(initial)) {
			return;
		}
		String states = stateNames(machine);
		if (initial == null && machine.getStates().isEmpty()) {
			error("state machine " + machine.getName() + " has no states: declare at least the initial state",
					machine, BmsPackage.Literals.STATE_MACHINE__NAME, IssueCodes.NO_INITIAL_STATE);
			return;
		}
		String written = writtenText(machine, BmsPackage.Literals.STATE_MACHINE__INITIAL);
		String what = written.isEmpty() ? "has no initial state" : "starts in '" + written + "', which is not one of its states";
		// data: the name written after 'initial' (a state to add), then the machine's states (one to start in)
		List<String> data = new ArrayList<>();
		data.add(written);
		machine.getStates().stream().map(org.bmsgen.dsl.bms.State::getName).filter(Objects::nonNull).distinct()
				.forEach(data::add);
		error("state machine " + machine.getName() + " " + what + ": the initial state must be one of "
				+ (states.isEmpty() ? "its states (it has none)" : states), machine,
				initial == null ? BmsPackage.Literals.STATE_MACHINE__NAME : BmsPackage.Literals.STATE_MACHINE__INITIAL,
				IssueCodes.NO_INITIAL_STATE, data.toArray(new String[0]));
	}

	/** Unreachable states are errors: in safety firmware a state no path leads to is dead code to justify. */
	@Check
	public void checkStatesReachable(StateMachine machine) {
		org.bmsgen.dsl.bms.State initial = validInitial(machine);
		if (initial == null) {
			return;
		}
		Set<org.bmsgen.dsl.bms.State> reachable = reachableFrom(List.of(initial));
		FaultReaction reaction = machine.getFaultReaction();
		if (isOwnState(machine, reaction == null ? null : reaction.getTarget())) {
			Set<org.bmsgen.dsl.bms.State> withFaults = new LinkedHashSet<>(reachable);
			withFaults.addAll(reachableFrom(List.of(reaction.getTarget())));
			reachable = withFaults;
		}
		for (org.bmsgen.dsl.bms.State state : machine.getStates()) {
			if (!reachable.contains(state)) {
				error("state " + state.getName() + " of " + machine.getName() + " cannot be reached from the initial state "
						+ initial.getName() + " through any transition or the fault reaction: add a transition to it or remove it",
						state, BmsPackage.Literals.STATE__NAME, IssueCodes.UNREACHABLE_STATE);
			}
		}
	}

	/**
	 * The fault reaction's target, and every state only the fault path leads to, must lead back to a state of
	 * normal operation; only a reaction to {@code permanent} faults may end in a state that is never left.
	 */
	@Check
	public void checkWayOutOfFault(StateMachine machine) {
		org.bmsgen.dsl.bms.State initial = validInitial(machine);
		FaultReaction reaction = machine.getFaultReaction();
		if (initial == null || reaction == null || reaction.getSeverity() == Severity.PERMANENT
				|| !isOwnState(machine, reaction.getTarget())) {
			return;
		}
		org.bmsgen.dsl.bms.State target = reaction.getTarget();
		Set<org.bmsgen.dsl.bms.State> normal = reachableFrom(List.of(initial));
		Set<org.bmsgen.dsl.bms.State> faultStates = new LinkedHashSet<>();
		// a reaction into the initial state is a restart: from there the normal path is the way on
		if (target != initial) {
			faultStates.add(target);
		}
		for (org.bmsgen.dsl.bms.State state : reachableFrom(List.of(target))) {
			if (!normal.contains(state)) {
				faultStates.add(state);
			}
		}
		Set<org.bmsgen.dsl.bms.State> nonFault = new LinkedHashSet<>(normal);
		nonFault.removeAll(faultStates);
		for (org.bmsgen.dsl.bms.State state : faultStates) {
			Set<org.bmsgen.dsl.bms.State> onward = successorsClosure(state);
			if (onward.stream().noneMatch(nonFault::contains)) {
				String kind = state == target ? "is where the fault reaction 'on any " + reaction.getSeverity().getLiteral() + "' goes"
						: "is entered only after a fault";
				String back = nonFault.isEmpty() ? initial.getName() : nonFault.iterator().next().getName();
				error("state " + state.getName() + " " + kind + " but no transition path leads from it back to normal operation ("
						+ (nonFault.isEmpty() ? "no such state" : names(nonFault)) + "): the pack would stay off until reset;"
						+ " add e.g. 'on clear-faults -> " + back
						+ "', or react with 'on any permanent' if that is intended", state, BmsPackage.Literals.STATE__NAME,
						IssueCodes.NO_WAY_OUT_OF_FAULT, "on clear-faults -> " + back);
			}
		}
	}

	/** Severity order of a fault reaction: 'on any warning' also reacts to faults, 'on any permanent' only to those. */
	@Check
	public void checkFaultReaction(StateMachine machine) {
		FaultReaction reaction = machine.getFaultReaction();
		if (reaction == null) {
			warning("state machine " + machine.getName() + " has no fault reaction: a protection fault would not change its state;"
					+ " add 'on any fault -> <fault state>'", machine, BmsPackage.Literals.STATE_MACHINE__NAME,
					IssueCodes.NO_FAULT_REACTION, machine.getStates().stream().map(org.bmsgen.dsl.bms.State::getName)
							.filter(name -> name != null && name.toLowerCase(java.util.Locale.ROOT).contains("fault"))
							.map(name -> "on any fault -> " + name).toArray(String[]::new));
		} else if (reaction.getSeverity() == Severity.PERMANENT) {
			warning("state machine " + machine.getName() + " reacts only to permanent faults: an ordinary fault would not change"
					+ " its state; use 'on any fault' (permanent faults are included)", reaction,
					BmsPackage.Literals.FAULT_REACTION__SEVERITY, IssueCodes.NO_FAULT_REACTION, Severity.FAULT.getLiteral());
		}
	}

	@Check
	public void checkDuplicateStates(StateMachine machine) {
		Map<String, List<org.bmsgen.dsl.bms.State>> byName = machine.getStates().stream().filter(s -> s.getName() != null)
				.collect(Collectors.groupingBy(org.bmsgen.dsl.bms.State::getName, LinkedHashMap::new, Collectors.toList()));
		for (List<org.bmsgen.dsl.bms.State> same : byName.values()) {
			if (same.size() > 1) {
				for (org.bmsgen.dsl.bms.State state : same.subList(1, same.size())) {
					error("state " + state.getName() + " is declared " + same.size() + " times in " + machine.getName()
							+ ": transitions to it would be ambiguous; rename or merge the states", state,
							BmsPackage.Literals.STATE__NAME, IssueCodes.DUPLICATE_STATE);
				}
			}
		}
	}

	@Check
	public void checkTransitionTrigger(Transition transition) {
		if (transition.getTrigger() == null && transition.getGuard() == null && transition.getTimeout() == null) {
			error("transition" + target(transition) + " has no event, guard or timeout: it would fire on every control cycle;"
					+ " give it an 'on', 'when' or 'after'", transition, BmsPackage.Literals.TRANSITION__TARGET,
					IssueCodes.TRANSITION_WITHOUT_TRIGGER);
		}
	}

	/**
	 * Two transitions of a state compete when they wait for the same event (or none), both or neither wait
	 * for a timeout, share a priority and their guards can hold at once; which one fires would then depend on
	 * the order they are written in. Guards are decided exactly by {@link GuardRegion}.
	 */
	@Check
	public void checkOverlappingTransitions(org.bmsgen.dsl.bms.State state) {
		List<Transition> transitions = state.getTransitions();
		for (int j = 1; j < transitions.size(); j++) {
			Transition later = transitions.get(j);
			for (int i = 0; i < j; i++) {
				Transition earlier = transitions.get(i);
				if (!sameTrigger(earlier, later)) {
					continue;
				}
				GuardRegion both = GuardRegion.of(earlier.getGuard()).intersect(GuardRegion.of(later.getGuard()));
				if (both.isEmpty()) {
					continue;
				}
				error("transitions" + target(earlier) + " (line " + line(earlier) + ") and" + target(later) + " of state "
						+ state.getName() + " can both fire (" + trigger(later) + ", priority " + later.getPriority()
						+ ", when " + both.describe(Measurements::baseUnitOf)
						+ "): make the guards exclusive or give them different priorities", later,
						later.getGuard() != null ? BmsPackage.Literals.TRANSITION__GUARD : BmsPackage.Literals.TRANSITION__TARGET,
						IssueCodes.OVERLAPPING_TRANSITIONS);
				break;
			}
		}
	}

	/** Sending and balancing refer to the pack's parts, so they are checked against the variant as a whole. */
	@Check
	public void checkActions(Pack pack) {
		EffectivePack effective = effective(pack);
		Set<String> messages = effective.canMessages().stream().map(CanMessage::getName).collect(Collectors.toSet());
		for (StateMachine machine : effective.stateMachines()) {
			for (org.bmsgen.dsl.bms.State state : machine.getStates()) {
				checkActionList(effective, state, state.getEntryActions(), messages);
				checkActionList(effective, state, state.getDuringActions(), messages);
				checkActionList(effective, state, state.getExitActions(), messages);
			}
		}
	}

	private void checkActionList(EffectivePack pack, org.bmsgen.dsl.bms.State state, List<Action> actions,
			Set<String> messages) {
		for (Action action : actions) {
			if (action instanceof SendAction send) {
				// EffectivePack's copies drop references to what they did not copy: read the written action
				CanMessage message = ((SendAction) pack.originOf(send)).getMessage();
				if (message != null && !message.eIsProxy() && !isMessageOf(pack, message, messages)) {
					errorIn(pack, send, BmsPackage.Literals.SEND_ACTION__MESSAGE, "state " + state.getName() + " sends "
							+ message.getName() + ", which is not a CAN message of pack " + pack.pack().getName()
							+ ": send one of " + (messages.isEmpty() ? "its messages (it has none)" : String.join(", ", messages)),
							IssueCodes.ACTION_INVALID);
				}
			} else if (action instanceof BalancingAction balancing && balancing.isStart() && pack.balancing() == null) {
				errorIn(pack, balancing, BmsPackage.Literals.BALANCING_ACTION__START, "state " + state.getName()
						+ " starts balancing but pack " + pack.pack().getName()
						+ " has no balancing block: add 'balancing passive { ... }' or remove the action",
						IssueCodes.ACTION_INVALID);
			}
		}
	}

	/** Switching a FET both ways in one action list leaves its state to action order: a glitch on the bench. */
	@Check
	public void checkFetActionsConsistent(org.bmsgen.dsl.bms.State state) {
		checkFetList(state, "entry", state.getEntryActions());
		checkFetList(state, "during", state.getDuringActions());
		checkFetList(state, "exit", state.getExitActions());
	}

	private void checkFetList(org.bmsgen.dsl.bms.State state, String list, List<Action> actions) {
		Set<FetKind> enabled = EnumSet.noneOf(FetKind.class);
		Set<FetKind> disabled = EnumSet.noneOf(FetKind.class);
		for (Action action : actions) {
			if (action instanceof FetAction fets) {
				Set<FetKind> mine = fets.isEnable() ? enabled : disabled;
				Set<FetKind> other = fets.isEnable() ? disabled : enabled;
				for (FetKind fet : fets.getFets()) {
					if (other.contains(fet)) {
						error("the " + list + " actions of state " + state.getName() + " both enable and disable the "
								+ fet.getLiteral() + " FET: the FET's final state would depend on action order; keep one",
								fets, BmsPackage.Literals.FET_ACTION__FETS, IssueCodes.ACTION_INVALID);
					}
					mine.add(fet);
				}
			}
		}
	}

	private static boolean isMessageOf(EffectivePack pack, CanMessage message, Set<String> messages) {
		Pack owner = org.eclipse.xtext.EcoreUtil2.getContainerOfType(message, Pack.class);
		return messages.contains(message.getName()) && owner != null && pack.lineage().contains(owner);
	}

	private static boolean sameTrigger(Transition a, Transition b) {
		Object eventA = a.getTrigger() == null ? null : a.getTrigger().getEvent();
		Object eventB = b.getTrigger() == null ? null : b.getTrigger().getEvent();
		return Objects.equals(eventA, eventB) && (a.getTimeout() == null) == (b.getTimeout() == null)
				&& a.getPriority() == b.getPriority();
	}

	private static String trigger(Transition transition) {
		String event = transition.getTrigger() == null || transition.getTrigger().getEvent() == null ? "no event"
				: "on " + transition.getTrigger().getEvent().getLiteral();
		return transition.getTimeout() == null ? event : event + ", both after a timeout";
	}

	private static String target(Transition transition) {
		org.bmsgen.dsl.bms.State target = transition.getTarget();
		return target == null || target.eIsProxy() ? "" : " to " + target.getName();
	}

	private static int line(Transition transition) {
		INode node = NodeModelUtils.getNode(transition);
		return node == null ? 0 : node.getStartLine();
	}

	private static org.bmsgen.dsl.bms.State validInitial(StateMachine machine) {
		org.bmsgen.dsl.bms.State initial = machine.getInitial();
		return isOwnState(machine, initial) ? initial : null;
	}

	private static boolean isOwnState(StateMachine machine, org.bmsgen.dsl.bms.State state) {
		return state != null && !state.eIsProxy() && machine.getStates().contains(state);
	}

	/** States reachable from the given ones through transitions, the given ones included. */
	private static Set<org.bmsgen.dsl.bms.State> reachableFrom(List<org.bmsgen.dsl.bms.State> starts) {
		Set<org.bmsgen.dsl.bms.State> seen = new LinkedHashSet<>(starts);
		Deque<org.bmsgen.dsl.bms.State> work = new ArrayDeque<>(starts);
		while (!work.isEmpty()) {
			for (Transition transition : work.pop().getTransitions()) {
				org.bmsgen.dsl.bms.State target = transition.getTarget();
				if (target != null && !target.eIsProxy() && seen.add(target)) {
					work.push(target);
				}
			}
		}
		return seen;
	}

	/** States reachable in one or more transitions. */
	private static Set<org.bmsgen.dsl.bms.State> successorsClosure(org.bmsgen.dsl.bms.State state) {
		List<org.bmsgen.dsl.bms.State> next = new ArrayList<>();
		for (Transition transition : state.getTransitions()) {
			if (transition.getTarget() != null && !transition.getTarget().eIsProxy()) {
				next.add(transition.getTarget());
			}
		}
		return reachableFrom(next);
	}

	private static String stateNames(StateMachine machine) {
		return names(machine.getStates());
	}

	private static String names(java.util.Collection<org.bmsgen.dsl.bms.State> states) {
		return states.stream().map(org.bmsgen.dsl.bms.State::getName).filter(Objects::nonNull).collect(Collectors.joining(", "));
	}

	private static String writtenText(org.eclipse.emf.ecore.EObject object, org.eclipse.emf.ecore.EStructuralFeature feature) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(object, feature);
		return nodes.isEmpty() ? "" : NodeModelUtils.getTokenText(nodes.get(0));
	}
}
