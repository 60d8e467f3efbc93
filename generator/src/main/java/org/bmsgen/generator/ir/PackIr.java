package org.bmsgen.generator.ir;

import java.util.List;

/**
 * The intermediate model of one pack: everything the emitters print, resolved from the checked model once
 * (variant chain applied, units normalised to fixed point, AFE registers computed, state machines lowered,
 * CAN layout resolved). Immutable, free of EMF types, and equal ({@code equals}) for equal models: lists are
 * in model order or sorted, never hash order.
 *
 * @param lineage the pack and its bases, nearest first
 * @param sourceFiles every model file the pack draws on, relative to the models' root, sorted
 * @param afe null when the pack has no AFE
 * @param balancing null when the pack has no balancing block
 */
public record PackIr(String name, List<String> lineage, List<String> sourceFiles, CellIr cell, ControlIr control,
		AfeIr afe, List<ProtectionIr> protections, BalancingIr balancing, EstimatorsIr estimators,
		List<StateMachineIr> stateMachines, CanIr can, RadioIr radio, LogLayoutIr log, Trace trace) {

	/** The protections the AFE's comparators enforce, in model order. */
	public List<ProtectionIr> afeEnforced() {
		return protections.stream().filter(p -> p.enforcement() == ProtectionIr.Enforcement.AFE).toList();
	}

	/** The protections the firmware checks every control period, in model order. */
	public List<ProtectionIr> firmwareEnforced() {
		return protections.stream().filter(p -> p.enforcement() == ProtectionIr.Enforcement.FIRMWARE).toList();
	}

	/** The protection of a name ({@code cellOvervoltage}), or null. */
	public ProtectionIr protection(String name) {
		return protections.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
	}

	public StateMachineIr stateMachine(String name) {
		return stateMachines.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
	}
}
