package org.bmsgen.generator.ir;

/** A checked model that still cannot be lowered (a value the firmware's fixed-point units cannot hold). */
public final class IrBuildException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Trace trace;

	public IrBuildException(String message, Trace trace) {
		super(trace.line() > 0 ? trace + ": " + message : message);
		this.trace = trace;
	}

	public Trace trace() {
		return trace;
	}
}
