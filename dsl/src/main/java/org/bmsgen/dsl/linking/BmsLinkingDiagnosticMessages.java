package org.bmsgen.dsl.linking;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.StateMachine;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;

/**
 * Unresolved names said the way the language works: where a name of that kind can come from (this file or
 * an import; a pack and its bases; one state machine), instead of "Couldn't resolve reference to ...".
 */
public class BmsLinkingDiagnosticMessages extends LinkingDiagnosticMessageProvider {

	@Override
	public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
		EClass type = context.getReference().getEReferenceType();
		String name = "'" + context.getLinkText() + "'";
		String message = null;
		if (type == BmsPackage.Literals.CELL) {
			message = "no cell " + name + " is defined in this file or in a file it imports";
		} else if (type == BmsPackage.Literals.PACK) {
			message = "no pack " + name + " is defined in this file or in a file it imports";
		} else if (type == BmsPackage.Literals.STATE) {
			StateMachine machine = EcoreUtil2.getContainerOfType(context.getContext(), StateMachine.class);
			message = machine == null || machine.getName() == null ? "no state " + name
					: "state machine " + machine.getName() + " has no state " + name
							+ ": a transition targets a state of its own machine";
		} else if (type == BmsPackage.Literals.CAN_MESSAGE) {
			message = packWord(context.getContext()) + " no CAN message " + name;
		} else if (type == BmsPackage.Literals.STATE_MACHINE) {
			message = packWord(context.getContext()) + " no state machine " + name;
		} else if (type == BmsPackage.Literals.PROTECTION) {
			message = packWord(context.getContext()) + " no protection " + name
					+ " (a protection is named by what it protects: cellOvervoltage, dischargeShortCircuit ...)";
		}
		return message == null ? super.getUnresolvedProxyMessage(context)
				: new DiagnosticMessage(message, Severity.ERROR, Diagnostic.LINKING_DIAGNOSTIC);
	}

	/** "pack Smart5S and its bases have" / "pack Smart4S has". */
	private static String packWord(EObject context) {
		Pack pack = EcoreUtil2.getContainerOfType(context, Pack.class);
		if (pack == null || pack.getName() == null) {
			return "there is";
		}
		return "pack " + pack.getName() + (pack.getBase() != null ? " and its bases have" : " has");
	}
}
