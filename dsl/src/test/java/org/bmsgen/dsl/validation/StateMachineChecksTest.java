package org.bmsgen.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.Model;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.SendAction;
import org.bmsgen.dsl.tests.BmsInjectorProvider;
import org.bmsgen.dsl.tests.ModelSnippets;
import org.bmsgen.dsl.tests.ReportedIssues;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(BmsInjectorProvider.class)
class StateMachineChecksTest {

	@Inject
	private ModelSnippets snippets;


	private Model machine(String body) throws Exception {
		return pack("statemachine Control {\n" + body + "\n}");
	}

	private Model pack(String members) throws Exception {
		return snippets.parse("pack P {\n" + members + "\n}");
	}

	private List<Issue> issues(Model model, String code) {
		return snippets.check(model).withCode(code);
	}

	private static final String GOOD = """
			initial Init
			state Init { on afe-ready -> Run }
			state Run { on ship-mode -> Init }
			state Fault { on clear-faults -> Init }
			on any fault -> Fault
			""";

	@Test
	void checkInitialState_initialIsAState_noError() throws Exception {
		snippets.check(machine(GOOD)).assertNone(IssueCodes.NO_INITIAL_STATE);
	}

	@Test
	void checkInitialState_initialNotAState_isError() throws Exception {
		Model model = machine("initial Nowhere state Init { on wake -> Init } on any fault -> Init");
		List<Issue> found = issues(model, IssueCodes.NO_INITIAL_STATE);
		assertEquals(1, found.size(), found.toString());
		assertEquals(Severity.ERROR, found.get(0).getSeverity());
		org.junit.jupiter.api.Assertions.assertTrue(found.get(0).getMessage().contains("'Nowhere'"),
				found.get(0).getMessage());
	}

	@Test
	void checkInitialState_stateOfAnotherMachine_isError() throws Exception {
		Model model = pack("""
				statemachine One { initial Idle state Idle { on wake -> Idle } on any fault -> Idle }
				statemachine Two { initial Idle state Run { on wake -> Run } on any fault -> Run }
				""");
		// Two's "Idle" cannot be a state of One; whether it links or not, Two has no initial state of its own
		List<Issue> found = issues(model, IssueCodes.NO_INITIAL_STATE);
		assertEquals(1, found.size(), found.toString());
	}

	@Test
	void checkStatesReachable_allReachable_noError() throws Exception {
		snippets.check(machine(GOOD)).assertNone(IssueCodes.UNREACHABLE_STATE);
	}

	@Test
	void checkStatesReachable_stateWithoutIncomingTransition_isError() throws Exception {
		Model model = machine(GOOD.replace("state Run {", "state Orphan { on wake -> Run }\nstate Run {"));
		snippets.check(model).assertError(BmsPackage.Literals.STATE, IssueCodes.UNREACHABLE_STATE,
				"state Orphan of Control");
		assertEquals(1, issues(model, IssueCodes.UNREACHABLE_STATE).size());
	}

	@Test
	void checkStatesReachable_onlyThroughFaultReaction_isReachable() throws Exception {
		// Fault has no incoming transition: the fault reaction alone makes it (and what it leads to) reachable
		Model model = machine("""
				initial Init
				state Init { on afe-ready -> Init }
				state Fault { on clear-faults -> Recovering }
				state Recovering { after 5 s -> Init }
				on any fault -> Fault
				""");
		snippets.check(model).assertNone(IssueCodes.UNREACHABLE_STATE);
	}

	@Test
	void checkStatesReachable_faultStateWithoutReaction_isError() throws Exception {
		Model model = machine("""
				initial Init
				state Init { on afe-ready -> Init }
				state Fault { on clear-faults -> Init }
				""");
		snippets.check(model).assertError(BmsPackage.Literals.STATE, IssueCodes.UNREACHABLE_STATE, "state Fault");
	}

	@Test
	void checkWayOutOfFault_faultLeadsBack_noError() throws Exception {
		snippets.check(machine(GOOD)).assertNone(IssueCodes.NO_WAY_OUT_OF_FAULT);
	}

	@Test
	void checkWayOutOfFault_faultStateNeverLeft_isError() throws Exception {
		Model model = machine(GOOD.replace("state Fault { on clear-faults -> Init }",
				"state Fault { entry log event }"));
		snippets.check(model).assertError(BmsPackage.Literals.STATE, IssueCodes.NO_WAY_OUT_OF_FAULT,
				"state Fault is where the fault reaction 'on any fault' goes");
	}

	@Test
	void checkWayOutOfFault_faultOnlyStatesLoopAmongThemselves_isErrorOnEach() throws Exception {
		Model model = machine("""
				initial Init
				state Init { on afe-ready -> Run }
				state Run { on ship-mode -> Init }
				state Fault { on clear-faults -> Lockout }
				state Lockout { after 60 s -> Fault }
				on any fault -> Fault
				""");
		List<Issue> found = issues(model, IssueCodes.NO_WAY_OUT_OF_FAULT);
		assertEquals(2, found.size(), found.toString());
		snippets.check(model).assertError(BmsPackage.Literals.STATE, IssueCodes.NO_WAY_OUT_OF_FAULT,
				"state Lockout is entered only after a fault");
	}

