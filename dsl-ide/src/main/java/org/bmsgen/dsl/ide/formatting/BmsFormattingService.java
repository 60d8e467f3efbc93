package org.bmsgen.dsl.ide.formatting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bmsgen.dsl.formatting2.BmsFormatting;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.formatting.FormattingService;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.TextRegion;

/**
 * Whole-document and range formatting with the language's formatter (formatting2.BmsFormatter), under the
 * rules of {@code bmsgen format}: a model with syntax errors is not touched, nor one that repeats a statement
 * its block may hold once (Xtext cannot lay out the text of the one the parser dropped), and no edit is
 * returned unless the formatted text lexes to exactly the tokens of the original apart from whitespace,
 * comments included. An editor formats on save, often in the middle of typing: it must never lose a byte.
 * Indentation is a tab, as {@code bmsgen format} writes, unless the client asks for spaces; the line separator
 * is the one the document already uses.
 */
public class BmsFormattingService extends FormattingService {

	/**
	 * A selection of whole lines starts after the line break that ends the line above: Xtext would leave the
	 * whitespace before the first selected token alone, and with it that line's indentation. The range is widened
	 * back over that whitespace so that formatting the selected lines indents them.
	 */
	@Override
	public List<? extends TextEdit> format(Document document, XtextResource resource,
			DocumentRangeFormattingParams params, CancelIndicator cancelIndicator) {
		String text = document.getContents();
		int start = document.getOffSet(params.getRange().getStart());
		int end = document.getOffSet(params.getRange().getEnd());
		int widened = start;
		while (widened > 0 && Character.isWhitespace(text.charAt(widened - 1))) {
			widened--;
		}
		return format(resource, document, widened, end - widened, params.getOptions());
	}

	@Override
	public List<TextEdit> format(XtextResource resource, Document document, int offset, int length,
			FormattingOptions options) {
		if (resource.getParseResult() == null || resource.getParseResult().hasSyntaxErrors()
				|| resource.getContents().isEmpty() || repeatsAStatement(resource)) {
			return List.of();
		}
		String original = document.getContents();
		MapBasedPreferenceValues preferences = new MapBasedPreferenceValues();
		preferences.put(FormatterPreferenceKeys.indentation,
				options != null && options.isInsertSpaces() ? " ".repeat(Math.max(1, options.getTabSize())) : "\t");
		preferences.put(FormatterPreferenceKeys.lineSeparator, original.contains("\r\n") ? "\r\n" : "\n");
		List<ITextReplacement> replacements;
		try {
			replacements = new ArrayList<>(format2(resource, new TextRegion(offset, length), preferences));
		} catch (RuntimeException e) {
			// the formatter met a model it cannot lay out: formatting is a convenience, validation reports the model
			return List.of();
		}
		replacements.sort(Comparator.comparingInt(ITextReplacement::getOffset));
		if (BmsFormatting.firstDifference(original, apply(original, replacements)) != null) {
			return List.of();
		}
		List<TextEdit> edits = new ArrayList<>();
		for (ITextReplacement replacement : replacements) {
			edits.add(toTextEdit(document, replacement.getReplacementText(), replacement.getOffset(),
					replacement.getLength()));
		}
		return edits;
	}

	private static String apply(String text, List<ITextReplacement> replacementsInOrder) {
		StringBuilder result = new StringBuilder(text.length() + 64);
		int position = 0;
		for (ITextReplacement replacement : replacementsInOrder) {
			result.append(text, position, replacement.getOffset());
			result.append(replacement.getReplacementText());
			position = replacement.getOffset() + replacement.getLength();
		}
		return result.append(text, position, text.length()).toString();
	}

	/** A second "mcu" or "soc" block in a pack: the parser keeps the last and leaves the first without a container. */
	private static boolean repeatsAStatement(XtextResource resource) {
		EObject root = resource.getContents().get(0);
		for (INode node : resource.getParseResult().getRootNode().getAsTreeIterable()) {
			EObject element = node instanceof ICompositeNode ? node.getSemanticElement() : null;
			if (element != null && element != root && element.eContainer() == null) {
				return true;
			}
		}
		return false;
	}
}
