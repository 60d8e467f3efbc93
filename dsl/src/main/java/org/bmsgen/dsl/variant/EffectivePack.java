package org.bmsgen.dsl.variant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bmsgen.dsl.bms.Afe;
import org.bmsgen.dsl.bms.Balancing;
import org.bmsgen.dsl.bms.CanBus;
import org.bmsgen.dsl.bms.CanMessage;
import org.bmsgen.dsl.bms.CurrentLimits;
import org.bmsgen.dsl.bms.CurrentRating;
import org.bmsgen.dsl.bms.Fets;
import org.bmsgen.dsl.bms.Flash;
import org.bmsgen.dsl.bms.Logging;
import org.bmsgen.dsl.bms.Mcu;
import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.PackMember;
import org.bmsgen.dsl.bms.Protection;
import org.bmsgen.dsl.bms.ProtectionSet;
import org.bmsgen.dsl.bms.Radio;
import org.bmsgen.dsl.bms.SocEstimator;
import org.bmsgen.dsl.bms.SohEstimator;
import org.bmsgen.dsl.bms.StateMachine;
import org.bmsgen.dsl.bms.Topology;
import org.bmsgen.dsl.bms.UartFrame;
import org.bmsgen.dsl.naming.ProtectionNames;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;

/**
 * A pack as it stands once its variant chain is applied: what a variant writes overrides what its base
 * says. The rules, the same for every check and for the generator:
 * <ul>
 * <li>a block (afe, mcu, radio, can, fets, current, balancing, soc, soh, limits, log, cells, flash)
 * overrides each setting it writes, and a list it writes ({@code channels}, {@code command}s) replaces
 * the base's list;</li>
 * <li>a protection replaces the base's protection of the same name ({@code cell overvoltage});</li>
 * <li>a state machine, CAN message or UART frame replaces the base's one of the same name.</li>
 * </ul>
 * Everything returned is a detached copy; {@link #originOf(EObject)} leads from any part of a copy back to
 * the element the user wrote, so that a diagnostic lands where it can be fixed.
 */
public final class EffectivePack {

	private final Pack pack;
	private final List<Pack> lineage;
	private final Map<EObject, EObject> origins = new IdentityHashMap<>();
	private final Map<Class<?>, EObject> blocks = new LinkedHashMap<>();
	private final Map<String, Protection> protections = new LinkedHashMap<>();
	private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();
	private final Map<String, CanMessage> canMessages = new LinkedHashMap<>();
	private final Map<String, UartFrame> uartFrames = new LinkedHashMap<>();

	private EffectivePack(Pack pack) {
		this.pack = pack;
		this.lineage = PackLineage.of(pack);
		List<Pack> baseFirst = new ArrayList<>(lineage);
		Collections.reverse(baseFirst);
		for (Pack layer : baseFirst) {
			apply(layer);
		}
	}

	/** Flattens a pack; cheap enough to call per validation run, and cached by the callers that repeat it. */
	public static EffectivePack of(Pack pack) {
		return new EffectivePack(pack);
	}

	private void apply(Pack layer) {
		for (PackMember member : layer.getMembers()) {
			if (member instanceof ProtectionSet) {
				for (Protection protection : ((ProtectionSet) member).getProtections()) {
					if (protection.getKind() != null && protection.getSubject() != null) {
						protections.remove(ProtectionNames.nameOf(protection));
						protections.put(ProtectionNames.nameOf(protection), copy(protection));
					}
				}
			} else if (member instanceof StateMachine) {
				putNamed(stateMachines, ((StateMachine) member).getName(), (StateMachine) member);
			} else if (member instanceof CanMessage) {
				putNamed(canMessages, ((CanMessage) member).getName(), (CanMessage) member);
			} else if (member instanceof UartFrame) {
				putNamed(uartFrames, ((UartFrame) member).getName(), (UartFrame) member);
			} else {
				overlay(member);
			}
		}
	}

	private <T extends EObject> void putNamed(Map<String, T> byName, String name, T element) {
		if (name != null) {
			byName.remove(name);
			byName.put(name, copy(element));
		}
	}

