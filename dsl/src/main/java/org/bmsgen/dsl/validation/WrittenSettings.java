package org.bmsgen.dsl.validation;

import java.util.List;

import org.bmsgen.dsl.bms.Pack;
import org.bmsgen.dsl.bms.PackMember;
import org.bmsgen.dsl.variant.EffectivePack;
import org.bmsgen.dsl.variant.Written;
import org.eclipse.emf.ecore.EAttribute;

/**
 * Where in a variant chain a setting of a pack block was written, nearest pack first. Needed for the
 * attributes of a block that have no object of their own: an optional enum whose first literal EMF cannot
 * tell from "not written" ({@code adjacent on}, {@code model 1RC}), and plain numbers such as
 * {@code max 2 cells}, whose diagnostic must land on the block that wrote them.
 */
final class WrittenSettings {

	private WrittenSettings() {
	}

	/** The block (as the user wrote it) that last wrote the attribute in the pack's chain, or null. */
	static <T extends PackMember> T writerOf(EffectivePack pack, Class<T> block, EAttribute attribute) {
		for (Pack layer : pack.lineage()) {
			List<PackMember> members = layer.getMembers();
			for (int i = members.size() - 1; i >= 0; i--) {
				PackMember member = members.get(i);
				if (block.isInstance(member) && Written.isWritten(member, attribute)) {
					return block.cast(member);
				}
			}
		}
		return null;
	}

}
