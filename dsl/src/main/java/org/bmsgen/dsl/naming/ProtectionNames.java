package org.bmsgen.dsl.naming;

import org.bmsgen.dsl.bms.Protection;

/**
 * A protection has no name of its own: it is known by what it protects, "cell overvoltage" being
 * {@code cellOvervoltage}. Signals refer to it by that name and variants override it by it.
 */
public final class ProtectionNames {

	private ProtectionNames() {
	}

	public static String nameOf(Protection protection) {
		String kind = camel(protection.getKind().getName());
		return protection.getSubject().getName() + Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
	}

	/** "cell overvoltage": how the protection reads in the model, for messages. */
	public static String describe(Protection protection) {
		return protection.getSubject().getLiteral() + " " + protection.getKind().getLiteral();
	}

	private static String camel(String enumName) {
		return Character.toLowerCase(enumName.charAt(0)) + enumName.substring(1);
	}
}
