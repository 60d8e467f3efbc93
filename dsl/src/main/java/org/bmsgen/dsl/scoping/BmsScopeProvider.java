package org.bmsgen.dsl.scoping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.ProtectionSet;
import org.bmsgen.dsl.bms.StateMachine;
import org.bmsgen.dsl.naming.ProtectionNames;
import org.bmsgen.dsl.variant.PackLineage;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;

/**
 * What a name inside a pack refers to. A variant ({@code pack Smart5S extends Smart4S}) sees what it inherits:
 * CAN messages ({@code send X}), protections ({@code from fault cellOvervoltage}) and state machines
 * ({@code from state of Control}) of its whole base chain, the nearest definition first, as
 * {@link org.bmsgen.dsl.variant.EffectivePack} overrides them. A state ({@code -> Standby}, {@code initial},
 * {@code on any fault ->}) is looked up in the machine that names it only: a variant's machine of the same name
 * replaces the base's one whole, so the base's states are not part of it. A pack's {@code extends} and its
 * {@code cells ... CellType} go to the default scope: this file and the files it imports.
 */
public class BmsScopeProvider extends AbstractBmsScopeProvider {

	@Override
	public IScope getScope(EObject context, EReference reference) {
		if (reference == BmsPackage.Literals.STATE_MACHINE__INITIAL
				|| reference == BmsPackage.Literals.TRANSITION__TARGET
				|| reference == BmsPackage.Literals.FAULT_REACTION__TARGET) {
			StateMachine machine = EcoreUtil2.getContainerOfType(context, StateMachine.class);
			return machine == null ? IScope.NULLSCOPE : Scopes.scopeFor(machine.getStates());
		}
		if (reference == BmsPackage.Literals.SEND_ACTION__MESSAGE) {
			return inherited(context, pack -> members(pack, CanMessage.class), CanMessage::getName);
		}
		if (reference == BmsPackage.Literals.STATE_SOURCE__MACHINE) {
			return inherited(context, pack -> members(pack, StateMachine.class), StateMachine::getName);
		}
		if (reference == BmsPackage.Literals.PROTECTION_SOURCE__PROTECTION) {
			return inherited(context, BmsScopeProvider::protections, ProtectionNames::nameOf);
		}
		return super.getScope(context, reference);
	}

	/** Elements of the context's pack and its bases; a nearer pack's element hides a farther one's of the same name. */
	private static <T extends EObject> IScope inherited(EObject context, Function<Pack, List<T>> elementsOf,
			Function<T, String> nameOf) {
		Pack pack = EcoreUtil2.getContainerOfType(context, Pack.class);
		if (pack == null) {
			return IScope.NULLSCOPE;
		}
		List<Pack> baseFirst = new ArrayList<>(PackLineage.of(pack));
		Collections.reverse(baseFirst);
		IScope scope = IScope.NULLSCOPE;
		for (Pack layer : baseFirst) {
			scope = Scopes.scopeFor(elementsOf.apply(layer), element -> {
				String name = nameOf.apply(element);
				return name == null ? null : QualifiedName.create(name);
			}, scope);
		}
		return scope;
	}

	private static <T> List<T> members(Pack pack, Class<T> type) {
		return EcoreUtil2.typeSelect(pack.getMembers(), type);
	}

	private static List<Protection> protections(Pack pack) {
		List<Protection> result = new ArrayList<>();
		for (ProtectionSet set : members(pack, ProtectionSet.class)) {
			for (Protection protection : set.getProtections()) {
				if (protection.getSubject() != null && protection.getKind() != null) {
					result.add(protection);
				}
			}
		}
		return result;
	}
}
