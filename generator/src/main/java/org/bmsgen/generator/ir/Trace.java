package org.bmsgen.generator.ir;

/**
 * Where an IR element came from: the model file (relative to the models' root folder, '/'-separated, so the
 * same on every machine) and the 1-based line of the element as the user wrote it (the base pack's line for an
 * inherited element). Emitters print it as {@code // smart4s.bms:45}. Line 0: no text behind the element.
 */
public record Trace(String file, int line) {

	public static final Trace NONE = new Trace("", 0);

	@Override
	public String toString() {
		return file + ":" + line;
	}
}
