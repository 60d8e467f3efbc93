package org.bmsgen.dsl.formatting2;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.Token;
import org.bmsgen.dsl.parser.antlr.internal.InternalBmsLexer;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Formats a whole .bms resource and proves the result means the same: the formatted text must lex to
 * the same tokens as the original apart from whitespace, comments included byte for byte.
 */
public class BmsFormatting {

	@Inject
	private Provider<IFormatter2> formatters;

	@Inject
	private Provider<FormatterRequest> requests;

	@Inject
	private Provider<TextRegionAccessBuilder> regionAccessBuilders;

	/** Why a file that parses cannot be formatted, and where. */
	public static final class UnformattableException extends Exception {

		private static final long serialVersionUID = 1L;

		private final int line;

		UnformattableException(String message, int line) {
			super(message);
			this.line = line;
		}

		public int line() {
			return line;
		}
	}

	/**
	 * The formatted text of a parsed resource (the caller makes sure it has no syntax errors).
	 *
	 * @throws UnformattableException when the text parses but holds a statement that can appear only once
	 *         in its block twice: the parser keeps the last one, and Xtext cannot lay out the text of the
	 *         one it dropped
	 */
	public String format(XtextResource resource) throws UnformattableException {
		if (resource.getContents().isEmpty()) {
			// only comments and whitespace: there is no model to lay out (and Xtext's region access needs one)
			return resource.getParseResult() == null ? "" : resource.getParseResult().getRootNode().getText();
		}
		EObject root = resource.getContents().get(0);
		for (INode node : resource.getParseResult().getRootNode().getAsTreeIterable()) {
			EObject element = node instanceof ICompositeNode ? node.getSemanticElement() : null;
			if (element != null && element != root && element.eContainer() == null) {
				throw new UnformattableException("line " + node.getStartLine()
						+ " repeats a statement that can appear only once in its block (the later one wins): remove one",
						node.getStartLine());
			}
		}
		ITextRegionAccess regions = regionAccessBuilders.get().forNodeModel(resource).create();
		FormatterRequest request = requests.get();
		request.setTextRegionAccess(regions);
		request.setAllowIdentityEdits(false);
		request.setFormatUndefinedHiddenRegionsOnly(false);
		request.setPreferences(preferences(resource.getParseResult().getRootNode().getText()));
		List<ITextReplacement> replacements = formatters.get().format(request);
		return regions.getRewriter().renderToString(replacements);
	}

	/**
	 * Tabs, and the line separator the file already uses: a line comment carries its own line break, so
	 * writing "\n" elsewhere in a CRLF file would mix the two.
	 */
	private static MapBasedPreferenceValues preferences(String text) {
		MapBasedPreferenceValues preferences = new MapBasedPreferenceValues();
		preferences.put(FormatterPreferenceKeys.indentation, "\t");
		preferences.put(FormatterPreferenceKeys.lineSeparator, text.contains("\r\n") ? "\r\n" : "\n");
		return preferences;
	}

	/**
	 * The first difference in meaning between two texts, or null when they lex to the same tokens apart
	 * from whitespace. Comments count as tokens, so a moved or altered comment is a difference.
	 */
	public static String firstDifference(String original, String formatted) {
		List<Token> before = tokens(original);
		List<Token> after = tokens(formatted);
		int common = Math.min(before.size(), after.size());
		for (int i = 0; i < common; i++) {
			Token a = before.get(i);
			Token b = after.get(i);
			if (a.getType() != b.getType() || !Objects.equals(meaning(a), meaning(b))) {
				return "line " + a.getLine() + ": '" + a.getText() + "' became '" + b.getText() + "'";
			}
		}
		if (before.size() != after.size()) {
			return before.size() > after.size()
					? "token '" + before.get(common).getText() + "' at line " + before.get(common).getLine() + " was dropped"
					: "token '" + after.get(common).getText() + "' was added";
		}
		return null;
	}

	/**
	 * A token's text as far as it carries meaning: a line comment's token includes the line break that ends
	 * it, which is whitespace (the last line of a file may have none, and the formatter ends files with one).
	 * Were the break lost, the next token would be commented out and missing from the comparison.
	 */
	private static String meaning(Token token) {
		String text = token.getText();
		if (token.getType() == InternalBmsLexer.RULE_SL_COMMENT && text != null) {
			return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
					: text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
		}
		return text;
	}

	/** All tokens but whitespace, in order, as the language's own lexer splits them. */
	static List<Token> tokens(String text) {
		InternalBmsLexer lexer = new InternalBmsLexer(new ANTLRStringStream(text));
		List<Token> tokens = new ArrayList<>();
		for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
			if (token.getType() != InternalBmsLexer.RULE_WS) {
				tokens.add(token);
			}
		}
		return tokens;
	}
}
