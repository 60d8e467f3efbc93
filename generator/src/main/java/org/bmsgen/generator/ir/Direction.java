package org.bmsgen.generator.ir;

/** Which side of a level a condition holds on; comparisons are strict ({@code above}: value &gt; level). */
public enum Direction {
	ABOVE, BELOW
}
