package org.bmsgen.characterisation.data;

/**
 * A measured-data file that cannot be used: its message names the file and, where there is one, the line
 * ({@code C20.csv:17: column 'voltage_V': 'abc' is not a number}), so the user can open the file at the place.
 */
public final class MeasuredDataException extends Exception {

	private static final long serialVersionUID = 1L;

	private final String file;
	private final int line;

	/**
	 * @param file the file as the user named it
	 * @param line the 1-based line of the file (the header is line 1), or 0 when the problem is the file as a whole
	 * @param problem what is wrong, without the file name
	 */
	public MeasuredDataException(String file, int line, String problem) {
		super(file + (line > 0 ? ":" + line : "") + ": " + problem);
		this.file = file;
		this.line = line;
	}

	/** The file as the user named it. */
	public String file() {
		return file;
	}

	/** The 1-based line of the problem, or 0 for the file as a whole. */
	public int line() {
		return line;
	}
}