	/** A block member: the first one copies, a later one overrides setting by setting. */
	private void overlay(EObject member) {
		Class<?> kind = member.eClass().getInstanceClass();
		EObject existing = blocks.get(kind);
		if (existing == null) {
			blocks.put(kind, copy(member));
			return;
		}
		for (EStructuralFeature feature : member.eClass().getEAllStructuralFeatures()) {
			if (!Written.isWritten(member, feature) || feature.isDerived() || feature.isTransient()) {
				continue;
			}
			Object value = member.eGet(feature);
			if (feature.isMany()) {
				@SuppressWarnings("unchecked")
				EList<Object> target = (EList<Object>) existing.eGet(feature);
				target.clear();
				for (Object element : (List<?>) value) {
					target.add(copyValue(feature, element));
				}
			} else {
				existing.eSet(feature, copyValue(feature, value));
			}
		}
	}

	private Object copyValue(EStructuralFeature feature, Object value) {
		if (value instanceof EObject && feature instanceof org.eclipse.emf.ecore.EReference
				&& ((org.eclipse.emf.ecore.EReference) feature).isContainment()) {
			return copy((EObject) value);
		}
		return value;
	}

	private <T extends EObject> T copy(T original) {
		// useOriginalReferences: a reference leaving the copied element (a topology's cell, a signal's state
		// machine) keeps pointing at the original instead of being dropped.
		EcoreUtil.Copier copier = new EcoreUtil.Copier(true, true);
		@SuppressWarnings("unchecked")
		T copy = (T) copier.copy(original);
		copier.copyReferences();
		for (Map.Entry<EObject, EObject> entry : copier.entrySet()) {
			EObject source = origins.getOrDefault(entry.getKey(), entry.getKey());
			origins.put(entry.getValue(), source);
		}
		return copy;
	}

	/** The pack this view was made for. */
	public Pack pack() {
		return pack;
	}

	/** The pack and its bases, nearest first. */
	public List<Pack> lineage() {
		return lineage;
	}

	/** The element the user wrote that a part of this view was copied from (itself if not a copy). */
	public EObject originOf(EObject element) {
		return origins.getOrDefault(element, element);
	}

	/** True when the element (or what it was copied from) is written in this pack, not inherited. */
	public boolean isOwn(EObject element) {
		return EcoreUtil.isAncestor(pack, originOf(element));
	}

	/** The pack that wrote an element of this view. */
	public Pack definingPack(EObject element) {
		EObject origin = originOf(element);
		while (origin != null && !(origin instanceof Pack)) {
			origin = origin.eContainer();
		}
		return (Pack) origin;
	}

	private <T> T block(Class<T> kind) {
		return kind.cast(blocks.get(kind));
	}

	public Topology topology() {
		return block(Topology.class);
	}

	public Afe afe() {
		return block(Afe.class);
	}

	public Mcu mcu() {
		return block(Mcu.class);
	}

	public Radio radio() {
		return block(Radio.class);
	}

	public CanBus canBus() {
		return block(CanBus.class);
	}

	public Flash flash() {
		return block(Flash.class);
	}

	public Fets fets() {
		return block(Fets.class);
	}

	public CurrentRating currentRating() {
		return block(CurrentRating.class);
	}

	public Balancing balancing() {
		return block(Balancing.class);
	}

	public SocEstimator soc() {
		return block(SocEstimator.class);
	}

	public SohEstimator soh() {
		return block(SohEstimator.class);
	}

	public CurrentLimits limits() {
		return block(CurrentLimits.class);
	}

	public Logging logging() {
		return block(Logging.class);
	}

	/** Protections in model order (base first), each by its name ({@code cellOvervoltage}). */
	public List<Protection> protections() {
		return List.copyOf(protections.values());
	}

	/** The protection of a name, or null: {@code protection("cellOvervoltage")}. */
	public Protection protection(String name) {
		return protections.get(name);
	}

	public List<StateMachine> stateMachines() {
		return List.copyOf(stateMachines.values());
	}

	public List<CanMessage> canMessages() {
		return List.copyOf(canMessages.values());
	}

	public List<UartFrame> uartFrames() {
		return List.copyOf(uartFrames.values());
	}

	/** Series cell count from {@code cells 4S3P ...}, or 0 when the pack has no topology. */
	public int seriesCells() {
		return topologyPart(t -> t.substring(0, t.indexOf('S')));
	}

	/** Parallel cell count from {@code cells 4S3P ...}, or 0 when the pack has no topology. */
	public int parallelCells() {
		return topologyPart(t -> t.substring(t.indexOf('S') + 1, t.length() - 1));
	}

	private int topologyPart(Function<String, String> part) {
		Topology topology = topology();
		if (topology == null || topology.getArrangement() == null) {
			return 0;
		}
		try {
			return Integer.parseInt(part.apply(topology.getArrangement()));
		} catch (NumberFormatException | IndexOutOfBoundsException e) {
			return 0;
		}
	}
}
