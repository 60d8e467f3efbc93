package org.bmsgen.dsl.variant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.bmsgen.dsl.bms.Pack;

/** A pack and the packs it extends, nearest first, stopping at the first repeat of a cycle. */
public final class PackLineage {

	private PackLineage() {
	}

	/** {@code [Smart5S, Smart4S]} for {@code pack Smart5S extends Smart4S}; unresolved bases end the chain. */
	public static List<Pack> of(Pack pack) {
		List<Pack> chain = new ArrayList<>();
		Map<Pack, Boolean> seen = new IdentityHashMap<>();
		Pack current = pack;
		while (current != null && !current.eIsProxy() && seen.put(current, Boolean.TRUE) == null) {
			chain.add(current);
			current = current.getBase();
		}
		return Collections.unmodifiableList(chain);
	}

	/** True when following {@code extends} from the pack comes back to a pack already visited. */
	public static boolean hasCycle(Pack pack) {
		Map<Pack, Boolean> seen = new IdentityHashMap<>();
		Pack current = pack;
		while (current != null && !current.eIsProxy()) {
			if (seen.put(current, Boolean.TRUE) != null) {
				return true;
			}
			current = current.getBase();
		}
		return false;
	}
}
