package org.bmsgen.dsl;

/** Initialises the language outside an IDE: {@code new BmsStandaloneSetup().createInjectorAndDoEMFRegistration()}. */
public class BmsStandaloneSetup extends BmsStandaloneSetupGenerated {

	public static void doSetup() {
		new BmsStandaloneSetup().createInjectorAndDoEMFRegistration();
	}
}