	@Test
	void checkWayOutOfFault_permanentReaction_noError() throws Exception {
		Model model = machine(GOOD.replace("state Fault { on clear-faults -> Init }", "state Fault { entry log event }")
				.replace("on any fault", "on any permanent"));
		snippets.check(model).assertNone(IssueCodes.NO_WAY_OUT_OF_FAULT);
	}

	@Test
	void checkFaultReaction_present_noWarning() throws Exception {
		snippets.check(machine(GOOD)).assertNone(IssueCodes.NO_FAULT_REACTION);
	}

	@Test
	void checkFaultReaction_missing_isWarning() throws Exception {
		Model model = machine("initial Init state Init { on wake -> Init }");
		snippets.check(model).assertWarning(BmsPackage.Literals.STATE_MACHINE, IssueCodes.NO_FAULT_REACTION,
				"has no fault reaction");
	}

	@Test
	void checkFaultReaction_onlyPermanent_isWarning() throws Exception {
		Model model = machine("initial Init state Init { on wake -> Init } on any permanent -> Init");
		snippets.check(model).assertWarning(BmsPackage.Literals.FAULT_REACTION, IssueCodes.NO_FAULT_REACTION,
				"only to permanent");
	}

	@Test
	void checkDuplicateStates_uniqueNames_noError() throws Exception {
		snippets.check(machine(GOOD)).assertNone(IssueCodes.DUPLICATE_STATE);
	}

	@Test
	void checkDuplicateStates_sameNameTwice_isError() throws Exception {
		Model model = machine(GOOD.replace("on any fault -> Fault",
				"state Run { on wake -> Init }\non any fault -> Fault"));
		snippets.check(model).assertError(BmsPackage.Literals.STATE, IssueCodes.DUPLICATE_STATE,
				"state Run is declared 2 times");
		assertEquals(1, issues(model, IssueCodes.DUPLICATE_STATE).size());
	}

	@Test
	void checkTransitionTrigger_eventGuardOrTimeout_noError() throws Exception {
		Model model = machine("""
				initial Left
				state Left { on wake -> Right }
				state Right { when current above 1 A -> Other }
				state Other { after 5 s -> Left }
				on any fault -> Left
				""");
		snippets.check(model).assertNone(IssueCodes.TRANSITION_WITHOUT_TRIGGER);
	}

	@Test
	void checkTransitionTrigger_bareArrow_isError() throws Exception {
		Model model = machine("initial Left state Left { -> Right } state Right { on wake -> Left } on any fault -> Left");
		snippets.check(model).assertError(BmsPackage.Literals.TRANSITION, IssueCodes.TRANSITION_WITHOUT_TRIGGER,
				"transition to Right has no event, guard or timeout");
	}

	private Model standby(String transitions) throws Exception {
		return machine("initial S\nstate S {\n" + transitions
				+ "\n}\nstate Left { on wake -> S }\nstate Right { on wake -> S }\non any fault -> S");
	}

	@Test
	void checkOverlappingTransitions_disjointIntervals_noError() throws Exception {
		Model model = standby("when current above 0.2 A -> Left\nwhen current below -0.2 A -> Right");
		snippets.check(model).assertNone(IssueCodes.OVERLAPPING_TRANSITIONS);
	}

	@Test
	void checkOverlappingTransitions_touchingOpenIntervals_noError() throws Exception {
		// above 0.2 A and below 200 mA share no value: both intervals are open at 0.2 A
		Model model = standby("when current above 0.2 A -> Left\nwhen current below 200 mA -> Right");
		snippets.check(model).assertNone(IssueCodes.OVERLAPPING_TRANSITIONS);
	}

	@Test
	void checkOverlappingTransitions_nestedIntervals_isError() throws Exception {
		Model model = standby("when current above 0.2 A -> Left\nwhen current above 5 A -> Right");
		snippets.check(model).assertError(BmsPackage.Literals.TRANSITION, IssueCodes.OVERLAPPING_TRANSITIONS,
				"current above 5 A");
	}

	@Test
	void checkOverlappingTransitions_crossingIntervalsInOtherUnits_isError() throws Exception {
		Model model = standby("when current above -1 A and current below 500 mA -> Left\nwhen current above 0.4 A -> Right");
		snippets.check(model).assertError(BmsPackage.Literals.TRANSITION, IssueCodes.OVERLAPPING_TRANSITIONS,
				"current above 0.4 A and below 0.5 A");
	}

	@Test
	void checkOverlappingTransitions_negatedFlag_noError() throws Exception {
		Model model = standby("on clear-faults when not fault-active -> Left\non clear-faults when fault-active and soc above 50 % -> Right");
		snippets.check(model).assertNone(IssueCodes.OVERLAPPING_TRANSITIONS);
	}

