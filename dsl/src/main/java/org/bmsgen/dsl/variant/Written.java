package org.bmsgen.dsl.variant;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Whether the user wrote a setting, for every tool that must know (variant merging, checks, the IR builder).
 * EMF's {@code eIsSet} is false for an enum at its first literal or a number at 0, so "adjacent on", "model 1RC",
 * "crc on", "length 0" or "[0]" would look unwritten; where there is text, the text decides.
 */
public final class Written {

	private Written() {
	}

	/**
	 * True when the element sets the feature: set in EMF, or found in the element's text. Pass what the user wrote
	 * ({@link EffectivePack#originOf}), not a detached copy, for the text to be read.
	 */
	public static boolean isWritten(EObject element, EStructuralFeature feature) {
		return element.eIsSet(feature)
				|| NodeModelUtils.getNode(element) != null && !NodeModelUtils.findNodesForFeature(element, feature).isEmpty();
	}
}
