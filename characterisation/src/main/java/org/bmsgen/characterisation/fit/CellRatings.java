package org.bmsgen.characterisation.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a cell definition says that a lab test cannot: chemistry, manufacturer, source, voltage window, currents,
 * temperature ranges, thermal model and manufacturing spread, taken from an existing cell file as the user wrote
 * them, comments included (the reasons behind a rating are worth more than the number). {@code fit-cell
 * --ratings-from} keeps these and replaces the capacity, OCV and ECM statements (with their comments).
 * <p>
 * Works on the text, so every byte of a kept statement and its comments survives: a statement of the cell's body
 * starts at one of the body's keywords at brace depth one, and the comments between two statements belong to the
 * one after them (a comment on the same line as the end of a statement belongs to that statement). The file must be
 * valid for the language; the caller checks that with the language's parser first.
 *
 * @param header the comment lines before {@code cell} (without fit-cell's own first line), possibly empty
 * @param name the cell's name
 * @param leading the kept statements that come before the capacity, each with its comments, in file order
 * @param trailing the kept statements that come after the ECM (thermal, spread), each with its comments
 */
public record CellRatings(String header, String name, List<String> leading, List<String> trailing) {

	/** The first line of every file fit-cell writes: how a later run knows the file is its own. */
	public static final String MARKER = "// Written by bmsgen fit-cell";
	/** How fit-cell's second line (the command that wrote the file) starts. */
	static final String RERUN = "Rerun to update:";
	/** How that command's continuation lines start. */
	static final String RERUN_CONTINUED = "//     ";

	private static final Set<String> LEADING = Set.of("chemistry", "manufacturer", "source", "voltage", "current",
			"temperature");
	private static final Set<String> TRAILING = Set.of("thermal", "spread");
	private static final Set<String> REPLACED = Set.of("capacity", "ocv", "ecm");

	/** A file that is not a cell definition fit-cell can take the ratings from. */
	public static final class RatingsException extends Exception {
		private static final long serialVersionUID = 1L;

		RatingsException(String message) {
			super(message);
		}
	}

	private record Token(int start, int end, int depth, String word) {
	}

	/**
	 * The ratings of the cell in a file.
	 *
	 * @param text the file's content
	 * @param cellName the cell to take when the file defines several, or null (a file with one cell gives that one)
	 * @throws RatingsException when the file defines no cell (or several and none is named), or a statement fit-cell
	 *         does not know
	 */
	public static CellRatings of(String text, String cellName) throws RatingsException {
		List<Token> tokens = tokens(text);
		List<Integer> cells = new ArrayList<>();
		for (int i = 0; i + 2 < tokens.size(); i++) {
			if (tokens.get(i).depth() == 0 && "cell".equals(tokens.get(i).word()) && "{".equals(tokens.get(i + 2).word())) {
				cells.add(i);
			}
		}
		List<String> names = cells.stream().map(i -> tokens.get(i + 1).word()).toList();
		int cell;
		if (cellName != null && names.contains(cellName)) {
			cell = cells.get(names.indexOf(cellName));
		} else if (cells.size() == 1) {
			// one cell: its ratings, whatever the new file calls the cell (--name renames it)
			cell = cells.get(0);
		} else if (cells.isEmpty()) {
			throw new RatingsException("defines no cell");
		} else {
			throw new RatingsException((cellName == null ? "defines several cells (" + String.join(", ", names)
					+ "): name the one to take with --name" : "defines no cell " + cellName + " (it has "
							+ String.join(", ", names) + ")"));
		}
		int headerStart = cell == 0 ? 0 : tokens.get(cell - 1).end();
		String header = headerComment(text.substring(headerStart, tokens.get(cell).start()));

		int open = cell + 2;
		int close = open + 1;
		while (close < tokens.size() && !(tokens.get(close).depth() == 0 && "}".equals(tokens.get(close).word()))) {
			close++;
		}
		if (close == tokens.size()) {
			throw new RatingsException("the cell " + names.get(cells.indexOf(cell)) + " has no closing brace");
		}
		List<Integer> starts = new ArrayList<>();
		for (int i = open + 1; i < close; i++) {
			Token token = tokens.get(i);
			if (token.depth() == 1 && (LEADING.contains(token.word()) || TRAILING.contains(token.word())
					|| REPLACED.contains(token.word()))) {
				starts.add(i);
			} else if (token.depth() == 1 && i == open + 1) {
				throw new RatingsException("the cell's body starts with '" + token.word() + "', not a statement fit-cell knows");
			}
		}
		List<String> leading = new ArrayList<>();
		List<String> trailing = new ArrayList<>();
		int previousEnd = tokens.get(open).end();
		for (int s = 0; s < starts.size(); s++) {
			int first = starts.get(s);
			int last = (s + 1 < starts.size() ? starts.get(s + 1) : close) - 1;
			int end = tokens.get(last).end();
			// a comment on the line where this statement ends is its own, not the next one's
			int newline = text.indexOf('\n', end);
			int nextStart = s + 1 < starts.size() ? tokens.get(starts.get(s + 1)).start() : tokens.get(close).start();
			if (newline > 0 && newline < nextStart && text.substring(end, newline).trim().startsWith("//")) {
				end = newline;
			}
			String statement = dedent(text.substring(previousEnd, end));
			String keyword = tokens.get(first).word();
			if (LEADING.contains(keyword)) {
				leading.add(statement);
			} else if (TRAILING.contains(keyword)) {
				trailing.add(statement);
			}
			previousEnd = end;
		}
		return new CellRatings(header, tokens.get(cell + 1).word(), List.copyOf(leading), List.copyOf(trailing));
	}

	/** The comment lines of the text before {@code cell}, without fit-cell's own marker line. */
	private static String headerComment(String text) {
		List<String> lines = new ArrayList<>();
		boolean preamble = false;
		for (String line : text.split("\n", -1)) {
			String trimmed = line.strip();
			if (trimmed.startsWith(MARKER)) {
				preamble = true;
				continue;
			}
			if (preamble && (trimmed.startsWith("// - " + RERUN) || line.startsWith(RERUN_CONTINUED))) {
				continue;
			}
			preamble = false;
			lines.add(trimmed);
		}
		while (!lines.isEmpty() && lines.get(0).isEmpty()) {
			lines.remove(0);
		}
		while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
			lines.remove(lines.size() - 1);
		}
		return String.join("\n", lines);
	}

	/** The lines without their indentation and without blank lines at either end (the formatter indents). */
	private static String dedent(String text) {
		List<String> lines = new ArrayList<>();
		for (String line : text.split("\n", -1)) {
			lines.add(line.strip());
		}
		while (!lines.isEmpty() && lines.get(0).isEmpty()) {
			lines.remove(0);
		}
		while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
			lines.remove(lines.size() - 1);
		}
		return String.join("\n", lines);
	}

	/** The significant tokens (words, strings, punctuation; not comments) with their brace depth. */
	private static List<Token> tokens(String text) {
		List<Token> tokens = new ArrayList<>();
		int depth = 0;
		int i = 0;
		int n = text.length();
		while (i < n) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			} else if (text.startsWith("//", i)) {
				int end = text.indexOf('\n', i);
				i = end < 0 ? n : end;
			} else if (text.startsWith("/*", i)) {
				int end = text.indexOf("*/", i + 2);
				i = end < 0 ? n : end + 2;
			} else if (c == '"' || c == '\'') {
				int j = i + 1;
				while (j < n && text.charAt(j) != c) {
					j += text.charAt(j) == '\\' ? 2 : 1;
				}
				int end = Math.min(n, j + 1);
				tokens.add(new Token(i, end, depth, text.substring(i, end)));
				i = end;
			} else if (c == '{') {
				tokens.add(new Token(i, i + 1, depth, "{"));
				depth++;
				i++;
			} else if (c == '}') {
				depth = Math.max(0, depth - 1);
				tokens.add(new Token(i, i + 1, depth, "}"));
				i++;
			} else if (Character.isLetterOrDigit(c) || c == '_' || c == '^') {
				int j = i + 1;
				while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
					j++;
				}
				tokens.add(new Token(i, j, depth, text.substring(c == '^' ? i + 1 : i, j)));
				i = j;
			} else {
				tokens.add(new Token(i, i + 1, depth, String.valueOf(c)));
				i++;
			}
		}
		return tokens;
	}
}