	@Test
	void checkOverlappingTransitions_differentMeasurements_isError() throws Exception {
		Model model = standby("when soc above 90 % -> Left\nwhen max-temperature above 45 degC -> Right");
		snippets.check(model).assertError(BmsPackage.Literals.TRANSITION, IssueCodes.OVERLAPPING_TRANSITIONS,
				"max-temperature above 45 degC, soc above 90 %");
	}

	@Test
	void checkOverlappingTransitions_unguardedAndGuarded_isError() throws Exception {
		Model model = standby("on wake -> Left\non wake when charging -> Right");
		snippets.check(model).assertError(BmsPackage.Literals.TRANSITION, IssueCodes.OVERLAPPING_TRANSITIONS,
				"on wake");
	}

	@Test
	void checkOverlappingTransitions_differentEventTimeoutOrPriority_noError() throws Exception {
		Model model = standby("""
				on wake -> Left
				on ship-mode -> Right
				when charging -> Left
				when charging after 5 s -> Right
				when balancing priority 1 -> Left
				when balancing priority 2 -> Right
				""");
		snippets.check(model).assertNone(IssueCodes.OVERLAPPING_TRANSITIONS);
	}

	@Test
	void checkOverlappingTransitions_selfContradictoryGuard_noError() throws Exception {
		Model model = standby("when charging and not charging -> Left\nwhen charging -> Right");
		snippets.check(model).assertNone(IssueCodes.OVERLAPPING_TRANSITIONS);
	}

	@Test
	void checkActions_sensibleActions_noError() throws Exception {
		Model model = pack("""
				balancing passive { start above 15 mV delta }
				can message Status id 0x100 every 100 ms { signal soc 0|8 unsigned scale 0.5 % from soc }
				statemachine Control {
					initial Init
					state Init { entry disable charge,
							discharge send Status start balancing exit enable charge on wake -> Init }
					on any fault -> Init
				}
				""");
		snippets.check(model).assertNone(IssueCodes.ACTION_INVALID);
	}

	@Test
	void checkFetActionsConsistent_enableAndDisableSameFet_isError() throws Exception {
		Model model = machine("initial Init state Init { entry enable charge, discharge disable discharge on wake -> Init }"
				+ " on any fault -> Init");
		snippets.check(model).assertError(BmsPackage.Literals.FET_ACTION, IssueCodes.ACTION_INVALID,
				"both enable and disable the discharge FET");
	}

	@Test
	void checkFetActionsConsistent_sameFetInDifferentLists_noError() throws Exception {
		Model model = machine("initial Init state Init { entry enable charge disable discharge exit disable charge"
				+ " on wake -> Init } on any fault -> Init");
		snippets.check(model).assertNone(IssueCodes.ACTION_INVALID);
	}

	@Test
	void checkFetActionsConsistent_inheritedMachine_reportedOnlyWhereWritten() throws Exception {
		Model model = snippets.parse("""
				pack Base { statemachine M { initial S state S { entry enable charge disable charge on wake -> S } on any fault -> S } }
				pack Variant extends Base { }
				""");
		List<Issue> found = issues(model, IssueCodes.ACTION_INVALID);
		assertEquals(1, found.size(), ReportedIssues.describe(found));
		assertEquals(1, found.get(0).getLineNumber().intValue());
	}

	@Test
	void checkActions_startBalancingWithoutBalancingBlock_isError() throws Exception {
		Model model = machine("initial Init state Init { entry start balancing on wake -> Init } on any fault -> Init");
		snippets.check(model).assertError(BmsPackage.Literals.BALANCING_ACTION, IssueCodes.ACTION_INVALID,
				"no balancing block");
	}

	@Test
	void checkActions_startBalancingWithBalancingInBase_noError() throws Exception {
		Model model = snippets.parse("""
				pack Base { balancing passive { start above 15 mV delta } }
				pack Variant extends Base {
					statemachine Control { initial Init state Init { entry start balancing on wake -> Init } on any fault -> Init }
				}
				""");
		snippets.check(model).assertNone(IssueCodes.ACTION_INVALID);
	}

	@Test
	void checkActions_sendMessageOfAnotherPack_isError() throws Exception {
		String text = """
				pack First {
					can message Status id 0x100 every 100 ms { signal soc 0|8 unsigned scale 0.5 % from soc }
					statemachine Control { initial Init state Init { entry send Status on wake -> Init } on any fault -> Init }
				}
				pack Second { can message Other id 0x200 every 100 ms { signal soc 0|8 unsigned scale 0.5 % from soc } }
				""";
		snippets.check(snippets.parse(text)).assertNone(IssueCodes.ACTION_INVALID);
		// the grammar's names cannot reach another pack's message; a model built by a tool (or a future scope) can
		Model model = snippets.parse(text);
		SendAction send = EcoreUtil2.getAllContentsOfType(model, SendAction.class).get(0);
		Pack second = (Pack) model.getElements().get(1);
		send.setMessage(EcoreUtil2.getAllContentsOfType(second, CanMessage.class).get(0));
		snippets.check(model).assertError(BmsPackage.Literals.SEND_ACTION, IssueCodes.ACTION_INVALID,
				"sends Other, which is not a CAN message of pack First");
	}
}
