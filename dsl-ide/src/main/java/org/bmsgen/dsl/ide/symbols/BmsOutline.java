package org.bmsgen.dsl.ide.symbols;

import org.bmsgen.dsl.bms.BmsPackage;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.Cell;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.ProtectionSet;
import org.bmsgen.dsl.bms.Signal;
import org.bmsgen.dsl.bms.State;
import org.bmsgen.dsl.bms.StateMachine;
import org.bmsgen.dsl.bms.UartField;
import org.bmsgen.dsl.bms.UartFrame;
import org.bmsgen.dsl.naming.ProtectionNames;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.SymbolKind;

/**
 * What the outline shows of a model: packs, cells, the protection block and its protections, state machines
 * and their states, CAN messages and their signals, UART frames and their fields. Everything else (AFE, MCU,
 * tables, transitions ...) has no symbol, so the outline reads like the model's table of contents.
 */
final class BmsOutline {

	private BmsOutline() {
	}

	/** The name shown, or null when the element is not part of the outline (or not named yet). */
	static String nameOf(EObject element) {
		if (element instanceof Pack pack) {
			return pack.getName();
		}
		if (element instanceof Cell cell) {
			return cell.getName();
		}
		if (element instanceof ProtectionSet) {
			return "protection";
		}
		if (element instanceof Protection protection) {
			// the name a signal uses for it ("from fault cellOvervoltage"); the detail reads as the model does
			return protection.getSubject() == null || protection.getKind() == null ? null
					: ProtectionNames.nameOf(protection);
		}
		if (element instanceof StateMachine machine) {
			return machine.getName();
		}
		if (element instanceof State state) {
			return state.getName();
		}
		if (element instanceof CanMessage message) {
			return message.getName();
		}
		if (element instanceof Signal signal) {
			return signal.getName();
		}
		if (element instanceof UartFrame frame) {
			return frame.getName();
		}
		if (element instanceof UartField field) {
			return field.getName();
		}
		return null;
	}

	/**
	 * LSP has no battery vocabulary; the kinds are picked for the icons editors draw: a pack is the module,
	 * a cell type a class, a machine an enum of its states, a message a struct of its signal fields, a
	 * protection an event (it trips).
	 */
	static SymbolKind kindOf(EClass type) {
		if (type == null) {
			return SymbolKind.Property;
		}
		BmsPackage bms = BmsPackage.eINSTANCE;
		if (type == bms.getPack()) {
			return SymbolKind.Module;
		}
		if (type == bms.getCell()) {
			return SymbolKind.Class;
		}
		if (type == bms.getProtectionSet()) {
			return SymbolKind.Namespace;
		}
		if (type == bms.getProtection()) {
			return SymbolKind.Event;
		}
		if (type == bms.getStateMachine()) {
			return SymbolKind.Enum;
		}
		if (type == bms.getState()) {
			return SymbolKind.EnumMember;
		}
		if (type == bms.getCanMessage() || type == bms.getUartFrame()) {
			return SymbolKind.Struct;
		}
		if (type == bms.getSignal() || type == bms.getUartField()) {
			return SymbolKind.Field;
		}
		return SymbolKind.Property;
	}
}
